"""Vanilla Haystack baseline: what the Vietnamese-aware processing buys.

The same units (documents, ViRE contexts, ALQAC articles) go through Haystack's stock
``DocumentSplitter(split_by="word")`` into an ``InMemoryDocumentStore`` and are searched by
``InMemoryBM25Retriever`` with Haystack's default tokeniser (``(?u)\\b\\w\\w+\\b``, which drops
one-letter syllables such as "ở", "ý" and knows no compounds or accent folding).
"""

from __future__ import annotations

import json
import statistics
import time
import tomllib

import numpy as np
from haystack import Document, Pipeline
from haystack.components.preprocessors import DocumentSplitter
from haystack.components.retrievers.in_memory import InMemoryBM25Retriever
from haystack.components.writers import DocumentWriter
from haystack.document_stores.in_memory import InMemoryDocumentStore

from eval.alqac import law_slug, load_articles
from eval.datasets import ALQAC_DIR, CONTEXTS_DOC_ID, Dataset
from eval.retrieval_eval import rank_units, score_ranking
from kb.config import REPO_ROOT
from kb.text.normalize import normalize_text

METHOD = "haystack-bm25"


def unit_documents(dataset: Dataset) -> list[Document]:
    """One Haystack Document per evaluation unit, with its unit id in meta."""
    if dataset.index_name == "domain-index":  # domain and domain-heldout share corpus/
        manifest = tomllib.loads((REPO_ROOT / "corpus" / "manifest.toml").read_text(encoding="utf-8"))
        return [
            Document(
                content=normalize_text((REPO_ROOT / "corpus" / e["path"]).read_text(encoding="utf-8")),
                meta={"unit": e["id"]},
            )
            for e in manifest["document"]
        ]
    if dataset.name.startswith("alqac2023"):
        return [
            Document(content=normalize_text(text), meta={"unit": f"{law_slug(law)}@{number}"})
            for law, articles in load_articles(ALQAC_DIR / "articles.json").items()
            for number, text in articles.items()
        ]
    # ViRE-format CSV: the generated contexts document, one article per context.
    text = (dataset.corpus / "contexts.txt").read_text(encoding="utf-8")
    documents = []
    for block in text.split("\nĐiều ")[1:]:
        number, _, body = block.partition(". ")
        documents.append(Document(content=body, meta={"unit": f"{CONTEXTS_DOC_ID}@{number}"}))
    return documents


def evaluate_haystack_bm25(
    dataset: Dataset, *, split_length: int = 200, depth: int = 50
) -> dict[str, object]:
    store = InMemoryDocumentStore()  # default BM25: tokenization_regex r"(?u)\b\w\w+\b", BM25L
    indexing = Pipeline()
    indexing.add_component(
        "splitter", DocumentSplitter(split_by="word", split_length=split_length, split_overlap=20)
    )
    indexing.add_component("writer", DocumentWriter(document_store=store))
    indexing.connect("splitter.documents", "writer.documents")
    indexing.run({"splitter": {"documents": unit_documents(dataset)}})
    retriever = InMemoryBM25Retriever(document_store=store, top_k=depth)
    totals: dict[str, list[float]] = {}
    latencies: list[float] = []
    for query in dataset.queries:
        started = time.perf_counter()
        documents = retriever.run(query=query.question)["documents"]
        latencies.append((time.perf_counter() - started) * 1000)
        ranked = rank_units(documents, lambda meta: meta.get("unit"))
        for name, value in score_ranking(ranked, query.gold).items():
            totals.setdefault(name, []).append(value)
    result: dict[str, object] = {name: statistics.fmean(values) for name, values in totals.items()}
    result["latency_ms"] = {"p50": statistics.median(latencies), "p95": float(np.percentile(latencies, 95))}
    return result


if __name__ == "__main__":
    import sys

    from eval.datasets import load_dataset

    for name in sys.argv[1:] or ["domain"]:
        print(name, json.dumps(evaluate_haystack_bm25(load_dataset(name)), indent=1))
