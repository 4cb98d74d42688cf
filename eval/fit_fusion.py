"""Fit the ``learned`` retrieval method's weights on the fit datasets only.

    python -m eval.fit_fusion            # cross-validate, fit on every fit set, write the weights
    python -m eval.fit_fusion --dry-run  # cross-validate only

For each question of each fit dataset (``eval/datasets.py``: ``RETRIEVAL_ROLES`` marked fit), the
retriever's candidates and their features (``kb/retrieve/learned_fusion.py``) are collected with
the product's own query analysis. A pairwise logistic regression learns which of two candidates of
the same question belongs to the gold unit: each question contributes its best gold candidate
against every other candidate (up to ``NEGATIVES``, the best by the weighted method first), weighted
so every question counts the same. The
regularisation is chosen by leave-one-dataset-out cross-validation (P@1 of the held-out set),
where the ``weighted`` method, written in the same features, is the baseline. Report datasets are
never opened here.
"""

from __future__ import annotations

import argparse
import json
import statistics
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

from eval.datasets import RETRIEVAL_ROLES, load_dataset, persistent_index
from eval.question_sets import FIT
from kb.config import Settings
from kb.knowledge_base import KnowledgeBase
from kb.retrieve.hybrid_retriever import (
    DEFAULT_DEFINITION_WEIGHT,
    DEFAULT_DENSE_WEIGHT,
    DEFAULT_DENSE_WEIGHT_EN,
    DEFAULT_NAME_WEIGHT,
    DEFAULT_TITLE_WEIGHT,
)
from kb.retrieve.learned_fusion import FEATURES, LearnedFusion

NEGATIVES = 200  # non-gold candidates per question, the best by the weighted method first
C_GRID = (0.01, 0.1, 1.0, 10.0)
CUTOFF = 10


@dataclass
class QuestionFeatures:
    dataset: str
    features: np.ndarray  # (candidates, features)
    units: list[str | None]  # unit of each candidate
    gold: set[str]


def weighted_as_features() -> np.ndarray:
    """The ``weighted`` method's defaults as weights of :data:`FEATURES` (the cross-validation baseline)."""
    weights = dict.fromkeys(FEATURES, 0.0)
    weights["bm25_minmax"] = 1.0 - DEFAULT_DENSE_WEIGHT
    weights["dense_minmax"] = DEFAULT_DENSE_WEIGHT
    weights["english_bm25"] = DEFAULT_DENSE_WEIGHT - DEFAULT_DENSE_WEIGHT_EN
    weights["english_dense"] = DEFAULT_DENSE_WEIGHT_EN - DEFAULT_DENSE_WEIGHT
    weights["title"] = DEFAULT_TITLE_WEIGHT
    weights["definition"] = DEFAULT_DEFINITION_WEIGHT
    weights["missing_names"] = -DEFAULT_NAME_WEIGHT
    return np.array([weights[name] for name in FEATURES])


def collect(name: str, settings: Settings) -> list[QuestionFeatures]:
    dataset = load_dataset(name)
    base = KnowledgeBase.open(persistent_index(dataset.corpus, dataset.index_name, settings))
    snapshot = base.snapshot
    rows = []
    for query in dataset.queries:
        out = base.retrieve(query.question, k=1, filters=None, method="weighted")
        analysed = out["preprocessor"]
        candidates, features = base.retriever.candidate_features(
            analysed["bm25_tokens"],
            out["embedder"]["embedding"],
            language=analysed["language"],
            definition=analysed["definition"],
            names=analysed["names"],
        )
        units = []
        for row in candidates:
            chunk = snapshot.chunks[int(row)]
            units.append(dataset.unit_of({**chunk.meta, "doc_id": chunk.doc_id}))
        rows.append(QuestionFeatures(name, features, units, set(query.gold)))
    return rows


def rank_metrics(questions: list[QuestionFeatures], weights: np.ndarray) -> dict[str, float]:
    """P@1 and MRR@10 over units when candidates are ranked by ``features @ weights``."""
    p1, mrr = [], []
    for q in questions:
        ranked: list[str] = []
        for position in np.argsort(-(q.features @ weights), kind="stable"):
            unit = q.units[position]
            if unit is not None and unit not in ranked:
                ranked.append(unit)
            if len(ranked) >= CUTOFF:
                break
        p1.append(1.0 if ranked and ranked[0] in q.gold else 0.0)
        mrr.append(next((1.0 / (i + 1) for i, unit in enumerate(ranked) if unit in q.gold), 0.0))
    return {"p_at_1": statistics.fmean(p1), "mrr_at_10": statistics.fmean(mrr), "questions": len(questions)}


def pairs(questions: list[QuestionFeatures], baseline: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Difference vectors (gold − non-gold, and the reverse), labels and per-question weights."""
    diffs, labels, weights = [], [], []
    for q in questions:
        gold = np.array([unit in q.gold for unit in q.units])
        if not gold.any() or gold.all():
            continue
        base = q.features @ baseline
        best_gold = q.features[np.flatnonzero(gold)[np.argmax(base[gold])]]
        negatives = np.flatnonzero(~gold)
        negatives = negatives[np.argsort(-base[negatives], kind="stable")[:NEGATIVES]]
        d = best_gold - q.features[negatives]
        share = 1.0 / len(negatives)
        diffs += [d, -d]
        labels += [np.ones(len(d)), np.zeros(len(d))]
        weights += [np.full(len(d), share), np.full(len(d), share)]
    return np.vstack(diffs), np.concatenate(labels), np.concatenate(weights)


def fit(questions: list[QuestionFeatures], c: float) -> np.ndarray:
    x, y, w = pairs(questions, weighted_as_features())
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    model = LogisticRegression(C=c, fit_intercept=False, max_iter=2000)
    model.fit(x / scale, y, sample_weight=w)
    return model.coef_[0] / scale


def cross_validate(by_set: dict[str, list[QuestionFeatures]]) -> dict[str, dict]:
    """Leave one fit dataset out: P@1 / MRR@10 of the weighted baseline and of each C."""
    results: dict[str, dict] = {}
    baseline = weighted_as_features()
    for held, questions in by_set.items():
        train = [q for name, qs in by_set.items() if name != held for q in qs]
        row = {"weighted": rank_metrics(questions, baseline)}
        for c in C_GRID:
            row[f"C={c}"] = rank_metrics(questions, fit(train, c))
        results[held] = row
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="cross-validate only, do not write the weights")
    args = parser.parse_args()
    settings = Settings.load()
    fit_sets = [name for name, role in RETRIEVAL_ROLES.items() if role == FIT]
    by_set = {name: collect(name, settings) for name in fit_sets}
    cv = cross_validate(by_set)
    print(f"{'held-out fit set':18s} " + " ".join(f"{label:>15s}" for label in next(iter(cv.values()))))
    for held, row in cv.items():
        print(f"{held:18s} " + " ".join(f"{m['p_at_1']:.3f} / {m['mrr_at_10']:.3f}" for m in row.values()))
    means = {
        label: statistics.fmean(cv[held][label]["p_at_1"] for held in cv) for label in next(iter(cv.values()))
    }
    best = max((label for label in means if label != "weighted"), key=lambda label: means[label])
    print("mean P@1 over held-out fit sets:", {k: round(v, 4) for k, v in means.items()}, "→", best)
    if args.dry_run:
        return
    c = float(best.split("=")[1])
    everything = [q for qs in by_set.values() for q in qs]
    weights = fit(everything, c)
    info = {
        "fitted_on": {name: len(qs) for name, qs in by_set.items()},
        "regularisation_C": c,
        "chosen_by": "leave-one-fit-dataset-out P@1 (python -m eval.fit_fusion)",
        "cross_validation": {held: {k: round(v["p_at_1"], 4) for k, v in row.items()} for held, row in cv.items()},
        "negatives": NEGATIVES,
    }
    LearnedFusion(weights, info).save()
    print(json.dumps(dict(zip(FEATURES, np.round(weights, 4).tolist(), strict=True)), indent=1))


if __name__ == "__main__":
    main()
