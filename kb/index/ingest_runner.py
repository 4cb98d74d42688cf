"""Running the planned files of an ingest: prepared by worker processes, embedded by the parent.

Each file is first looked up in the staging cache (:mod:`kb.index.staging`): a file finished by
an earlier, interrupted run is taken from there. The others are prepared (converted, OCR'd,
enriched, chunked, analysed: :mod:`kb.index.file_preparation`) in a pool of ``workers`` processes
started with ``spawn`` — or in this process when ``workers`` is 1 — while this process, which
alone loads the embedding model, embeds the chunks as they arrive, in groups of at least
:data:`EMBED_GROUP` chunks or after :data:`EMBED_WAIT_SECONDS` (one ``encode`` call: texts sorted by length, less padding; the
forward batch stays ``batch_size``). Each embedded file is staged at once, then counted done.

Where the files are prepared changes nothing in the result: the same code prepares them, the
chunks are assembled in the plan's order whatever the order they finish in, and a file's vectors
differ only by float rounding (its chunks may share an ``encode`` call with other files' chunks).

A worker process that dies (a crash in a native library, the kernel's OOM killer) takes down
the pool: the files it held are tried again in a new pool, and a file that was in flight in two
such crashes is reported as failed.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

import numpy as np

from ingest.chunk_writer import ChunkBatch
from ingest.manifest import Instrument
from kb.config import Settings
from kb.index.file_preparation import FileJob, FilePreparer, PreparedFile, init_worker, prepare_in_worker
from kb.index.ingest_progress import IngestProgress
from kb.index.staging import StagingCache

EMBED_GROUP = 256
# ... or fewer, when the first of them has waited this long (slow files, e.g. long scans, are
# staged soon after they are read instead of waiting for others).
EMBED_WAIT_SECONDS = 10.0
# Files handed to the pool ahead of the results collected: keeps every worker busy while the
# parent embeds, and bounds what waits in memory.
IN_FLIGHT_PER_WORKER = 32
WORKER_DIED = "a worker process died while reading this file (twice): it may crash the converter"


@dataclass
class RunOutcome:
    """What running the plan gave: the chunks, the failures by key, and how the work was done."""

    batch: ChunkBatch = field(default_factory=ChunkBatch)
    failures: dict[str, str] = field(default_factory=dict)
    resumed: int = 0  # files taken from the staging cache
    embedded: int = 0  # chunks embedded by this run
    pages: int = 0
    prepare_seconds: float = 0.0  # converting, OCR, chunking, analysis (summed over the workers)
    embed_seconds: float = 0.0  # embedding, in this process


class _Embedder:
    """The document embedder of the settings, loaded on first use (a fully resumed run needs none)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._component = None
        self._threads = 1

    def restore_threads(self) -> None:
        if self._component is not None:
            import torch

            torch.set_num_threads(self._threads)

    def __call__(self, files: list[PreparedFile], busy_workers: int = 0) -> list[np.ndarray]:
        import torch
        from haystack import Document

        if self._component is None:
            from kb.models.embedding import document_embedder

            self._threads = torch.get_num_threads()
            self._component = document_embedder(self.settings)
            self._component.warm_up()
        # While worker processes are busy, leave them their cores (oversubscribed torch threads
        # spin and slow everyone down); alone, use them all.
        wanted = max(1, self._threads - busy_workers)
        if torch.get_num_threads() != wanted:
            torch.set_num_threads(wanted)
        documents = [
            Document(content=text, meta={"embed_context": meta.get("embed_context")})
            for prepared in files
            for text, meta in zip(prepared.texts, prepared.metas, strict=True)
        ]
        embedded = self._component.run(documents=documents)["documents"]
        matrix = np.asarray([d.embedding for d in embedded], dtype=np.float32)
        out, row = [], 0
        for prepared in files:
            out.append(matrix[row : row + len(prepared.texts)])
            row += len(prepared.texts)
        return out


class PlanRunner:
    """Runs ``jobs`` (with their staging keys) and fills a :class:`RunOutcome`."""

    def __init__(
        self,
        settings: Settings,
        instruments: dict[str, Instrument],
        cache: StagingCache,
        progress: IngestProgress,
        *,
        workers: int = 1,
        reuse: bool = True,
    ) -> None:
        self.settings = settings
        self.instruments = instruments
        self.cache = cache
        self.progress = progress
        self.workers = max(1, workers)
        self.reuse = reuse
        self.outcome = RunOutcome()
        self._embed = _Embedder(settings)
        self._ready: list[tuple[PreparedFile, str]] = []
        self._ready_since = 0.0

    def run(self, jobs: list[tuple[FileJob, str]]) -> RunOutcome:
        todo: list[tuple[FileJob, str]] = []
        for job, key in jobs:
            hit = self.cache.get(key) if self.reuse else None
            if hit is None:
                todo.append((job, key))
                continue
            prepared, vectors = hit
            self._add(prepared, list(vectors))
            self.outcome.resumed += 1
            self.progress.step(job.key, chunks=len(prepared.texts), pages=prepared.pages, resumed=True)
        try:
            if self.workers == 1 or len(todo) <= 1:
                self._run_here(todo)
            else:
                self._run_pool(todo)
            self._flush(force=True)
        finally:
            self.progress.close()
            self._embed.restore_threads()
        return self.outcome

    # --- preparing ------------------------------------------------------------------------
    def _run_here(self, todo: list[tuple[FileJob, str]]) -> None:
        prepare = FilePreparer(self.settings, self.instruments, workers=1, progress=self.progress.page)
        for job, key in todo:
            self.progress.start(job.key)
            self._collect(prepare(job), key)

    def _run_pool(self, todo: list[tuple[FileJob, str]]) -> None:
        context = multiprocessing.get_context("spawn")
        crashes: dict[str, int] = {}
        while todo:
            # After a worker died, the files it may have held are tried one at a time first, so
            # that only the file that kills its worker is failed.
            suspects = [item for item in todo if item[1] in crashes]
            batch = suspects or todo
            later = [item for item in todo if item[1] not in crashes] if suspects else []
            limit = 1 if suspects else self.workers * IN_FLIGHT_PER_WORKER
            retry: list[tuple[FileJob, str]] = []
            pool = ProcessPoolExecutor(
                max_workers=1 if suspects else min(self.workers, len(batch)),
                mp_context=context,
                initializer=init_worker,
                initargs=(self.settings, self.instruments, self.workers, os.getpid()),
            )
            try:
                queue: Iterator[tuple[FileJob, str]] = iter(batch)
                pending: dict[Future[PreparedFile], tuple[FileJob, str]] = {}
                self._submit(pool, queue, pending, retry, limit)
                while pending:
                    finished, _ = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
                    for future in finished:
                        job, key = pending.pop(future)
                        try:
                            prepared = future.result()
                        except BrokenProcessPool:
                            crashes[key] = crashes.get(key, 0) + 1
                            if crashes[key] >= 2:
                                self._collect(PreparedFile(job.key, job.doc_id, failure=WORKER_DIED), key)
                            else:
                                retry.append((job, key))
                            continue
                        self._collect(prepared, key)
                    self._submit(pool, queue, pending, retry, limit)
                    self._flush(busy_workers=min(len(pending), self.workers if not suspects else 1))
                retry.extend(queue)  # not submitted because the pool broke
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
            todo = retry + later

    def _submit(self, pool: ProcessPoolExecutor, queue: Iterator, pending: dict, unsent: list, limit: int) -> None:
        while len(pending) < limit:
            item = next(queue, None)
            if item is None:
                return
            try:
                future = pool.submit(prepare_in_worker, item[0])
            except BrokenProcessPool:
                unsent.append(item)  # tried again in the next pool
                return
            self.progress.start(item[0].key)
            pending[future] = item

    # --- embedding ------------------------------------------------------------------------
    def _collect(self, prepared: PreparedFile, key: str) -> None:
        self.outcome.prepare_seconds += prepared.seconds
        if prepared.failure:
            self.outcome.failures[prepared.key] = prepared.failure
            self.progress.step(prepared.key, failed=True)
            return
        if not self._ready:
            self._ready_since = time.monotonic()
        self._ready.append((prepared, key))
        if self.workers == 1:
            self._flush()

    def _flush(self, force: bool = False, busy_workers: int = 0) -> None:
        waiting = sum(len(prepared.texts) for prepared, _ in self._ready)
        waited = time.monotonic() - self._ready_since
        if not self._ready or (waiting < EMBED_GROUP and waited < EMBED_WAIT_SECONDS and not force):
            return
        ready, self._ready = self._ready, []
        started = time.perf_counter()
        vectors = self._embed([prepared for prepared, _ in ready], busy_workers)
        self.outcome.embed_seconds += time.perf_counter() - started
        for (prepared, key), matrix in zip(ready, vectors, strict=True):
            self._add(prepared, list(matrix))
            self.cache.put(key, prepared, matrix)
            self.outcome.embedded += len(prepared.texts)
            self.outcome.pages += prepared.pages
            self.progress.step(prepared.key, chunks=len(prepared.texts), pages=prepared.pages)

    def _add(self, prepared: PreparedFile, vectors: list[np.ndarray]) -> None:
        batch = self.outcome.batch
        for text, meta, tokens, vector in zip(prepared.texts, prepared.metas, prepared.tokens, vectors, strict=True):
            batch.add_analysed(text, dict(meta), list(tokens), vector)
        doc_id = prepared.doc_id
        batch.documents[doc_id] = dict(prepared.document)
        if prepared.outline is not None:
            batch.outlines[doc_id] = prepared.outline


def resolve_workers(settings: Settings, workers: int | None, files: int) -> int:
    """Processes to prepare ``files`` files with: ``workers`` (else the ``ingest_workers`` setting),
    0 meaning one per core; never more than the files."""
    wanted = settings.ingest_workers if workers is None else workers
    if wanted < 0:
        raise ValueError(f"workers must be >= 0 (0: one per core), got {wanted}")
    if wanted == 0:
        wanted = os.cpu_count() or 1
    return max(1, min(wanted, files))
