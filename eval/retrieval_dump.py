"""Retrieval figures of one checkout (default method) on every retrieval dataset, as JSON.

Like ``eval/answer_dump.py``: run as a file against an older checkout so the bench can show the
code a wave started from beside today's, measured on the same machine in the same run::

    PYTHONPATH=../kb-5df5b0d:../kb-5df5b0d/app python eval/retrieval_dump.py \\
        --work ../kb-5df5b0d/data/bench --out eval/results/baseline-5df5b0d/retrieval.json

It uses only what both layouts have: ``eval.datasets.load_domain / load_context_csv /
load_alqac2023``, ``eval.retrieval_eval.evaluate`` and the ingestion function (``kb.ingestion``
before the restructure, ``kb.index.ingestion`` after). ALQAC 2023 is split by position into its
``train.json`` and ``private_test.json`` parts (question ids repeat between the two files).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="a checkout's retrieval figures on the bench datasets")
    parser.add_argument("--work", required=True, help="folder for this checkout's indexes")
    parser.add_argument("--out", required=True, help="JSON file to write")
    parser.add_argument("--method", default="weighted")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
    from eval import datasets
    from eval.retrieval_eval import evaluate
    from kb.config import Settings
    from kb.knowledge_base import KnowledgeBase

    try:
        from kb.index.ingestion import ingest
    except ImportError:
        from kb.ingestion import ingest  # type: ignore[no-redef]

    shared = datasets.SHARED_DIR / "benchmarks"
    alqac = datasets.load_alqac2023()
    n_train = len(json.loads((shared / "alqac2023" / "train.json").read_text(encoding="utf-8")))
    wanted = {
        "domain": datasets.load_domain(REPO / "eval" / "domain_gold.jsonl", "domain"),
        "domain-heldout": datasets.load_domain(REPO / "eval" / "domain_heldout.jsonl", "domain-heldout"),
        "domain-en": datasets.load_domain(REPO / "eval" / "domain_gold_en.jsonl", "domain-en"),
        "domain-heldout2": datasets.load_domain(REPO / "eval" / "domain_heldout2.jsonl", "domain-heldout2"),
        "domain-heldout3": datasets.load_domain(REPO / "eval" / "domain_heldout3.jsonl", "domain-heldout3"),
        "vire-alqac": datasets.load_context_csv(shared / "vire-alqac" / "ALQAC.csv", "vire-alqac"),
        "alqac2023-train": dataclasses.replace(alqac, queries=alqac.queries[:n_train]),
        "alqac2023-private": dataclasses.replace(alqac, queries=alqac.queries[n_train:]),
        "vimedaqa": datasets.load_context_csv(shared / "vimedaqa" / "ViMedAQA_v2.csv", "vimedaqa"),
    }
    results = {}
    for name, dataset in wanted.items():
        index = Path(args.work) / (dataset.index_name or name)
        settings = Settings.load().with_overrides(index_dir=index)
        report = ingest([dataset.corpus], settings, progress=False)
        if report.failed:
            print(f"{name}: corpus files failed to ingest: {report.failed}", file=sys.stderr)
            return 1
        base = KnowledgeBase.open(settings)
        results[name] = evaluate(base, dataset.queries, dataset.unit_of, [args.method])[args.method]
        print(f"{name}: P@1 {results[name]['p_at_1']:.4f}", file=sys.stderr, flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
