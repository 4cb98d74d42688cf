"""Plain-text files (.txt)."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import ConversionError
from ingest.formats.base import ConversionOptions, ExtractedText, finish_text, read_bytes
from ingest.formats.decoding import decode_text_bytes

_WHAT = "Text file"
_BLANK = f"{_WHAT} is an empty file (it contains only white space): check that the right file was supplied."


def extract_txt(path: Path, options: ConversionOptions | None = None) -> ExtractedText:
    """Read a plain-text file.

    Decoding: byte-order mark (UTF-8, UTF-16, UTF-32), else strict UTF-8, else Windows-1258
    when the result reads as Vietnamese; TCVN3 and VNI legacy encodings are converted to Unicode
    (also when only some lines are), binary data is refused (see :mod:`ingest.formats.decoding`).
    The title is always None: the caller detects titles from the text.

    :param path: The file.
    :returns: The normalised text.
    :raises ConversionError: Empty or whitespace-only file, binary data, unknown or ambiguous encoding.
    """
    data = read_bytes(path, "text")
    if not data:
        raise ConversionError(f"{_WHAT} is an empty file (0 bytes): check that the right file was supplied.")
    raw = decode_text_bytes(data, _WHAT)
    if not raw.strip():
        raise ConversionError(_BLANK)
    text, reading = finish_text(raw, _WHAT, empty_reason=_BLANK)
    return ExtractedText(text=text, page_count=None, title=None, reading=reading)
