"""The project's own files: environment.yml agrees with pyproject.toml, CI calls make test."""

from __future__ import annotations

import re
import tomllib

import yaml


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[ ;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject(repo_root):
    project = tomllib.loads((repo_root / "pyproject.toml").read_text("utf-8"))["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    env = yaml.safe_load((repo_root / "environment.yml").read_text("utf-8"))
    conda = set()
    pip_lines = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_lines += dep.get("pip", [])
        else:
            conda.add(_name(dep))
    conda -= {"python", "pip"}
    assert conda == runtime, (conda ^ runtime)
    assert any(line.startswith("-e .") for line in pip_lines)
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python"))
    assert python.endswith("3.11")


def test_ci_runs_make_test_and_makefile_has_the_verbs(repo_root):
    assert "make test" in (repo_root / ".ci" / "run").read_text("utf-8")
    makefile = (repo_root / "Makefile").read_text("utf-8")
    for target in ("install:", "report:", "test:"):
        assert re.search(rf"^{target}", makefile, re.MULTILINE), target


def test_readme_opens_with_the_two_commands(repo_root):
    head = (repo_root / "README.md").read_text("utf-8")[:1500]
    assert "make report" in head and "make test" in head


def test_raw_data_is_committed_and_not_written_by_code(repo_root):
    gitignore = (repo_root / ".gitignore").read_text("utf-8")
    assert "data/raw" not in gitignore
    assert list((repo_root / "data" / "raw").glob("*.txt"))
