"""Dense vector index: FAISS inner product over L2-normalised embeddings (= cosine).

Exact (``IndexFlatIP``) for ordinary sizes; approximate (``IndexIVFFlat``) for large generations
(setting ``dense_index``: ``auto`` switches at :data:`kb.facts.DENSE_ANN_THRESHOLD` chunks).
"""

from __future__ import annotations

import math
from pathlib import Path

import faiss
import numpy as np

from kb.facts import DENSE_ANN_THRESHOLD, DENSE_INDEXES, DENSE_IVF_NPROBE

IVF_TRAIN_PER_LIST = 40  # training vectors per inverted list (k-means; faiss warns below 39)


def dense_kind(kind: str, size: int) -> str:
    """``flat`` or ``ivf`` for a generation of ``size`` chunks under setting ``kind``."""
    if kind not in DENSE_INDEXES:
        raise ValueError(f"dense_index must be one of {', '.join(DENSE_INDEXES)}, got {kind!r}")
    if kind == "auto":
        return "ivf" if size >= DENSE_ANN_THRESHOLD else "flat"
    return kind


def ivf_lists(size: int) -> int:
    """Number of inverted lists for ``size`` vectors: 2·√n, at least 1, at most n / 39."""
    return max(1, min(int(2 * math.sqrt(size)), size // 39 or 1))


class DenseIndex:
    """Inner-product search over normalised vectors: exact, or IVF when built so.

    Usage::

        index = DenseIndex.build(vectors)                 # (n, dim) float32, rows L2-normalised
        index = DenseIndex.build(vectors, kind="ivf")     # approximate; nprobe stored with it
        scores, rows = index.search(query_vector, k=10)
        index.save(path); DenseIndex.load(path)
    """

    def __init__(self, index: faiss.Index) -> None:
        self._index = index

    @classmethod
    def build(
        cls, vectors: np.ndarray, kind: str = "auto", *, nprobe: int = DENSE_IVF_NPROBE, seed: int = 0
    ) -> DenseIndex:
        if vectors.ndim != 2:
            raise ValueError(f"vectors must be a 2-D array, got shape {vectors.shape}")
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if dense_kind(kind, len(vectors)) == "flat" or len(vectors) == 0:
            index = faiss.IndexFlatIP(vectors.shape[1])
            if len(vectors):
                index.add(vectors)
            return cls(index)
        lists = ivf_lists(len(vectors))
        quantizer = faiss.IndexFlatIP(vectors.shape[1])
        index = faiss.IndexIVFFlat(quantizer, vectors.shape[1], lists, faiss.METRIC_INNER_PRODUCT)
        sample = min(len(vectors), lists * IVF_TRAIN_PER_LIST)
        rows = np.random.default_rng(seed).choice(len(vectors), sample, replace=False)
        index.train(vectors[np.sort(rows)])
        index.add(vectors)
        index.nprobe = min(nprobe, lists)
        index.quantizer_trains_alone = 0
        index.own_fields = True
        quantizer.this.disown()
        return cls(index)

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        return cls(faiss.read_index(str(path)))

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @property
    def kind(self) -> str:
        return "ivf" if isinstance(self._index, faiss.IndexIVF) else "flat"

    @property
    def nprobe(self) -> int | None:
        return int(self._index.nprobe) if self.kind == "ivf" else None

    @nprobe.setter
    def nprobe(self, value: int) -> None:
        if self.kind == "ivf":
            self._index.nprobe = int(value)

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
