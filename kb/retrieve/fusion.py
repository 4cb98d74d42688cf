"""How BM25 and dense scores of the same candidates become one score.

- :func:`fuse_weighted`: min-max normalise each list over the candidates, mix linearly;
- :func:`fuse_rrf`: reciprocal rank fusion (ranks only);
- :func:`fuse_normalised`: min-max, z-score or anchored normalisation (each method's score between
  its best and its 100th best), measured in eval/RESULTS.md "What was tried"; min-max is the default.
"""

from __future__ import annotations

import numpy as np

DEFAULT_RRF_K = 60


def min_max(values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return values
    low, high = float(values.min()), float(values.max())
    if high - low < 1e-9:
        return np.ones_like(values) if high > 0 else np.zeros_like(values)
    return (values - low) / (high - low)


def fuse_weighted(bm25: np.ndarray, dense: np.ndarray, dense_weight: float) -> np.ndarray:
    """Min-max normalise each score list over the candidates, then mix linearly."""
    return dense_weight * min_max(dense) + (1.0 - dense_weight) * min_max(bm25)


def fuse_rrf(bm25: np.ndarray, dense: np.ndarray, k: int = DEFAULT_RRF_K) -> np.ndarray:
    """Reciprocal rank fusion: sum of 1 / (k + rank) over the two rankings."""
    fused = np.zeros(len(bm25), dtype=np.float64)
    for scores in (bm25, dense):
        order = np.argsort(-scores, kind="stable")
        ranks = np.empty(len(scores), dtype=np.int64)
        ranks[order] = np.arange(1, len(scores) + 1)
        contribution = 1.0 / (k + ranks)
        if scores is bm25:
            contribution[scores <= 0] = 0.0  # no lexical match is no vote
        fused += contribution
    return fused


def z_score(values: np.ndarray) -> np.ndarray:
    """Standardised scores over the candidates (0 when they are all equal)."""
    if values.size == 0:
        return values
    spread = float(values.std())
    return (
        (values - float(values.mean())) / spread if spread > 1e-9 else np.zeros_like(values, dtype=np.float64)
    )


ANCHOR_RANK = 100


def anchored(values: np.ndarray, rank: int = ANCHOR_RANK) -> np.ndarray:
    """Min-max between the best value and the ``rank``-th best (each method's own result list, as
    when every retriever's list is normalised on its own); lower values clip to 0."""
    if values.size == 0:
        return values
    floor = float(np.sort(values)[-min(rank, values.size)])
    high = float(values.max())
    if high - floor < 1e-9:
        return (values >= high).astype(np.float64)
    return np.clip((values - floor) / (high - floor), 0.0, 1.0)


NORMALISATIONS = {"min-max": min_max, "z-score": z_score, "anchored": anchored}


def fuse_normalised(
    bm25: np.ndarray, dense: np.ndarray, dense_weight: float, normalisation: str
) -> np.ndarray:
    """Like :func:`fuse_weighted`, with the normalisation named (``min-max`` or ``z-score``)."""
    normalise = NORMALISATIONS[normalisation]
    return dense_weight * normalise(dense) + (1.0 - dense_weight) * normalise(bm25)
