"""Benchmark: the report writer (tables, corpus charts, per-article charts) on N articles.

Codes the articles of a folder once (default: ``data/raw``, which holds the seed article),
then builds a synthetic corpus of N articles by re-labelling those statements with new
article ids (article ``i`` is a copy of source article ``i mod k``), and times
:func:`analysis.report.write_report` on it in a fresh process per (N, engine):

* wall time of ``write_report`` (imports and table loading excluded) and the part spent
  on the per-article charts;
* CPU time (user + system) of that process and its workers;
* peak total memory: the summed RSS of the process and its workers, sampled every 50 ms
  with psutil (installed with the ``dask`` extra).

It also splits the cost of one article's charts into *draw* (building the Figure),
*render* (layout + rasterising, inside ``savefig``) and *encode* (PNG compression), and
cProfiles one article's charts (``--profile``).

The texts never leave memory and the temporary folder (deleted at the end): nothing from
the folder is written into the project.

Usage::

    python benchmarks/bench_report.py                              # N = 14, 200
    python benchmarks/bench_report.py /path/to/articles --n 14 200 1000
    python benchmarks/bench_report.py --engine processes --jobs 2 --profile
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchcommon import TreeMemory, fmt_bytes, print_profile  # beside this script

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- corpus


def coded_sources(sources: list[str]):
    """The statements table of every article in ``sources`` (coded once, serially)."""
    from analysis.pipeline import code_articles

    table = code_articles(sources, engine="serial", skip_bad=True, on_skip=lambda exc: None)
    if table.empty:
        raise SystemExit("no statements coded from " + ", ".join(sources))
    return table


def synthetic_corpus(table, n: int):
    """``n`` articles: source article ``i mod k``'s statements under the id ``a<i>``."""
    import pandas as pd

    groups = [g for _, g in table.groupby("article_id", sort=True)]
    parts = []
    for i in range(n):
        g = groups[i % len(groups)].copy()
        g["article_id"] = f"a{i:06d}"
        parts.append(g)
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------- one run


def run_one(table_path: str, out: str, engine: str, jobs: int | None) -> None:
    """Child process: ``write_report`` of the pickled table; one JSON line of figures."""
    import pandas as pd

    from analysis import report

    table = pd.read_pickle(table_path)
    kwargs = {}
    if "engine" in inspect.signature(report.write_report).parameters:
        kwargs = {"engine": engine, "n_jobs": jobs}
    elif engine != "serial":
        print(json.dumps({"unsupported": True}))
        return
    timings = {}
    cpu0 = _cpu()
    t0 = time.perf_counter()
    written = report.write_report(table, out, Path(out) / "figures", **kwargs)
    t1 = time.perf_counter()
    cpu1 = _cpu()
    # the corpus charts alone, for the split (same code, per_article=False)
    report.write_report(table, Path(out) / "corpus-only", Path(out) / "corpus-only" / "f",
                        per_article=False, **kwargs)
    t2 = time.perf_counter()
    timings.update(report_s=t1 - t0, corpus_only_s=t2 - t1, report_cpu_s=cpu1 - cpu0,
                   files=len(written),
                   articles=int(table["article_id"].nunique()), statements=len(table),
                   bytes=sum(p.stat().st_size for p in written))
    print(json.dumps(timings))


def _cpu() -> float:
    """User + system CPU seconds of this process and its reaped workers."""
    import resource

    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def measure(table_path: Path, out: Path, engine: str, jobs: int | None) -> dict:
    """Run :func:`run_one` in a fresh process; return its figures plus CPU and memory."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--run-one", str(table_path),
           str(out), "--engine", engine]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    with tempfile.TemporaryFile("w+") as out_f, tempfile.TemporaryFile("w+") as err_f:
        start = time.perf_counter()
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        proc = subprocess.Popen(cmd, stdout=out_f, stderr=err_f, text=True)
        sampler = TreeMemory(proc.pid, pss=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.stop()
        code = os.waitstatus_to_exitcode(status)
        out_f.seek(0)
        err_f.seek(0)
        stdout, stderr = out_f.read(), err_f.read()
    if code != 0:
        raise SystemExit(f"benchmark run failed ({code}):\n{stderr[-3000:]}")
    figures = json.loads(stdout.strip().splitlines()[-1])
    scale = 1 if sys.platform == "darwin" else 1024
    load = (load + (os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan"))) / 2
    figures.update(process_wall_s=wall, load=load, peak_tree=sampler.peak, peak_pss=sampler.peak_pss,
                   max_rss_one=usage.ru_maxrss * scale,
                   cpu_s=usage.ru_utime + usage.ru_stime)
    return figures


# --------------------------------------------------------------------------- one article


def chart_costs(table, repeat: int = 3) -> list[tuple[str, float, float, float, int]]:
    """Per chart of one article: (name, draw s, render s, encode s, PNG bytes), best of
    ``repeat``; render = ``savefig`` minus the PNG encoding measured on the same pixels."""
    import matplotlib as mpl
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    from analysis.plots import STYLE
    from analysis.report import ARTICLE_CHARTS

    first = table[table["article_id"] == table["article_id"].iloc[0]]
    rows = []
    for name, (plot, _tabulate) in ARTICLE_CHARTS.items():
        best = [float("inf")] * 3
        size = 0
        for _ in range(repeat):
            t0 = time.perf_counter()
            fig = plot(first, None)
            t1 = time.perf_counter()
            buf = io.BytesIO()
            with mpl.rc_context(STYLE):
                fig.savefig(buf, format="png", dpi=300, metadata={"Software": None})
            t2 = time.perf_counter()
            canvas = FigureCanvasAgg(fig)
            with mpl.rc_context(STYLE):
                fig.set_dpi(300)
                canvas.draw()
            rgba = np.asarray(canvas.buffer_rgba())
            t3 = time.perf_counter()
            Image.fromarray(rgba, "RGBA").save(io.BytesIO(), format="png")
            t4 = time.perf_counter()
            encode = t4 - t3
            best = [min(best[0], t1 - t0), min(best[1], (t2 - t1) - encode),
                    min(best[2], encode)]
            size = len(buf.getvalue())
        rows.append((name, *best, size))
    return rows


def profile_article(table, top: int) -> None:
    """cProfile one article's charts (as the report draws them); print the top entries."""
    from analysis import report

    first = table[table["article_id"] == table["article_id"].iloc[0]]
    with tempfile.TemporaryDirectory() as tmp:
        report.write_charts(first, tmp, report.ARTICLE_CHARTS, formats=("png",))  # warm up
        prof = cProfile.Profile()
        prof.enable()
        report.write_charts(first, tmp, report.ARTICLE_CHARTS, formats=("png",))
        prof.disable()
    print_profile(prof, "one article's charts", top)


# --------------------------------------------------------------------------- main


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="*", default=None,
                        help="article folders or files to code and replicate (default: "
                             "data/raw)")
    parser.add_argument("--n", type=int, nargs="+", default=[14, 200],
                        help="corpus sizes in articles (default: 14 200)")
    parser.add_argument("--engine", nargs="+", default=["serial", "processes"],
                        choices=("serial", "processes", "dask"),
                        help="engines for the per-article charts (default: serial "
                             "processes)")
    parser.add_argument("--jobs", type=int, default=None, help="worker processes")
    parser.add_argument("--profile", action="store_true",
                        help="also cProfile one article's charts")
    parser.add_argument("--top", type=int, default=20, help="profile entries shown")
    parser.add_argument("--run-one", nargs=2, metavar=("TABLE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.run_one:
        run_one(args.run_one[0], args.run_one[1], args.engine[0], args.jobs)
        return 0

    sources = args.folder or [str(ROOT / "data" / "raw")]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"report benchmark: engines={','.join(args.engine)} jobs={args.jobs or cores} "
          f"({cores} cores, Python {platform.python_version()}, {platform.machine()})")
    table = coded_sources(sources)
    k = table["article_id"].nunique()
    print(f"source: {k} coded article(s), {len(table)} statements, from "
          f"{', '.join(sources)}\n")

    print("one article's charts (PNG, 300 dpi), best of 3, seconds:")
    print(f"{'chart':>15} {'draw':>7} {'render':>7} {'encode':>7} {'total':>7} {'PNG KiB':>8}")
    rows = chart_costs(table)
    for name, draw, render, encode, size in rows:
        print(f"{name:>15} {draw:>7.3f} {render:>7.3f} {encode:>7.3f} "
              f"{draw + render + encode:>7.3f} {size / 1024:>8.0f}")
    tot = [sum(r[i] for r in rows) for i in (1, 2, 3)]
    print(f"{'all five':>15} {tot[0]:>7.3f} {tot[1]:>7.3f} {tot[2]:>7.3f} {sum(tot):>7.3f}\n")

    header = (f"{'N':>6} {'engine':>10} {'report s':>9} {'charts/art s':>12} {'CPU s':>7} "
              f"{'CPU s/art':>9} {'peak RSS sum':>13} {'peak PSS sum':>13} {'files':>6} "
              f"{'MiB out':>8} {'load':>5}")
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory(prefix="analysis-bench-report-") as tmp:
        tmp = Path(tmp)
        for n in sorted(set(args.n)):
            corpus = synthetic_corpus(table, n)
            path = tmp / f"table{n}.pkl"
            corpus.to_pickle(path)
            for engine in args.engine:
                r = measure(path, tmp / f"out-{n}-{engine}", engine, args.jobs)
                if r.get("unsupported"):
                    print(f"{n:>6} {engine:>10}  (write_report has no engine option)")
                    continue
                per_art = (r["report_s"] - r["corpus_only_s"]) / n
                print(f"{n:>6} {engine:>10} {r['report_s']:>9.1f} {per_art:>12.3f} "
                      f"{r['report_cpu_s']:>7.1f} {r['report_cpu_s'] / n:>9.3f} "
                      f"{fmt_bytes(r['peak_tree']):>13} {fmt_bytes(r['peak_pss']):>13} "
                      f"{r['files']:>6} "
                      f"{r['bytes'] / 2**20:>8.1f} {r['load']:>5.1f}", flush=True)
    print("\nreport s: wall time of write_report (statements.csv, summary, corpus charts in "
          "PNG+SVG+PDF, per-article PNGs);\ncharts/art s: (report s - the same report without "
          "per-article charts) / N;\nCPU s: user + system time of write_report in that process "
          "and its workers;\npeak RSS / PSS sum: that "
          "process + workers, sampled every 50 ms (RSS counts pages a forked worker shares "
          "with its parent once per process; PSS divides them);\nload: the machine's 1-minute "
          "load average (mean of start and end): above the number of cores, other work "
          "slowed the run.")
    if args.profile:
        profile_article(table, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
