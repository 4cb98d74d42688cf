"""The knowledge base as one object: the loaded index plus the query-side model.

Models and the index load once per process (``KnowledgeBase.open``), never per question.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ingest.normalize import normalize_query
from kb.config import Settings
from kb.index_store import IndexSnapshot, IndexStoreError, StoredChunk, StoredDocument, load_snapshot
from kb.lexical_analyzer import bm25_tokens


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

    def __init__(self, settings: Settings, snapshot: IndexSnapshot) -> None:
        self.settings = settings
        self.snapshot = snapshot
        self._embedder = None
        self._lock = threading.Lock()

    @classmethod
    def open(cls, settings: Settings) -> KnowledgeBase:
        snapshot = load_snapshot(settings.index_dir)
        if snapshot is None:
            raise EmptyIndexError(f"no index at {settings.index_dir}: run `kb ingest` first")
        return cls(settings, snapshot)

    # ------------------------------------------------------------------ query side
    def _text_embedder(self):
        with self._lock:
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

    def hybrid_search(self, query: str, k: int = 10, *, depth: int = 50, rrf_k: int = 60) -> list[Hit]:
        """Reciprocal rank fusion of BM25 and dense rankings (the Ask issue tunes this)."""
        fused: dict[int, float] = {}
        for ranking in (self.bm25_search(query, depth), self.dense_search(query, depth)):
            for rank, hit in enumerate(ranking):
                fused[hit.row] = fused.get(hit.row, 0.0) + 1.0 / (rrf_k + rank + 1)
        best = sorted(fused.items(), key=lambda item: -item[1])[:k]
        return [self._hit(row, score) for row, score in best]

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
