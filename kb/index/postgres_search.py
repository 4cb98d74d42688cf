"""The two searches of one PostgreSQL generation: pgvector HNSW and BM25 computed in SQL.

They stand where the embedded store has FAISS and bm25s (:class:`kb.index.snapshot.DenseSearch`,
:class:`kb.index.snapshot.LexicalSearch`) and answer in the snapshot's row numbers, so the
retriever, fusion and answerers above run unchanged.

BM25 is the same formula as bm25s (its default "lucene" variant, k1 = 1.2, b = 0.75) over the
same tokens (word-segmented, accent-folded; :mod:`kb.text.lexical_analyzer`), with the
statistics of the generation searched::

    idf(t) = ln(1 + (N - df + 0.5) / (df + 0.5))
    score  = sum over query tokens t (repeats count) of idf(t) * tf / (tf + k1 * (1 - b + b * len / avglen))

so both stores rank alike (measured: eval/RESULTS.md, "PostgreSQL store: parity"). Postgres' own full-text ranking
(``ts_rank`` over a ``simple`` tsvector) is not BM25 and was not used.
"""

from __future__ import annotations

import numpy as np

from kb.index.bm25 import DEFAULT_B, DEFAULT_K1
from kb.index.postgres_schema import ReaderConnections, vector_literal, visible

_BM25_SQL = f"""
WITH q AS (
    SELECT term, count(*)::float8 AS qtf FROM unnest(%(terms)s::text[]) AS term GROUP BY term
), hits AS (
    SELECT p.term, p.chunk, p.tf::float8 AS tf, c.length::float8 AS length
    FROM kb_postings p JOIN q USING (term) JOIN kb_chunks c ON c.id = p.chunk
    WHERE {visible("c")}
), df AS (
    SELECT term, count(*)::float8 AS df FROM hits GROUP BY term
)
SELECT h.chunk,
       sum(q.qtf * ln(1 + (%(n)s - df.df + 0.5) / (df.df + 0.5))
           * h.tf / (h.tf + %(k1)s * (1 - %(b)s + %(b)s * h.length / %(avglen)s)))
FROM hits h JOIN df USING (term) JOIN q USING (term)
GROUP BY h.chunk
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
    """Top-k by inner product with pgvector's HNSW index, restricted to one generation."""

    def __init__(self, connections: ReaderConnections, generation: int, ids: np.ndarray, dimension: int) -> None:
        self._connections = connections
        self._generation = generation
        self._rows = _Rows(ids)
        self._dimension = dimension

    @property
    def dimension(self) -> int:
        return self._dimension

    def __len__(self) -> int:
        return len(self._rows.ids)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        if len(self) == 0 or k <= 0:
            return np.empty(0, dtype=np.float32), np.empty(0, dtype=np.int64)
        query = np.asarray(query, dtype=np.float32).reshape(-1)
        if len(query) != self._dimension:
            raise ValueError(f"query has dimension {len(query)}, index has {self._dimension}")
        k = min(k, len(self))
        connection = self._connections.get(ef_search=k)
        found = connection.execute(
            _DENSE_SQL, {"query": vector_literal(query), "k": k, "generation": self._generation}
        ).fetchall()
        ids = np.array([row[0] for row in found], dtype=np.int64)
        scores = np.array([row[1] for row in found], dtype=np.float32)
        positions, rows = self._rows.rows_of(ids)
        return scores[positions], rows


class PostgresBM25Index:
    """BM25 of the chunks of one generation, computed in SQL from the postings."""

    def __init__(
        self,
        connections: ReaderConnections,
        generation: int,
        ids: np.ndarray,
        total_length: int,
        *,
        k1: float = DEFAULT_K1,
        b: float = DEFAULT_B,
    ) -> None:
        self._connections = connections
        self._generation = generation
        self._rows = _Rows(ids)
        self._average_length = total_length / len(ids) if len(ids) else 1.0
        self.k1 = k1
        self.b = b

    def __len__(self) -> int:
        return len(self._rows.ids)

    def rows_of(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions in ``ids`` of this generation's chunks, their row numbers) for database ids."""
        return self._rows.rows_of(ids)

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        scores = np.zeros(len(self), dtype=np.float32)
        if not query_tokens or len(self) == 0:
            return scores
        found = (
            self._connections.get()
            .execute(
                _BM25_SQL,
                {
                    "terms": list(query_tokens),
                    "generation": self._generation,
                    "n": float(len(self)),
                    "avglen": self._average_length,
                    "k1": self.k1,
                    "b": self.b,
                },
            )
            .fetchall()
        )
        if found:
            ids = np.array([row[0] for row in found], dtype=np.int64)
            values = np.array([row[1] for row in found], dtype=np.float32)
            positions, rows = self._rows.rows_of(ids)
            scores[rows] = values[positions]
        return scores
