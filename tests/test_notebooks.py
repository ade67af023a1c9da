"""Notebooks: committed without outputs, each with a `parameters` cell, and every one
executes (papermill, kernel python3) on an article given by path."""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

import nbformat
import pytest

from analysis import notebooks, settings
from analysis.errors import AnalysisError
from analysis.io import write_table
from analysis.pipeline import code_articles

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
EXPECTED = ["01-explore-article", "02-code-statements", "03-assurance-vs-skepticism",
            "04-compare-articles"]

SECOND_ARTICLE = """---
title: Ruritania and Borduria trade pledges
date: 2024-05-02
source: Daily Example
---
Ruritania's foreign minister promised on Monday that no troops would cross the river.
Borduria said it doubted the promise and called for international monitors.
Officials from both sides will meet in Geneva next week.
"""


def test_the_four_notebooks_exist():
    assert [nb.stem for nb in NOTEBOOKS] == EXPECTED
    assert [nb.stem for nb in notebooks.list_notebooks(REPO / "notebooks")] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem[:2])
def test_committed_notebook_is_clean_and_parametrised(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == notebooks.KERNEL_NAME
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    src = tagged[0].source
    assert "out_dir = None" in src and ("article = None" in src or "articles = None" in src)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name
        assert "../" not in cell.source  # paths come from analysis.settings
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


def test_find_notebook_by_number_name_and_errors():
    assert notebooks.find_notebook("3").stem == EXPECTED[2]
    assert notebooks.find_notebook("03-assurance-vs-skepticism").stem == EXPECTED[2]
    with pytest.raises(AnalysisError, match="no notebook"):
        notebooks.find_notebook("99")


def test_unknown_parameter_is_refused(tmp_path):
    with pytest.raises(AnalysisError, match="has no parameter"):
        notebooks.run_notebook("03", tmp_path, {"colour": "red"})


def test_default_paths_come_from_settings(seed_path):
    assert notebooks.article_path(None).parent == settings.raw_dir()
    assert notebooks.article_path(seed_path) == seed_path
    assert notebooks.articles_path(None) == settings.raw_dir()


def _run_cli(*argv) -> int:
    from analysis.cli import notebook

    parser = argparse.ArgumentParser()
    notebook.register(parser.add_subparsers())
    args = parser.parse_args(["notebook", *map(str, argv)])
    return args.run(args)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem[:2])
def test_notebook_executes(path, tmp_path, seed_path):
    out = tmp_path / "out"
    number = path.stem[:2]
    if number == "03":  # through the command line, as a researcher would
        assert _run_cli("03", "--article", seed_path, "--out", out,
                        "-p", "formats", "[png]") == 0
        executed = out / path.name
    else:
        params = {}
        if number == "04":
            corpus = tmp_path / "corpus"
            corpus.mkdir()
            (corpus / seed_path.name).write_bytes(seed_path.read_bytes())
            (corpus / "second.txt").write_text(SECOND_ARTICLE, encoding="utf-8")
            params = {"articles": corpus, "formats": ["png"]}
        else:
            params = {"article": seed_path}
        if number == "02" and importlib.util.find_spec("analysis.evaluate"):
            reference = tmp_path / "reference.csv"
            write_table(code_articles(seed_path), reference)
            params["reference"] = reference
        executed = notebooks.run_notebook(path.stem, out, params)
    assert executed == out / path.name
    nb = nbformat.read(executed, as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors == []
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and str(out.resolve()) in injected[0].source
    images = sum("image/png" in o.get("data", {}) for c in nb.cells
                 if c.cell_type == "code" for o in c.outputs)
    files = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    if number == "01":
        assert any(f.endswith(".coded.html") for f in files)
    elif number == "02":
        assert any(f.endswith(".statements.csv") for f in files)
        if "reference" in params:
            text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                           for o in c.outputs)
            assert "accuracy            1.000" in text
    elif number == "03":
        folder = next(out.glob("figures/articles/*"))
        names = {p.name for p in folder.iterdir()}
        for chart in ("speaker_types", "balance", "flow", "heatmap", "targets"):
            assert {f"{chart}.png", f"{chart}.csv"} <= names
        assert images == 5
    else:
        names = {p.name for p in (out / "figures" / "corpus").iterdir()}
        assert {"articles.png", "articles.csv", "balance.png", "targets.png"} <= names
        assert images == 5


def test_kernel_runs_on_this_environment_python(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    params = nbformat.v4.new_code_cell("out_dir = None")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("import sys, analysis\nprint(sys.prefix)")]
    path = tmp_path / "99-probe.ipynb"
    nbformat.write(nb, path)
    executed = notebooks.run_notebook(path, tmp_path / "out")
    out = nbformat.read(executed, as_version=4).cells[-1].outputs[0]["text"].strip()
    assert Path(out).resolve() == Path(sys.prefix).resolve()
