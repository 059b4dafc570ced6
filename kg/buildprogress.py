"""The progress display of `kg build`: documents and MB done, rate and ETA."""

from __future__ import annotations

import sys
import time


def progress_mode(progress: bool | str | None) -> str:
    """kg.build.build's `progress` as a mode: None = a bar if stderr is a terminal else plain lines."""
    if progress is None:
        return "rich" if sys.stderr.isatty() else "plain"
    if progress is True:
        return "rich"
    if progress is False:
        return "off"
    return str(progress)


def _fmt_eta(sec: float | None) -> str:
    if sec is None:
        return "?"
    sec = int(sec + 0.5)
    h, rem = divmod(sec, 3600)
    m, s = divmod(rem, 60)
    return f"{h}h{m:02d}m" if h else (f"{m}m{s:02d}s" if m else f"{s}s")


class BuildProgress:
    """Documents and MB done, rate and ETA. mode: 'rich' (a bar on a terminal), 'plain' (a line every
    `interval` seconds or each further 10% of the documents), 'off'."""

    def __init__(self, docs: int, nbytes: int, mode: str = "plain", stream=None, interval: float = 10.0):
        self.docs, self.nbytes, self.mode = docs, nbytes, mode
        self.stream = stream or sys.stderr
        self.interval = interval
        self.done_docs = self.done_bytes = self.work_bytes = self.work_done = 0
        self.t0 = time.monotonic()
        self._last_t = self.t0
        self._last_decile = 0
        self._printed = -1
        self._rich = None
        if mode == "rich":
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )

            self._rich = Progress(
                TextColumn("[bold]kg build"), BarColumn(), TextColumn("{task.fields[docs]}"),
                DownloadColumn(binary_units=False), TransferSpeedColumn(), TextColumn("ETA"),
                TimeRemainingColumn(), console=Console(file=self.stream), transient=True,
            )
            self._task = self._rich.add_task("extract", total=max(1, nbytes), docs=self._docs_text())
            self._rich.start()

    def _docs_text(self) -> str:
        return f"{self.done_docs}/{self.docs} docs"

    def set_work(self, nbytes: int) -> None:
        """Bytes that need extraction (not reused): what the rate and ETA are computed on."""
        self.work_bytes = nbytes

    def advance(self, nbytes: int, extracted: bool) -> None:
        self.done_docs += 1
        self.done_bytes += nbytes
        if extracted:
            self.work_done += nbytes
        if self._rich is not None:
            self._rich.update(self._task, completed=self.done_bytes, docs=self._docs_text())
        elif self.mode == "plain":
            now = time.monotonic()
            decile = self.done_docs * 10 // max(1, self.docs)
            if decile > self._last_decile or now - self._last_t >= self.interval:
                self._last_decile, self._last_t = decile, now
                self.line()

    def line(self) -> None:
        el = time.monotonic() - self.t0
        rate = self.work_done / el if el > 0 else 0.0
        left = max(0, self.work_bytes - self.work_done)
        remaining = left / rate if rate > 0 else (0.0 if left == 0 else None)
        self._printed = self.done_docs
        print(f"kg build: {self.done_docs}/{self.docs} documents, {self.done_bytes / 1e6:.1f}/"
              f"{self.nbytes / 1e6:.1f} MB, {rate / 1e6:.2f} MB/s, ETA {_fmt_eta(remaining)}",
              file=self.stream, flush=True)

    def finish(self) -> None:
        if self.mode == "plain" and self._printed != self.done_docs:
            self.line()
        self.close()

    def message(self, text: str) -> None:
        if self.mode == "off":
            return
        if self._rich is not None:
            self._rich.console.print(text, markup=False, highlight=False)
        else:
            print(f"kg build: {text}", file=self.stream, flush=True)

    def close(self) -> None:
        if self._rich is not None:
            self._rich.stop()
            self._rich = None
