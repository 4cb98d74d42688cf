"""Rich Text Format (.rtf), with striprtf: paragraphs one per line, table cells joined with " | "."""

from __future__ import annotations

import re
from pathlib import Path

from striprtf.striprtf import rtf_to_text

from ingest.errors import ConversionError
from ingest.formats.base import ConversionOptions, ExtractedText, finish_text, read_bytes

_WHAT = "RTF document"
_CODEPAGE_RE = re.compile(rb"\\ansicpg(\d+)")
_CELL_RE = re.compile(r"[ \t]*\|[ \t]*")


def _codepage(data: bytes) -> str:
    """The document's ANSI code page (``\\ansicpg1258`` -> "cp1258"), Windows-1252 by default."""
    match = _CODEPAGE_RE.search(data[:4096])
    if match:
        name = f"cp{int(match.group(1))}"
        try:
            "".encode(name)
        except LookupError:
            return "cp1252"
        return name
    return "cp1252"


def rtf_bytes_to_text(data: bytes) -> str:
    """The raw text of an RTF document (not normalised; legacy encodings not yet converted)."""
    source = data.decode("latin-1")  # RTF is 7-bit; \\'hh escapes carry the code page's bytes
    try:
        text = rtf_to_text(source, encoding=_codepage(data), errors="replace")
    except Exception as exc:  # a damaged file can break the parser anywhere
        raise ConversionError(
            f"{_WHAT} is damaged and cannot be read ({type(exc).__name__}): open it in Word or LibreOffice, "
            "save it again and retry."
        ) from None
    lines = []
    for line in text.replace("\r", "").split("\n"):
        if "|" in line:  # striprtf ends each table cell with "|"
            line = " | ".join(cell for cell in _CELL_RE.split(line) if cell.strip())
        lines.append(line)
    return "\n".join(lines)


def extract_rtf(path: Path, options: ConversionOptions | None = None) -> ExtractedText:
    """Extract an RTF document (Word's "Rich Text" format): paragraphs, table rows as "a | b".

    Unicode (``\\uN``) and code-page characters are decoded; text typed in TCVN3/VNI fonts is
    converted to Unicode.

    :param path: The file.
    :raises ConversionError: Empty file, not RTF, damaged, no text, ambiguous legacy encoding.
    """
    data = read_bytes(path, _WHAT)
    if not data.strip():
        raise ConversionError(f"{_WHAT} is an empty file: save it again from Word or LibreOffice and retry.")
    if not data.lstrip().startswith(b"{\\rtf"):
        raise ConversionError(
            "File named .rtf is not an RTF document (no {\\rtf header): check the file type, or open it and "
            "save it as .docx or PDF."
        )
    text, reading = finish_text(rtf_bytes_to_text(data), _WHAT)
    return ExtractedText(text=text, page_count=None, title=None, reading=reading)
