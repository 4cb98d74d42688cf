"""Documents uploaded through the chat: checked, stored under a safe name, ingested incrementally.

Only the Chainlit layer knows who is an admin; it calls :func:`store_and_ingest` for admins
only. Here every file is checked before anything is written:

- type allow-list (the converter registry: PDF, Word .docx/.doc, RTF, HTML, Markdown, TXT) and
  the size limit of the settings;
- the name is reduced to a plain file name (no folders, ``..``, control or odd characters)
  and never replaces another document: a different file with the same name is stored as
  ``name-2.pdf``; re-uploading identical bytes reuses the stored copy.

Then the stored files are ingested into the index (one atomic commit, so questions running
meanwhile see the index before or after the upload, never a mix).

Usage::

    outcome = store_and_ingest([UploadedFile("Báo cáo.pdf", Path("/tmp/x"))], settings)
    outcome.report.to_json()  # the same report as ``kb ingest --json``
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.formats import SUPPORTED_EXTENSIONS, ProgressEvent
from kb.config import Settings
from kb.index.ingestion import FileReport, IngestReport, ingest

MAX_NAME_CHARS = 120


class UploadRejectedError(ValueError):
    """A file that is not stored; the message is shown to the user."""


@dataclass(frozen=True)
class UploadedFile:
    name: str  # the name the browser sent: untrusted
    path: Path  # where Chainlit saved the bytes


@dataclass
class UploadOutcome:
    stored: list[Path] = field(default_factory=list)
    rejected: list[FileReport] = field(default_factory=list)
    report: IngestReport | None = None


def safe_file_name(name: str) -> str:
    """A plain, readable file name: Vietnamese letters kept, anything path-like removed.

    >>> safe_file_name("../../etc/Báo cáo  KCN?.pdf")
    'Báo_cáo_KCN.pdf'
    """
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[\\/]", name)[-1]  # a browser may send a path; keep the last part
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in "CZ" or ch == " ")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = re.sub(r"[^\w\-()]+", "_", stem).strip("._-")
    ext = re.sub(r"[^\w]+", "", ext).lower()
    stem = stem[: MAX_NAME_CHARS - len(ext) - 1] or "tai-lieu"
    return f"{stem}.{ext}" if ext else stem


def check_upload(upload: UploadedFile, settings: Settings) -> str:
    """The safe name of an acceptable upload; raises UploadRejectedError with the reason."""
    safe = safe_file_name(upload.name)
    suffix = Path(safe).suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        allowed = ", ".join(SUPPORTED_EXTENSIONS)
        raise UploadRejectedError(
            f"loại tệp {suffix or '(không có đuôi)'!r} không được nhận (chỉ nhận {allowed}) / "
            f"file type not accepted (only {allowed})"
        )
    size = upload.path.stat().st_size
    if size > settings.max_file_bytes:
        raise UploadRejectedError(
            f"tệp {size / 1048576:.1f} MB vượt giới hạn {settings.max_file_mb:g} MB (KB_MAX_FILE_MB) / "
            f"file exceeds the {settings.max_file_mb:g} MB limit"
        )
    if size == 0:
        raise UploadRejectedError("tệp rỗng (0 byte) / empty file")
    return safe


def _digest(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def store_upload(upload: UploadedFile, safe_name: str, uploads_dir: Path) -> Path:
    """Copy into ``uploads_dir`` without replacing another document (atomic per file)."""
    uploads_dir.mkdir(parents=True, exist_ok=True)
    digest = _digest(upload.path)
    stem, suffix = Path(safe_name).stem, Path(safe_name).suffix
    for number in range(1, 1000):
        candidate = uploads_dir / (safe_name if number == 1 else f"{stem}-{number}{suffix}")
        if candidate.exists():
            if candidate.is_file() and _digest(candidate) == digest:
                return candidate  # the same document again
            continue
        tmp = uploads_dir / f".{candidate.name}.{os.getpid()}.part"
        shutil.copyfile(upload.path, tmp)
        try:
            os.link(tmp, candidate)  # fails if someone took the name meanwhile: no overwrite
        except FileExistsError:
            tmp.unlink()
            continue
        tmp.unlink()
        return candidate
    raise UploadRejectedError(f"too many files named {safe_name!r}")


def store_and_ingest(
    uploads: list[UploadedFile],
    settings: Settings,
    uploads_dir: Path,
    on_progress: Callable[[ProgressEvent], None] | None = None,
) -> UploadOutcome:
    """Check and store every upload, then ingest the stored ones in one commit (``on_progress``:
    files and OCR pages, see :func:`kb.index.ingestion.ingest`)."""
    outcome = UploadOutcome()
    for upload in uploads:
        try:
            safe = check_upload(upload, settings)
            outcome.stored.append(store_upload(upload, safe, uploads_dir))
        except UploadRejectedError as exc:
            outcome.rejected.append(FileReport(safe_file_name(upload.name), "failed", reason=str(exc)))
        except OSError as exc:
            outcome.rejected.append(
                FileReport(safe_file_name(upload.name), "failed", reason=f"cannot store: {exc}")
            )
    if outcome.stored:
        # Documents whose file is not on this machine stay: with a shared store (KB_STORE) they may
        # have been uploaded through another worker, on another machine.
        outcome.report = ingest(outcome.stored, settings, on_progress=on_progress, remove_missing=False)
    return outcome
