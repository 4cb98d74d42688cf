"""Per-chunk records read on demand from a JSON-lines file, so a large generation is not held in memory.

A generation of a million chunks holds ~1.5 GB of chunk text and meta and ~260 million BM25 tokens:
as Python objects that is over 10 GB. The query side only ever reads the few hundred rows a
question lands on (and each derived table is built once per generation), so the files store
keeps them on disk: ``chunks.jsonl`` / ``tokens.jsonl`` with a ``*.offsets.npy`` of line starts,
memory-mapped, each row decoded when asked for (a small cache keeps the rows of recent questions).

Usage::

    write_rows(folder / "tokens.jsonl", token_lists)               # + tokens.offsets.npy
    tokens = JsonRows(folder / "tokens.jsonl")                       # a read-only sequence
    tokens[17], len(tokens), [t for t in tokens]
"""

from __future__ import annotations

import json
import mmap
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

ROW_CACHE = 8192  # decoded rows kept per file (a question reads a few hundred)


def offsets_path(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".jsonl") + ".offsets.npy")


def write_rows(path: Path, rows: Iterable[Any], *, encode: Callable[[Any], Any] = lambda row: row) -> int:
    """Write one JSON value per line and the byte offset of every line (``*.offsets.npy``); returns the count."""
    starts = [0]
    with path.open("wb") as handle:
        for row in rows:
            line = json.dumps(encode(row), ensure_ascii=False).encode() + b"\n"
            handle.write(line)
            starts.append(starts[-1] + len(line))
        handle.flush()
        os.fsync(handle.fileno())
    with offsets_path(path).open("wb") as handle:
        np.save(handle, np.asarray(starts, dtype=np.int64))
        handle.flush()
        os.fsync(handle.fileno())
    return len(starts) - 1


class JsonRows(Sequence):
    """A read-only sequence of the JSON lines of ``path`` (decoded by ``decode``), memory-mapped."""

    def __init__(self, path: Path, decode: Callable[[Any], Any] | None = None) -> None:
        self.path = Path(path)
        self._offsets = np.load(offsets_path(self.path), mmap_mode="r")
        self._decode = decode
        size = self.path.stat().st_size
        if len(self._offsets) == 0 or int(self._offsets[-1]) != size:
            raise ValueError(f"{self.path}: its offsets do not match the file ({size} bytes)")
        with self.path.open("rb") as handle:
            self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else None
        if self._map is not None and hasattr(mmap, "MADV_RANDOM"):
            # Rows are read here and there: no read-ahead, or a sample of rows pages in the whole file.
            self._map.madvise(mmap.MADV_RANDOM)
        self._row = lru_cache(maxsize=ROW_CACHE)(self._read)

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def _read(self, row: int) -> Any:
        start, end = int(self._offsets[row]), int(self._offsets[row + 1])
        value = json.loads(self._map[start:end])  # type: ignore[index]
        return self._decode(value) if self._decode else value

    def __getitem__(self, row):  # type: ignore[override]
        if isinstance(row, slice):
            return [self[r] for r in range(*row.indices(len(self)))]
        row = int(row)
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(row)
        return self._row(row)

    def __iter__(self) -> Iterator[Any]:
        # Streamed without filling the cache: a full pass builds a derived table once.
        try:
            for row in range(len(self)):
                yield self._read(row)
        finally:
            self.release()

    def release(self) -> None:
        """Unmap the pages a full pass read from this process (they stay in the kernel's page cache and
        are mapped again when a row is read): a pass over a million chunks would otherwise leave the whole
        file (1.6 GB of chunks.jsonl) counted in the process's resident memory."""
        if self._map is not None and hasattr(mmap, "MADV_DONTNEED"):
            self._map.madvise(mmap.MADV_DONTNEED)
