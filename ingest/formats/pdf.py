"""PDF files, with pypdf."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from ingest.errors import ConversionError
from ingest.formats.base import ExtractedText, check_legacy_encoding, clean_title, read_bytes
from kb.text.normalize import normalize_text

MIN_PAGE_CHARS = 25
"""A page "has text" when its text layer holds at least this many non-space characters."""
MIN_TEXT_PAGE_SHARE = 0.5
"""Below this share of pages with text, the PDF is treated as scanned."""
MAX_UNDECODABLE_SHARE = 0.3
"""Above this share of private-use / replacement characters, the fonts have no Unicode map."""

_OCR_HINT = "run OCR, e.g. tesseract with the 'vie' language, and ingest the result"
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


def extract_pdf(path: Path) -> ExtractedText:
    """Extract the text layer of a PDF, one normalised page after another, joined with ``"\\f"``.

    An encrypted PDF is opened with the empty password when that works (PDFs that only
    restrict printing or copying).

    :param path: The file.
    :returns: The text (``text.count("\\f") == page_count - 1``), page count and metadata title.
    :raises ConversionError: Damaged or truncated file; password protection; no text layer or
        fewer than :data:`MIN_TEXT_PAGE_SHARE` of the pages with at least :data:`MIN_PAGE_CHARS`
        characters (scanned); fonts without a Unicode map; TCVN3 or VNI legacy font encoding.
    """
    data = read_bytes(path, _WHAT)
    if not data:
        raise ConversionError("PDF is an empty file (0 bytes): download or export it again.")
    if b"%PDF" not in data[:1024]:
        raise ConversionError(
            "File named .pdf is not a PDF (no %PDF header): check the file type, rename it with the right "
            "extension or export it as PDF again."
        )
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
    title = _title(reader)

    page_count = len(raw_pages)
    raw = "\n".join(raw_pages)
    if failures and len(failures) * 2 >= page_count:
        raise _damaged_error(failures[0])
    check_legacy_encoding(raw, "PDF text")
    if _undecodable_share(raw) > MAX_UNDECODABLE_SHARE:
        raise ConversionError(
            "PDF text cannot be decoded (its fonts have no Unicode mapping, so the text layer is "
            f"unreadable): {_OCR_HINT}."
        )
    pages_text = [normalize_text(page.replace("\f", "\n")) for page in raw_pages]
    with_text = sum(1 for page in pages_text if len("".join(page.split())) >= MIN_PAGE_CHARS)
    if not any(page.strip() for page in pages_text):
        raise ConversionError(f"PDF has no text layer (scanned image?): {_OCR_HINT}.")
    if with_text < MIN_TEXT_PAGE_SHARE * page_count:
        raise ConversionError(
            f"PDF has almost no text (only {with_text} of {page_count} pages have a text layer; scanned "
            f"image?): {_OCR_HINT}."
        )
    return ExtractedText(text="\f".join(pages_text), page_count=page_count, title=title)
