"""What the benchmark scripts share: peak memory of a process tree, a profile printout, sizes."""

from __future__ import annotations

import io
import pstats
import threading


def fmt_bytes(n: float) -> str:
    """Bytes as MiB, e.g. "643 MiB"."""
    return f"{n / 2**20:,.0f} MiB"


def print_profile(prof, title: str, top: int) -> None:
    """Print the ``top`` entries of a cProfile run by own time and by cumulative time."""
    for key in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key).print_stats(top)
        print(f"\n--- profile of {title}, by {key} ---")
        lines = buf.getvalue().splitlines()
        start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
        print("\n".join(lines[max(0, start - 3):]))


class TreeMemory(threading.Thread):
    """Samples the summed RSS (and, with ``pss=True``, PSS) of a process and its
    descendants every ``interval`` s.

    Attributes after :meth:`stop`: ``peak`` (bytes, summed RSS), ``peak_pss`` (bytes,
    summed PSS — memory shared between forked workers counted once; equals RSS where the
    platform has no PSS, 0 without ``pss=True``) and ``peak_procs`` (processes at the RSS
    peak). Needs psutil (the ``dask`` extra); without it every figure stays 0.
    """

    def __init__(self, pid: int, interval: float = 0.05, pss: bool = False):
        super().__init__(daemon=True)
        self.pid, self.interval, self.pss = pid, interval, pss
        self.peak = self.peak_pss = self.peak_procs = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        try:
            import psutil
        except ImportError:
            return
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop_event.is_set():
            rss = pss = procs = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    try:
                        info = p.memory_full_info() if self.pss else p.memory_info()
                    except psutil.Error:
                        continue
                    rss += info.rss
                    pss += getattr(info, "pss", info.rss)
                    procs += 1
            except psutil.Error:
                break
            if rss > self.peak:
                self.peak, self.peak_procs = rss, procs
            if self.pss:
                self.peak_pss = max(self.peak_pss, pss)
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
