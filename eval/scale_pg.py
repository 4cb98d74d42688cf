"""The PostgreSQL store at scale: commit a synthetic generation (eval/scale_corpus.py) and measure it.

Starts a private PostgreSQL 16 + pgvector 0.6.2 (pgserver) in ``--pg-dir``, raises
``maintenance_work_mem`` for the HNSW build, commits the generation of ``--index`` with
``PostgresBackend.commit`` (one transaction: COPY of chunks and postings, then the indexes built in
bulk), and runs ``eval.scale_bench measure --store`` in a fresh process (load into memory, ask
p50/p95, HNSW recall against exact). Also reports the server's table sizes and its processes' memory.

Usage::

    python -m eval.scale_pg --index /tmp/kb-scale/100000 --pg-dir /tmp/kb-scale/pg-100000 [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

from kb.config import REPO_ROOT


def _server_rss_mib(folder: Path) -> float:
    """Resident memory of this server's processes (its postmaster and children; shared buffers count
    once per process that touched them, so this over-counts shared memory)."""
    import psutil

    postmaster = psutil.Process(int((folder / "postmaster.pid").read_text().split()[0]))
    return sum(p.memory_info().rss for p in [postmaster, *postmaster.children()]) / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.scale_pg", description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--pg-dir", type=Path, required=True)
    parser.add_argument("--questions", type=int, default=150)
    parser.add_argument("--maintenance-work-mem", default="3GB")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    from kb.index.postgres_schema import connect
    from kb.index.postgres_store import PostgresBackend
    from kb.index.store import load_snapshot

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pgserver

        server = pgserver.get_server(str(args.pg_dir), cleanup_mode="stop")
    dsn = server.get_uri()
    result: dict[str, object] = {"store": "postgresql", "server": "PostgreSQL 16.2 + pgvector 0.6.2 (pgserver 0.1.4)"}
    try:
        with connect(dsn, autocommit=True) as connection:
            connection.execute(f"ALTER SYSTEM SET maintenance_work_mem = '{args.maintenance_work_mem}'")
            connection.execute("ALTER SYSTEM SET max_parallel_maintenance_workers = 1")
            # One bulk transaction of millions of rows: checkpoints by size would run every few seconds.
            connection.execute("ALTER SYSTEM SET max_wal_size = '32GB'")
            connection.execute("ALTER SYSTEM SET checkpoint_timeout = '30min'")
            connection.execute("SELECT pg_reload_conf()")
            committed = connection.execute("SELECT to_regclass('kb_state') IS NOT NULL").fetchone()[0]
        if not committed:
            snapshot = load_snapshot(args.index)
            started = time.perf_counter()
            PostgresBackend(dsn).commit(snapshot)
            result["commit_s"] = time.perf_counter() - started
            result["chunks_committed"] = len(snapshot.chunks)
            del snapshot
        with connect(dsn, autocommit=True) as connection:
            result["tables"] = {
                name: int(size)
                for name, size in connection.execute(
                    "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                    "WHERE c.relname LIKE 'kb\\_%%' AND c.relkind = 'r'"
                )
            }
            result["vector_index_bytes"] = int(
                connection.execute(
                    "SELECT coalesce(pg_relation_size(to_regclass('kb_chunks_hnsw')), 0) "
                    "+ coalesce(pg_relation_size(to_regclass('kb_chunks_ivf')), 0)"
                ).fetchone()[0]
            )
            options = connection.execute(
                "SELECT reloptions FROM pg_class WHERE relname = 'kb_chunks_ivf'"
            ).fetchone()
            if options and options[0]:
                result["ivf_lists"] = int(dict(o.split("=") for o in options[0])["lists"])
        result["disk_bytes"] = sum(result["tables"].values())  # type: ignore[union-attr]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "app")])}
        out = args.pg_dir.parent / f"{args.pg_dir.name}-measure.json"
        subprocess.run(
            ["nice", sys.executable, "-m", "eval.scale_bench", "measure", "--store", dsn,
             "--questions", str(args.questions), "--json", str(out)],
            check=True, env=env,
        )
        result.update({k: v for k, v in json.loads(out.read_text(encoding="utf-8")).items() if k != "disk_bytes"})
        result["server_rss_mib"] = _server_rss_mib(args.pg_dir)
    finally:
        server.cleanup()
    text = json.dumps(result, indent=1)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
