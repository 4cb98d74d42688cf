"""Retrieval ideas tried and not kept, on the fit sets (RESULTS.md "What was tried", third session).

    python -m eval.tried_ideas

- Vietnamese question phrases ("là gì", "bao nhiêu", "nào", "không", …) dropped from the BM25 query
  (the dense query unchanged), through the product's own retrieval, weighted method;
- a unit's score (an ALQAC article, a domain document) from more than its best chunk: best + α × the
  second best, or best + β × log(chunks of the unit in the candidates), ranked from the weighted
  method's own signals (``eval.fit_fusion.collect``, ``weighted_as_features``).
Fit sets only: their failures may be read; nothing here opens a report set.
"""

from __future__ import annotations

import contextlib
import re
import statistics

import numpy as np

import kb.query.preprocessor as preprocessor_module
from eval.datasets import load_dataset, persistent_index
from eval.fit_fusion import QuestionFeatures, collect, weighted_as_features
from eval.retrieval_eval import evaluate
from kb.config import Settings
from kb.knowledge_base import KnowledgeBase

FIT_SETS = ("alqac2023-train", "domain", "domain-heldout")
QUESTION_PHRASES = (
    "như thế nào", "thế nào", "ra sao", "là những gì", "là gì", "những gì", "gì", "nào", "bao nhiêu",
    "bao giờ", "bao lâu", "khi nào", "ở đâu", "đâu", "ai", "hay không", "có phải", "không", "chưa", "vậy",
    "tại sao", "vì sao",
)
UNIT_SCORES = (("second", 0.1), ("second", 0.3), ("log-count", 0.05))


@contextlib.contextmanager
def without_question_phrases():
    """BM25 tokens of the question without its question phrases (expansions and translations kept)."""
    original = preprocessor_module.bm25_tokens
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(p) for p in sorted(QUESTION_PHRASES, key=len, reverse=True)) + r")(?!\w)",
        re.IGNORECASE,
    )

    def tokens(text: str) -> list[str]:
        question, _, rest = text.partition(" \n")
        return original(pattern.sub(" ", question) + (" \n" + rest if rest else ""))

    preprocessor_module.bm25_tokens = tokens
    try:
        yield
    finally:
        preprocessor_module.bm25_tokens = original


def unit_metrics(questions: list[QuestionFeatures], mode: str, weight: float) -> tuple[float, float]:
    """P@1 and MRR@10 when a unit scores its best chunk plus ``weight`` × (second best | log count)."""
    weights = weighted_as_features()
    p1, mrr = [], []
    for q in questions:
        per_unit: dict[str, list[float]] = {}
        for score, unit in zip(q.features @ weights, q.units, strict=True):
            if unit is not None:
                per_unit.setdefault(unit, []).append(float(score))
        scored = {}
        for unit, scores in per_unit.items():
            scores.sort(reverse=True)
            extra = (scores[1] if len(scores) > 1 else 0.0) if mode == "second" else float(np.log(len(scores)))
            scored[unit] = scores[0] + weight * extra
        ranked = sorted(scored, key=lambda u: -scored[u])[:10]
        p1.append(1.0 if ranked and ranked[0] in q.gold else 0.0)
        mrr.append(next((1 / (i + 1) for i, unit in enumerate(ranked) if unit in q.gold), 0.0))
    return statistics.fmean(p1), statistics.fmean(mrr)


def main() -> None:
    settings = Settings.load()
    for name in FIT_SETS:
        dataset = load_dataset(name)
        base = KnowledgeBase.open(persistent_index(dataset.corpus, dataset.index_name, settings))
        default = evaluate(base, dataset.queries, dataset.unit_of, ["weighted"])["weighted"]
        with without_question_phrases():
            stripped = evaluate(base, dataset.queries, dataset.unit_of, ["weighted"])["weighted"]
        print(f"{name}: default {default['p_at_1']:.4f} / {default['mrr_at_10']:.4f}; "
              f"without question phrases {stripped['p_at_1']:.4f} / {stripped['mrr_at_10']:.4f}")
        questions = collect(name, settings)
        for mode, weight in (("second", 0.0), *UNIT_SCORES):
            p1, mrr = unit_metrics(questions, mode, weight)
            print(f"  unit score = best + {weight} × {mode}: {p1:.3f} / {mrr:.3f}")


if __name__ == "__main__":
    main()
