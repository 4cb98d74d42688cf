"""The rows of one PostgreSQL generation, read on demand: chunks, their tokens and their vectors.

A generation of a million chunks is ~1.5 GB of text and ~260 million tokens; loading it whole took
57 s and 3.4 GB at 100,000 chunks. A question reads a few hundred rows, so the reader keeps only the
database ids of the generation (row ``r`` is ``ids[r]``, ascending) and reads rows when asked,
many at once where the caller asks for many (``vectors[candidates]``, :meth:`PostgresRows.fetch`),
with a cache of recent rows. A single-row read also reads the next rows of the generation: they
are the same document's next chunks, which answerers walk.

Usage::

    chunks = PostgresChunks(connections, generation_ids)
    chunks[17].text, len(chunks), chunks.fetch([3, 9, 12])
    vectors = PostgresVectors(connections, generation_ids, 384)
    vectors[np.array([3, 9])] @ query
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from kb.index.postgres_schema import ReaderConnections
from kb.index.snapshot import StoredChunk

ROW_CACHE = 16_384  # decoded rows kept per column set (a question reads a few hundred)
READ_AHEAD = 16  # rows read with a single-row miss (the document's next chunks)
STREAM_BATCH = 5_000  # rows per read when iterating a whole generation


class PostgresRows(Sequence):
    """A read-only sequence over the rows ``ids`` of ``kb_chunks``, one value per row."""

    COLUMNS = ""  # SQL select list after the id

    def __init__(self, connections: ReaderConnections, ids: np.ndarray) -> None:
        self._connections = connections
        self.ids = np.asarray(ids, dtype=np.int64)
        self._cache: OrderedDict[int, Any] = OrderedDict()
        self._lock = threading.Lock()

    def _decode(self, row: tuple) -> Any:
        raise NotImplementedError

    def _query(self, ids: list[int]) -> dict[int, Any]:
        if not ids:
            return {}
        connection = self._connections.get()
        with connection.cursor(binary=True) as cursor:
            cursor.execute(f"SELECT id, {self.COLUMNS} FROM kb_chunks WHERE id = ANY(%s)", (ids,))
            return {int(row[0]): self._decode(row[1:]) for row in cursor}

    def fetch(self, rows: Sequence[int] | np.ndarray) -> list[Any]:
        """The values of ``rows`` (in that order), read in one query for those not cached."""
        rows = np.asarray(rows, dtype=np.int64).reshape(-1)
        if len(rows) and (rows.min() < -len(self) or rows.max() >= len(self)):
            raise IndexError("row out of range")
        rows = np.where(rows < 0, rows + len(self), rows)
        wanted = self.ids[rows].tolist()
        with self._lock:
            found = {i: self._cache[i] for i in wanted if i in self._cache}
        missing = [i for i in dict.fromkeys(wanted) if i not in found]
        if len(missing) == 1:  # one row: read the rows after it too (the same document's next chunks)
            start = int(np.searchsorted(self.ids, missing[0]))
            missing = self.ids[start : start + READ_AHEAD].tolist()
        read = self._query(missing)
        found.update(read)
        with self._lock:
            for key, value in read.items():
                self._cache[key] = value
                self._cache.move_to_end(key)
            while len(self._cache) > ROW_CACHE:
                self._cache.popitem(last=False)
        return [found[i] for i in wanted]

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, row):  # type: ignore[override]
        if isinstance(row, slice):
            return self.fetch(np.arange(len(self))[row])
        if isinstance(row, (list, np.ndarray)):
            return self.fetch(row)
        return self.fetch([int(row)])[0]

    def __iter__(self) -> Iterator[Any]:
        # Streamed in batches without filling the cache (a full pass builds a derived table once).
        for start in range(0, len(self), STREAM_BATCH):
            batch = self.ids[start : start + STREAM_BATCH].tolist()
            read = self._query(batch)
            yield from (read[i] for i in batch)


class PostgresChunks(PostgresRows):
    """:class:`StoredChunk` per row."""

    COLUMNS = "chunk_id, doc_id, idx, text, meta"

    def _decode(self, row: tuple) -> StoredChunk:
        return StoredChunk(row[0], row[1], int(row[2]), row[3], row[4])


class PostgresTokens(PostgresRows):
    """The analyser's tokens per row (list of str)."""

    COLUMNS = "tokens"

    def _decode(self, row: tuple) -> list[str]:
        return list(row[0])


def parse_vector(data: bytes) -> np.ndarray:
    """pgvector's binary form (int16 dimension, int16 unused, big-endian float4 values) as float32."""
    dimension = int.from_bytes(data[:2], "big")
    return np.frombuffer(data, dtype=">f4", count=dimension, offset=4).astype(np.float32)


class PostgresVectors:
    """The embedding matrix of a generation, read by rows: ``vectors[rows]`` is a float32 array."""

    def __init__(self, connections: ReaderConnections, ids: np.ndarray, dimension: int) -> None:
        self._rows = _VectorRows(connections, ids)
        self.dimension = int(dimension)
        self.dtype = np.dtype(np.float32)

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self._rows), self.dimension)

    @property
    def ndim(self) -> int:
        return 2

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, rows) -> np.ndarray:
        if isinstance(rows, (int, np.integer)):
            return self._rows.fetch([int(rows)])[0]
        if isinstance(rows, slice):
            rows = np.arange(len(self))[rows]
        rows = np.asarray(rows)
        if rows.dtype == bool:
            rows = np.flatnonzero(rows)
        values = self._rows.fetch(rows)
        if not values:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.vstack(values)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        matrix = np.zeros((0, self.dimension), dtype=np.float32)
        if len(self):
            matrix = np.vstack(list(iter(self._rows)))
        return matrix.astype(dtype) if dtype is not None else matrix


class _VectorRows(PostgresRows):
    COLUMNS = "embedding"

    def _decode(self, row: tuple) -> np.ndarray:
        return parse_vector(row[0])
