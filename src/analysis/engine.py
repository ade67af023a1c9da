"""Running the per-article coding over a corpus: serially, on local processes, or on Dask.

Every engine applies the same function to every article and returns the results in
input order, so the statements table is identical whatever engine made it.

* ``"serial"`` — one process, no start-up cost; best for a handful of articles.
* ``"processes"`` — a pool of worker processes on this machine (default: one per core).
  Articles are read lazily by the parent and sent to the workers in chunks (one message
  per chunk, not per article); the coding function — with its loaded codebook, actor
  dictionary and model — is sent **once per worker**, when the worker starts. At most a
  few chunks per worker are in flight, so memory stays flat however large the corpus.
* ``"dask"`` — the same chunks as partitions of a :mod:`dask.bag`, computed on a
  ``dask.distributed`` client (``client=``, a scheduler address, or the session's
  default client) or, without one, on Dask's local process scheduler. The coding
  function is scattered once to every Dask worker. Needs the optional extra:
  ``pip install ".[dask]"``.

Worker processes start with ``fork`` where that is the platform default (Linux), so a
script needs no ``if __name__ == "__main__":`` guard there; on macOS and Windows (spawn)
it does, as for any multiprocessing code.

:func:`map_articles` returns one result per article; :func:`iter_tables` yields the
results of consecutive chunks already concatenated into one DataFrame each, which is
what the pipeline and the streaming writer use (fewer, larger objects to move). A
function with a ``batch(articles)`` method (:class:`analysis.pipeline.ArticleCoder`) codes
each chunk with one call.
"""

from __future__ import annotations

import collections
import itertools
import math
import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pandas as pd

from .errors import AnalysisError
from .io import Article

__all__ = [
    "DASK_INSTALL_HINT",
    "ENGINES",
    "default_chunk_size",
    "iter_tables",
    "map_articles",
    "resolve_jobs",
]

#: the engines :func:`map_articles` accepts
ENGINES = ("serial", "processes", "dask")
DASK_INSTALL_HINT = 'pip install ".[dask]"  (or: pip install "dask[bag,distributed]")'

#: articles per chunk when the corpus size is unknown (streamed input)
DEFAULT_CHUNK_SIZE = 64
#: chunks in flight per worker (bounds the memory held by pending work)
_IN_FLIGHT_PER_WORKER = 3


# --------------------------------------------------------------------------- helpers


def resolve_jobs(n_jobs: int | None) -> int:
    """Number of worker processes: None → every core available; -1 likewise; else ``n_jobs``.

    Raises
    ------
    AnalysisError
        If ``n_jobs`` is 0, below -1, or not an integer.
    """
    cores = _available_cores()
    if n_jobs is None or n_jobs == -1:
        return cores
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs < -1 or n_jobs == 0:
        raise AnalysisError(f"n_jobs must be a positive number of workers or -1 (all cores), "
                            f"not {n_jobs!r}")
    return n_jobs


def _available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def default_chunk_size(total: int | None, workers: int) -> int:
    """Articles per chunk: about four chunks per worker for a known total, at most 64."""
    if total is None:
        return DEFAULT_CHUNK_SIZE
    return max(1, min(DEFAULT_CHUNK_SIZE, math.ceil(total / (4 * max(1, workers)))))


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while True:
        chunk = list(itertools.islice(it, size))
        if not chunk:
            return
        yield chunk


def _concat(results: list) -> Any:
    """Concatenate a chunk's DataFrames (any other result type is kept as a list)."""
    if results and all(isinstance(r, pd.DataFrame) for r in results):
        if len(results) == 1:
            return results[0].reset_index(drop=True)
        return pd.concat(results, ignore_index=True)
    return results


def _run_chunk(func: Callable, chunk: list, combine: bool) -> Any:
    """``func`` over a chunk; concatenated when ``combine`` (with ``func.batch`` if it has one:
    a whole-chunk version giving the same table, as :class:`analysis.pipeline.ArticleCoder`)."""
    if combine and callable(getattr(func, "batch", None)):
        return func.batch(chunk).reset_index(drop=True)
    results = [func(a) for a in chunk]
    return _concat(results) if combine else results


def _check_picklable(func: Callable, engine: str) -> None:
    try:
        pickle.dumps(func)
    except Exception as exc:  # noqa: BLE001 - any pickling failure means the same thing
        raise AnalysisError(
            f"engine={engine!r} needs a picklable coding function (a module-level function "
            f"or functools.partial of one, not a lambda or local function): {exc}") from None


def _total(articles, total: int | None) -> int | None:
    if total is not None:
        return total
    try:
        return len(articles)
    except TypeError:
        return None


def _progress_bar(progress: bool, total: int | None):
    if not progress:
        return None
    try:
        import ipywidgets  # noqa: F401 - tqdm's Jupyter widget needs it
    except ImportError:
        from tqdm import tqdm  # a text bar (tqdm.auto would warn, then fall back to it)
    else:
        from tqdm.auto import tqdm  # a widget in Jupyter, a text bar elsewhere

    desc = progress if isinstance(progress, str) else "coding"  # a string: the bar's label
    return tqdm(total=total, unit="article", desc=desc, file=sys.stderr, smoothing=0.1,
                dynamic_ncols=True)


# --------------------------------------------------------------------------- workers

_WORKER_FUNC: Callable | None = None


def _init_worker(func_bytes: bytes) -> None:
    """Worker start-up: load the coding function (codebook, actors, model) once."""
    global _WORKER_FUNC
    _WORKER_FUNC = pickle.loads(func_bytes)


def _worker_chunk(chunk: list, combine: bool) -> Any:
    return _run_chunk(_WORKER_FUNC, chunk, combine)


def _mp_context():
    """The platform's start method, but not ``fork`` while other threads run.

    ``fork`` (Linux) starts workers cheaply and needs no ``if __name__ == "__main__":``
    guard in a user's script, but forking a process that runs threads (a Dask client,
    a Jupyter kernel's helpers) can deadlock the child; then ``forkserver`` is used.
    """
    ctx = multiprocessing.get_context()
    if ctx.get_start_method() == "fork" and _other_threads():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["analysis.pipeline"])
    return ctx


def _other_threads() -> bool:
    """Threads besides the main one (tqdm's idle progress monitor does not count)."""
    return any(t is not threading.main_thread() and type(t).__name__ != "TMonitor"
               for t in threading.enumerate())


def _broken_pool_error(exc) -> AnalysisError:
    return AnalysisError(
        f"a worker process stopped abruptly ({exc}); it may have run out of memory, or a "
        "script that uses engine='processes' lacks the 'if __name__ == \"__main__\":' guard "
        "(needed on macOS and Windows)")


# --------------------------------------------------------------------------- engines


def _serial(func, chunks, combine):
    for chunk in chunks:
        yield len(chunk), _run_chunk(func, chunk, combine)


def _processes(func, chunks, combine, workers):
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    func_bytes = pickle.dumps(func, protocol=pickle.HIGHEST_PROTOCOL)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(),
                               initializer=_init_worker, initargs=(func_bytes,))
    pending: collections.deque = collections.deque()
    limit = workers * _IN_FLIGHT_PER_WORKER
    try:
        for chunk in chunks:
            pending.append((len(chunk), pool.submit(_worker_chunk, chunk, combine)))
            while len(pending) >= limit:
                n, fut = pending.popleft()
                yield n, fut.result()
        while pending:
            n, fut = pending.popleft()
            yield n, fut.result()
    except BrokenProcessPool as exc:
        raise _broken_pool_error(exc) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _import_dask():
    try:
        import dask  # noqa: F401
        import dask.bag as db
    except ImportError:
        raise AnalysisError(f"engine='dask' needs Dask, which is not installed: "
                            f"{DASK_INSTALL_HINT}") from None
    return db


def _connect(client):
    """A distributed client from ``client`` (a Client, an address string, or None: the
    default client of this session, if one was started, e.g. ``Client()`` in a notebook)."""
    if client is None:
        try:
            from distributed import default_client
        except ImportError:
            return None
        try:
            return default_client()
        except ValueError:  # no client started
            return None
    if not isinstance(client, str):
        return client
    try:
        from distributed import Client
    except ImportError:
        raise AnalysisError(f"a Dask scheduler address needs dask.distributed: "
                            f"{DASK_INSTALL_HINT}") from None
    try:
        return Client(client, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise AnalysisError(f"cannot connect to the Dask scheduler {client!r}: {exc}") from None


def _dask(func, chunks, combine, workers, client):
    db = _import_dask()
    own_client = isinstance(client, str)
    client = _connect(client)
    try:
        if client is not None:
            yield from _dask_distributed(db, func, chunks, combine, client)
        else:
            yield from _dask_local(db, func, chunks, combine, workers)
    finally:
        if own_client:
            client.close()


def _bag_of(db, window: list[list]):
    """A bag with one partition per chunk (so partitions are exactly our chunks)."""
    flat = [a for chunk in window for a in chunk]
    sizes = {len(c) for c in window[:-1]}
    if len(sizes) <= 1 and (not sizes or len(window[-1]) <= next(iter(sizes))):
        size = len(window[0])
        bag = db.from_sequence(flat, partition_size=size)
        if bag.npartitions == len(window):
            return bag
    # uneven chunks: build the partitions by hand
    import dask

    return db.from_delayed([dask.delayed(list)(c) for c in window])


def _dask_distributed(db, func, chunks, combine, client):
    # the coding function (with codebook, actors, model) goes to every worker once
    [func_future] = client.scatter([func], broadcast=True, hash=False)
    try:
        workers = max(1, sum(client.nthreads().values()))
    except Exception:  # noqa: BLE001 - an unreachable cluster shows up at compute
        workers = 1
    window_size = workers * _IN_FLIGHT_PER_WORKER
    pending: collections.deque = collections.deque()
    for window in _chunks(chunks, window_size):
        bag = _bag_of(db, window).map_partitions(_run_chunk_partition, func_future, combine)
        futures = client.compute(bag.to_delayed())
        for chunk, fut in zip(window, futures):
            pending.append((len(chunk), fut))
        while len(pending) > window_size:
            n, fut = pending.popleft()
            yield n, _unwrap(fut.result())
    while pending:
        n, fut = pending.popleft()
        yield n, _unwrap(fut.result())


def _dask_local(db, func, chunks, combine, workers):
    from concurrent.futures import ProcessPoolExecutor

    import dask

    func_bytes = pickle.dumps(func, protocol=pickle.HIGHEST_PROTOCOL)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(),
                               initializer=_init_worker, initargs=(func_bytes,))
    try:
        for window in _chunks(chunks, workers * _IN_FLIGHT_PER_WORKER):
            bag = _bag_of(db, window).map_partitions(_run_worker_partition, combine)
            parts = dask.compute(*bag.to_delayed(), scheduler="processes", pool=pool)
            for chunk, part in zip(window, parts):
                yield len(chunk), _unwrap(part)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


class _Boxed:
    """Keeps a partition's result whole (a bag would otherwise iterate a DataFrame)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __reduce__(self):
        return (_Boxed, (self.value,))


def _run_chunk_partition(part, func, combine):
    return [_Boxed(_run_chunk(func, list(part), combine))]


def _run_worker_partition(part, combine):
    return [_Boxed(_worker_chunk(list(part), combine))]


def _unwrap(part):
    items = list(part)
    return items[0].value if len(items) == 1 else _concat([i.value for i in items])


# --------------------------------------------------------------------------- public API


def _iter_chunk_results(func, articles, *, engine, n_jobs, progress, client, chunk_size,
                        total, combine):
    """Validate the arguments now (not at the first ``next``), then return the generator."""
    if engine not in ENGINES:
        raise AnalysisError(f"unknown engine {engine!r} (expected one of: "
                            f"{', '.join(ENGINES)})")
    if chunk_size is not None and (isinstance(chunk_size, bool) or not isinstance(chunk_size, int)
                                   or chunk_size < 1):
        raise AnalysisError(f"chunk_size must be a positive number of articles, not "
                            f"{chunk_size!r}")
    workers = resolve_jobs(n_jobs) if engine != "serial" else 1
    if engine == "dask":
        _import_dask()
    if engine != "serial":
        _check_picklable(func, engine)
    total = _total(articles, total)
    size = chunk_size or (default_chunk_size(total, workers) if engine != "serial" else 16)
    chunks = _chunks(articles, size)
    if engine == "serial":
        results = _serial(func, chunks, combine)
    elif engine == "processes":
        results = _processes(func, chunks, combine, workers)
    else:
        results = _dask(func, chunks, combine, workers, client)
    return _drive(results, progress, total)


def _drive(results, progress, total):
    bar = _progress_bar(progress, total)
    try:
        for n, result in results:
            if bar is not None:
                bar.update(n)
            yield result
    finally:
        results.close()
        if bar is not None:
            bar.close()


def iter_tables(func: Callable[[Article], pd.DataFrame], articles: Iterable[Article],
                engine: str = "serial", n_jobs: int | None = None, progress: bool = False,
                client=None, *, chunk_size: int | None = None,
                total: int | None = None) -> Iterator[pd.DataFrame]:
    """Yield, in input order, one DataFrame per chunk of consecutive articles.

    Each frame is the concatenation (``ignore_index=True``) of ``func(article)`` over the
    chunk's articles, so concatenating everything yielded gives the whole table.
    Parameters are those of :func:`map_articles`. Articles are consumed lazily: only a
    few chunks per worker are read ahead.
    """
    return _iter_chunk_results(func, articles, engine=engine, n_jobs=n_jobs,
                               progress=progress, client=client, chunk_size=chunk_size,
                               total=total, combine=True)


def map_articles(func: Callable[[Article], Any], articles: Iterable[Article],
                 engine: str = "serial", n_jobs: int | None = None, progress: bool = False,
                 client=None, *, chunk_size: int | None = None,
                 total: int | None = None) -> list:
    """Apply ``func`` to every article; one result per article, in input order.

    Parameters
    ----------
    func : callable(Article) -> DataFrame
        The per-article function, e.g. ``functools.partial(pipeline.code_article,
        codebook=..., model=..., actors=...)``. For ``"processes"`` and ``"dask"`` it must
        be picklable; it is sent once to each worker, not once per article.
    articles : iterable of Article
        Consumed lazily (a generator is never materialised).
    engine : {"serial", "processes", "dask"}
    n_jobs : int or None
        Worker processes for ``"processes"`` (and Dask's local scheduler); None or -1:
        every core.
    progress : bool or str
        Show a progress bar (tqdm; a widget in Jupyter) with articles per second; a
        string is the bar's label (default "coding").
    client : dask.distributed.Client, scheduler address (``"tcp://host:8786"``) or None
        For ``engine="dask"``; None uses the session's default client if one was
        started (``Client(...)`` in a notebook), else Dask's local process scheduler.
    chunk_size : int or None
        Articles per task (default: about four tasks per worker, at most 64).
    total : int or None
        Number of articles, for the progress bar when ``articles`` has no length.

    Returns
    -------
    list
        ``[func(a) for a in articles]``, whatever the engine.

    Raises
    ------
    AnalysisError
        For an unknown engine, a bad ``n_jobs`` or ``chunk_size``, Dask not installed, or
        a function that cannot be sent to worker processes.
    """
    out: list = []
    for results in _iter_chunk_results(func, articles, engine=engine, n_jobs=n_jobs,
                                       progress=progress, client=client,
                                       chunk_size=chunk_size, total=total, combine=False):
        out.extend(results)
    return out
