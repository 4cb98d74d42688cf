"""The two searches of one PostgreSQL generation: pgvector HNSW and BM25 computed in SQL.

They stand where the embedded store has FAISS and bm25s (:class:`kb.index.snapshot.DenseSearch`,
:class:`kb.index.snapshot.LexicalSearch`) and answer in the snapshot's row numbers, so the
retriever, fusion and answerers above run unchanged.

BM25 is the same formula as bm25s (its default "lucene" variant, k1 = 1.2, b = 0.75) over the
same tokens (word-segmented, accent-folded; :mod:`kb.text.lexical_analyzer`), with the
statistics of the generation searched (``kb_term_df``, the chunk count and total length)::

    idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))
    score  = sum over query tokens t (repeats count) of idf(t) * tf / (tf + k1 * (1 - b + b * len / avglen))

Reading every posting of a common term costs time in proportion to the corpus (9 s a question at
100,000 chunks when every posting was read and joined to its chunk). So, as search engines do with
impact-ordered postings, a term's postings are read best first and at most
``POSTINGS_PER_TERM`` of them: terms rarer than that are scored exactly for every chunk; for the
common ones the chunks they score highest are found, and the ``RESCORE`` best chunks overall then
get their exact score (their postings of the common terms looked up by key). Chunks below that
keep a lower bound. Up to ``POSTINGS_PER_TERM`` chunks per term (the demo corpus, the benchmarks,
the tests) every score is exact and equal to bm25s (eval/RESULTS.md, "PostgreSQL store: parity").
Postgres' own full-text ranking (``ts_rank`` over a ``simple`` tsvector) is not BM25 and was not used.
"""

from __future__ import annotations

import math
import threading
from collections import Counter

import numpy as np

from kb.facts import DENSE_IVF_NPROBE
from kb.index.bm25 import DEFAULT_B, DEFAULT_K1
from kb.index.postgres_schema import (
    DEFAULT_EF_SEARCH,
    KEEP,
    MAX_EF_SEARCH,
    POSTINGS_PER_TERM,
    RESCORE,
    ReaderConnections,
    vector_literal,
    visible,
)

# Per query term (with its weight qtf * idf and whether its postings are read in full): its best
# postings by impact in this generation, scored; summed per chunk, common terms apart.
_BM25_SQL = f"""
SELECT chunk, exact, partial FROM (
SELECT p.chunk,
       sum(CASE WHEN q.complete THEN q.weight * p.tf / (p.tf + %(k1)s * (1 - %(b)s + %(b)s * p.length / %(avglen)s))
           ELSE 0 END) AS exact,
       sum(CASE WHEN q.complete THEN 0
           ELSE q.weight * p.tf / (p.tf + %(k1)s * (1 - %(b)s + %(b)s * p.length / %(avglen)s)) END) AS partial
FROM unnest(%(terms)s::text[], %(weights)s::float8[], %(complete)s::boolean[]) AS q(term, weight, complete)
CROSS JOIN LATERAL (
    SELECT chunk, tf, length FROM kb_postings
    WHERE term = q.term AND {visible()}
    ORDER BY impact DESC LIMIT %(limit)s
) p
GROUP BY p.chunk
) scored
ORDER BY exact + partial DESC
LIMIT %(keep)s
"""

# The exact part of the common terms for the best chunks (the (term, chunk) key).
_RESCORE_SQL = f"""
SELECT p.chunk, sum(q.weight * p.tf / (p.tf + %(k1)s * (1 - %(b)s + %(b)s * p.length / %(avglen)s)))
FROM unnest(%(terms)s::text[], %(weights)s::float8[]) AS q(term, weight)
JOIN kb_postings p ON p.term = q.term AND p.chunk = ANY(%(chunks)s::bigint[])
WHERE {visible("p")}
GROUP BY p.chunk
"""

_DENSE_SQL = f"""
SELECT id, -(embedding <#> %(query)s::vector) AS score
FROM kb_chunks WHERE {visible()}
ORDER BY embedding <#> %(query)s::vector
LIMIT %(k)s
"""


class _Rows:
    """Database chunk ids (ascending, as loaded) -> the snapshot's row numbers."""

    def __init__(self, ids: np.ndarray) -> None:
        self.ids = np.asarray(ids, dtype=np.int64)

    def rows_of(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions in ``ids`` that belong to this snapshot, their rows)."""
        if len(self.ids) == 0 or len(ids) == 0:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
        rows = np.searchsorted(self.ids, ids)
        rows = np.minimum(rows, len(self.ids) - 1)
        known = self.ids[rows] == ids
        return np.flatnonzero(known), rows[known]


class PostgresDenseIndex:
    """Top-k by inner product with pgvector, restricted to one generation.

    ``kind``: the table's vector index, ``hnsw`` (searched with ``ef_search`` candidates, at least
    the k asked for), ``ivf`` (IVFFlat, ``nprobe`` lists searched) or ``flat`` (no index: exact).
    """

    def __init__(
        self,
        connections: ReaderConnections,
        generation: int,
        ids: np.ndarray,
        dimension: int,
        *,
        kind: str = "hnsw",
        ef_search: int = DEFAULT_EF_SEARCH,
        nprobe: int = DENSE_IVF_NPROBE,
    ) -> None:
        if kind not in ("hnsw", "ivf", "flat"):
            raise ValueError(f"kind must be hnsw, ivf or flat, got {kind!r}")
        self._connections = connections
        self._generation = generation
        self._rows = _Rows(ids)
        self._dimension = dimension
        self.kind = kind
        self.ef_search = ef_search
        self.nprobe = nprobe

    @property
    def dimension(self) -> int:
        return self._dimension

    def __len__(self) -> int:
        return len(self._rows.ids)

    def _setting(self, k: int) -> tuple[str, int] | None:
        if self.kind == "hnsw":
            return ("hnsw.ef_search", min(max(k, self.ef_search), MAX_EF_SEARCH))
        if self.kind == "ivf":
            return ("ivfflat.probes", max(self.nprobe, 1))
        return None

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self) == 0 or k <= 0:
            return np.empty(0, dtype=np.float32), np.empty(0, dtype=np.int64)
        query = np.asarray(query, dtype=np.float32).reshape(-1)
        if len(query) != self._dimension:
            raise ValueError(f"query has dimension {len(query)}, index has {self._dimension}")
        k = min(k, len(self))
        connection = self._connections.get(self._setting(k))
        found = connection.execute(
            _DENSE_SQL, {"query": vector_literal(query), "k": k, "generation": self._generation}
        ).fetchall()
        ids = np.array([row[0] for row in found], dtype=np.int64)
        scores = np.array([row[1] for row in found], dtype=np.float32)
        positions, rows = self._rows.rows_of(ids)
        return scores[positions], rows


class PostgresBM25Index:
    """BM25 of the chunks of one generation, computed in SQL from impact-ordered postings."""

    def __init__(
        self,
        connections: ReaderConnections,
        generation: int,
        ids: np.ndarray,
        total_length: int,
        *,
        k1: float = DEFAULT_K1,
        b: float = DEFAULT_B,
        postings_per_term: int = POSTINGS_PER_TERM,
        rescore: int = RESCORE,
    ) -> None:
        if postings_per_term < 1 or rescore < 1:
            raise ValueError("postings_per_term and rescore must be positive")
        self._connections = connections
        self._generation = generation
        self._rows = _Rows(ids)
        self._average_length = total_length / len(ids) if len(ids) else 1.0
        self.k1 = k1
        self.b = b
        self.postings_per_term = postings_per_term
        self.rescore = rescore
        self.keep = KEEP  # chunks whose score is returned (the rest of a million stay 0)
        self._local = threading.local()  # per thread: what the last search scored exactly

    def __len__(self) -> int:
        return len(self._rows.ids)

    def rows_of(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions in ``ids`` of this generation's chunks, their row numbers) for database ids."""
        return self._rows.rows_of(ids)

    def _shape(self) -> dict[str, float]:
        """The BM25 parameters and statistics every query of this generation binds."""
        return {"k1": self.k1, "b": self.b, "avglen": self._average_length, "generation": self._generation}

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        scores = np.zeros(len(self), dtype=np.float32)
        if not query_tokens or len(self) == 0:
            return scores
        counts = Counter(query_tokens)
        connection = self._connections.get()
        frequencies = dict(
            connection.execute(
                "SELECT term, df FROM kb_term_df WHERE generation = %s AND term = ANY(%s)",
                (self._generation, list(counts)),
            ).fetchall()
        )
        terms = [term for term in counts if frequencies.get(term)]
        self._local.last = (tuple(query_tokens), [], [], None)
        if not terms:
            return scores
        n = float(len(self))
        weights = [counts[t] * math.log(1 + (n - frequencies[t] + 0.5) / (frequencies[t] + 0.5)) for t in terms]
        complete = [frequencies[t] <= self.postings_per_term for t in terms]
        shape = self._shape()
        # Until told otherwise, every score is exact (no common term, the limit not reached).
        self._local.last = (tuple(query_tokens), terms, weights, None)
        found = connection.execute(
            _BM25_SQL,
            {
                **shape,
                "terms": terms,
                "weights": weights,
                "complete": complete,
                "limit": self.postings_per_term,
                "keep": self.keep,
            },
        ).fetchall()
        if not found:
            return scores
        ids = np.array([row[0] for row in found], dtype=np.int64)
        exact = np.array([row[1] for row in found], dtype=np.float64)
        values = exact + np.array([row[2] for row in found], dtype=np.float64)
        partial = not all(complete) or len(found) >= self.keep
        if not all(complete) and len(ids):
            # The best chunks get the exact part of the common terms (their postings by key).
            best = np.argsort(-values, kind="stable")[: self.rescore]
            common = [(t, w) for t, w, c in zip(terms, weights, complete, strict=True) if not c]
            parts = dict(
                connection.execute(
                    _RESCORE_SQL,
                    {
                        **shape,
                        "terms": [t for t, _ in common],
                        "weights": [w for _, w in common],
                        "chunks": ids[best].tolist(),
                    },
                ).fetchall()
            )
            values[best] = exact[best] + np.array([parts.get(int(i), 0.0) for i in ids[best]], dtype=np.float64)
        positions, rows = self._rows.rows_of(ids)
        scores[rows] = values[positions]
        if partial:  # exact: the rescored best chunks (all of them when every term was read in full)
            known = ids[best] if not all(complete) else ids
            self._local.last = (tuple(query_tokens), terms, weights, self._rows.rows_of(known)[1])
        return scores

    def exact_scores(self, query_tokens: list[str], rows: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """Exact BM25 of ``rows`` given :meth:`scores` of the same tokens (in this thread): the rows it
        scored exactly keep their score, the others are computed from their postings (by key)."""
        rows = np.asarray(rows, dtype=np.int64)
        out = np.asarray(scores[rows], dtype=np.float32).copy()
        last = getattr(self._local, "last", None)
        if last is None or last[0] != tuple(query_tokens):
            scores = self.scores(query_tokens)
            out = np.asarray(scores[rows], dtype=np.float32).copy()
            last = self._local.last
        _, terms, weights, known = last
        if known is None or not terms or len(rows) == 0:
            return out
        todo = np.flatnonzero(~np.isin(rows, known))
        if len(todo) == 0:
            return out
        chunk_ids = self._rows.ids[rows[todo]]
        found = dict(
            self._connections.get()
            .execute(
                _RESCORE_SQL,
                {
                    **self._shape(),
                    "terms": terms,
                    "weights": weights,
                    "chunks": chunk_ids.tolist(),
                },
            )
            .fetchall()
        )
        out[todo] = np.array([found.get(int(i), 0.0) for i in chunk_ids], dtype=np.float32)
        return out
