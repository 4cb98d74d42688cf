"""Scale benchmark (``python -m eval.bench --only scale``): the product on 100k and 1M synthetic chunks.

For each size, :mod:`eval.scale_corpus` writes a generation (real pool chunks + recombined copies
with perturbed vectors), then a fresh process (``measure``) opens it with ``KnowledgeBase.open``
and reports: open time, the first question (builds the per-generation tables), retrieval and
whole extractive-answer p50/p95 over ViRE-ALQAC questions (whose gold chunks are real pool chunks),
their P@1 / R@10 on the big index, resident memory (now and peak), disk, and recall@10 / @100 of
the dense index against exact search (numpy over all vectors), with an nprobe sweep for IVF.

Usage::

    python -m eval.scale_bench measure --index /tmp/scale/100k [--questions 200] [--json out.json]
    python -m eval.scale_bench run --sizes 100000 1000000 [--work /tmp/kb-scale]   # build + measure
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from kb.config import REPO_ROOT

RESULTS = REPO_ROOT / "eval" / "results" / "scale.json"
PLOT = REPO_ROOT / "eval" / "scale.png"
EF_SEARCHES = (100, 200, 400, 800)
BM25_EXACT_QUESTIONS = 20
NPROBES = (8, 16, 32, 64, 128)


def _memory() -> dict[str, float]:
    """VmRSS, VmHWM (peak), RssAnon and RssFile (mapped file pages: index files read) of this process in MiB."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            out[key] = int(value.split()[0]) / 1024
    return out


def _percentiles(values: list[float]) -> dict[str, float]:
    return {"p50_ms": 1000 * float(np.percentile(values, 50)), "p95_ms": 1000 * float(np.percentile(values, 95))}


def exact_top(vectors: np.ndarray, queries: np.ndarray, k: int, block: int = 200_000) -> np.ndarray:
    """Exact top-``k`` rows by inner product, block by block over (memory-mapped) ``vectors``."""
    best_scores = np.full((len(queries), 0), -np.inf, dtype=np.float32)
    best_rows = np.zeros((len(queries), 0), dtype=np.int64)
    for start in range(0, len(vectors), block):
        scores = queries @ np.asarray(vectors[start : start + block]).T
        rows = np.broadcast_to(np.arange(start, start + scores.shape[1]), scores.shape)
        scores = np.concatenate([best_scores, scores], axis=1)
        rows = np.concatenate([best_rows, rows], axis=1)
        keep = np.argpartition(-scores, min(k, scores.shape[1] - 1), axis=1)[:, :k]
        best_scores = np.take_along_axis(scores, keep, axis=1)
        best_rows = np.take_along_axis(rows, keep, axis=1)
    order = np.argsort(-best_scores, axis=1, kind="stable")
    return np.take_along_axis(best_rows, order, axis=1)


def _recall(dense, queries: np.ndarray, exact: np.ndarray) -> dict[str, float]:
    hits10, hits100, times = [], [], []
    for query, truth in zip(queries, exact, strict=True):
        started = time.perf_counter()
        _, rows = dense.search(query, 100)
        times.append(time.perf_counter() - started)
        hits10.append(len(set(rows[:10].tolist()) & set(truth[:10].tolist())) / 10)
        hits100.append(len(set(rows.tolist()) & set(truth.tolist())) / 100)
    return {"recall_at_10": float(np.mean(hits10)), "recall_at_100": float(np.mean(hits100)),
            "search_p50_ms": 1000 * float(np.median(times))}


def _bm25_recall(bm25, questions: list[str]) -> dict[str, float]:
    """Top-10 / top-100 of BM25 as searched (common terms read best first) against exact BM25 (every
    posting read), and the time of each."""
    from kb.text.lexical_analyzer import bm25_tokens

    hits10, hits100, fast, slow = [], [], [], []
    chosen = bm25.postings_per_term
    for question in questions:
        tokens = bm25_tokens(question)
        started = time.perf_counter()
        found = bm25.scores(tokens)
        fast.append(time.perf_counter() - started)
        bm25.postings_per_term = 10**12
        started = time.perf_counter()
        exact = bm25.scores(tokens)
        slow.append(time.perf_counter() - started)
        bm25.postings_per_term = chosen
        for k, hits in ((10, hits10), (100, hits100)):
            truth = set(np.argsort(-exact, kind="stable")[:k].tolist())
            hits.append(len(truth & set(np.argsort(-found, kind="stable")[:k].tolist())) / k)
    return {"recall_at_10": float(np.mean(hits10)), "recall_at_100": float(np.mean(hits100)),
            "p50_ms": 1000 * float(np.median(fast)), "exact_p50_ms": 1000 * float(np.median(slow)),
            "postings_per_term": chosen, "rescore": bm25.rescore, "questions": len(questions)}


def measure(index: Path | None, questions: int, store: str = "") -> dict[str, object]:
    """Everything the scale table shows for one generation, measured in this (fresh) process."""
    from eval.datasets import load_dataset
    from eval.retrieval_eval import rank_units, score_ranking
    from kb.config import Settings
    from kb.knowledge_base import KnowledgeBase

    dataset = load_dataset("vire-alqac")
    queries = dataset.queries[:questions]
    before = _memory()
    started = time.perf_counter()
    settings = Settings.load()
    settings = settings.with_overrides(store=store) if store else settings.with_overrides(index_dir=index)
    kb = KnowledgeBase.open(settings)
    opened = time.perf_counter() - started
    after_open = _memory()
    started = time.perf_counter()
    kb.ask(queries[0].question)
    first = time.perf_counter() - started
    retrieval, asks, scores = [], [], []
    for query in queries:
        started = time.perf_counter()
        found = kb.retrieve(query.question, k=10)["retriever"]["documents"]
        retrieval.append(time.perf_counter() - started)
        scores.append(score_ranking(rank_units(found, dataset.unit_of), query.gold))
    for query in queries:
        started = time.perf_counter()
        kb.ask(query.question)
        asks.append(time.perf_counter() - started)
    memory = _memory()
    snapshot = kb.snapshot
    embeds, vectors = [], []
    for query in queries:  # the query embedding alone: a cost that does not grow with the index
        started = time.perf_counter()
        vectors.append(kb.embed_query(query.question))
        embeds.append(time.perf_counter() - started)
    vectors = np.stack(vectors).astype(np.float32)
    matrix = np.asarray(snapshot.vectors, dtype=np.float32)  # PostgreSQL: read here, after the RSS figures
    exact = exact_top(matrix, vectors, 100)
    dense = snapshot.dense
    result: dict[str, object] = {
        "chunks": len(snapshot.chunks),
        "documents": len(snapshot.documents),
        "dense_index": getattr(dense, "kind", "pgvector"),
        "synthetic": snapshot.meta.get("synthetic"),
        "questions": len(queries),
        "open_s": opened,
        "first_ask_s": first,
        "retrieve": _percentiles(retrieval),
        "ask": _percentiles(asks),
        "embed_query": _percentiles(embeds),
        "quality": {name: float(np.mean([s[name] for s in scores])) for name in ("p_at_1", "recall_at_10", "mrr_at_10")},
        "rss_mib": memory["VmRSS"],
        "peak_rss_mib": memory["VmHWM"],
        "rss_anon_mib": memory["RssAnon"],
        "rss_file_mib": memory["RssFile"],
        "rss_before_open_mib": before["VmRSS"],
        "rss_after_open_mib": after_open["VmRSS"],
        "disk_bytes": snapshot.size_bytes(),
        "ann": _recall(dense, vectors, exact),
        "load_average": os.getloadavg(),
    }
    # The ANN index's search setting swept: FAISS IVF / pgvector IVFFlat lists probed, pgvector HNSW candidates.
    setting, values = {"ivf": ("nprobe", NPROBES), "hnsw": ("ef_search", EF_SEARCHES)}.get(
        getattr(dense, "kind", ""), (None, ())
    )
    if setting is not None:
        chosen = getattr(dense, setting)
        sweep = {}
        for value in values:
            setattr(dense, setting, value)
            sweep[str(value)] = _recall(dense, vectors, exact)
        setattr(dense, setting, chosen)
        result[setting] = chosen
        result[f"{setting}_sweep"] = sweep
    if hasattr(snapshot.bm25, "postings_per_term"):  # BM25 in SQL, common terms read best first
        result["bm25"] = _bm25_recall(snapshot.bm25, [q.question for q in queries[:BM25_EXACT_QUESTIONS]])
    import faiss

    flat = faiss.IndexFlatIP(snapshot.dimension)
    flat.add(np.ascontiguousarray(matrix))
    del matrix
    times = []
    for query in vectors[:50]:
        started = time.perf_counter()
        flat.search(query.reshape(1, -1), 100)
        times.append(time.perf_counter() - started)
    result["flat_search_p50_ms"] = 1000 * float(np.median(times))
    return result


def run(sizes: list[int], work: Path, questions: int) -> list[dict[str, object]]:
    """Build and measure each size (each in its own process, under ``nice``); returns the rows."""
    rows = []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "app")])}
    for size in sizes:
        folder = work / f"{size}"
        out = work / f"{size}.json"
        built = work / f"{size}-build.json"
        if not built.is_file():
            text = subprocess.run(
                ["nice", sys.executable, "-m", "eval.scale_corpus", "--chunks", str(size), "--out", str(folder)],
                check=True, capture_output=True, text=True, env=env,
            ).stdout
            built.write_text(text[text.index("{"):], encoding="utf-8")
        subprocess.run(
            ["nice", sys.executable, "-m", "eval.scale_bench", "measure", "--index", str(folder),
             "--questions", str(questions), "--json", str(out)],
            check=True, env=env,
        )
        row = json.loads(out.read_text(encoding="utf-8"))
        row["store"] = "embedded"
        row["build"] = json.loads(built.read_text(encoding="utf-8"))
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.scale_bench", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    one = commands.add_parser("measure")
    one.add_argument("--index", type=Path)
    one.add_argument("--store", default="", help="postgresql://… instead of --index")
    one.add_argument("--questions", type=int, default=200)
    one.add_argument("--json", type=Path)
    every = commands.add_parser("run")
    every.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    every.add_argument("--work", type=Path, default=Path("/tmp/kb-scale"))
    every.add_argument("--questions", type=int, default=200)
    args = parser.parse_args(argv)
    if args.command == "measure":
        result = measure(args.index, args.questions, args.store)
        text = json.dumps(result, indent=1)
        if args.json:
            args.json.write_text(text, encoding="utf-8")
        print(text)
        return 0
    args.work.mkdir(parents=True, exist_ok=True)
    rows = run(args.sizes, args.work, args.questions)
    RESULTS.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
