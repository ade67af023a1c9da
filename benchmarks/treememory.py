"""Peak memory of a process and its descendants, sampled in a thread (for the benchmarks)."""

from __future__ import annotations

import threading


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
