"""Persistent index: chunk store, FAISS vectors and BM25, saved atomically as generations.

Layout of an index folder::

    data/index/
      CURRENT                 # name of the live generation, replaced atomically
      gen-20261123T101500-3f2a/
        meta.json             # model, dimension, analyzer, counts
        documents.json        # per file: id, path, fingerprint, metadata, chunk count
        chunks.jsonl          # one chunk per line, in vector row order (+ chunks.offsets.npy: line starts)
        chunk_docs.npy        # int32 per chunk: position of its document in documents.json
        vectors.npy           # float32 (chunks, dimension), L2-normalised
        tokens.jsonl          # BM25 tokens, one chunk per line (+ tokens.offsets.npy; kept so
                              # re-ingest does not re-tokenise)
        outlines.json         # per document: body text and legal provisions (exact lookups)
        dense.faiss           # faiss IndexFlatIP over vectors.npy, or IndexIVFFlat (setting dense_index)
        bm25/                 # bm25s index over the tokens

Chunks, tokens, vectors and the BM25 matrices are memory-mapped and read on demand
(:mod:`kb.index.rows`): a million-chunk generation does not become ten million Python objects.
Format 2 (``tokens.json``, no offsets) is still read, into memory as before.

A new generation is written to a hidden temporary folder, flushed, renamed, and only
then published by replacing ``CURRENT``. A crash at any moment leaves either the old or
the new generation live, never a half-written one; stray temporary folders are ignored
and cleaned up by the next commit. The previous generation is kept, so a reader that
is still loading it while a writer commits is not pulled out from under.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import mmap
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import numpy as np

from kb.index.bm25 import BM25Index
from kb.index.dense import DenseIndex
from kb.index.rows import JsonRows, write_rows
from kb.index.snapshot import IndexSnapshot, StoredChunk, StoredDocument

FORMAT_VERSION = 3
READABLE_FORMATS = (2, 3)  # 2: tokens.json, read into memory
CURRENT_FILE = "CURRENT"
LOCK_POLL_SECONDS = 0.2  # how often a waiting writer tries the lock again
LOCK_FILE = ".lock"
GENERATION_PREFIX = "gen-"
TEMP_PREFIX = ".tmp-"


class IndexStoreError(RuntimeError):
    """The index folder cannot be used (missing, corrupt or built differently)."""


class IndexFormatError(IndexStoreError):
    """The index was written by another version of this product; re-ingesting rebuilds it."""


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _current_generation(index_dir: Path) -> Path | None:
    current = index_dir / CURRENT_FILE
    if not current.is_file():
        return None
    name = current.read_text(encoding="utf-8").strip()
    generation = index_dir / name
    if not name.startswith(GENERATION_PREFIX) or not generation.is_dir():
        raise IndexStoreError(
            f"{current} points to {name!r}, which is not a generation folder: the index is damaged"
        )
    return generation


def current_generation_name(index_dir: Path) -> str | None:
    """The live generation folder's name (what ``CURRENT`` names), None before the first commit."""
    generation = _current_generation(index_dir)
    return None if generation is None else generation.name


def current_meta(index_dir: Path) -> dict[str, object] | None:
    """``meta.json`` of the live generation (model, prompts, counts), or None before the first commit."""
    generation = _current_generation(index_dir)
    if generation is None:
        return None
    return json.loads((generation / "meta.json").read_text(encoding="utf-8"))


def load_snapshot(index_dir: Path) -> IndexSnapshot | None:
    """The live generation of ``index_dir``, or None when nothing was ever committed."""
    generation = _current_generation(index_dir)
    if generation is None:
        return None
    meta = json.loads((generation / "meta.json").read_text(encoding="utf-8"))
    if meta.get("format_version") not in READABLE_FORMATS:
        raise IndexFormatError(
            f"{generation} has index format {meta.get('format_version')}, this version reads "
            f"{' and '.join(map(str, READABLE_FORMATS))}: run `kb ingest` to rebuild it"
        )
    raw_documents = json.loads((generation / "documents.json").read_text(encoding="utf-8"))
    documents = {doc_id: StoredDocument(**value) for doc_id, value in raw_documents.items()}
    chunk_docs = None
    if meta["format_version"] == 2:
        with (generation / "chunks.jsonl").open(encoding="utf-8") as handle:
            chunks = [StoredChunk(**json.loads(line)) for line in handle if line.strip()]
        tokens = json.loads((generation / "tokens.json").read_text(encoding="utf-8"))
        vectors = np.load(generation / "vectors.npy")
    else:
        chunks = JsonRows(generation / "chunks.jsonl", decode=lambda value: StoredChunk(**value))
        tokens = JsonRows(generation / "tokens.jsonl")
        vectors = np.load(generation / "vectors.npy", mmap_mode="r")
        if hasattr(vectors, "_mmap") and hasattr(mmap, "MADV_RANDOM"):
            vectors._mmap.madvise(mmap.MADV_RANDOM)  # candidates' rows only, no read-ahead
        chunk_docs = np.load(generation / "chunk_docs.npy")
    if not (len(chunks) == len(vectors) == len(tokens)):
        raise IndexStoreError(
            f"{generation}: {len(chunks)} chunks, {len(vectors)} vectors, {len(tokens)} token lists"
        )
    dense = DenseIndex.load(generation / "dense.faiss")
    bm25 = BM25Index.load(generation / "bm25", len(chunks), mmap=meta["format_version"] != 2)
    outlines = json.loads((generation / "outlines.json").read_text(encoding="utf-8"))
    return IndexSnapshot(
        generation, meta, documents, chunks, vectors, tokens, dense, bm25, outlines, chunk_docs=chunk_docs
    )


def build_snapshot(
    meta: dict[str, object],
    documents: dict[str, StoredDocument],
    chunks: list[StoredChunk],
    vectors: np.ndarray,
    tokens: list[list[str]],
    outlines: dict[str, dict] | None = None,
    *,
    dense_index: str = "auto",
) -> IndexSnapshot:
    """An in-memory snapshot with its FAISS and BM25 indexes built (not yet saved).

    ``dense_index``: ``flat`` (exact), ``ivf`` (approximate) or ``auto`` (IVF for large generations).
    """
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    meta = {**meta, "format_version": FORMAT_VERSION, "chunks": len(chunks), "documents": len(documents)}
    dense = DenseIndex.build(vectors, dense_index)
    meta["dense_index"] = dense.kind
    return IndexSnapshot(
        None,
        meta,
        documents,
        chunks,
        vectors,
        tokens,
        dense,
        BM25Index.build(tokens),
        dict(outlines or {}),
    )


def commit_snapshot(index_dir: Path, snapshot: IndexSnapshot) -> Path:
    """Write ``snapshot`` as a new generation and publish it atomically; returns its folder.

    The generation that was live before this commit is kept (a reader may still be
    loading it); every other generation, and leftovers of interrupted commits — including
    a complete generation that was renamed but never published — is removed.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    previous_live = _live_generation_name(index_dir)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    name = f"{GENERATION_PREFIX}{stamp}-{uuid.uuid4().hex[:6]}"
    temp = index_dir / f"{TEMP_PREFIX}{name}"
    final = index_dir / name
    published = False
    temp.mkdir()
    try:
        snapshot.meta.pop("generation", None)  # named by its folder here (set by other stores)
        snapshot.meta["committed_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        _write_file(temp / "meta.json", json.dumps(snapshot.meta, ensure_ascii=False, indent=1).encode())
        documents = {doc_id: asdict(doc) for doc_id, doc in snapshot.documents.items()}
        _write_file(temp / "documents.json", json.dumps(documents, ensure_ascii=False, indent=1).encode())
        snapshot.meta["format_version"] = FORMAT_VERSION
        write_rows(temp / "chunks.jsonl", snapshot.chunks, encode=asdict)
        for file_name, array in (("chunk_docs.npy", snapshot.doc_codes()), ("vectors.npy", snapshot.vectors)):
            with (temp / file_name).open("wb") as handle:
                np.save(handle, array)
                handle.flush()
                os.fsync(handle.fileno())
        write_rows(temp / "tokens.jsonl", snapshot.tokens)
        _write_file(temp / "outlines.json", json.dumps(snapshot.outlines, ensure_ascii=False).encode())
        snapshot.dense.save(temp / "dense.faiss")
        snapshot.bm25.save(temp / "bm25")
        # Files written by faiss and bm25s are not flushed by us: fsync everything, then
        # every folder (bm25/ included), so that a power loss cannot publish missing entries.
        for path in sorted(temp.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            if path.is_file():
                with path.open("rb+") as handle:
                    os.fsync(handle.fileno())
            else:
                _fsync_dir(path)
        _fsync_dir(temp)
        temp.rename(final)
        _fsync_dir(index_dir)
        pointer = index_dir / f"{CURRENT_FILE}.{uuid.uuid4().hex[:6]}.tmp"
        _write_file(pointer, name.encode())
        os.replace(pointer, index_dir / CURRENT_FILE)
        published = True
        _fsync_dir(index_dir)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        if not published:
            shutil.rmtree(final, ignore_errors=True)
        raise
    snapshot.path = final
    _remove_stale(index_dir, keep={name} | ({previous_live} if previous_live else set()))
    return final


def _live_generation_name(index_dir: Path) -> str | None:
    """The generation ``CURRENT`` names now (None before the first commit)."""
    current = index_dir / CURRENT_FILE
    return current.read_text(encoding="utf-8").strip() if current.is_file() else None


def _remove_stale(index_dir: Path, keep: set[str]) -> None:
    """Delete old generations and leftovers of interrupted commits (best effort)."""
    for path in index_dir.iterdir():
        if path.name in keep or path.name in (CURRENT_FILE, LOCK_FILE):
            continue
        if path.name.startswith((GENERATION_PREFIX, TEMP_PREFIX)) and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(f"{CURRENT_FILE}.") and path.name.endswith(".tmp"):
            path.unlink(missing_ok=True)


@contextlib.contextmanager
def writer_lock(index_dir: Path, wait: float = 0.0) -> Iterator[None]:
    """Only one ingest writes an index at a time. A second one waits up to ``wait`` seconds for the
    first to finish (then reads the index it committed), else fails with a clear message."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / LOCK_FILE).open("a+") as handle:
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if time.monotonic() >= deadline:
                    raise IndexStoreError(busy_message(str(index_dir), wait)) from exc
                time.sleep(LOCK_POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def busy_message(label: str, wait: float) -> str:
    """What a refused ingest is told (both stores)."""
    waited = f" (waited {wait:g} s)" if wait > 0 else ""
    return (
        f"another `kb ingest` is writing {label}{waited}; try again when it has finished, "
        "or queue behind it with --wait SECONDS"
    )
