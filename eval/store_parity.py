"""Parity of the PostgreSQL store with the embedded store (issue #18).

The dataset's corpus is ingested into the embedded store (data/bench/<dataset>-index, as by
``kb eval``); that generation is committed unchanged into a PostgreSQL database, so both
stores hold the same chunks, tokens and vectors. Then, on both:

- retrieval P@1 / R@10 / MRR@10 per method (the same ``KnowledgeBase`` query side on each);
- recall of pgvector's HNSW search against exact search (FAISS flat) at 10 and 100;
- keyword ranking alone: bm25s (files), BM25 in SQL (the store's), and Postgres' own full-text
  ranking over the same tokens (``ts_rank`` / ``ts_rank_cd`` on a tsvector built from them), to
  show which matches our BM25; and the fused methods with ``ts_rank`` standing in for BM25
  (``postgres-ts_rank`` rows), i.e. what the simpler full-text design would give.

Usage::

    python -m eval.store_parity domain [--store postgresql://…] [--method weighted …] [--json OUT]

Without ``--store`` a private server is started with pgserver (PyPI) in a temporary folder.
The database named by ``--store`` gets a scratch column ``tsv`` for the full-text comparison.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
from haystack import Document

from eval.datasets import Dataset, load_dataset, persistent_index
from eval.retrieval_eval import evaluate, rank_units, score_ranking
from kb.config import Settings
from kb.facts import METHODS
from kb.index.backend import FileBackend
from kb.index.postgres_schema import ReaderConnections, connect, visible
from kb.index.postgres_store import PostgresBackend
from kb.index.snapshot import IndexSnapshot, SnapshotCache
from kb.knowledge_base import KnowledgeBase
from kb.text.lexical_analyzer import bm25_tokens

_TSVECTOR = """
ALTER TABLE kb_chunks ADD COLUMN IF NOT EXISTS tsv tsvector;
UPDATE kb_chunks SET tsv = coalesce((
    SELECT string_agg(quote_literal(t) || ':' || least(i, 16383), ' ')
    FROM unnest(tokens) WITH ORDINALITY AS u (t, i))::tsvector, ''::tsvector);
CREATE INDEX IF NOT EXISTS kb_chunks_tsv ON kb_chunks USING gin (tsv);
"""
_FULL_TEXT = f"""
WITH q AS (
    SELECT string_agg(DISTINCT quote_literal(t), ' | ')::tsquery AS query FROM unnest(%(terms)s::text[]) AS t
)
SELECT c.id, {{rank}}(c.tsv, q.query) AS score
FROM kb_chunks c, q WHERE c.tsv @@ q.query AND {visible("c")}
ORDER BY score DESC, c.id LIMIT %(k)s
"""
FULL_TEXT_RANKINGS = {"ts_rank": "ts_rank", "ts_rank_cd": "ts_rank_cd"}
_ALL_RANKS = f"""
WITH q AS (
    SELECT string_agg(DISTINCT quote_literal(t), ' | ')::tsquery AS query FROM unnest(%(terms)s::text[]) AS t
)
SELECT c.id, ts_rank(c.tsv, q.query) FROM kb_chunks c, q WHERE c.tsv @@ q.query AND {visible("c")}
"""


class TsRankSearch:
    """A :class:`kb.index.snapshot.LexicalSearch` that scores with Postgres' ``ts_rank`` instead of BM25."""

    def __init__(self, dsn: str, snapshot: IndexSnapshot) -> None:
        self._connections = ReaderConnections.shared(dsn)
        self._generation = int(str(snapshot.generation).removeprefix("pg-"))
        self._rows_of = snapshot.bm25.rows_of
        self._size = len(snapshot.chunks)

    def __len__(self) -> int:
        return self._size

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        scores = np.zeros(self._size, dtype=np.float32)
        if not query_tokens:
            return scores
        found = self._connections.get().execute(
            _ALL_RANKS, {"terms": query_tokens, "generation": self._generation}
        ).fetchall()
        if found:
            positions, rows = self._rows_of(np.array([r[0] for r in found], dtype=np.int64))
            scores[rows] = np.array([r[1] for r in found], dtype=np.float32)[positions]
        return scores


@contextlib.contextmanager
def private_server() -> Iterator[str]:
    """A pgserver PostgreSQL (with pgvector) for the run; yields a fresh database's connection string."""
    import pgserver

    with tempfile.TemporaryDirectory(prefix="kb-parity-pg-") as folder:
        server = pgserver.get_server(folder, cleanup_mode="stop")
        try:
            server.psql("CREATE DATABASE kb_parity;")
            yield server.get_uri().replace("/postgres?", "/kb_parity?", 1)
        finally:
            server.cleanup()


def _rows_ranking(snapshot: IndexSnapshot, ids_to_rows, found: list[tuple[int, float]]) -> list[Document]:
    ids = np.array([row[0] for row in found], dtype=np.int64)
    _, rows = ids_to_rows(ids)
    out = []
    for row in rows:
        chunk = snapshot.chunks[int(row)]
        out.append(Document(id=chunk.chunk_id, content="", meta={**chunk.meta, "doc_id": chunk.doc_id}))
    return out


def full_text_rankings(dsn: str, snapshot: IndexSnapshot, dataset: Dataset, k: int = 100) -> dict[str, dict]:
    """P@1 / R@10 / MRR@10 of Postgres' own ranking functions over the analyser's tokens."""
    generation = int(str(snapshot.generation).removeprefix("pg-"))
    ids_to_rows = snapshot.bm25.rows_of  # the store's database id -> row map
    results: dict[str, dict] = {}
    with connect(dsn, autocommit=True) as connection:
        connection.execute(_TSVECTOR)
        for name, function in FULL_TEXT_RANKINGS.items():
            totals: dict[str, list[float]] = {}
            latencies: list[float] = []
            for query in dataset.queries:
                started = time.perf_counter()
                found = connection.execute(
                    _FULL_TEXT.format(rank=function),
                    {"terms": bm25_tokens(query.question) or [""], "generation": generation, "k": k},
                ).fetchall()
                latencies.append((time.perf_counter() - started) * 1000)
                ranked = rank_units(_rows_ranking(snapshot, ids_to_rows, found), dataset.unit_of)
                for metric, value in score_ranking(ranked, query.gold).items():
                    totals.setdefault(metric, []).append(value)
            results[name] = {metric: statistics.fmean(values) for metric, values in totals.items()}
            results[name]["latency_ms"] = {"p50": statistics.median(latencies)}
    return results


def hnsw_recall(files: KnowledgeBase, postgres: KnowledgeBase, dataset: Dataset) -> dict[str, float]:
    """Mean overlap of pgvector's HNSW top-k with FAISS' exact top-k, per question."""
    recall: dict[str, list[float]] = {"recall_at_10": [], "recall_at_100": []}
    for query in dataset.queries:
        vector = files.embed_query(query.question)
        for k in (10, 100):
            _, exact = files.snapshot.dense.search(vector, k)
            _, approximate = postgres.snapshot.dense.search(vector, k)
            recall[f"recall_at_{k}"].append(len(set(exact.tolist()) & set(approximate.tolist())) / max(len(exact), 1))
    return {name: statistics.fmean(values) for name, values in recall.items()}


def run(name: str, dsn: str, methods: list[str]) -> dict[str, object]:
    dataset = load_dataset(name)
    settings = persistent_index(dataset.corpus, dataset.index_name, Settings.load())
    files_snapshot = FileBackend(settings.index_dir).load()
    started = time.perf_counter()
    backend = PostgresBackend(dsn)
    with backend.writer_lock():
        backend.commit(files_snapshot)
    commit_seconds = time.perf_counter() - started
    started = time.perf_counter()
    postgres_snapshot = backend.load()
    load_seconds = time.perf_counter() - started
    files = KnowledgeBase(settings, files_snapshot)
    postgres = KnowledgeBase(settings.with_overrides(store=dsn), postgres_snapshot)
    payload: dict[str, object] = {
        "dataset": dataset.name,
        "queries": len(dataset.queries),
        "chunks": len(files_snapshot.chunks),
        "commit_seconds": round(commit_seconds, 2),
        "load_seconds": round(load_seconds, 2),
        "files": evaluate(files, dataset.queries, dataset.unit_of, methods),
        "postgres": evaluate(postgres, dataset.queries, dataset.unit_of, methods),
        "hnsw": hnsw_recall(files, postgres, dataset),
        "full_text": full_text_rankings(dsn, postgres_snapshot, dataset),
    }
    # The fused methods with ts_rank as the keyword side (the tsv column exists from here on).
    ts_snapshot = replace(postgres_snapshot, bm25=TsRankSearch(dsn, postgres_snapshot), cache=SnapshotCache())
    payload["postgres-ts_rank"] = evaluate(
        KnowledgeBase(settings.with_overrides(store=dsn), ts_snapshot), dataset.queries, dataset.unit_of, methods
    )
    return payload


def report(payload: dict) -> str:
    lines = [
        f"{payload['dataset']}: {payload['queries']} questions, {payload['chunks']} chunks; "
        f"commit to Postgres {payload['commit_seconds']} s, load {payload['load_seconds']} s",
        f"{'method':<28} {'P@1':>7} {'R@10':>7} {'MRR@10':>7} {'p50 ms':>7}",
    ]
    for store in ("files", "postgres", "postgres-ts_rank"):
        for method, row in payload[store].items():
            lines.append(
                f"{store + ' ' + method:<28} {row['p_at_1']:>7.4f} {row['recall_at_10']:>7.4f} "
                f"{row['mrr_at_10']:>7.4f} {row['latency_ms']['p50']:>7.1f}"
            )
    for method in payload["files"]:
        delta = payload["postgres"][method]["p_at_1"] - payload["files"][method]["p_at_1"]
        lines.append(f"P@1 postgres - files, {method}: {delta:+.4f}")
    for name, row in payload["full_text"].items():
        lines.append(
            f"{'postgres ' + name:<28} {row['p_at_1']:>7.4f} {row['recall_at_10']:>7.4f} "
            f"{row['mrr_at_10']:>7.4f} {row['latency_ms']['p50']:>7.1f}"
        )
    hnsw = payload["hnsw"]
    lines.append(f"HNSW vs exact: recall@10 {hnsw['recall_at_10']:.4f}, recall@100 {hnsw['recall_at_100']:.4f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.store_parity", description=__doc__.split("\n")[0])
    parser.add_argument("dataset", help="domain | vire-alqac | alqac2023 | … (as kb eval)")
    parser.add_argument("--store", help="postgresql://… (default: a private pgserver in a temporary folder)")
    parser.add_argument("--method", action="append", choices=METHODS, help="default: every method")
    parser.add_argument("--json", metavar="OUT", help="write the figures as JSON")
    args = parser.parse_args(argv)
    methods = args.method or list(METHODS)
    with contextlib.ExitStack() as stack:
        dsn = args.store or stack.enter_context(private_server())
        payload = run(args.dataset, dsn, methods)
    if args.json:
        Path(args.json).write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    print(report(payload))
    return 0


if __name__ == "__main__":
    sys.exit(main())
