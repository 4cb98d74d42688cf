"""Dense vector index: FAISS inner product over L2-normalised embeddings (= cosine)."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np


class DenseIndex:
    """Exact inner-product search (``faiss.IndexFlatIP``) over normalised vectors.

    Usage::

        index = DenseIndex.build(vectors)          # (n, dim) float32, rows L2-normalised
        scores, rows = index.search(query_vector, k=10)
        index.save(path); DenseIndex.load(path)
    """

    def __init__(self, index: faiss.Index) -> None:
        self._index = index

    @classmethod
    def build(cls, vectors: np.ndarray) -> DenseIndex:
        if vectors.ndim != 2:
            raise ValueError(f"vectors must be a 2-D array, got shape {vectors.shape}")
        index = faiss.IndexFlatIP(vectors.shape[1])
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        return cls(faiss.read_index(str(path)))

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @property
    def dimension(self) -> int:
        return int(self._index.d)

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` (scores, row ids) for one query vector; fewer when the index is smaller."""
        if len(self) == 0 or k <= 0:
            return np.empty(0, dtype=np.float32), np.empty(0, dtype=np.int64)
        query = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        if query.shape[1] != self.dimension:
            raise ValueError(f"query has dimension {query.shape[1]}, index has {self.dimension}")
        scores, rows = self._index.search(query, min(k, len(self)))
        keep = rows[0] >= 0
        return scores[0][keep], rows[0][keep]
