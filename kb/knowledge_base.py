"""The knowledge base as one object: the loaded index plus the query-side model.

Models and the index load once per process (``KnowledgeBase.open``), never per question.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ingest.normalize import normalize_query
from kb.answer import Answer
from kb.config import Settings
from kb.evidence import EvidenceScorer
from kb.extractive_answerer import ExtractiveAnswerer
from kb.hybrid_retriever import DEFAULT_METHOD, HybridRetriever
from kb.index_store import IndexSnapshot, IndexStoreError, StoredChunk, StoredDocument, load_snapshot
from kb.instrument_status import InstrumentStatus
from kb.lexical_analyzer import bm25_tokens
from kb.provision_lookup import LookupResult, ProvisionLookup, lookup
from kb.query_preprocessor import QueryPreprocessor

MODES = ("extractive", "llm")


class EmptyIndexError(IndexStoreError):
    """No index has been built at the configured location yet."""


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk with its score(s)."""

    chunk: StoredChunk
    document: StoredDocument
    score: float
    row: int


class KnowledgeBase:
    """Search over one index generation.

    Usage::

        kb = KnowledgeBase.open(Settings.load())
        for hit in kb.bm25_search("khu cong nghiep sinh thai", k=5):
            print(hit.document.info["title"], hit.chunk.meta["locator"])
    """

    def __init__(self, settings: Settings, snapshot: IndexSnapshot, *, method: str = DEFAULT_METHOD) -> None:
        self.settings = settings
        self.snapshot = snapshot
        self.scorer = EvidenceScorer(snapshot)
        self.method = method
        self._embedder = None
        self._lock = threading.Lock()
        self._retrieval = None
        self.answerer = ExtractiveAnswerer()
        self.instrument_status = InstrumentStatus()
        self.llm_answerer = None  # set by kb.llm_answerer.configure_llm (optional mode)

    @classmethod
    def open(cls, settings: Settings) -> KnowledgeBase:
        snapshot = load_snapshot(settings.index_dir)
        if snapshot is None:
            raise EmptyIndexError(f"no index at {settings.index_dir}: run `kb ingest` first")
        return cls(settings, snapshot)

    # ------------------------------------------------------------------ query side
    def _text_embedder(self):
        with self._lock:
            return self._text_embedder_unlocked()

    def _text_embedder_unlocked(self):
        """The query embedder, loaded once (callers hold ``self._lock``)."""
        if self._embedder is None:
            from kb.embedding import text_embedder

            settings = self.settings
            # Embed queries with the model (and prompt) the index was built with.
            recorded = str(self.snapshot.meta.get("model_path") or "")
            if recorded and recorded != settings.model_path and Path(recorded).exists():
                settings = settings.with_overrides(model=recorded)
            embedder = text_embedder(settings)
            embedder.prefix = str(self.snapshot.meta.get("query_prefix", embedder.prefix))
            embedder.warm_up()
            self._embedder = embedder
        return self._embedder

    def embed_query(self, query: str) -> np.ndarray:
        vector = self._text_embedder().run(text=normalize_query(query))["embedding"]
        return np.asarray(vector, dtype=np.float32)

    # ------------------------------------------------------------------ search
    def _hit(self, row: int, score: float) -> Hit:
        chunk = self.snapshot.chunks[row]
        return Hit(chunk, self.snapshot.documents[chunk.doc_id], float(score), int(row))

    def bm25_scores(self, query: str) -> np.ndarray:
        return self.snapshot.bm25.scores(bm25_tokens(normalize_query(query)))

    def bm25_search(self, query: str, k: int = 10) -> list[Hit]:
        scores = self.bm25_scores(query)
        rows = np.argsort(-scores, kind="stable")[:k]
        return [self._hit(r, scores[r]) for r in rows if scores[r] > 0]

    def dense_search(self, query: str, k: int = 10) -> list[Hit]:
        scores, rows = self.snapshot.dense.search(self.embed_query(query), k)
        return [self._hit(r, s) for s, r in zip(scores, rows, strict=True)]

    # ------------------------------------------------------------------ ask
    def reload(self) -> bool:
        """Switch to the newest committed generation (after an ingest); True when it changed."""
        snapshot = load_snapshot(self.settings.index_dir)
        if snapshot is None or (self.snapshot.path is not None and snapshot.path == self.snapshot.path):
            return False
        scorer = EvidenceScorer(snapshot)
        with self._lock:  # questions already running keep the generation they started with
            self.snapshot, self.scorer = snapshot, scorer
        return True

    def _retrieval_pipeline(self):
        """preprocess -> (embed query -> hybrid retrieval) + provision lookup; built once."""
        with self._lock:
            if self._retrieval is None:
                from haystack import Pipeline

                pipeline = Pipeline()
                pipeline.add_component("preprocessor", QueryPreprocessor())
                pipeline.add_component("embedder", self._text_embedder_unlocked())
                pipeline.add_component("retriever", HybridRetriever(method=self.method))
                pipeline.add_component("lookup", ProvisionLookup())
                pipeline.connect("preprocessor.dense_query", "embedder.text")
                pipeline.connect("preprocessor.bm25_tokens", "retriever.bm25_tokens")
                pipeline.connect("preprocessor.language", "retriever.language")
                pipeline.connect("preprocessor.definition", "retriever.definition")
                pipeline.connect("preprocessor.names", "retriever.names")
                pipeline.connect("embedder.embedding", "retriever.query_embedding")
                pipeline.connect("preprocessor.provision", "lookup.provision")
                self._retrieval = pipeline
        return self._retrieval

    def retrieve(
        self,
        question: str,
        *,
        k: int = 5,
        filters: dict[str, Any] | None = None,
        method: str | None = None,
        snapshot: IndexSnapshot | None = None,
    ) -> dict[str, Any]:
        """Run the retrieval pipeline; returns the preprocessor, retriever and lookup outputs."""
        snapshot = snapshot or self.snapshot
        result = self._retrieval_pipeline().run(
            {
                "preprocessor": {"question": question, "snapshot": snapshot},
                "retriever": {"snapshot": snapshot, "top_k": k, "filters": filters, "method": method},
                "lookup": {"snapshot": snapshot},
            },
            include_outputs_from={"preprocessor", "embedder"},
        )
        return result

    def ask(
        self,
        question: str,
        *,
        k: int = 5,
        mode: str = "extractive",
        filters: dict[str, Any] | None = None,
        method: str | None = None,
        history: list[str] | None = None,
    ) -> Answer:
        """Answer a question with cited sources (see :class:`kb.answer.Answer`)."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        snapshot, scorer = self.snapshot, self.scorer  # one generation for the whole question
        started = time.perf_counter()
        result = self.retrieve(question, k=k, filters=filters, method=method, snapshot=snapshot)
        retrieved = time.perf_counter()
        prepared = result["preprocessor"]
        documents = result["retriever"]["documents"]
        provision = result["lookup"]["provision"]
        embedding = result["embedder"]["embedding"]
        if mode == "llm" and self.llm_answerer is None:
            raise ValueError("LLM mode is not configured: set KB_LLM_BASE_URL and KB_LLM_MODEL")
        # "Is Decree 82/2018 still in force?" is answered from the register of instruments,
        # in either mode: a passage that merely mentions the decree must not decide it.
        answer = self.instrument_status.run(
            question=prepared["question"], language=prepared["language"], snapshot=snapshot
        )["answer"]
        if answer is None:
            answerer = self.llm_answerer if mode == "llm" else self.answerer
            answer = answerer.run(
                question=prepared["question"],
                language=prepared["language"],
                documents=documents,
                snapshot=snapshot,
                scorer=scorer,
                query_embedding=embedding,
                provision=provision,
                embed_passages=self._passage_embedder(),
                expansions=prepared["expansions"],
                translations=prepared["translations"],
            )["answer"]
        answer.question = question
        answer.timings_ms = {
            "retrieve": (retrieved - started) * 1000,
            "answer": (time.perf_counter() - retrieved) * 1000,
        }
        return answer

    def _passage_embedder(self):
        embedder = self._text_embedder()
        passage_prefix = str(self.snapshot.meta.get("passage_prefix", ""))

        def embed(texts: list[str]) -> np.ndarray:
            model = embedder.embedding_backend.model
            return model.encode(
                [passage_prefix + t for t in texts], normalize_embeddings=True, show_progress_bar=False
            )

        return embed

    def lookup(self, reference: str) -> LookupResult:
        """Exact provision text for "Điều 9 Nghị định 35/2022" and the like."""
        return lookup(self.snapshot, normalize_query(reference))

    # ------------------------------------------------------------------ facts
    def stats(self) -> dict[str, object]:
        snapshot = self.snapshot
        kinds = Counter(doc.info.get("kind", "document") for doc in snapshot.documents.values())
        return {
            "index": str(self.settings.index_dir),
            "generation": snapshot.path.name if snapshot.path else None,
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
