"""PDF files: the text layer with pypdf; pages without one read by OCR (:mod:`ingest.formats.pdf_ocr`)."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from ingest.errors import ConversionError
from ingest.formats.base import ConversionOptions, ExtractedText, clean_title, convert_legacy, read_bytes
from ingest.formats.pdf_ocr import TIMED_OUT, OcrRun, ocr_pages
from ingest.ocr import tesseract_problem, tesseract_version
from kb.text.normalize import normalize_text

MIN_PAGE_CHARS = 25
"""A page "has text" when its text layer holds at least this many non-space characters."""
MIN_TEXT_PAGE_SHARE = 0.5
"""Without OCR, below this share of pages with text the PDF is refused as scanned."""
MAX_UNDECODABLE_SHARE = 0.3
"""Above this share of private-use / replacement characters, the fonts have no Unicode map."""

_OCR_HINT = "run OCR, e.g. tesseract with the 'vie' language, and ingest the result"
_NO_OCR_HINT = "install OCR (Debian's tesseract-ocr and tesseract-ocr-vie, e.g. `make doc-tools`) and ingest it again"
_WHAT = "PDF"


def _open(data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
    except FileNotDecryptedError:
        raise _encrypted_error() from None
    except DependencyError as exc:
        raise ConversionError(
            f"PDF needs a missing decryption library ({exc}): install 'cryptography' and retry."
        ) from None
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        raise _damaged_error(exc) from None
    if reader.is_encrypted:
        try:
            decrypted = reader.decrypt("")
        except DependencyError as exc:
            raise ConversionError(
                f"PDF needs a missing decryption library ({exc}): install 'cryptography' and retry."
            ) from None
        except Exception:
            decrypted = 0
        if not decrypted:
            raise _encrypted_error()
    return reader


def _encrypted_error() -> ConversionError:
    return ConversionError(
        "PDF is encrypted with a password: ask the publisher for an unprotected copy, or remove the "
        "protection (e.g. qpdf --decrypt --password=PASSWORD in.pdf out.pdf) and ingest the result."
    )


def _damaged_error(exc: BaseException) -> ConversionError:
    detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
    return ConversionError(
        f"PDF is damaged or truncated and cannot be read ({detail}): download or export it again and "
        "ingest the new copy."
    )


def _title(reader: PdfReader) -> str | None:
    try:
        metadata = reader.metadata
        return clean_title(metadata.title) if metadata is not None else None
    except Exception:  # broken metadata must not lose the text
        return None


def _undecodable_share(text: str) -> float:
    """Share of private-use and replacement characters among the first 200,000 non-space ones."""
    chars = [ch for ch in text[:200_000] if not ch.isspace()]
    if not chars:
        return 0.0
    bad = sum(1 for ch in chars if ch == "\ufffd" or unicodedata.category(ch) == "Co")
    return bad / len(chars)


def _has_text(page: str) -> bool:
    return len("".join(page.split())) >= MIN_PAGE_CHARS


def _read_pages(path: Path, data: bytes) -> tuple[list[str], str | None]:
    """The raw text layer of every page (pypdf) and the metadata title."""
    reader = _open(data)
    try:
        pages = list(reader.pages)
    except FileNotDecryptedError:
        raise _encrypted_error() from None
    except Exception as exc:
        raise _damaged_error(exc) from None
    if not pages:
        raise ConversionError("PDF has no pages: download or export it again.")
    raw_pages: list[str] = []
    failures: list[BaseException] = []
    for page in pages:
        try:
            raw_pages.append(page.extract_text() or "")
        except Exception as exc:
            failures.append(exc)
            raw_pages.append("")
    if failures and len(failures) * 2 >= len(raw_pages):
        raise _damaged_error(failures[0])
    return raw_pages, _title(reader)


def _no_text_error(count: int, run: OcrRun, unavailable: str) -> ConversionError:
    """Why a PDF whose pages all lack a text layer yielded nothing."""
    if unavailable and run.unread:
        return ConversionError(f"PDF has no text layer (scanned image?) and {unavailable}: {_NO_OCR_HINT}.")
    if len(run.blank) == count:
        return ConversionError(
            f"PDF pages are blank ({count} of {count} pages have neither a text layer nor anything printed on "
            "them): check that the scan worked and export it again."
        )
    timed_out = sum(1 for reason in run.unread.values() if reason == TIMED_OUT)
    if timed_out:
        return ConversionError(
            f"PDF has no text layer and OCR ran out of time on {timed_out} of {count} pages: raise the time "
            "limit per page (KB_OCR_PAGE_SECONDS) or scan at a lower resolution, and ingest it again."
        )
    return ConversionError(
        f"PDF has no readable text: its {count} pages are images in which OCR found no text (photos, "
        "stamps or a very poor scan?): scan the original again at 300 dpi, or supply a text version."
    )


def extract_pdf(path: Path, options: ConversionOptions | None = None) -> ExtractedText:
    """Extract a PDF, one normalised page after another, joined with ``"\\f"``.

    Pages with a usable text layer (at least :data:`MIN_PAGE_CHARS` characters whose fonts map
    to Unicode) keep it; the other pages are read by OCR (tesseract), so a scanned decree, or a
    report whose annex pages are scans, keeps every page at its number. Blank pages stay empty.
    Text in the legacy TCVN3/VNI font encodings is converted to Unicode. An encrypted PDF is
    opened with the empty password when that works (PDFs that only restrict printing or copying).

    :param path: The file.
    :param options: OCR settings and progress listener (default: OCR on, defaults of kb.facts).
    :returns: The text (``text.count("\\f") == page_count - 1``), page count, metadata title and
        how each page was read (``reading``: text-layer pages, OCR'd pages, mean confidence …).
    :raises ConversionError: Damaged or truncated file; password protection; no text anywhere
        (blank pages, images without readable text, OCR not installed or out of time); more pages
        to OCR than ``ocr_max_pages``; an ambiguous legacy font encoding.
    """
    options = options or ConversionOptions()
    data = read_bytes(path, _WHAT)
    if not data:
        raise ConversionError("PDF is an empty file (0 bytes): download or export it again.")
    if b"%PDF" not in data[:1024]:
        raise ConversionError(
            "File named .pdf is not a PDF (no %PDF header): check the file type, rename it with the right "
            "extension or export it as PDF again."
        )
    raw_pages, title = _read_pages(path, data)
    count = len(raw_pages)
    # Legacy encodings are decided on the whole text layer (a page alone may be too short to tell).
    joined, reading = convert_legacy("\f".join(page.replace("\f", "\n") for page in raw_pages), "PDF text")
    pages_text: list[str] = []
    needs_ocr: list[int] = []
    short: dict[int, str] = {}  # a few characters of text layer (a page number): kept if OCR finds nothing
    for index, raw in enumerate(joined.split("\f")):
        page = normalize_text(raw)
        undecodable = _undecodable_share(raw) > MAX_UNDECODABLE_SHARE
        if undecodable or not _has_text(page):
            needs_ocr.append(index)  # no text layer, or fonts without a Unicode map
            if page.strip() and not undecodable:
                short[index] = page
            page = ""
        pages_text.append(page)
    text_pages = tuple(i + 1 for i in range(count) if i not in set(needs_ocr))
    if not needs_ocr:
        return ExtractedText(text="\f".join(pages_text), page_count=count, title=title, reading=reading)
    if not options.ocr:
        if len(text_pages) < MIN_TEXT_PAGE_SHARE * count:
            raise ConversionError(
                f"PDF has almost no text (only {len(text_pages)} of {count} pages have a text layer; scanned "
                f"image?): {_OCR_HINT}."
            )
        return ExtractedText(text="\f".join(pages_text), page_count=count, title=title, reading=reading)
    if len(needs_ocr) > options.ocr_max_pages:
        raise ConversionError(
            f"PDF needs OCR on {len(needs_ocr)} pages, more than the limit of {options.ocr_max_pages} pages per "
            "document: split it into smaller PDFs, or raise the limit (KB_OCR_MAX_PAGES), and ingest it again."
        )
    unavailable = tesseract_problem(options.ocr_languages) or ""
    run = ocr_pages(data, needs_ocr, options, unavailable=unavailable)
    for index, page in run.pages.items():
        pages_text[index] = normalize_text(page.text)
    for index, layer in short.items():
        if index not in run.pages:
            pages_text[index] = layer
            run.unread.pop(index, None)
            if index in run.blank:
                run.blank.remove(index)
    if not any(page.strip() for page in pages_text):
        raise _no_text_error(count, run, unavailable)
    if unavailable and len(text_pages) < MIN_TEXT_PAGE_SHARE * count:
        raise ConversionError(
            f"PDF has almost no text (only {len(text_pages)} of {count} pages have a text layer; scanned "
            f"image?) and {unavailable}: {_NO_OCR_HINT}."
        )
    reading = reading.merged(
        text_pages=text_pages,
        ocr_pages=tuple(sorted(i + 1 for i in run.pages)),
        ocr_confidence=run.confidence,
        ocr_seconds=run.seconds,
        rotated_pages=tuple(sorted(i + 1 for i, page in run.pages.items() if page.rotation)),
        blank_pages=tuple(sorted(i + 1 for i in run.blank)),
        unread_pages={str(i + 1): reason for i, reason in sorted(run.unread.items())},
        tool=tesseract_version() if run.pages else "",
    )
    return ExtractedText(text="\f".join(pages_text), page_count=count, title=title, reading=reading)
