"""The knowledge base as one object: the loaded index plus the query-side model and pipeline.

Models and the index load once per process (``KnowledgeBase.open``), never per question. The
components that read the index are given its generation at construction (:class:`QueryPipeline`);
after an ingest, :meth:`KnowledgeBase.reload` builds the pipeline of the new generation and swaps
it in whole: a question runs on one generation from start to end.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from haystack import Pipeline

from kb.answer.cited_answer import Answer
from kb.answer.continuation import continue_answer
from kb.answer.extractive_answerer import PASSAGES_READ, ExtractiveAnswerer
from kb.answer.instrument_status import InstrumentStatus
from kb.config import Settings
from kb.facts import DEFAULT_METHOD, MODES
from kb.index.backend import open_backend
from kb.index.snapshot import IndexSnapshot, StoredChunk, StoredDocument
from kb.index.store import IndexStoreError
from kb.models.query_embedder import QueryEmbedder
from kb.query.more_requests import more_request_language
from kb.query.preprocessor import QueryPreprocessor
from kb.retrieve.hybrid_retriever import HybridRetriever
from kb.retrieve.provision_lookup import LookupResult, ProvisionLookup, lookup
from kb.text.lexical_analyzer import bm25_tokens
from kb.text.normalize import normalize_query


class EmptyIndexError(IndexStoreError):
    """No index has been built at the configured location yet."""


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with its score(s)."""

    chunk: StoredChunk
    document: StoredDocument
    score: float
    row: int


class QueryPipeline:
    """Everything that answers questions on one index generation.

    preprocess -> (embed question -> hybrid retrieval) + provision lookup, as a Haystack
    pipeline; then the status register, the extractive answerer and (optionally) the LLM
    answerer. Built from a previous generation's pipeline, every component keeps its settings.
    """

    def __init__(
        self,
        snapshot: IndexSnapshot,
        embedder: QueryEmbedder,
        *,
        method: str = DEFAULT_METHOD,
        previous: QueryPipeline | None = None,
    ) -> None:
        self.snapshot = snapshot
        self.embedder = embedder
        if previous is None:
            self.preprocessor = QueryPreprocessor(snapshot)
            self.retriever = HybridRetriever(snapshot, method=method)
            self.answerer = ExtractiveAnswerer(snapshot, embed_passages=embedder.embed_passages)
            self.llm_answerer = None
        else:
            self.preprocessor = previous.preprocessor.rebind(snapshot)
            self.retriever = previous.retriever.rebind(snapshot)
            self.answerer = previous.answerer.rebind(snapshot)
            self.llm_answerer = previous.llm_answerer.rebind(snapshot) if previous.llm_answerer else None
        self.lookup = ProvisionLookup(snapshot)
        self.instrument_status = InstrumentStatus(snapshot)
        pipeline = Pipeline()
        pipeline.add_component("preprocessor", self.preprocessor)
        pipeline.add_component("embedder", embedder)
        pipeline.add_component("retriever", self.retriever)
        pipeline.add_component("lookup", self.lookup)
        pipeline.connect("preprocessor.dense_query", "embedder.text")
        pipeline.connect("preprocessor.bm25_tokens", "retriever.bm25_tokens")
        pipeline.connect("preprocessor.language", "retriever.language")
        pipeline.connect("preprocessor.definition", "retriever.definition")
        pipeline.connect("preprocessor.names", "retriever.names")
        pipeline.connect("embedder.embedding", "retriever.query_embedding")
        pipeline.connect("preprocessor.provision", "lookup.provision")
        self.retrieval = pipeline

    def retrieve(
        self, question: str, *, k: int, filters: dict[str, Any] | None, method: str | None
    ) -> dict[str, Any]:
        """Outputs of the preprocessor, embedder, retriever and lookup for one question."""
        return self.retrieval.run(
            {
                "preprocessor": {"question": question},
                "retriever": {"top_k": k, "filters": filters, "method": method},
            },
            include_outputs_from={"preprocessor", "embedder"},
        )


class KnowledgeBase:
    """Search and answers over the live generation of one index.

    Usage::

        kb = KnowledgeBase.open(Settings.load())
        answer = kb.ask("KCN Nam Cầu Kiền dành bao nhiêu diện tích cho cây xanh?")
        for hit in kb.bm25_search("khu cong nghiep sinh thai", k=5):
            print(hit.document.info["title"], hit.chunk.meta["locator"])
    """

    def __init__(self, settings: Settings, snapshot: IndexSnapshot, *, method: str = DEFAULT_METHOD) -> None:
        self.settings = settings
        self.method = method
        self._lock = threading.Lock()
        self._pipeline = QueryPipeline(snapshot, self._new_embedder(snapshot), method=method)

    @classmethod
    def open(cls, settings: Settings) -> KnowledgeBase:
        backend = open_backend(settings)
        snapshot = backend.load()
        if snapshot is None:
            raise EmptyIndexError(f"no index at {backend.label}: run `kb ingest` first")
        return cls(settings, snapshot)

    # ------------------------------------------------------------------ the live generation
    @property
    def pipeline(self) -> QueryPipeline:
        return self._pipeline

    @property
    def snapshot(self) -> IndexSnapshot:
        return self._pipeline.snapshot

    @property
    def retriever(self) -> HybridRetriever:
        return self._pipeline.retriever

    @property
    def preprocessor(self) -> QueryPreprocessor:
        return self._pipeline.preprocessor

    @property
    def answerer(self) -> ExtractiveAnswerer:
        return self._pipeline.answerer

    @property
    def llm_answerer(self):
        """The LLM answerer when LLM mode is on (:meth:`configure_llm`), else None."""
        return self._pipeline.llm_answerer

    @llm_answerer.setter
    def llm_answerer(self, answerer) -> None:
        self._pipeline.llm_answerer = answerer

    def configure_llm(self, generator: Any | None = None):
        """Turn on LLM mode: an OpenAI-compatible endpoint from the settings, or ``generator``."""
        from kb.answer.llm_answerer import LLMAnswerer, llm_generator

        current = self._pipeline
        if current.llm_answerer is not None and generator is None:
            return current.llm_answerer
        current.llm_answerer = LLMAnswerer(llm_generator(self.settings, generator), fallback=current.answerer)
        return current.llm_answerer

    def reload(self) -> bool:
        """Switch to the newest committed generation (after an ingest); True when it changed."""
        snapshot = open_backend(self.settings).load()
        current = self._pipeline
        if snapshot is None or (current.snapshot.generation and snapshot.generation == current.snapshot.generation):
            return False
        pipeline = QueryPipeline(snapshot, self._new_embedder(snapshot), method=self.method, previous=current)
        with self._lock:  # questions already running keep the generation they started with
            self._pipeline = pipeline
        return True

    def _new_embedder(self, snapshot: IndexSnapshot) -> QueryEmbedder:
        """A query embedder for ``snapshot``: the model and prompts its passages were embedded with
        (the loaded model itself is shared by all of them)."""
        model_path = self.settings.model_path
        recorded = str(snapshot.meta.get("model_path") or "")
        if recorded and recorded != model_path and Path(recorded).exists():
            model_path = recorded
        query_prefix, passage_prefix = self.settings.prefixes()
        embedder = QueryEmbedder(
            model_path,
            query_prefix=str(snapshot.meta.get("query_prefix", query_prefix)),
            passage_prefix=str(snapshot.meta.get("passage_prefix", passage_prefix)),
            device=self.settings.device,
        )
        embedder.warm_up()
        return embedder

    # ------------------------------------------------------------------ search
    def embed_query(self, query: str) -> np.ndarray:
        return self._pipeline.embedder.run(text=normalize_query(query))["embedding"]

    def _hit(self, snapshot: IndexSnapshot, row: int, score: float) -> Hit:
        chunk = snapshot.chunks[row]
        return Hit(chunk, snapshot.documents[chunk.doc_id], float(score), int(row))

    def bm25_scores(self, query: str) -> np.ndarray:
        return self.snapshot.bm25.scores(bm25_tokens(normalize_query(query)))

    def bm25_search(self, query: str, k: int = 10) -> list[Hit]:
        snapshot = self.snapshot
        scores = snapshot.bm25.scores(bm25_tokens(normalize_query(query)))
        rows = np.argsort(-scores, kind="stable")[:k]
        return [self._hit(snapshot, r, scores[r]) for r in rows if scores[r] > 0]

    def dense_search(self, query: str, k: int = 10) -> list[Hit]:
        snapshot = self.snapshot
        scores, rows = snapshot.dense.search(self.embed_query(query), k)
        return [self._hit(snapshot, r, s) for s, r in zip(scores, rows, strict=True)]

    def retrieve(
        self,
        question: str,
        *,
        k: int = 5,
        filters: dict[str, Any] | None = None,
        method: str | None = None,
    ) -> dict[str, Any]:
        """Run the retrieval pipeline; returns the preprocessor, embedder, retriever and lookup outputs."""
        return self._pipeline.retrieve(question, k=k, filters=filters, method=method)

    # ------------------------------------------------------------------ ask
    def ask(
        self,
        question: str,
        *,
        k: int = 5,
        mode: str = "extractive",
        filters: dict[str, Any] | None = None,
        method: str | None = None,
    ) -> Answer:
        """Answer a question with cited sources (see :class:`kb.answer.cited_answer.Answer`)."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        pipeline = self._pipeline  # one generation for the whole question
        if mode == "llm" and pipeline.llm_answerer is None:
            raise ValueError("LLM mode is not configured: set KB_LLM_BASE_URL and KB_LLM_MODEL")
        started = time.perf_counter()
        # The extractive answer reads PASSAGES_READ passages whatever ``k`` (see its module); the LLM
        # the ``k`` asked.
        result = pipeline.retrieve(question, k=k if mode == "llm" else max(k, PASSAGES_READ), filters=filters, method=method)
        retrieved = time.perf_counter()
        prepared = result["preprocessor"]
        documents = result["retriever"]["documents"]
        # "Is Decree 82/2018 still in force?" is answered from the register of instruments,
        # in either mode: a passage that merely mentions the decree must not decide it.
        answer = pipeline.instrument_status.run(question=prepared["question"], language=prepared["language"])[
            "answer"
        ]
        if answer is None:
            answerer = pipeline.llm_answerer if mode == "llm" else pipeline.answerer
            answer = answerer.run(
                question=prepared["question"],
                language=prepared["language"],
                documents=documents,
                query_embedding=result["embedder"]["embedding"],
                provision=result["lookup"]["provision"],
                expansions=prepared["expansions"],
                translations=prepared["translations"],
            )["answer"]
        answer.question = question
        answer.timings_ms = {
            "retrieve": (retrieved - started) * 1000,
            "answer": (time.perf_counter() - retrieved) * 1000,
        }
        return answer

    def continue_answer(self, previous: Answer, question: str) -> Answer | None:
        """What "còn gì nữa?" / "anything else?" asks after ``previous``: the rest of its source
        (see :func:`kb.answer.continuation.continue_answer`); None when there is none to give."""
        started = time.perf_counter()
        question = normalize_query(question)
        answer = continue_answer(self.snapshot, previous, question, more_request_language(question))
        if answer is not None:
            answer.timings_ms = {"answer": (time.perf_counter() - started) * 1000}
        return answer

    def lookup(self, reference: str) -> LookupResult:
        """Exact provision text for "Điều 9 Nghị định 35/2022" and the like."""
        return lookup(self.snapshot, normalize_query(reference))

    # ------------------------------------------------------------------ facts
    def stats(self) -> dict[str, object]:
        snapshot = self.snapshot
        kinds = Counter(doc.info.get("kind", "document") for doc in snapshot.documents.values())
        return {
            "index": open_backend(self.settings).label,
            "generation": snapshot.generation or None,
            "committed_at": snapshot.meta.get("committed_at"),
            "documents": len(snapshot.documents),
            "documents_by_kind": dict(sorted(kinds.items())),
            "chunks": len(snapshot.chunks),
            "model": snapshot.meta.get("model"),
            "model_path": snapshot.meta.get("model_path"),
            "dimension": snapshot.dimension,
            "analyzer": snapshot.meta.get("analyzer"),
            "index_bytes": snapshot.size_bytes(),
        }
