"""The command line: code and report, exit codes, one-line errors, no partial output."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from analysis.cli import main


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)],
                          check=False, capture_output=True, text=True, cwd=cwd)


def test_help_on_every_command():
    from analysis.cli import COMMANDS

    for name in COMMANDS:
        res = run_cli(name, "--help")
        assert res.returncode == 0, res.stderr
        assert "usage:" in res.stdout


def test_code_writes_the_statements_table(seed_path, tmp_path):
    out = tmp_path / "s.csv"
    assert main(["code", str(seed_path), "--out", str(out)]) == 0
    table = pd.read_csv(out, keep_default_na=False)
    for col in ["article_id", "statement_id", "start", "end", "text", "speaker", "source",
                "type", "cue", "target"]:
        assert col in table.columns
    assert len(table) == 20 and list(table.statement_id) == list(range(1, 21))
    raw = seed_path.read_text(encoding="utf-8")
    assert all(raw[s:e] == t for s, e, t in zip(table.start, table.end, table.text))


def test_code_is_deterministic(seed_path, tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    main(["code", str(seed_path), "--out", str(a)])
    main(["code", str(seed_path), "--out", str(b)])
    assert a.read_bytes() == b.read_bytes()


def test_report_writes_tables_and_figures(seed_path, tmp_path):
    out = tmp_path / "rep"
    assert main(["report", str(seed_path), "--out", str(out)]) == 0
    assert len(pd.read_csv(out / "statements.csv")) == 20
    assert (out / "summary_speaker_type.csv").exists()
    assert list((out / "figures").rglob("*.png"))


@pytest.mark.parametrize("name,data,problem", [
    ("empty.txt", b"", "empty file"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("doc.pdf", b"%PDF-1.4", "unsupported file type"),
    ("fm.md", b"---\ntitle: [x\n---\nBody.\n", "malformed front matter"),
])
def test_bad_input_one_line_error_nonzero_exit_no_output(tmp_path, name, data, problem):
    bad = tmp_path / name
    bad.write_bytes(data)
    out = tmp_path / "out" / "s.csv"
    res = run_cli("code", bad, "--out", out)
    assert res.returncode != 0
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert str(bad) in lines[0] and problem in lines[0]
    assert not out.exists()
    assert not out.parent.exists() or not any(out.parent.iterdir())


def test_missing_path_is_an_error(tmp_path):
    res = run_cli("code", tmp_path / "nope.txt", "--out", tmp_path / "s.csv")
    assert res.returncode == 2 and "no such file or folder" in res.stderr


def test_folder_with_a_bad_file_fails_before_writing_unless_skip_bad(seed_path, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(seed_path.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "zz_bad.txt").write_bytes(b"")
    out = tmp_path / "s.csv"
    res = run_cli("report", folder, "--out", tmp_path / "rep")
    assert res.returncode == 2 and "zz_bad.txt: empty file" in res.stderr
    assert not (tmp_path / "rep").exists()
    res = run_cli("code", folder, "--out", out, "--skip-bad")
    assert res.returncode == 0, res.stderr
    assert "skipped:" in res.stderr and "zz_bad.txt" in res.stderr
    assert len(pd.read_csv(out)) == 20


def test_existing_output_survives_a_failed_run(tmp_path):
    out = tmp_path / "s.csv"
    out.write_text("keep me\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    assert main(["code", str(bad), "--out", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "keep me\n"


def test_unsupported_output_type(seed_path, tmp_path):
    res = run_cli("code", seed_path, "--out", tmp_path / "s.xls")
    assert res.returncode == 2 and "unsupported output type" in res.stderr


def test_actors_option_extends_the_dictionary(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Ruritania's foreign minister said the border would stay open.\n",
                   encoding="utf-8")
    actors = tmp_path / "actors.yaml"
    actors.write_text("extends: default\nstates:\n  Ruritania: [Ruritanian, Strelsau]\n",
                      encoding="utf-8")
    out_default, out_custom = tmp_path / "d.csv", tmp_path / "c.csv"
    assert main(["code", str(art), "--out", str(out_default), "--no-corrections"]) == 0
    assert main(["code", str(art), "--out", str(out_custom), "--no-corrections",
                 "--actors", str(actors)]) == 0
    assert pd.read_csv(out_custom).loc[0, "speaker"] == "Ruritania"
    assert pd.read_csv(out_default).loc[0, "speaker"] != "Ruritania"


def test_malformed_actor_dictionary_is_refused(tmp_path, seed_path):
    actors = tmp_path / "actors.yaml"
    actors.write_text("states: [unclosed\n", encoding="utf-8")
    res = run_cli("code", seed_path, "--out", tmp_path / "s.csv", "--actors", actors)
    assert res.returncode == 2 and str(actors) in res.stderr
    assert not (tmp_path / "s.csv").exists()


def test_code_uses_the_packaged_model_unless_told_or_the_codebook_differs(seed_path,
                                                                          tmp_path, capsys):
    from analysis.codebook import default_codebook_path

    runs = {}
    mine = tmp_path / "mine.yaml"
    mine.write_text(default_codebook_path().read_text(encoding="utf-8")
                    .replace("name: ", "name: my-", 1), encoding="utf-8")
    for name, extra in (("default", []), ("none", ["--model", "none"]),
                        ("project", ["--model", "project"]),
                        ("mine", ["--codebook", str(mine)])):
        out = tmp_path / f"{name}.csv"
        assert main(["code", str(seed_path), "--out", str(out), *extra]) == 0
        runs[name] = pd.read_csv(out, keep_default_na=False)
        runs[name + "_err"] = capsys.readouterr().err
    assert runs["default"].equals(runs["project"])
    assert set(runs["none"]["coded_by"]) == {"rules"}
    assert set(runs["mine"]["coded_by"]) == {"rules"}
    assert "coding with the rules alone" in runs["mine_err"]
    assert "rules alone" not in runs["default_err"]
    # where the model decided, its code and confidence replace the rules'
    by_model = runs["default"]["coded_by"] == "model"
    assert (runs["default"].loc[by_model, "cue"] == "").all()
    assert (runs["default"]["type"] != runs["none"]["type"]).sum() == by_model.sum()
