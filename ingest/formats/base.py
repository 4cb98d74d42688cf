"""Shared pieces of the format converters: options, the result type and the final checks."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ingest.errors import ConversionError
from ingest.legacy_conversion import LegacyEncodingAmbiguousError, convert_legacy_text
from ingest.legacy_encoding import detect_legacy_encoding
from ingest.reading import Reading
from kb.facts import (
    DEFAULT_OCR_DPI,
    DEFAULT_OCR_LANGUAGES,
    DEFAULT_OCR_MAX_PAGES,
    DEFAULT_OCR_PAGE_SECONDS,
    DEFAULT_OCR_WORKERS,
)
from kb.text.normalize import normalize_text


@dataclass(frozen=True)
class ProgressEvent:
    """Progress of a long conversion step, e.g. OCR: ``done`` of ``total`` pages of ``file``."""

    file: str
    stage: str  # "ocr"
    done: int
    total: int


@dataclass(frozen=True)
class ConversionOptions:
    """How converters may work: OCR of image-only PDF pages, and where to report progress.

    :param ocr: OCR pages without a usable text layer (tesseract); False: refuse scans as before.
    :param ocr_languages: tesseract language models, e.g. "vie" or "vie+eng".
    :param ocr_dpi: Resolution pages are rendered at for OCR.
    :param ocr_page_seconds: Time limit per page; a page over it is left unread (and said so).
    :param ocr_max_pages: Most pages OCR'd per document; a longer scan is refused, saying so.
    :param ocr_workers: Pages OCR'd at once (0: one per CPU core).
    :param progress: Called with a :class:`ProgressEvent` after each OCR'd page.
    :param file: Name shown in progress events (set by the caller per file).
    """

    ocr: bool = True
    ocr_languages: str = DEFAULT_OCR_LANGUAGES
    ocr_dpi: int = DEFAULT_OCR_DPI
    ocr_page_seconds: float = DEFAULT_OCR_PAGE_SECONDS
    ocr_max_pages: int = DEFAULT_OCR_MAX_PAGES
    ocr_workers: int = DEFAULT_OCR_WORKERS
    progress: Callable[[ProgressEvent], None] | None = field(default=None, compare=False)
    file: str = ""

    @classmethod
    def from_settings(cls, settings: Any, progress: Callable[[ProgressEvent], None] | None = None) -> ConversionOptions:
        """Options from :class:`kb.config.Settings` (its ``ocr_*`` fields)."""
        return cls(
            ocr_languages=settings.ocr_languages,
            ocr_dpi=int(settings.ocr_dpi),
            ocr_page_seconds=float(settings.ocr_page_seconds),
            ocr_max_pages=int(settings.ocr_max_pages),
            ocr_workers=int(settings.ocr_workers),
            progress=progress,
        )

    def for_file(self, name: str) -> ConversionOptions:
        return replace(self, file=name)

    def report(self, stage: str, done: int, total: int) -> None:
        """Send a progress event, if anyone listens (a failing listener never stops the conversion)."""
        if self.progress is None:
            return
        with contextlib.suppress(Exception):  # progress display must not break ingest
            self.progress(ProgressEvent(self.file, stage, done, total))


@dataclass(frozen=True)
class ExtractedText:
    """The text of one file.

    :param text: Normalised text (:func:`kb.text.normalize.normalize_text`). For PDFs, pages
        are separated by a form feed ``"\\f"``, so ``text.count("\\f") == page_count - 1``.
        Headings from DOCX, HTML and Markdown are Markdown ATX lines ("# …", "## …").
    :param page_count: Number of pages (PDF), else None.
    :param title: The document's own title when it has a meaningful one, else None.
    :param reading: How the text was obtained (text layer, OCR, legacy-encoding conversion, …).
    """

    text: str
    page_count: int | None = None
    title: str | None = None
    reading: Reading = field(default_factory=Reading)


def read_bytes(path: Path, what: str) -> bytes:
    """Read a whole file, turning OS errors into a :class:`ConversionError`.

    :param path: The file.
    :param what: A short name of the format for messages, e.g. "PDF".
    """
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ConversionError(f"File not found: check that {path.name} still exists at {path}.") from None
    except IsADirectoryError:
        raise ConversionError(f"{path.name} is a folder, not a {what} file.") from None
    except PermissionError:
        raise ConversionError(
            f"{what} file cannot be read (permission denied): give the knowledge-base user read access to it."
        ) from None
    except OSError as exc:
        raise ConversionError(
            f"{what} file cannot be read ({exc.strerror or exc}): copy it again and retry."
        ) from None


def ambiguous_encoding_error(where: str, exc: LegacyEncodingAmbiguousError) -> ConversionError:
    return ConversionError(
        f"{where} is in a legacy Vietnamese font encoding that cannot be told apart ({exc}): convert it "
        "to Unicode with UniKey's converter (choose TCVN3 (ABC) or VNI Windows after looking at the text) "
        "and ingest the result."
    )


def convert_legacy(raw_text: str, where: str) -> tuple[str, Reading]:
    """Convert TCVN3 or VNI mojibake in ``raw_text`` to Unicode (see :mod:`ingest.legacy_conversion`).

    Call it on the text *before* :func:`normalize_text`: TCVN3 writes "ư" as byte 0xAD,
    which reads as a soft hyphen and is removed by normalisation.

    :returns: The text and a :class:`Reading` recording the conversion (empty when none).
    :raises ConversionError: The text reads as both TCVN3 and VNI.
    """
    try:
        text, conversion = convert_legacy_text(raw_text)
    except LegacyEncodingAmbiguousError as exc:
        raise ambiguous_encoding_error(where, exc) from None
    if conversion is None:
        return raw_text, Reading()
    return text, Reading(
        legacy_encoding=conversion.encoding, legacy_words=conversion.words, legacy_mixed=conversion.mixed
    )


def finish_text(raw_text: str, where: str, empty_reason: str | None = None) -> tuple[str, Reading]:
    """Legacy-encoding conversion, normalisation and the "no text" check shared by all formats.

    :param raw_text: The extracted text.
    :param where: What contains the text, for messages, e.g. "Word document".
    :param empty_reason: Message when nothing is left after normalisation (default: "<where>
        contains no text …").
    :returns: The normalised text, and how it was read (conversion from TCVN3/VNI, if any).
    :raises ConversionError: Ambiguous legacy encoding, or nothing left after normalisation.
    """
    converted, reading = convert_legacy(raw_text, where)
    text = normalize_text(converted)
    if not text.replace("\f", "").strip():
        raise ConversionError(
            empty_reason or f"{where} contains no text: check that the right file was supplied."
        )
    return text, reading


_MEANINGLESS_TITLE_RE = re.compile(
    r"^(untitled|no title|title|document\s*\d*|doc\d*|new document|slide\s*\d+|presentation\d*|"
    r"book\d*|pdf|microsoft word|word|none|null|unknown|anonymous|\W*)$",
    re.IGNORECASE,
)
_FILE_NAME_TITLE_RE = re.compile(
    r"\.(docx?|pdf|rtf|odt|txt|html?|xlsx?|pptx?|indd|tex|dvi|ps|qxd|p65)\s*$", re.IGNORECASE
)
_APP_PREFIX_RE = re.compile(r"^(microsoft\s+(word|powerpoint|excel)\s*-\s*)", re.IGNORECASE)


def clean_title(title: object) -> str | None:
    """Return a normalised title, or None when it is empty or says nothing.

    Rejected: "untitled", "Document1", "Microsoft Word - baocao.doc" and other application or
    file names, titles without at least three letters, and titles in a legacy font encoding.
    """
    if not isinstance(title, str):
        return None
    text = " ".join(normalize_text(title).split())
    text = _APP_PREFIX_RE.sub("", text).strip()
    if not text or _MEANINGLESS_TITLE_RE.match(text) or _FILE_NAME_TITLE_RE.search(text):
        return None
    if sum(ch.isalpha() for ch in text) < 3 or detect_legacy_encoding(title) is not None:
        return None
    return text
