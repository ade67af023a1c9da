"""Benchmark: the whole pipeline on synthetic corpora of N articles.

Builds a synthetic corpus by sampling sentences (statements) from the articles in
``data/raw/`` and any extra folders given with ``--extra``, writes N article files
(YAML front matter + paragraphs) into a temporary folder, then times, in a fresh
process per N, the whole pipeline — read → segment → speakers → types → statements
table written (Parquet by default) — exactly as ``analysis code FOLDER --out FILE``
runs it (:func:`analysis.corpus.code_to_file`).

Printed per N: wall time, statements/s, articles/s, peak memory, and the ratio of
each figure to the previous N (time ratio ≈ N ratio means cost linear in N).

Peak memory is measured two ways:

* ``peak total RSS``: the summed resident memory of the benchmark process and all its
  worker processes, sampled every 50 ms with psutil (installed with the ``dask``
  extra). This is what the machine has to hold, so it is the figure compared with the
  1.5 GB target. Sampling can miss a spike shorter than 50 ms.
* ``max RSS (one process)``: ``ru_maxrss`` from ``wait4`` — the exact high-water mark,
  but of the single largest process, not of the sum.

The texts never leave memory and the temporary folder (deleted at the end): nothing
from ``--extra`` is written into the project.

Usage::

    python benchmarks/bench_pipeline.py                       # N = 1,000, 10,000, 50,000
    python benchmarks/bench_pipeline.py --n 10000 --engine serial
    python benchmarks/bench_pipeline.py --extra /path/to/articles --profile
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchcommon import TreeMemory, fmt_bytes, print_profile  # beside this script

ROOT = Path(__file__).resolve().parents[1]


# --------------------------------------------------------------------------- corpus


def sentence_pool(sources: list[str]) -> tuple[list[str], list[str]]:
    """The statements of every article in ``sources`` and the outlets named there."""
    from analysis.io import iter_articles
    from analysis.segment import segment_article

    sentences: list[str] = []
    outlets: set[str] = set()
    for art in iter_articles(sources, skip_bad=True, on_skip=lambda exc: None):
        sentences.extend(t for t in segment_article(art)["text"] if t.strip())
        if art.metadata.get("source"):
            outlets.add(str(art.metadata["source"]))
    if not sentences:
        raise SystemExit("no sentences found in " + ", ".join(sources))
    return sentences, sorted(outlets) or ["Synthetic News"]


def synthetic_article(i: int, rng: random.Random, sentences: list[str], outlets: list[str],
                      mean_statements: int) -> str:
    """One article: front matter, then paragraphs of one to three sampled sentences."""
    k = max(3, int(rng.gauss(mean_statements, mean_statements / 4)))
    picked = [rng.choice(sentences) for _ in range(k)]
    paragraphs, j = [], 0
    while j < len(picked):
        step = rng.choice((1, 1, 2, 3))
        paragraphs.append(" ".join(picked[j:j + step]))
        j += step
    date = dt.date(2005, 1, 1) + dt.timedelta(days=rng.randrange(7300))
    head = (f"---\ntitle: \"Synthetic article {i}\"\ndate: {date.isoformat()}\n"
            f"source: {json.dumps(rng.choice(outlets))}\n---\n")
    return head + "\n\n".join(paragraphs) + "\n"


def build_corpus(folder: Path, n: int, sources: list[str], seed: int,
                 mean_statements: int) -> int:
    """Write ``n`` synthetic articles into ``folder``; returns the size of the pool."""
    sentences, outlets = sentence_pool(sources)
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = synthetic_article(i, rng, sentences, outlets, mean_statements)
        (folder / f"a{i:06d}.txt").write_text(text, encoding="utf-8")
    return len(sentences)


def subset(full: Path, target: Path, n: int) -> Path:
    """A folder holding the first ``n`` articles of ``full`` (hard links, no copies)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in sorted(os.listdir(full))[:n]:
        try:
            os.link(full / name, target / name)
        except OSError:
            (target / name).write_bytes((full / name).read_bytes())
    return target


# --------------------------------------------------------------------------- one run


def run_one(folder: str, out: str, engine: str, jobs: int | None, chunk_size: int | None,
            mode: str, model: str = "default") -> None:
    """Child process: code ``folder`` into ``out``; print one JSON line of figures."""
    t0 = time.perf_counter()
    from analysis.corpus import code_to_file
    from analysis.io import write_table
    from analysis.pipeline import code_articles

    t1 = time.perf_counter()
    if mode == "stream":
        done = code_to_file(folder, out, engine=engine, n_jobs=jobs, chunk_size=chunk_size,
                            corrections=None, model=model)
        statements, articles = done.statements, done.articles
    else:
        table = code_articles(folder, engine=engine, n_jobs=jobs, chunk_size=chunk_size,
                              corrections=None, model=model)
        write_table(table, out)
        statements, articles = len(table), table["article_id"].nunique()
    t2 = time.perf_counter()
    print(json.dumps({"import_s": t1 - t0, "pipeline_s": t2 - t1, "statements": statements,
                      "articles": articles, "out_bytes": os.path.getsize(out)}))


def measure(folder: Path, out: Path, args) -> dict:
    """Run :func:`run_one` in a fresh process; return its figures plus memory."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--run-one", str(folder), str(out),
           "--engine", args.engine, "--mode", args.mode, "--model", args.model]
    if args.jobs:
        cmd += ["--jobs", str(args.jobs)]
    if args.chunk_size:
        cmd += ["--chunk-size", str(args.chunk_size)]
    # output to files, not pipes: a full pipe would block the child while we wait
    with tempfile.TemporaryFile("w+") as out_f, tempfile.TemporaryFile("w+") as err_f:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out_f, stderr=err_f, text=True)
        sampler = TreeMemory(proc.pid)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out_f.seek(0)
        err_f.seek(0)
        stdout, stderr = out_f.read(), err_f.read()
    if proc.returncode != 0:
        raise SystemExit(f"benchmark run failed ({proc.returncode}):\n{stderr[-3000:]}")
    figures = json.loads(stdout.strip().splitlines()[-1])
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    figures.update(wall_s=wall, max_rss_one=usage.ru_maxrss * scale, peak_tree=sampler.peak,
                   peak_procs=sampler.peak_procs, cpu_s=usage.ru_utime + usage.ru_stime)
    return figures


# --------------------------------------------------------------------------- profile


def profile(folder: Path, n: int, top: int) -> None:
    """cProfile the serial pipeline on the first ``n`` articles; print the top entries."""
    from functools import partial

    from analysis.actors import resolve_actors
    from analysis.codebook import resolve_codebook
    from analysis.io import load_articles
    from analysis.model import resolve_model
    from analysis.pipeline import code_article

    codebook = resolve_codebook(None)
    model = resolve_model(None, codebook)
    actors = resolve_actors(None)
    arts = load_articles(sorted(folder.iterdir())[:n])
    func = partial(code_article, codebook=codebook, model=model, actors=actors)
    func(arts[0])  # warm the lexicon caches
    prof = cProfile.Profile()
    prof.enable()
    for a in arts:
        func(a)
    prof.disable()
    print_profile(prof, f"code_article on {len(arts)} articles", top)


# --------------------------------------------------------------------------- main


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000, 50000],
                        help="corpus sizes in articles (default: 1000 10000 50000)")
    parser.add_argument("--engine", default="processes",
                        choices=("serial", "processes", "dask"))
    parser.add_argument("--jobs", type=int, default=None, help="worker processes")
    parser.add_argument("--chunk-size", type=int, default=None)
    parser.add_argument("--mode", choices=("stream", "memory"), default="stream",
                        help="stream: code_to_file (default); memory: code_articles + "
                             "write_table")
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    parser.add_argument("--extra", nargs="*", default=[], metavar="PATH",
                        help="more article folders, files or globs to sample sentences from")
    parser.add_argument("--statements", type=int, default=25,
                        help="mean statements per synthetic article (default: 25)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", default="default",
                        help="learned coder, as `code --model` (default: the packaged one; "
                             "'none': rules only)")
    parser.add_argument("--profile", action="store_true",
                        help="also cProfile the serial pipeline on 300 articles")
    parser.add_argument("--run-one", nargs=2, metavar=("FOLDER", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.run_one:
        run_one(args.run_one[0], args.run_one[1], args.engine, args.jobs, args.chunk_size,
                args.mode, args.model)
        return 0

    sizes = sorted(set(args.n))
    sources = [str(ROOT / "data" / "raw"), *args.extra]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"pipeline benchmark: engine={args.engine} jobs={args.jobs or cores} mode={args.mode} "
          f"model={args.model} "
          f"output=.{args.format}  ({cores} cores, Python {platform.python_version()}, "
          f"{platform.machine()})")
    with tempfile.TemporaryDirectory(prefix="analysis-bench-") as tmp:
        tmp = Path(tmp)
        t = time.perf_counter()
        pool = build_corpus(tmp / "all", max(sizes), sources, args.seed, args.statements)
        print(f"synthetic corpus: {max(sizes):,} articles sampled from {pool:,} sentences of "
              f"{len(sources)} source(s), built in {time.perf_counter() - t:.1f} s\n")
        header = (f"{'N':>7} {'statements':>11} {'time s':>8} {'stmts/s':>9} {'arts/s':>8} "
                  f"{'CPU s':>7} {'CPU ms/art':>10} {'peak total RSS':>15} {'max RSS 1 proc':>15} "
                  f"{'x time':>7} {'x N':>5}")
        print(header)
        print("-" * len(header))
        prev = None
        for n in sizes:
            folder = subset(tmp / "all", tmp / f"n{n}", n)
            out = tmp / f"out{n}.{args.format}"
            r = measure(folder, out, args)
            secs = r["pipeline_s"]
            ratio_t = f"{secs / prev['pipeline_s']:.2f}" if prev else "-"
            ratio_n = f"{n / prev['n']:.0f}" if prev else "-"
            print(f"{n:>7,} {r['statements']:>11,} {secs:>8.1f} {r['statements'] / secs:>9,.0f} "
                  f"{r['articles'] / secs:>8,.0f} {r['cpu_s']:>7.1f} "
                  f"{1000 * r['cpu_s'] / r['articles']:>10.2f} {fmt_bytes(r['peak_tree']):>15} "
                  f"{fmt_bytes(r['max_rss_one']):>15} {ratio_t:>7} {ratio_n:>5}",
                  flush=True)
            r["n"] = n
            prev = r
            out.unlink()
        print("\ntime: wall-clock seconds for read → segment → speakers → types → table "
              "written, in a fresh process (imports excluded);\nCPU s: user + system time of "
              "that process and its workers (imports included): the work done, whatever else "
              "runs on the machine;\npeak total RSS: that process + workers, sampled every "
              "50 ms; x time / x N: ratio to the previous N.")
        if args.profile:
            profile(tmp / "all", 300, 25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
