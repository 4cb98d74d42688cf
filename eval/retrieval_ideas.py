"""Retrieval ideas of the fourth session, measured through the product's own retriever.

    python -m eval.retrieval_ideas                       # fit sets: per-question failures may be read
    python -m eval.retrieval_ideas --report              # report sets too (aggregates only)

Each question is analysed and embedded once; every variant then re-runs the retriever with one
change: BM25 ``k1`` / ``b`` (the lexical index rebuilt in memory from the stored tokens), z-score or
anchored instead of min-max normalisation, unit fusion (a unit — the chunks of one document under
one heading, e.g. a law article — fuses its best BM25 with its best dense score), pseudo-relevance feedback on the dense query (Rocchio: the
query vector moved towards the mean of the ``m`` best fused chunks, then searched again), and the
dense weight. Fit sets decide (``eval/datasets.py`` roles); report sets are printed as aggregates.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import json
import statistics
from collections.abc import Callable, Iterator

import numpy as np

from eval.datasets import RETRIEVAL_ROLES, load_dataset, persistent_index
from eval.question_sets import FIT
from eval.retrieval_eval import CHUNK_DEPTH, rank_units, score_ranking
from kb.config import Settings
from kb.index.bm25 import BM25Index
from kb.knowledge_base import KnowledgeBase
from kb.retrieve.fusion import NORMALISATIONS, anchored


@dataclasses.dataclass
class Analysed:
    gold: list[str]
    tokens: list[str]
    embedding: np.ndarray
    language: str
    definition: str
    names: list[str]


def analyse(base: KnowledgeBase, queries) -> list[Analysed]:
    rows = []
    for query in queries:
        out = base.retrieve(query.question, k=1, filters=None, method="weighted")
        a = out["preprocessor"]
        rows.append(
            Analysed(
                list(query.gold), a["bm25_tokens"], np.asarray(out["embedder"]["embedding"], dtype=np.float32),
                a["language"], a["definition"], a["names"],
            )
        )
    return rows


def run(base: KnowledgeBase, q: Analysed, embedding: np.ndarray | None = None, top_k: int = CHUNK_DEPTH):
    return base.retriever.run(
        bm25_tokens=q.tokens, query_embedding=q.embedding if embedding is None else embedding,
        language=q.language, top_k=top_k, definition=q.definition, names=q.names,
    )["documents"]


def with_feedback(beta: float, m: int) -> Callable:
    def ranker(base: KnowledgeBase, q: Analysed):
        first = run(base, q, top_k=m)
        if not first:
            return first
        vectors = base.snapshot.vectors[[d.meta["row"] for d in first]]
        moved = q.embedding + beta * np.asarray(vectors, dtype=np.float32).mean(axis=0)
        moved /= np.linalg.norm(moved)
        return run(base, q, embedding=moved)

    return ranker


@contextlib.contextmanager
def attributes(obj, **values) -> Iterator[None]:
    old = {name: getattr(obj, name) for name in values}
    for name, value in values.items():
        object.__setattr__(obj, name, value)
    try:
        yield
    finally:
        for name, value in old.items():
            object.__setattr__(obj, name, value)


def metrics(base: KnowledgeBase, analysed: list[Analysed], unit_of, ranker: Callable = run) -> dict[str, float]:
    totals: dict[str, list[float]] = {}
    for q in analysed:
        ranked = rank_units(ranker(base, q), unit_of)
        for name, value in score_ranking(ranked, q.gold).items():
            totals.setdefault(name, []).append(value)
    return {name: statistics.fmean(values) for name, values in totals.items()}


# The anchored normalisation with its floor at the 20th best score instead of the 100th (an
# experiment only: registered for the run, not a product option).
ANCHORED_20 = "anchored-20"
NORMALISATIONS.setdefault(ANCHORED_20, functools.partial(anchored, rank=20))

BM25_GRID = ((1.2, 0.5), (1.2, 0.9), (0.9, 0.75), (1.6, 0.75), (2.0, 0.75))


def variants(
    base: KnowledgeBase, bm25_grid: tuple[tuple[float, float], ...] = BM25_GRID, bm25_only: bool = False
) -> Iterator[tuple[str, contextlib.AbstractContextManager, Callable]]:
    retriever, snapshot = base.retriever, base.snapshot
    yield "default", contextlib.nullcontext(), run
    yield from () if bm25_only else _other_variants(retriever)
    tokens = list(snapshot.tokens)
    for k1, b in bm25_grid:
        yield f"BM25 k1 {k1} b {b}", attributes(snapshot, bm25=BM25Index.build(tokens, k1=k1, b=b)), run


def _other_variants(retriever) -> Iterator[tuple[str, contextlib.AbstractContextManager, Callable]]:
    yield "z-score normalisation", attributes(retriever, normalisation="z-score"), run
    for name in ("anchored", ANCHORED_20):
        yield f"{name} normalisation", attributes(retriever, normalisation=name), run
        for weight in (0.4, 0.6):
            label = f"{name} normalisation, dense weight {weight}"
            yield label, attributes(retriever, normalisation=name, dense_weight=weight), run
    yield "unit fusion (best BM25 and best dense of the unit)", attributes(retriever, unit_fusion=True), run
    for weight in (0.6, 0.7):
        label = f"unit fusion, dense weight {weight}"
        yield label, attributes(retriever, unit_fusion=True, dense_weight=weight), run
    for weight in (0.4, 0.6, 0.7):
        yield f"dense weight {weight}", attributes(retriever, dense_weight=weight), run
    for beta, m in ((0.3, 3), (0.5, 3), (1.0, 3), (0.5, 5)):
        yield f"dense PRF beta {beta} m {m}", contextlib.nullcontext(), with_feedback(beta, m)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="run the report sets too (aggregates only)")
    parser.add_argument("--only", nargs="*", help="datasets to run")
    parser.add_argument("--json", help="write the figures here")
    parser.add_argument("--bm25", nargs="*", help="only BM25 variants, each K1:B (e.g. 0.9:0.75)")
    parser.add_argument("--match", help="only the variants whose label contains this")
    args = parser.parse_args()
    settings = Settings.load()
    names = args.only or [n for n, role in RETRIEVAL_ROLES.items() if role == FIT or args.report]
    table: dict[str, dict[str, dict[str, float]]] = {}
    for name in names:
        dataset = load_dataset(name)
        base = KnowledgeBase.open(persistent_index(dataset.corpus, dataset.index_name, settings))
        analysed = analyse(base, dataset.queries)
        grid = tuple(tuple(float(x) for x in kb.split(":")) for kb in args.bm25) if args.bm25 else BM25_GRID
        for label, context, ranker in variants(base, grid, bm25_only=args.bm25 is not None):
            if args.match and args.match not in label and label != "default":
                continue
            with context:
                result = metrics(base, analysed, dataset.unit_of, ranker)
            table.setdefault(label, {})[name] = result
            print(f"{name:18s} {label:28s} {result['p_at_1']:.4f} / {result['mrr_at_10']:.4f}", flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"role": {n: RETRIEVAL_ROLES[n] for n in names}, "results": table}, out, indent=1)


if __name__ == "__main__":
    main()
