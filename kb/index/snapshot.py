"""One loaded generation of the index, as the query side reads it.

An :class:`IndexSnapshot` is immutable once built: documents, chunks (in vector row order),
vectors, BM25 tokens, the FAISS and BM25 indexes and the legal outlines. What the query side
derives from a generation (title-field index, diacritics table, IDF statistics, per-document
name text) is kept in its :class:`SnapshotCache` and dies with it.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np

from kb.index.bm25 import BM25Index
from kb.index.dense import DenseIndex

T = TypeVar("T")

# Tables derived from every chunk's tokens (IDF of the evidence scorer, the diacritics table) are
# built from at most this many chunks, drawn at random (fixed seed): their cost is a one-off per
# generation and process, and beyond ~20k chunks document frequencies are estimated well enough.
DERIVED_SAMPLE = 20_000


class DenseSearch(Protocol):
    """Nearest chunks by inner product: FAISS in the embedded store, pgvector in PostgreSQL."""

    @property
    def dimension(self) -> int: ...

    def __len__(self) -> int: ...

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` (scores, row ids) for one query vector."""
        ...


class LexicalSearch(Protocol):
    """BM25 over the analyser's tokens: bm25s in the embedded store, SQL in PostgreSQL."""

    def __len__(self) -> int: ...

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every chunk (row order) for the query tokens."""
        ...


def read_rows(sequence: Sequence[T], rows: np.ndarray | list[int]) -> list[T]:
    """``[sequence[r] for r in rows]``, in one read where the sequence reads rows on demand (``fetch``)."""
    fetch = getattr(sequence, "fetch", None)
    if fetch is not None:
        return fetch(rows)
    return [sequence[int(row)] for row in rows]


class SnapshotCache:
    """Values derived from one generation, built once on first use (thread-safe).

    Usage::

        table = snapshot.cache.get("diacritics", lambda: DiacriticTable(snapshot))
    """

    def __init__(self) -> None:
        self._values: dict[Hashable, object] = {}
        self._lock = threading.RLock()

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value under ``key``, built by ``build()`` the first time (once, under a lock)."""
        try:
            return self._values[key]  # type: ignore[return-value]
        except KeyError:
            pass
        with self._lock:
            if key not in self._values:
                self._values[key] = build()
            return self._values[key]  # type: ignore[return-value]

    def __contains__(self, key: Hashable) -> bool:
        return key in self._values

    def __len__(self) -> int:
        return len(self._values)


@dataclass
class StoredDocument:
    """One ingested file."""

    doc_id: str
    path: str
    fingerprint: str
    content_sha256: str
    size: int
    info: dict[str, str]  # title, kind, number, status, … (see ingest.manifest.DocumentInfo)
    chunk_count: int = 0
    ingested_at: str = ""
    extra: dict[str, object] = field(default_factory=dict)  # format, page_count, source_header, …


@dataclass
class StoredChunk:
    """One indexed passage; ``text`` is exactly what was indexed and may be quoted."""

    chunk_id: str
    doc_id: str
    index: int
    text: str
    meta: dict[str, object]  # page, heading, section_path, locator, provision, provision_path, start, end


@dataclass
class IndexSnapshot:
    """A loaded, immutable generation of the index."""

    path: Path | None
    meta: dict[str, object]
    documents: dict[str, StoredDocument]
    chunks: list[StoredChunk]
    vectors: np.ndarray
    tokens: list[list[str]]
    dense: DenseSearch
    bm25: LexicalSearch
    # doc_id -> {"body": text, "body_offset": int, "is_legal": bool, "provisions": [...]}
    outlines: dict[str, dict] = field(default_factory=dict)
    # Per chunk row: position of its document in ``documents`` (derived from ``chunks`` when None).
    chunk_docs: np.ndarray | None = field(default=None, repr=False, compare=False)
    # Per chunk row, kept by a store that reads rows on demand (PostgreSQL) so that the tables the
    # query side derives once per generation do not read every chunk; None: derived from ``chunks``.
    chunk_languages: np.ndarray | None = field(default=None, repr=False, compare=False)  # passage_language
    chunk_headings: Sequence[str] | None = field(default=None, repr=False, compare=False)  # meta["heading"]
    cache: SnapshotCache = field(default_factory=SnapshotCache, repr=False, compare=False)

    @classmethod
    def empty(cls, dimension: int = 0, meta: dict[str, object] | None = None) -> IndexSnapshot:
        vectors = np.zeros((0, dimension), dtype=np.float32)
        return cls(
            None, dict(meta or {}), {}, [], vectors, [], DenseIndex.build(vectors), BM25Index.build([])
        )

    @property
    def dimension(self) -> int:
        return int(self.vectors.shape[1])

    @property
    def generation(self) -> str:
        """Name of this generation in its store ("gen-…" folder, "pg-N"), "" when never committed."""
        if self.meta.get("generation"):
            return str(self.meta["generation"])
        return self.path.name if self.path is not None else ""

    def doc_codes(self) -> np.ndarray:
        """Per chunk row, the position of its document in ``documents`` (-1: unknown document)."""

        def build() -> np.ndarray:
            if self.chunk_docs is not None and len(self.chunk_docs) == len(self.chunks):
                return np.asarray(self.chunk_docs, dtype=np.int32)
            position = {doc_id: i for i, doc_id in enumerate(self.documents)}
            return np.fromiter(
                (position.get(chunk.doc_id, -1) for chunk in self.chunks), dtype=np.int32, count=len(self.chunks)
            )

        return self.cache.get("doc_codes", build)

    def rows_by_document(self) -> tuple[np.ndarray, np.ndarray]:
        """(rows sorted by document, start of each document's run in them; one more than documents)."""

        def build() -> tuple[np.ndarray, np.ndarray]:
            codes = self.doc_codes()
            order = np.argsort(codes, kind="stable")
            bounds = np.searchsorted(codes[order], np.arange(len(self.documents) + 1))
            return order, bounds

        return self.cache.get("rows_by_document", build)

    def chunks_of(self, doc_id: str) -> Iterator[int]:
        """Row numbers of the chunks of one document (ascending)."""
        position = self.cache.get(
            "document_positions", lambda: {d: i for i, d in enumerate(self.documents)}
        ).get(doc_id)
        if position is None:
            return iter(())
        order, bounds = self.rows_by_document()
        return (int(row) for row in order[bounds[position] : bounds[position + 1]])

    def sample_rows(self, limit: int = DERIVED_SAMPLE) -> np.ndarray:
        """All rows when there are at most ``limit``, else ``limit`` rows drawn at random (ascending)."""
        n = len(self.chunks)
        if n <= limit:
            return np.arange(n)
        return np.sort(np.random.default_rng(0).choice(n, limit, replace=False))

    def sampled_tokens(self, limit: int = DERIVED_SAMPLE) -> Iterator[list[str]]:
        """Token lists of :meth:`sample_rows` (every chunk's up to ``limit`` chunks)."""
        if len(self.tokens) <= limit and not hasattr(self.tokens, "fetch"):
            return iter(self.tokens)
        rows = self.sample_rows(limit)
        fetch = getattr(self.tokens, "fetch", None)  # many rows in one read (PostgreSQL)
        if fetch is not None:
            return iter(fetch(rows))
        return (self.tokens[int(row)] for row in rows)

    def headings(self) -> Sequence[str]:
        """The heading of every chunk ("" when it has none): kept by the store, or read in one pass."""
        if self.chunk_headings is not None:
            return self.chunk_headings
        return self.cache.get(
            "headings", lambda: [sys.intern(str(c.meta.get("heading") or "")) for c in self.chunks]
        )

    def heading(self, row: int) -> str:
        """The heading of the chunk at ``row`` ("" when it has none)."""
        return self.headings()[row] or ""

    def size_bytes(self) -> int:
        if self.path is None:
            return int(self.meta.get("size_bytes") or 0)  # a database's tables (set by its store)
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())


class SnapshotBound:
    """Mixin of components that read one index generation, given at construction.

    As a Haystack retriever is given its document store, these components are given the
    :class:`IndexSnapshot` they read; a question runs on one generation from start to end.
    After an ingest the knowledge base :meth:`rebind` s every component to the new generation:
    same class, same settings (as they are now, e.g. after a tuning sweep changed one), new
    snapshot. ``SETTINGS`` names the constructor arguments that make up a component's settings.
    """

    SETTINGS: tuple[str, ...] = ()
    snapshot: IndexSnapshot

    def settings(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self.SETTINGS}

    def rebind(self, snapshot: IndexSnapshot):  # -> same type
        """The same component, with its current settings, reading ``snapshot``."""
        return type(self)(snapshot, **self.settings())
