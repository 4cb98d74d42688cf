"""The staging cache: each file's finished work, kept until the index generation holding it is committed.

An ingest commits its new generation once, at the end (atomically, as before). What it finished
before that — a file converted, OCR'd, chunked, analysed and embedded — is written here as soon as
it is done, one entry per file, so that a run killed halfway (SIGKILL, power cut, Ctrl-C) is
resumed by running it again: the files already finished are taken from here, not converted or
embedded again.

An entry's name is a hash of everything its content depends on: the file's fingerprint (bytes,
manifest entry, pipeline and analyser versions), its key and document id, the register of legal
instruments, the conversion and OCR settings and the embedding model with its passage prompt.
A changed file, setting or model therefore never reuses an old entry. An entry is one ``.npz``
file (the chunks as zlib-compressed JSON and the float32 vectors, no pickle) written to a
temporary name and renamed; an unreadable entry counts as missing and is deleted.

Where: ``staging_dir`` (``KB_STAGING_DIR``), by default ``<index_dir>/staging`` (also with a
PostgreSQL store: the folder is then used for this cache only). Clean-up: after a successful run
(committed, or nothing to commit) the entries it used are deleted, and so are entries not touched
for :data:`STALE_DAYS` days; while a run writes, the oldest entries are evicted beyond
``staging_max_mb`` (``KB_STAGING_MAX_MB``, default 4096; 0 turns the cache off).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import time
import uuid
import zlib
from collections import OrderedDict
from dataclasses import asdict
from pathlib import Path

import numpy as np

from ingest.formats import ConversionOptions
from ingest.manifest import Instrument
from kb.config import Settings
from kb.index.file_preparation import PreparedFile

STALE_DAYS = 30
ENTRY_SUFFIX = ".npz"
CACHE_VERSION = "staging/1"


def entry_key(*parts: object) -> str:
    """The hash naming an entry, from everything the entry's content depends on."""
    data = json.dumps([CACHE_VERSION, *parts], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


class StagingCache:
    """Entries under ``folder``, at most ``max_bytes`` of them (0: the cache is off).

    Usage::

        cache = StagingCache(Path("data/index/staging"), max_bytes=4 << 30)
        hit = cache.get(key)              # (PreparedFile, vectors) or None
        cache.put(key, prepared, vectors)
        cache.finish()                    # after the commit: drop what this run used, and stale entries
    """

    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self.used: set[str] = set()
        self._sizes: OrderedDict[Path, int] | None = None  # oldest first, read on the first write
        self._total = 0
        self._created: Path | None = None

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{ENTRY_SUFFIX}"

    def get(self, key: str) -> tuple[PreparedFile, np.ndarray] | None:
        if not self.enabled:
            return None
        path = self._path(key)
        if not path.is_file():
            return None
        try:
            with np.load(path, allow_pickle=False) as entry:
                payload = json.loads(zlib.decompress(entry["payload"].tobytes()).decode())
                vectors = np.array(entry["vectors"], dtype=np.float32)
            prepared = PreparedFile.from_json(payload)
            if len(prepared.texts) != len(vectors):
                raise ValueError("chunks and vectors differ in number")
        except Exception:  # truncated zip, bad JSON, wrong fields: whatever the damage
            path.unlink(missing_ok=True)  # a damaged entry (e.g. a power cut while writing): redo the file
            return None
        self.used.add(key)
        return prepared, vectors

    def put(self, key: str, prepared: PreparedFile, vectors: np.ndarray) -> None:
        if not self.enabled:
            return
        path = self._path(key)
        payload = zlib.compress(json.dumps(prepared.to_json(), ensure_ascii=False).encode(), 1)
        buffer = io.BytesIO()
        np.savez(buffer, payload=np.frombuffer(payload, dtype=np.uint8), vectors=np.asarray(vectors, np.float32))
        data = buffer.getvalue()
        self._scan()
        self._evict(len(data))
        if self._created is None and not self.folder.exists():
            # The topmost folder made here: removed again by finish() when it is left empty (no
            # trace of the cache under data/ when the index is in PostgreSQL).
            missing = self.folder.absolute()
            while not missing.parent.exists():
                missing = missing.parent
            self._created = missing
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:6]}.tmp")
        try:
            temp.write_bytes(data)
            os.replace(temp, path)  # readers see the whole entry or none (a kill leaves a .tmp, removed later)
        except OSError:
            temp.unlink(missing_ok=True)
            return  # a full disk costs the resume of this file, not the ingest
        assert self._sizes is not None
        self._total += len(data) - self._sizes.pop(path, 0)
        self._sizes[path] = len(data)
        self.used.add(key)

    def _scan(self) -> None:
        if self._sizes is not None:
            return
        entries = []
        for path in self.folder.glob(f"*/*{ENTRY_SUFFIX}") if self.folder.is_dir() else []:
            with contextlib.suppress(OSError):
                stat = path.stat()
                entries.append((stat.st_mtime, path, stat.st_size))
        self._sizes = OrderedDict((path, size) for _, path, size in sorted(entries))
        self._total = sum(self._sizes.values())

    def _evict(self, incoming: int) -> None:
        assert self._sizes is not None
        while self._sizes and self._total + incoming > self.max_bytes:
            path, size = self._sizes.popitem(last=False)
            path.unlink(missing_ok=True)
            self._total -= size

    def finish(self) -> int:
        """After a successful run: delete the entries it used, stale entries and leftovers; returns how many."""
        if not self.folder.is_dir():
            return 0
        removed = 0
        stale = time.time() - STALE_DAYS * 86400
        for path in self.folder.glob("*/*"):
            key = path.name.removesuffix(ENTRY_SUFFIX)
            try:
                old = path.stat().st_mtime < stale
            except OSError:
                continue
            if key in self.used or old or path.name.endswith(".tmp"):  # .tmp: left by a killed run
                path.unlink(missing_ok=True)
                removed += 1
        for folder in [*self.folder.iterdir(), self.folder]:
            if folder.is_dir():
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only when empty
        if self._created is not None:
            folder = self.folder.absolute().parent
            while folder != self._created.parent and not self.folder.exists():
                try:
                    folder.rmdir()  # only when empty
                except OSError:
                    break
                folder = folder.parent
        self.used.clear()
        self._sizes = None
        return removed


def staging_cache(settings: Settings) -> StagingCache:
    """The cache the settings name (``staging_dir``, by default ``<index_dir>/staging``)."""
    return StagingCache(settings.staging_path, int(settings.staging_max_mb * 1024 * 1024))


def staging_key(settings: Settings, meta: dict, instruments: dict[str, Instrument], model: str) -> str:
    """The entry name of a planned file (``meta``: its fingerprint, key and document id)."""
    options = asdict(ConversionOptions.from_settings(settings))
    options.pop("progress", None)
    options.pop("ocr_workers", None)  # how many tesseracts ran changes nothing in the text
    return entry_key(
        meta["fingerprint"],
        meta["key"],
        meta["doc_id"],
        {number: asdict(record) for number, record in sorted(instruments.items())},
        options,
        settings.max_file_bytes,
        model,
        settings.prefixes()[1],
        settings.device,
    )
