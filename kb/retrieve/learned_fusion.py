"""A linear ranking model over the retriever's per-candidate features, fitted on training sets.

The ``weighted`` method mixes five signals with hand-set weights (min-max BM25 and dense, the
title field, the definition flag, the unmentioned-name penalty). ``learned`` scores the same
candidates with one more signal — the raw cosine relative to the best candidate's, which min-max
stretches away — and lets the English-question weights differ, all weighted by a pairwise logistic
regression (the gold candidate against each other candidate of the same question). Reciprocal
ranks and BM25 relative to its best were tried as well: they did not carry over from the small
domain corpus to ALQAC's 2,249 articles in cross-validation (``eval/RESULTS.md``).

The weights live in ``learned_fusion.json`` beside this module, written by
``python -m eval.fit_fusion`` from the fit datasets only (``eval/datasets.py`` roles); the file
records which sets, how many questions and pairs, and the cross-validation it was chosen on.

Usage::

    model = LearnedFusion.load()
    fused = model.score(features)  # features: (candidates, len(FEATURES)) from HybridRetriever
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

WEIGHTS_FILE = Path(__file__).with_name("learned_fusion.json")

# One column per feature, in this order (the weights file must name the same ones).
FEATURES = (
    "bm25_minmax",  # BM25 over the candidates, min-max (per language for English questions)
    "dense_minmax",  # cosine over the candidates, min-max (language-calibrated for English questions)
    "dense_gap",  # cosine minus the best candidate's cosine (absolute, not stretched by min-max)
    "title",  # title-field score, for the best passage of each matching title (0 otherwise)
    "definition",  # 1 when the passage defines the term of a "… là gì?" question
    "missing_names",  # share of the question's names its document never mentions
    "english_bm25",  # bm25_minmax for English questions, else 0
    "english_dense",  # dense_minmax for English questions, else 0
)


@dataclass(frozen=True)
class LearnedFusion:
    """Weights of :data:`FEATURES`; the fused score is their dot product with a candidate's features."""

    weights: np.ndarray
    info: dict

    def __post_init__(self) -> None:
        if self.weights.shape != (len(FEATURES),):
            raise ValueError(f"expected {len(FEATURES)} weights, got shape {self.weights.shape}")

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> LearnedFusion:
        data = json.loads(path.read_text(encoding="utf-8"))
        names = tuple(data["features"])
        if names != FEATURES:
            raise ValueError(
                f"{path} was fitted on features {names}, this code computes {FEATURES}: refit it"
            )
        return cls(np.asarray(data["weights"], dtype=np.float64), data.get("info", {}))

    def save(self, path: Path = WEIGHTS_FILE) -> None:
        payload = {
            "features": list(FEATURES),
            "weights": [round(float(w), 6) for w in self.weights],
            "info": self.info,
        }
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    def score(self, features: np.ndarray) -> np.ndarray:
        return features @ self.weights
