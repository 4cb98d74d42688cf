"""One file made ready for embedding: converted (OCR included), enriched, chunked and analysed.

This is the part of an ingest that needs no model, so ``kb ingest --workers N`` runs it in N
worker processes (started with ``spawn``: safe with threads, torch and every platform) while the
parent embeds. With one worker it runs in the parent, by the same code, so both give the same
chunks. The result (:class:`PreparedFile`) holds only JSON values, so that it crosses process
boundaries and the staging cache (:mod:`kb.index.staging`) unchanged.

Usage::

    prepare = FilePreparer(settings, instruments)
    prepared = prepare(FileJob(path="corpus/a.md", key="corpus/a.md", doc_id="a", info=None))
    prepared.failure or prepared.texts
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ingest.chunk_writer import analyse_chunk
from ingest.formats import ConversionOptions, ProgressEvent
from ingest.manifest import Instrument
from kb.config import Settings

# What the index keeps of a chunk's metadata, and of its document's (from the first chunk).
CHUNK_META_KEYS = (
    "page",
    "heading",
    "section_path",
    "locator",
    "provision",
    "provision_path",
    "start",
    "end",
    "embed_context",
    "sentences",
)
DOC_META_KEYS = ("format", "page_count", "source_header", "status_note", "doc_label", "reading")


@dataclass(frozen=True)
class FileJob:
    """A file to prepare: where it is, its key in the index, its document id and manifest entry."""

    path: str
    key: str
    doc_id: str
    info: dict | None


@dataclass
class PreparedFile:
    """A file's chunks, ready to embed (``failure`` set instead when it could not be read)."""

    key: str
    doc_id: str
    texts: list[str] = field(default_factory=list)
    metas: list[dict] = field(default_factory=list)  # CHUNK_META_KEYS + doc_id
    tokens: list[list[str]] = field(default_factory=list)
    document: dict = field(default_factory=dict)  # doc_* keys and DOC_META_KEYS
    outline: dict | None = None
    failure: str = ""
    pages: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict:
        return {
            "key": self.key,
            "doc_id": self.doc_id,
            "texts": self.texts,
            "metas": self.metas,
            "tokens": self.tokens,
            "document": self.document,
            "outline": self.outline,
            "pages": self.pages,
        }

    @classmethod
    def from_json(cls, value: dict) -> PreparedFile:
        return cls(**value)


def _plain(value: object) -> object:
    """``value`` as JSON gives it back (tuples -> lists): the same in every path a result takes."""
    return json.loads(json.dumps(value, ensure_ascii=False))


def ocr_workers_per_file(settings: Settings, workers: int) -> int:
    """tesseract processes per file when ``workers`` files are prepared at once.

    ``ocr_workers`` = 0 (auto) means one tesseract per core for the whole ingest: the cores are
    shared among the file workers (at least one each). An explicit ``ocr_workers`` applies per
    file, so up to ``workers`` x ``ocr_workers`` tesseracts may run.
    """
    if settings.ocr_workers:
        return settings.ocr_workers
    return max(1, (os.cpu_count() or 1) // max(1, workers))


class FilePreparer:
    """Prepares files one by one with one preparation pipeline (built on the first call)."""

    def __init__(
        self,
        settings: Settings,
        instruments: dict[str, Instrument],
        *,
        workers: int = 1,
        progress: Callable[[ProgressEvent], None] | None = None,
    ) -> None:
        self.settings = settings
        self.instruments = instruments
        self.options = replace(
            ConversionOptions.from_settings(settings), ocr_workers=ocr_workers_per_file(settings, workers)
        )
        self.progress = progress
        self._pipeline = None

    def __call__(self, job: FileJob) -> PreparedFile:
        started = time.perf_counter()
        prepared = PreparedFile(job.key, job.doc_id)
        try:
            self._prepare(job, prepared)
        except Exception as exc:  # one bad file never stops the others
            prepared = PreparedFile(job.key, job.doc_id, failure=f"could not be processed: {type(exc).__name__}: {exc}")
        prepared.seconds = time.perf_counter() - started
        return prepared

    def _prepare(self, job: FileJob, prepared: PreparedFile) -> None:
        if self._pipeline is None:
            from ingest.indexing_pipeline import build_preparation_pipeline

            self._pipeline = build_preparation_pipeline(self.settings, progress=self.progress, options=self.options)
        result = self._pipeline.run(
            {
                "converter": {"sources": [job.path]},
                "enricher": {
                    "file_metadata": {job.path: {"doc_id": job.doc_id, "info": job.info}},
                    "instruments": self.instruments,
                },
            }
        )
        failures = result.get("converter", {}).get("failures", [])
        if failures:
            prepared.failure = str(failures[0]["reason"])
            return
        chunks = result.get("splitter", {}).get("documents", [])
        if not chunks:
            prepared.failure = "no text to index was found in the file"
            return
        for chunk in chunks:
            meta = dict(chunk.meta)
            text = chunk.content or ""
            prepared.tokens.append(analyse_chunk(text, meta))
            prepared.texts.append(text)
            prepared.metas.append({"doc_id": job.doc_id, **{key: meta.get(key) for key in CHUNK_META_KEYS}})
            if not prepared.document:
                prepared.document = {
                    k: v for k, v in meta.items() if k.startswith("doc_") or k in DOC_META_KEYS
                }
        prepared.pages = int(prepared.document.get("page_count") or 0)
        outlines = result.get("splitter", {}).get("outlines", [])
        prepared.outline = dict(outlines[0]) if outlines else None
        plain = _plain({"metas": prepared.metas, "document": prepared.document, "outline": prepared.outline})
        prepared.metas, prepared.document, prepared.outline = plain["metas"], plain["document"], plain["outline"]


# --- worker processes ---------------------------------------------------------------------

_WORKER: FilePreparer | None = None


def init_worker(settings: Settings, instruments: dict[str, Instrument], workers: int, parent: int) -> None:
    """Initializer of a worker process: its preparer (no model), and a watchdog that ends the
    worker when the parent ``kb ingest`` is gone (killed: nobody would collect its results)."""
    global _WORKER
    _WORKER = FilePreparer(settings, instruments, workers=workers)
    threading.Thread(target=_exit_with_parent, args=(parent,), name="kb-parent-watch", daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def prepare_in_worker(job: FileJob) -> PreparedFile:
    assert _WORKER is not None, "init_worker was not run in this process"
    return _WORKER(job)
