"""File converters: files on disk -> normalised text, or a clear per-file failure reason.

One module per format, each with a plain function ``extract_<fmt>(path) -> ExtractedText``
that raises :class:`ingest.errors.ConversionError` (one actionable sentence) on any failure:

- :func:`extract_pdf` (pypdf; pages without a text layer read by OCR with tesseract) — pages
  joined with ``"\\f"``;
- :func:`extract_docx` (python-docx) — headings as "# …", tables as "a | b | c" lines;
- :func:`extract_doc` (Word 97–2003, catdoc/antiword; RTF, HTML or text named .doc recognised
  by content) and :func:`extract_rtf` (striprtf) — paragraphs one per line;
- :func:`extract_html` (BeautifulSoup + lxml) — the main text only;
- :func:`extract_markdown` — Markdown without front matter, images, link targets, emphasis;
- :func:`extract_txt` — UTF-8 / UTF-16 / Windows-1258, legacy TCVN3 and VNI converted.

Every converter takes the file and :class:`ConversionOptions` (OCR settings, progress listener)
and records how it read the file in ``ExtractedText.reading`` (:class:`ingest.reading.Reading`).
:func:`extract_file` picks the converter from the extension and enforces a size limit.

Usage::

    from pathlib import Path
    from ingest.errors import ConversionError
    from ingest.formats import extract_file

    try:
        result = extract_file(Path("corpus/nd35_2022.pdf"))
    except ConversionError as exc:
        print("skipped:", exc)
    else:
        print(result.page_count, result.title, result.text[:200])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import ConversionError
from ingest.formats.base import ConversionOptions, ExtractedText, ProgressEvent
from ingest.formats.html_page import extract_html
from ingest.formats.markdown import extract_markdown
from ingest.formats.pdf import extract_pdf
from ingest.formats.rtf import extract_rtf
from ingest.formats.txt import extract_txt
from ingest.formats.word import extract_docx
from ingest.formats.word97 import extract_doc
from kb.facts import DEFAULT_MAX_FILE_MB

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "FORMAT_BY_EXTENSION",
    "SUPPORTED_EXTENSIONS",
    "ConversionError",
    "ConversionOptions",
    "ExtractedText",
    "FileFormat",
    "ProgressEvent",
    "accepted_mime_types",
    "extract_doc",
    "extract_docx",
    "extract_file",
    "extract_html",
    "extract_markdown",
    "extract_pdf",
    "extract_rtf",
    "extract_txt",
    "format_for_path",
]

DEFAULT_MAX_BYTES = int(DEFAULT_MAX_FILE_MB * 1024 * 1024)


@dataclass(frozen=True)
class FileFormat:
    """One supported format: its name (the documents' ``format`` meta value), extensions, the
    MIME type browsers announce for it, and its converter."""

    name: str
    extensions: tuple[str, ...]
    mime: str
    extract: Callable[[Path, ConversionOptions | None], ExtractedText]


# The one registry of supported formats: ingest, upload checks and the chat's file picker read it.
FORMATS: tuple[FileFormat, ...] = (
    FileFormat("pdf", (".pdf",), "application/pdf", extract_pdf),
    FileFormat(
        "docx",
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        extract_docx,
    ),
    FileFormat("doc", (".doc",), "application/msword", extract_doc),
    FileFormat("rtf", (".rtf",), "application/rtf", extract_rtf),
    FileFormat("html", (".html", ".htm"), "text/html", extract_html),
    FileFormat("markdown", (".md", ".markdown"), "text/markdown", extract_markdown),
    FileFormat("txt", (".txt",), "text/plain", extract_txt),
)

FORMAT_BY_EXTENSION: dict[str, str] = {ext: f.name for f in FORMATS for ext in f.extensions}
"""Lower-case file extension -> format name (the ``format`` meta value of documents)."""

SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(FORMAT_BY_EXTENSION)
"""Lower-case extensions, with the dot, that :func:`extract_file` accepts."""

_EXTRACTORS: dict[str, Callable[[Path, ConversionOptions | None], ExtractedText]] = {f.name: f.extract for f in FORMATS}


def accepted_mime_types() -> dict[str, list[str]]:
    """MIME type -> extensions, as a browser's file picker (Chainlit's ``accept``) takes them."""
    accept: dict[str, list[str]] = {}
    for fmt in FORMATS:
        accept.setdefault(fmt.mime, []).extend(fmt.extensions)
    return accept


_CONVERSION_HINTS = {
    ".odt": "save it as .docx or PDF in LibreOffice",
    ".xls": "export the relevant sheets as PDF or copy the text into a .txt file",
    ".xlsx": "export the relevant sheets as PDF or copy the text into a .txt file",
    ".ppt": "export it as PDF",
    ".pptx": "export it as PDF",
    ".jpg": "put the scanned images into a PDF (scanned PDF pages are read by OCR)",
    ".jpeg": "put the scanned images into a PDF (scanned PDF pages are read by OCR)",
    ".png": "put the scanned images into a PDF (scanned PDF pages are read by OCR)",
    ".tif": "put the scanned images into a PDF (scanned PDF pages are read by OCR)",
    ".tiff": "put the scanned images into a PDF (scanned PDF pages are read by OCR)",
}


def format_for_path(path: str | Path) -> str | None:
    """The format name (see :data:`FORMATS`, e.g. "pdf", "doc") for ``path``'s extension, or None."""
    return FORMAT_BY_EXTENSION.get(Path(path).suffix.lower())


def _human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def extract_file(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, options: ConversionOptions | None = None
) -> ExtractedText:
    """Convert one file to normalised text, choosing the converter from the extension.

    :param path: The file (any extension of :data:`SUPPORTED_EXTENSIONS`, any case).
    :param max_bytes: Files larger than this are refused (the caller reads the limit from
        the ``KB_MAX_FILE_MB`` environment variable).
    :param options: OCR settings and progress listener (default: :class:`ConversionOptions`()).
    :returns: The text, page count (PDF), title and how the file was read.
    :raises ConversionError: Unsupported extension, missing or unreadable file, file over the
        size limit, or any format-specific failure.
    """
    path = Path(path)
    extension = path.suffix.lower()
    fmt = FORMAT_BY_EXTENSION.get(extension)
    if fmt is None:
        supported = ", ".join(SUPPORTED_EXTENSIONS)
        shown = f"'{extension}'" if extension else "without an extension"
        hint = _CONVERSION_HINTS.get(extension, "convert it to one of these")
        raise ConversionError(
            f"Unsupported file type {shown} (supported: {supported}): {hint} and ingest again."
        )
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise ConversionError(f"File not found: check that {path.name} still exists at {path}.") from None
    except PermissionError:
        raise ConversionError(
            "File cannot be read (permission denied): give the knowledge-base user access to it."
        ) from None
    except OSError as exc:
        raise ConversionError(
            f"File cannot be read ({exc.strerror or exc}): copy it again and retry."
        ) from None
    if path.is_dir():
        raise ConversionError(f"{path.name} is a folder, not a file: point to the files inside it.")
    if stat.st_size > max_bytes:
        raise ConversionError(
            f"File is {_human_size(stat.st_size)}, over the {_human_size(max_bytes)} limit: split it into "
            "smaller files, or raise the limit with the KB_MAX_FILE_MB environment variable (in MB)."
        )
    return _EXTRACTORS[fmt](path, options)
