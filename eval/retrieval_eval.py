"""Retrieval evaluation: P@1, R@5, R@10, MRR@10, nDCG@10 and latency, per method.

A *unit* is what a question's gold label names: a document (domain set), a law article
(ALQAC 2023), a context (ViRE-ALQAC). Chunks are retrieved, mapped to their unit, and
de-duplicated in rank order, so a long article split into several chunks counts once.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from kb.facts import METHODS
from kb.knowledge_base import KnowledgeBase

CUTOFF = 10
CHUNK_DEPTH = 50


@dataclass(frozen=True)
class EvalQuery:
    qid: str
    question: str
    gold: frozenset[str]


def precision_at_1(ranked: list[str], gold: Iterable[str]) -> float:
    return 1.0 if ranked and ranked[0] in set(gold) else 0.0


def recall_at(ranked: list[str], gold: Iterable[str], k: int) -> float:
    gold = set(gold)
    return len(gold & set(ranked[:k])) / len(gold) if gold else 0.0


def reciprocal_rank(ranked: list[str], gold: Iterable[str], k: int = CUTOFF) -> float:
    gold = set(gold)
    for rank, unit in enumerate(ranked[:k], start=1):
        if unit in gold:
            return 1.0 / rank
    return 0.0


def ndcg_at(ranked: list[str], gold: Iterable[str], k: int = CUTOFF) -> float:
    gold = set(gold)
    dcg = sum(1.0 / math.log2(rank + 1) for rank, unit in enumerate(ranked[:k], start=1) if unit in gold)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(gold), k) + 1))
    return dcg / ideal if ideal else 0.0


def score_ranking(ranked: list[str], gold: Iterable[str]) -> dict[str, float]:
    gold = set(gold)
    return {
        "p_at_1": precision_at_1(ranked, gold),
        "recall_at_5": recall_at(ranked, gold, 5),
        "recall_at_10": recall_at(ranked, gold, 10),
        "mrr_at_10": reciprocal_rank(ranked, gold, 10),
        "ndcg_at_10": ndcg_at(ranked, gold, 10),
    }


def rank_units(documents: list, unit_of: Callable[[dict], str | None], k: int = CUTOFF) -> list[str]:
    ranked: list[str] = []
    for document in documents:
        unit = unit_of(document.meta)
        if unit is not None and unit not in ranked:
            ranked.append(unit)
        if len(ranked) >= k:
            break
    return ranked


def units_without_chunks(
    base: KnowledgeBase, queries: list[EvalQuery], unit_of: Callable[[dict], str | None]
) -> list[str]:
    """Gold units that no chunk of the index belongs to: questions about them cannot be answered,
    whatever the retriever does (a corpus writer or parser that loses units shows up here)."""
    present = set()
    for chunk in base.snapshot.chunks:
        unit = unit_of({**chunk.meta, "doc_id": chunk.doc_id})
        if unit is not None:
            present.add(unit)
    gold = {unit for query in queries for unit in query.gold}
    return sorted(gold - present)


def evaluate(
    base: KnowledgeBase,
    queries: list[EvalQuery],
    unit_of: Callable[[dict], str | None],
    methods: Iterable[str] = METHODS,
    *,
    filters: dict | None = None,
) -> dict[str, dict[str, object]]:
    """Per method: mean metrics (fractions 0–1) and retrieval latency p50/p95 in ms."""
    results: dict[str, dict[str, object]] = {}
    for method in methods:
        if method not in METHODS:
            raise ValueError(f"unknown method {method!r}; choose from {', '.join(METHODS)}")
        totals: dict[str, list[float]] = {}
        latencies: list[float] = []
        for query in queries:
            started = time.perf_counter()
            out = base.retrieve(query.question, k=CHUNK_DEPTH, method=method, filters=filters)
            latencies.append((time.perf_counter() - started) * 1000)
            ranked = rank_units(out["retriever"]["documents"], unit_of)
            for name, value in score_ranking(ranked, query.gold).items():
                totals.setdefault(name, []).append(value)
        results[method] = {name: statistics.fmean(values) for name, values in totals.items()}
        results[method]["latency_ms"] = {
            "p50": statistics.median(latencies) if latencies else 0.0,
            "p95": float(np.percentile(latencies, 95)) if latencies else 0.0,
        }
    return results
