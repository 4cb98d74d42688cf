"""Tiny in-memory indexes for fast unit tests: no embedding model, no corpus.

Documents go through the real ingest components (enricher, structure-aware splitter, chunk
writer: real Vietnamese word segmentation and sentences), and each chunk gets a deterministic
pseudo-embedding (a unit vector seeded by its text), so that the index, retrieval and answer
components run for real in milliseconds. Tests that need real similarities use the real model.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

import numpy as np
from haystack import Document

from ingest.chunk_writer import ChunkBatch, ChunkWriter
from ingest.document_enricher import DocumentEnricher
from ingest.structure_aware_splitter import StructureAwareSplitter
from kb.answer.sentence_candidates import SentenceCandidate
from kb.index.snapshot import IndexSnapshot, StoredChunk, StoredDocument
from kb.index.store import build_snapshot

DIMENSION = 16


def pseudo_vector(text: str, dimension: int = DIMENSION) -> np.ndarray:
    """A unit vector that depends only on ``text`` (stands in for an embedding)."""
    seed = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "little")
    vector = np.random.default_rng(seed).normal(size=dimension).astype(np.float32)
    return vector / np.linalg.norm(vector)


def chunk_documents(documents: dict[str, tuple[dict, str]], **splitter_options) -> tuple[ChunkBatch, list]:
    """Run enricher -> splitter -> writer on ``{doc_id: (info, text)}``; returns the batch and chunks."""
    sources = [
        Document(content=text, meta={"file_path": f"{doc_id}.txt", "doc_id": doc_id, "format": "txt"})
        for doc_id, (_, text) in documents.items()
    ]
    # No info: the metadata comes from the text (legal header, first heading), as without a manifest.
    file_metadata = {
        f"{doc_id}.txt": {"doc_id": doc_id, **({"info": {"title": doc_id, **info}} if info else {})}
        for doc_id, (info, _) in documents.items()
    }
    enriched = DocumentEnricher().run(documents=sources, file_metadata=file_metadata)["documents"]
    split = StructureAwareSplitter(**splitter_options).run(documents=enriched)
    chunks = [replace(c, embedding=pseudo_vector(c.content or "").tolist()) for c in split["documents"]]
    batch = ChunkBatch()
    ChunkWriter(batch).run(documents=chunks, outlines=split["outlines"])
    return batch, chunks


def tiny_snapshot(documents: dict[str, tuple[dict, str]], instruments: dict | None = None) -> IndexSnapshot:
    """An index generation (in memory) of ``{doc_id: (info, text)}``; ``info`` holds DocumentInfo
    fields (title, kind, number, status, …)."""
    batch, _ = chunk_documents(documents)
    stored: dict[str, StoredDocument] = {}
    chunks: list[StoredChunk] = []
    vectors: list[np.ndarray] = []
    tokens: list[list[str]] = []
    for doc_id in documents:
        first = batch.documents[doc_id]
        info = {
            k.removeprefix("doc_"): str(v)
            for k, v in first.items()
            if k.startswith("doc_") and k not in ("doc_id", "doc_label")
        }
        stored[doc_id] = StoredDocument(doc_id, f"{doc_id}.txt", "fp", "sha", 1, info, len(batch.texts[doc_id]))
        for index, (text, meta) in enumerate(zip(batch.texts[doc_id], batch.metas[doc_id], strict=True)):
            chunks.append(StoredChunk(f"{doc_id}#{index}", doc_id, index, text, meta))
        vectors.extend(batch.vectors[doc_id])
        tokens.extend(batch.tokens[doc_id])
    outlines = {doc_id: {k: v for k, v in o.items() if k != "doc_id"} for doc_id, o in batch.outlines.items()}
    meta = {"model": "pseudo", "dimension": DIMENSION, "instruments": instruments or {}}
    return build_snapshot(meta, stored, chunks, np.vstack(vectors), tokens, outlines)


def retrieved(
    snapshot: IndexSnapshot, rows: list[int], scores: list[float] | None = None, dense: float = 0.5
) -> list[Document]:
    """Chunks ``rows`` as the retriever returns them (best first), with the dense similarity ``dense``."""
    out = []
    for position, row in enumerate(rows):
        chunk = snapshot.chunks[row]
        meta = {**chunk.meta, "doc_id": chunk.doc_id, "row": row, "bm25_score": 1.0, "dense_score": dense}
        score = scores[position] if scores else 1.0 - 0.1 * position
        out.append(Document(id=chunk.chunk_id, content=chunk.text, meta=meta, score=score))
    return out


def answer_from(text: str, question: str, language: str = "vi"):
    """The extractive answer to ``question`` from one small workshop document ``text`` (no model), every
    chunk of it retrieved."""
    from kb.answer.extractive_answerer import ExtractiveAnswerer

    snapshot = tiny_snapshot({"doc": ({"kind": "workshop", "title": "Tài liệu"}, text)})
    documents = retrieved(snapshot, list(range(len(snapshot.chunks))), dense=0.9)
    return ExtractiveAnswerer(snapshot).run(question=question, language=language, documents=documents)["answer"]


def ask_documents(documents: dict[str, tuple[dict, str]], question: str, language: str = "vi", dense: float = 0.9):
    """The answer from every chunk of ``documents`` (no model), with the question's terms in the other
    language as the real preprocessor gives them (an English case study answers a Vietnamese question);
    ``dense``: the retrieved chunks' dense similarity (low: the passages' words alone decide)."""
    from kb.answer.extractive_answerer import ExtractiveAnswerer
    from kb.query.preprocessor import QueryPreprocessor

    snapshot = tiny_snapshot(documents)
    query = QueryPreprocessor().run(question=question)
    return ExtractiveAnswerer(snapshot).run(
        question=query["question"],
        language=language,
        documents=retrieved(snapshot, list(range(len(snapshot.chunks))), dense=dense),
        expansions=query["expansions"],
        translations=query["translations"],
    )["answer"]


def every_line(documents: dict[str, tuple[dict, str]]) -> list[SentenceCandidate]:
    """Every line of every passage as an equally relevant candidate sentence: what a check reads
    when it is called directly, without the ranking before it."""
    snapshot = tiny_snapshot(documents)
    out = []
    for position, passage in enumerate(retrieved(snapshot, list(range(len(snapshot.chunks))))):
        text = passage.content or ""
        for index, line in enumerate(t for t in text.splitlines() if t.strip()):
            start = text.index(line)
            out.append(SentenceCandidate(passage, position, index, line, 0.5, set(), 0.5, 0.5, start, start + len(line)))
    return out


def quoted_answer(text: str, question: str, quote: str, language: str = "vi", title: str = "Tài liệu"):
    """A one-document index of ``text`` and an answer to ``question`` quoting ``quote`` of its first
    chunk, as the chat keeps it (what "còn gì nữa?" continues)."""
    from kb.answer.citations import citation_for
    from kb.answer.cited_answer import Answer

    snapshot = tiny_snapshot({"doc": ({"kind": "summary", "title": title}, text)})
    document = retrieved(snapshot, [0])[0]
    return snapshot, Answer(question, quote, False, language, [citation_for(snapshot, document, 1, quote)])


def documents_of(**texts: tuple[str, str, str, str]) -> dict[str, tuple[dict, str]]:
    """Documents for :func:`tiny_snapshot` from ``doc_id=(kind, title, issued, text)``."""
    return {key: ({"kind": kind, "title": title, "issued": issued}, text) for key, (kind, title, issued, text) in texts.items()}
