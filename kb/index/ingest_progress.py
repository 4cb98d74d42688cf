"""Progress of ``kb ingest``: files done of total, chunks, rate and time left.

On a terminal: a tqdm bar on stderr (``kb ingest: 42%|████  | 2100/5000 files, 41300 chunks,
310 files/min, 95 pages/min, ETA 0:09:21``), with a page bar under it while a long scan is
OCR'd in the parent (one worker). Not on a terminal (a log, a CI job): the same figures as a
plain line every :data:`LINE_SECONDS` seconds and at the end. Files taken from the staging cache
(a resumed run) count as done but not in the rate, so the time left is not underestimated. The
caller's listener (the chat's upload message) gets a ``ProgressEvent`` per file ("file", before
and after) and per OCR'd page ("ocr").
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from ingest.formats import ProgressEvent

LINE_SECONDS = 10.0


def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class IngestProgress:
    """Counts files, chunks and pages of one ingest run and shows them (see the module doc)."""

    def __init__(self, total: int, enabled: bool, listener: Callable[[ProgressEvent], None] | None = None) -> None:
        self.total = total
        self.done = 0
        self.resumed = 0
        self.failed = 0
        self.chunks = 0
        self.pages = 0
        self._listener = listener
        self._started = time.monotonic()
        self._last_line = self._started
        self._bar = None
        self._pages = None
        self._lines = enabled and total > 0 and not sys.stderr.isatty()
        if enabled and total and sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(
                total=total,
                desc="kb ingest",
                file=sys.stderr,
                bar_format="{desc}: {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} files, {postfix}",
            )
            self._bar.set_postfix_str(self.figures(), refresh=False)

    def _tell(self, event: ProgressEvent) -> None:
        if self._listener is not None:
            try:
                self._listener(event)
            except Exception:  # a broken display must not stop the ingest
                self._listener = None

    # --- figures ---------------------------------------------------------------------------
    def rate(self) -> float:
        """Files per minute processed by this run (resumed files left out)."""
        minutes = (time.monotonic() - self._started) / 60
        worked = self.done - self.resumed
        return worked / minutes if minutes > 0 and worked > 0 else 0.0

    def figures(self) -> str:
        minutes = max((time.monotonic() - self._started) / 60, 1e-9)
        rate = self.rate()
        left = self.total - self.done
        eta = _clock(left / rate * 60) if rate > 0 else "?"
        parts = [f"{self.chunks} chunks", f"{rate:.1f} files/min"]
        if self.pages:
            parts.append(f"{self.pages / minutes:.0f} pages/min")
        if self.resumed:
            parts.append(f"{self.resumed} resumed")
        if self.failed:
            parts.append(f"{self.failed} failed")
        parts.append(f"ETA {eta}" if left else f"in {_clock(minutes * 60)}")
        return ", ".join(parts)

    # --- events ----------------------------------------------------------------------------
    def start(self, label: str) -> None:
        self._tell(ProgressEvent(label, "file", self.done, self.total))

    def page(self, event: ProgressEvent) -> None:
        """A converter's progress (OCR pages of the current file, when files are read in this process)."""
        self._tell(event)
        if self._bar is None:
            return
        if self._pages is None:
            from tqdm import tqdm

            self._pages = tqdm(total=event.total, unit="page", desc=f"OCR {event.file[-30:]}", file=sys.stderr, leave=False)
        self._pages.n = event.done
        self._pages.refresh()
        if event.done >= event.total:
            self._pages.close()
            self._pages = None

    def step(self, label: str, *, chunks: int = 0, pages: int = 0, resumed: bool = False, failed: bool = False) -> None:
        """One file finished (embedded, taken from the staging cache, or failed)."""
        self.done += 1
        self.chunks += chunks
        self.resumed += int(resumed)
        self.failed += int(failed)
        if not resumed:
            self.pages += pages
        self._tell(ProgressEvent(label, "file", self.done, self.total))
        if self._pages is not None:
            self._pages.close()
            self._pages = None
        if self._bar is not None:
            self._bar.set_postfix_str(self.figures(), refresh=False)
            self._bar.update(1)
        elif self._lines and (time.monotonic() - self._last_line >= LINE_SECONDS or self.done == self.total):
            self._last_line = time.monotonic()
            print(f"kb ingest: {self.done}/{self.total} files, {self.figures()}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._pages is not None:
            self._pages.close()
        if self._bar is not None:
            self._bar.close()
