"""Incremental ingest: find what changed on disk, index only that, commit atomically.

Each file is fingerprinted (content hash + manifest entry + pipeline version). Unchanged
files keep their chunks, vectors and BM25 tokens without re-embedding; changed files are
replaced; files gone from disk (or from an ingested folder) are removed. A file that fails
to convert is reported and, if it was indexed before, its previous version is kept:
bad input never loses what was already there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from ingest.chunk_writer import ChunkBatch
from ingest.formats import SUPPORTED_EXTENSIONS, ProgressEvent
from ingest.manifest import Instrument, Manifest, find_manifest, load_manifest
from kb.config import REPO_ROOT, Settings
from kb.index.backend import open_backend
from kb.index.file_preparation import CHUNK_META_KEYS, DOC_META_KEYS, FileJob
from kb.index.ingest_progress import IngestProgress
from kb.index.ingest_runner import PlanRunner, RunOutcome, resolve_workers
from kb.index.snapshot import IndexSnapshot, StoredChunk, StoredDocument, read_rows
from kb.index.staging import staging_cache, staging_key
from kb.index.store import IndexFormatError, build_snapshot
from kb.models.embedding import model_identity
from kb.text.lexical_analyzer import ANALYZER_VERSION
from kb.text.normalize import fold_accents

# Bump when conversion or chunking changes: every file is then processed again.
# ingest/4: "Điều N." articles whatever their first line; long headings not carried whole.
# ingest/5: OCR of image-only PDF pages, .doc/.rtf, TCVN3/VNI converted, reading record and language.
# ingest/6: no sentence ends at an abbreviation a number follows ("Project No. 100052").
# ingest/7: a blank line ends a sentence (a heading or date line is not glued to the paragraph below).
PIPELINE_VERSION = "ingest/7"


@dataclass
class FileReport:
    path: str
    status: str  # added | updated | unchanged | removed | failed | skipped
    chunks: int = 0
    reason: str = ""


@dataclass
class IngestReport:
    files: list[FileReport] = field(default_factory=list)
    chunks: int = 0  # chunks in the index after the run
    embedded: int = 0  # chunks embedded in this run
    resumed: int = 0  # files taken from the staging cache (finished by an interrupted run)
    pages: int = 0  # PDF pages read in this run
    prepare_seconds: float = 0.0  # converting, OCR, chunking, analysis (summed over the workers)
    embed_seconds: float = 0.0  # embedding (model loading included)
    seconds: float = 0.0
    index: str = ""
    committed: bool = False

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]

    def to_json(self) -> dict[str, object]:
        return {
            "added": self.count("added"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "removed": self.count("removed"),
            "failed": [{"path": f.path, "reason": f.reason} for f in self.failed],
            "chunks": self.chunks,
            "embedded": self.embedded,
            "resumed": self.resumed,
            "skipped": [{"path": f.path, "reason": f.reason} for f in self.files if f.status == "skipped"],
            "seconds": round(self.seconds, 3),
            "index": self.index,
        }


class IngestUsageError(ValueError):
    """The paths given to ingest cannot be used (nothing there)."""


def display_path(path: Path) -> str:
    """The path as stored in the index: relative to the working directory when inside it."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def discover_files(paths: Iterable[Path]) -> tuple[list[Path], list[FileReport]]:
    """Supported files under ``paths`` (folders are walked; hidden entries and manifests skipped).

    A file named explicitly is always returned (an unsupported one then fails with a
    reason); inside a folder, files of other types are reported as skipped.
    """
    files: list[Path] = []
    skipped: list[FileReport] = []
    for root in paths:
        if not root.exists():
            raise IngestUsageError(f"no such file or folder: {root}")
        if root.is_file():
            files.append(root)
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if any(part.startswith(".") for part in relative.parts) or not path.is_file():
                continue
            if path.name == "manifest.toml":
                continue
            if path.suffix.lower() in SUPPORTED_EXTENSIONS:
                files.append(path)
            else:
                skipped.append(
                    FileReport(display_path(path), "skipped", reason=f"unsupported file type {path.suffix!r}")
                )
    unique: dict[str, Path] = {}
    for path in files:
        unique.setdefault(display_path(path), path)
    return list(unique.values()), skipped


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_accents(text).lower()).strip("-") or "doc"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def ingest(
    paths: list[Path],
    settings: Settings,
    *,
    progress: bool = False,
    rebuild: bool = False,
    on_progress: Callable[[ProgressEvent], None] | None = None,
    remove_missing: bool | None = None,
    workers: int | None = None,
    wait: float = 0.0,
) -> IngestReport:
    """Bring the index (``settings.store``, else ``settings.index_dir``) up to date with the files under ``paths``.

    :param remove_missing: Remove indexed documents whose file is gone from this machine's disk.
        None (default): yes for the files store, no for PostgreSQL, which machines share: another
        machine's documents are not on this disk and must stay (a file deleted from a folder being
        ingested is removed either way). False for chat uploads.
    :param progress: Show progress: a bar on a terminal (files, chunks, rate, time left; pages of
        long OCR runs), else a plain line on stderr every few seconds (:mod:`kb.index.ingest_progress`).
    :param workers: Processes that convert, OCR, chunk and analyse files (``None``: the
        ``ingest_workers`` setting; 0: one per core); the model embeds in this process
        (:mod:`kb.index.ingest_runner`). Finished files are staged as they finish, so a run killed
        halfway is resumed by running it again (:mod:`kb.index.staging`).
    :param on_progress: Called with a ``ProgressEvent`` before and after each file ("file") and
        after each OCR'd page ("ocr"), e.g. by the chat to show an upload's progress.
    :param wait: Seconds to queue behind another ingest writing the same store (several
        machines ingesting into one PostgreSQL); 0: fail at once with a clear message.
    """
    started = time.perf_counter()
    backend = open_backend(settings)
    if remove_missing is None:
        remove_missing = not settings.uses_postgres
    report = IngestReport(index=backend.label)
    files, skipped = discover_files(paths)
    report.files.extend(skipped)
    with backend.writer_lock(wait):
        try:
            snapshot = backend.load()  # read under the lock: what the previous writer committed
        except IndexFormatError:
            snapshot = None  # written by an older version: rebuilt from the files below
        model = model_identity(settings)
        if snapshot is not None and (rebuild or snapshot.meta.get("model") != model):
            # Vectors of another model are not comparable: re-embed every known file.
            known = [Path(doc.path) for doc in snapshot.documents.values() if Path(doc.path).is_file()]
            files = list({display_path(p): p for p in [*files, *known]}.values())
            previous_by_path: dict[str, StoredDocument] = {}
            removed_docs = set(snapshot.documents)
        else:
            previous_by_path = {doc.path: doc for doc in snapshot.documents.values()} if snapshot else {}
            removed_docs = set()
        matched_docs: set[str] = set()  # previous documents found again among the files
        seen = {display_path(p) for p in files}
        previous_by_name: dict[str, list[tuple[str, StoredDocument]]] = {}
        for stored, doc in previous_by_path.items():
            previous_by_name.setdefault(Path(stored).name, []).append((stored, doc))
        manifests: dict[Path, Manifest] = {}
        plan: list[tuple[Path, str, dict]] = []  # (path, status, file metadata)
        keep_docs: set[str] = set()
        used_ids = {doc.doc_id: doc.path for doc in previous_by_path.values()}
        for path in files:
            key = display_path(path)
            manifest = _manifest_for(path, manifests)
            entry = manifest.entry_for(path) if manifest else None
            data = path.read_bytes() if path.is_file() else b""
            info = entry.to_dict() if entry else None
            fingerprint = _sha256(
                json.dumps(
                    [_sha256(data), info, PIPELINE_VERSION, ANALYZER_VERSION], ensure_ascii=False
                ).encode()
            )
            previous = previous_by_path.get(key)
            if previous is None:
                unclaimed = [
                    (stored, doc)
                    for stored, doc in previous_by_name.get(path.name, [])
                    if stored not in seen and doc.doc_id not in matched_docs
                ]
                previous = _stored_elsewhere(path, unclaimed)
            if previous is not None:
                matched_docs.add(previous.doc_id)
            if previous is not None and previous.fingerprint == fingerprint:
                keep_docs.add(previous.doc_id)
                report.files.append(FileReport(key, "unchanged", previous.chunk_count))
                continue
            doc_id = (
                previous.doc_id
                if previous
                else _unique_id(entry.id if entry and entry.id else _slug(path.stem), key, used_ids)
            )
            used_ids[doc_id] = key
            plan.append(
                (
                    path,
                    "updated" if previous else "added",
                    {
                        "doc_id": doc_id,
                        "info": info,
                        "fingerprint": fingerprint,
                        "content_sha256": _sha256(data),
                        "size": len(data),
                        "key": key,
                    },
                )
            )
        # Files that were indexed but are gone from disk, or from a folder being ingested.
        roots = [p.resolve() for p in paths if p.is_dir()]
        for doc in previous_by_path.values():
            if doc.path in seen or doc.doc_id in matched_docs:
                continue
            doc_path = Path(doc.path)
            under_root = any(doc_path.resolve().is_relative_to(root) for root in roots)
            if (remove_missing and not doc_path.is_file()) or under_root:
                removed_docs.add(doc.doc_id)
                report.files.append(FileReport(doc.path, "removed", doc.chunk_count))
            else:
                keep_docs.add(doc.doc_id)

        instruments = known_instruments(manifests.values())
        cache = staging_cache(settings)
        outcome = RunOutcome()
        if plan:
            jobs = [
                (
                    FileJob(str(path), meta["key"], meta["doc_id"], meta["info"]),
                    staging_key(settings, meta, instruments, model),
                )
                for path, _status, meta in plan
            ]
            runner = PlanRunner(
                settings,
                instruments,
                cache,
                IngestProgress(len(plan), progress, on_progress),
                workers=resolve_workers(settings, workers, len(plan)),
                reuse=not rebuild,
            )
            outcome = runner.run(jobs)
        batch, results = outcome.batch, outcome.failures
        report.resumed, report.embedded, report.pages = outcome.resumed, outcome.embedded, outcome.pages
        report.prepare_seconds, report.embed_seconds = outcome.prepare_seconds, outcome.embed_seconds
        for _path, status, meta in plan:
            key = meta["key"]
            failure = results.get(key)
            if failure is not None:
                report.files.append(FileReport(key, "failed", reason=failure))
                previous = previous_by_path.get(key)
                if previous is not None and previous.doc_id not in removed_docs:
                    keep_docs.add(previous.doc_id)  # keep the last good version
                continue
            report.files.append(FileReport(key, status, len(batch.texts.get(meta["doc_id"], []))))

        changed = any(f.status in ("added", "updated", "removed") for f in report.files)
        if snapshot is None or changed or rebuild:
            new = _assemble(snapshot, keep_docs, plan, results, batch, settings, model, instruments)
            if snapshot is None and not new.chunks and not plan:
                pass  # nothing to index and nothing indexed: do not create an empty index
            else:
                backend.commit(new)
                report.committed = True
            report.chunks = len(new.chunks)
        else:
            report.chunks = len(snapshot.chunks)
        cache.finish()  # what this run staged is in the live generation now
    report.seconds = time.perf_counter() - started
    return report


def _stored_elsewhere(path: Path, candidates: list[tuple[str, StoredDocument]]) -> StoredDocument | None:
    """The document indexed from ``path`` when it was stored under another name.

    Paths are stored relative to the working directory of the run that indexed them, so the same
    file ingested from another folder has another key. Without this, every file would be re-embedded
    and get a new id (citations and links to it broken). A stored relative path names this file when
    the file's absolute path ends with it and it names no other file from here; the longest wins.
    """
    resolved = path.resolve()
    best: StoredDocument | None = None
    best_length = 0
    for stored, doc in candidates:
        stored_path = Path(stored)
        if stored_path.is_absolute():
            if stored_path == resolved:
                return doc
            continue
        parts = stored_path.parts
        if ".." in parts or len(parts) > len(resolved.parts) or len(parts) <= best_length:
            continue
        if resolved.parts[-len(parts) :] != parts:
            continue
        here = Path.cwd() / stored_path
        if here.is_file() and here.resolve() != resolved:
            continue  # the stored name is another file seen from here
        best, best_length = doc, len(parts)
    return best


def _unique_id(base: str, key: str, used: dict[str, str]) -> str:
    if base not in used or used[base] == key:
        return base
    return f"{base}-{_sha256(key.encode())[:6]}"


def _manifest_for(path: Path, cache: dict[Path, Manifest]) -> Manifest | None:
    location = find_manifest(path)
    if location is None:
        return None
    if location not in cache:
        cache[location] = load_manifest(location)
    return cache[location]


def known_instruments(manifests: Iterable[Manifest]) -> dict[str, Instrument]:
    """Legal instrument statuses: the product's own table, overridden by the manifests in use.

    The table in the shipped ``corpus/manifest.toml`` applies to every file, so a user's own
    PDF of Decree 82/2018 is flagged as replaced wherever it is ingested from.
    """
    instruments: dict[str, Instrument] = {}
    builtin = REPO_ROOT / "corpus" / "manifest.toml"
    if builtin.is_file():
        instruments.update(load_manifest(builtin).instruments)
    for manifest in manifests:
        instruments.update(manifest.instruments)
    return instruments


def _assemble(
    snapshot: IndexSnapshot | None,
    keep_docs: set[str],
    plan: list[tuple[Path, str, dict]],
    failures: dict[str, tuple[str, dict]],
    batch: ChunkBatch,
    settings: Settings,
    model: str,
    instruments: dict[str, Instrument],
) -> IndexSnapshot:
    documents: dict[str, StoredDocument] = {}
    chunks: list[StoredChunk] = []
    vectors: list[np.ndarray] = []
    tokens: list[list[str]] = []
    outlines: dict[str, dict] = {}
    if snapshot is not None:
        positions = {doc_id: i for i, doc_id in enumerate(snapshot.documents)}
        kept = np.flatnonzero(np.isin(snapshot.doc_codes(), [positions[d] for d in keep_docs if d in positions]))
        chunks.extend(read_rows(snapshot.chunks, kept))
        if len(kept):
            vectors.extend(np.asarray(snapshot.vectors[kept], dtype=np.float32))
        tokens.extend(read_rows(snapshot.tokens, kept))
        documents.update({d: doc for d, doc in snapshot.documents.items() if d in keep_docs})
        outlines.update({d: o for d, o in snapshot.outlines.items() if d in keep_docs})
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for _path, _status, meta in plan:
        doc_id = meta["doc_id"]
        if meta["key"] in failures or doc_id not in batch.texts:
            continue
        first = batch.documents[doc_id]
        info = {
            k.removeprefix("doc_"): v
            for k, v in first.items()
            if k.startswith("doc_") and k not in ("doc_id", "doc_label")
        }
        documents[doc_id] = StoredDocument(
            doc_id=doc_id,
            path=meta["key"],
            fingerprint=meta["fingerprint"],
            content_sha256=meta["content_sha256"],
            size=meta["size"],
            info={k: str(v) for k, v in info.items()},
            chunk_count=len(batch.texts[doc_id]),
            ingested_at=now,
            extra={k: first.get(k) for k in DOC_META_KEYS if first.get(k) not in (None, "")},
        )
        for index, (text, chunk_meta) in enumerate(
            zip(batch.texts[doc_id], batch.metas[doc_id], strict=True)
        ):
            chunks.append(StoredChunk(f"{doc_id}#{index}", doc_id, index, text, _chunk_meta(chunk_meta)))
        vectors.extend(batch.vectors[doc_id])
        tokens.extend(batch.tokens[doc_id])
        if doc_id in batch.outlines:
            outline = dict(batch.outlines[doc_id])
            outline.pop("doc_id", None)
            outlines[doc_id] = outline
    dimension = len(vectors[0]) if vectors else (snapshot.dimension if snapshot is not None else 0)
    matrix = np.vstack(vectors).astype(np.float32) if vectors else np.zeros((0, dimension), dtype=np.float32)
    query_prefix, passage_prefix = settings.prefixes()
    meta = {
        "model": model,
        "model_path": settings.model_path,
        "dimension": dimension,
        "query_prefix": query_prefix,
        "passage_prefix": passage_prefix,
        "analyzer": ANALYZER_VERSION,
        "pipeline": PIPELINE_VERSION,
        # Status of legal instruments, for notes such as "82/2018 was replaced by 35/2022".
        "instruments": {number: asdict(record) for number, record in instruments.items()},
    }
    return build_snapshot(meta, documents, chunks, matrix, tokens, outlines, dense_index=settings.dense_index)


def _chunk_meta(meta: dict) -> dict[str, object]:
    return {key: meta.get(key) for key in CHUNK_META_KEYS}
