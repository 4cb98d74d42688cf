"""Recall of the PostgreSQL store's HNSW search against exact search, on synthetic vectors.

Clustered random unit vectors (50 centres + noise; no model, no corpus) are committed to a
private pgserver database; 100 perturbed copies of stored vectors are the queries. Prints the
commit time, recall@10 and recall@100 of ``PostgresDenseIndex`` against FAISS flat, the p50 of
one search, and the query plan (to show the HNSW index is used). A hint for scale, not the
issue's 100k / 1M benchmark.

Usage::

    python -m eval.pg_hnsw_recall [--chunks 5000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings

import numpy as np

from kb.index.postgres_schema import connect, vector_literal
from kb.index.postgres_store import PostgresBackend
from kb.index.snapshot import StoredChunk, StoredDocument
from kb.index.store import build_snapshot

DIMENSION = 384


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.pg_hnsw_recall", description=__doc__.split("\n")[0])
    parser.add_argument("--chunks", type=int, default=5000)
    args = parser.parse_args(argv)
    count = args.chunks
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(50, DIMENSION))
    vectors = centres[rng.integers(0, 50, count)] + 0.6 * rng.normal(size=(count, DIMENSION))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    documents = {f"d{i}": StoredDocument(f"d{i}", f"d{i}.txt", "fp", "sha", 1, {}, 100) for i in range(count // 100 + 1)}
    chunks = [StoredChunk(f"d{i // 100}#{i % 100}", f"d{i // 100}", i % 100, f"t{i}", {}) for i in range(count)]
    snapshot = build_snapshot(
        {"model": "synthetic", "dimension": DIMENSION}, documents, chunks, vectors, [[f"t{i}"] for i in range(count)]
    )
    queries = vectors[rng.integers(0, count, 100)] + 0.3 * rng.normal(size=(100, DIMENSION)).astype(np.float32)
    queries = (queries / np.linalg.norm(queries, axis=1, keepdims=True)).astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        folder = tempfile.mkdtemp(prefix="kb-hnsw-")
        server = pgserver.get_server(folder, cleanup_mode="delete")
    try:
        dsn = server.get_uri()
        backend = PostgresBackend(dsn)
        started = time.perf_counter()
        backend.commit(snapshot)
        print(f"commit {count} x {DIMENSION}: {time.perf_counter() - started:.1f} s")
        loaded = backend.load()
        for k in (10, 100):
            recall, latency = [], []
            for query in queries:
                _, exact = snapshot.dense.search(query, k)
                started = time.perf_counter()
                _, approximate = loaded.dense.search(query, k)
                latency.append(time.perf_counter() - started)
                recall.append(len(set(exact.tolist()) & set(approximate.tolist())) / k)
            print(f"k={k}: recall {np.mean(recall):.4f}, p50 {1000 * np.median(latency):.1f} ms")
        with connect(dsn, autocommit=True) as connection:
            plan = connection.execute(
                "EXPLAIN SELECT id FROM kb_chunks WHERE born <= 1 AND (died IS NULL OR died > 1) "
                "ORDER BY embedding <#> %s::vector LIMIT 100",
                (vector_literal(queries[0]),),
            ).fetchall()
        print("plan:", " / ".join(row[0].split("'[")[0].strip() for row in plan))
    finally:
        server.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
