"""Haystack component: collect embedded chunks (with BM25 tokens) for the next index generation."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from haystack import Document, component

from ingest.prose_chunker import sentence_spans
from kb.text.lexical_analyzer import folded_syllables, word_tokens


@dataclass
class ChunkBatch:
    """Chunks of the files processed in one ingest run, grouped by document id."""

    texts: dict[str, list[str]] = field(default_factory=dict)
    metas: dict[str, list[dict]] = field(default_factory=dict)
    vectors: dict[str, list[np.ndarray]] = field(default_factory=dict)
    tokens: dict[str, list[list[str]]] = field(default_factory=dict)
    documents: dict[str, dict] = field(default_factory=dict)  # doc_id -> document-level meta
    outlines: dict[str, dict] = field(default_factory=dict)  # doc_id -> body text and provisions

    def add(self, document: Document) -> None:
        meta = dict(document.meta)
        if document.embedding is None:
            raise ValueError(f"chunk {meta.get('chunk_index')} of {meta['doc_id']} has no embedding")
        tokens = analyse_chunk(document.content or "", meta)
        self.add_analysed(document.content or "", meta, tokens, np.asarray(document.embedding, dtype=np.float32))

    def add_analysed(self, text: str, meta: dict, tokens: list[str], vector: np.ndarray) -> None:
        """Add a chunk already analysed by :func:`analyse_chunk` (e.g. in a worker process)."""
        doc_id = str(meta["doc_id"])
        self.texts.setdefault(doc_id, []).append(text)
        self.metas.setdefault(doc_id, []).append(meta)
        self.vectors.setdefault(doc_id, []).append(np.asarray(vector, dtype=np.float32))
        self.tokens.setdefault(doc_id, []).append(tokens)
        self.documents.setdefault(doc_id, meta)

    def drop(self, doc_id: str) -> None:
        """Forget every chunk of ``doc_id`` (a file that failed halfway)."""
        for store in (self.texts, self.metas, self.vectors, self.tokens, self.documents, self.outlines):
            store.pop(doc_id, None)


def analyse_chunk(text: str, meta: dict) -> list[str]:
    """The chunk's BM25 tokens; records its sentences (spans and token ranges) in ``meta["sentences"]``.

    Runs where the chunk is made (no model needed), so that worker processes can do it.
    """
    heading = str(meta.get("heading") or "")
    # The heading of a prose chunk is carried in metadata, not in its text: search it too.
    words = word_tokens(heading) if heading and not text.startswith(heading) else []
    # Sentences are segmented once here, so that answers can pick and score sentences
    # at question time without running the tokenizer again.
    sentences: list[list[int]] = []
    for start, end in sentence_spans(text):
        first = len(words)
        words.extend(word_tokens(text[start:end]))
        sentences.append([start, end, first, len(words)])
    meta["sentences"] = sentences
    return words + folded_syllables(words)


@component
class ChunkWriter:
    """Writes embedded chunks into a :class:`ChunkBatch`; the index commits the batch atomically.

    Writing into the live index chunk by chunk would expose a half-ingested state to
    readers and to crashes; the batch is folded into a new index generation at the end.

    Usage::

        batch = ChunkBatch()
        writer = ChunkWriter(batch)
        writer.run(documents=embedded_chunks)   # then IndexBuilder commits `batch`
    """

    def __init__(self, batch: ChunkBatch) -> None:
        if not isinstance(batch, ChunkBatch):
            raise TypeError("ChunkWriter needs a ChunkBatch")
        self.batch = batch

    @component.output_types(documents_written=int)
    def run(self, documents: list[Document], outlines: list[dict] | None = None) -> dict[str, int]:
        """
        :param documents: chunk Documents with embeddings and a ``doc_id`` in meta.
        :param outlines: per document, its body text and legal provisions (from the splitter).
        :returns: ``documents_written``: how many chunks were collected.
        """
        for document in documents:
            self.batch.add(document)
        for outline in outlines or []:
            self.batch.outlines[str(outline["doc_id"])] = outline
        return {"documents_written": len(documents)}
