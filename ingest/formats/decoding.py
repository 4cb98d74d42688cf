"""Bytes -> str for text-like files (TXT, Markdown, and HTML without a usable charset).

Order of attempts:

1. a byte-order mark: UTF-8 (``utf-8-sig``), UTF-16 LE/BE, UTF-32 LE/BE;
2. UTF-16 without a BOM when every other byte is NUL (ASCII-heavy UTF-16);
3. binary data is refused (NUL bytes, or more than :data:`MAX_CONTROL_SHARE` control bytes);
4. strict UTF-8;
5. Windows-1258 (the Vietnamese Windows code page), when the result reads as Vietnamese
   (:func:`ingest.legacy_encoding.looks_vietnamese`); cp1258 writes most tones as
   combining marks, so the caller's NFC normalisation recomposes them;
5b. lines of UTF-8 mixed with lines of TCVN3/VNI bytes: each line decoded on its own;
6. the legacy TCVN3 (ABC) and VNI font encodings are recognised: the bytes are returned as
   Windows-1252 (Latin-1) characters, which the caller converts to Unicode
   (:func:`ingest.formats.base.finish_text`);
7. Windows-1252 when at most :data:`MAX_WESTERN_ACCENT_SHARE` of the letters are non-ASCII
   (English with curly quotes and dashes, a few accented names);
8. anything else is refused with a request to save the file as UTF-8.
"""

from __future__ import annotations

import codecs

from ingest.errors import ConversionError
from ingest.legacy_encoding import detect_legacy_encoding, looks_vietnamese

MAX_CONTROL_SHARE = 0.05
"""Share of control bytes (other than tab, newline, carriage return, form feed) above which
a file is treated as binary."""

MAX_WESTERN_ACCENT_SHARE = 0.03
"""Windows-1252 is accepted when at most this share of the letters are non-ASCII (English with
curly quotes, a few names with accents); Vietnamese has far more."""

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f")
_CONTROL_BYTES = frozenset(range(0x20)) - _TEXT_CONTROLS | {0x7F}
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive or an Office file such as .docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file such as .doc or .xls"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
)


def _strip_bom(data: bytes) -> tuple[bytes, str, str] | None:
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :], codec, label
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """Decode UTF-16 without a BOM when it is obvious (NUL in every other byte), else None."""
    if len(data) < 4 or len(data) % 2:
        return None
    head = data[:65536]
    even_nuls = head[0::2].count(0)
    odd_nuls = head[1::2].count(0)
    half = len(head) // 2
    for codec, text_nuls, other_nuls in (
        ("utf-16-le", odd_nuls, even_nuls),
        ("utf-16-be", even_nuls, odd_nuls),
    ):
        if text_nuls >= 0.5 * half and other_nuls == 0:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            controls = sum(1 for ch in text if ord(ch) < 0x20 and ch not in "\t\n\r\f")
            return text if controls == 0 else None
    return None


def binary_reason(data: bytes, what: str) -> str | None:
    """Return the reason why ``data`` is binary rather than text, or None when it looks like text."""
    head = data[:65536]
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    if b"\x00" not in head and controls <= MAX_CONTROL_SHARE * len(head):
        return None
    kind = next((name for magic, name in _MAGIC if data.startswith(magic)), None)
    looks = f" (it looks like {kind})" if kind else ""
    return (
        f"{what} contains binary data, not text{looks}: give it the right extension or export it as "
        "plain text (UTF-8) and ingest again."
    )


def _mostly_ascii_letters(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return True
    accented = sum(1 for ch in letters if not ch.isascii())
    return accented <= MAX_WESTERN_ACCENT_SHARE * len(letters)


def decode_text_bytes(data: bytes, what: str) -> str:
    """Decode the bytes of a text file (see the module docstring for the order of attempts).

    :param data: The file's bytes (not empty).
    :param what: Name of the file kind for messages, e.g. "Text file".
    :returns: The text, not yet normalised (Windows-1258 text may contain combining marks;
        TCVN3/VNI bytes come back as Windows-1252 characters, to be converted).
    :raises ConversionError: Binary data or an unknown encoding.
    """
    bom = _strip_bom(data)
    if bom is not None:
        body, codec, label = bom
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            raise ConversionError(
                f"{what} starts with a {label} byte-order mark but is not valid {label}: "
                "open it in a text editor and save it again as UTF-8."
            ) from None
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    reason = binary_reason(data, what)
    if reason is not None:
        raise ConversionError(reason)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mixed = _utf8_and_legacy_lines(data)
    if mixed is not None:
        return mixed
    as_1258 = data.decode("cp1258", errors="replace")
    if "\ufffd" not in as_1258 and looks_vietnamese(as_1258):
        return as_1258
    as_latin = data.decode("cp1252", errors="replace") if _is_cp1252(data) else data.decode("latin-1")
    if detect_legacy_encoding(as_latin) is not None:
        return as_latin  # TCVN3 / VNI: converted to Unicode by the caller
    if _is_cp1252(data) and _mostly_ascii_letters(as_latin):
        return as_latin
    raise ConversionError(
        f"{what} is not UTF-8 and its encoding could not be recognised (Windows-1258, TCVN3 and VNI "
        "were tried): open it in a text editor and save it as UTF-8."
    )


def _utf8_and_legacy_lines(data: bytes) -> str | None:
    """A file whose lines are partly UTF-8 and partly TCVN3/VNI bytes (an old paragraph pasted into a
    new file): each line decoded on its own, or None when the file is not such a mix."""
    lines = data.split(b"\n")
    decoded: list[str] = []
    legacy: list[str] = []
    unicode_lines = 0
    for line in lines:
        try:
            text = line.decode("utf-8")
            unicode_lines += not line.isascii()
        except UnicodeDecodeError:
            text = line.decode("cp1252") if _is_cp1252(line) else line.decode("latin-1")
            legacy.append(text)
        decoded.append(text)
    if not unicode_lines or not legacy or detect_legacy_encoding("\n".join(legacy)) is None:
        return None
    return "\n".join(decoded)


def _is_cp1252(data: bytes) -> bool:
    """True when every byte of ``data`` is defined in Windows-1252."""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True
