"""Word 97–2003 documents (.doc), with Debian's catdoc (antiword when catdoc fails).

A file named .doc is identified by its content, not its name, because offices save many things
as .doc: an OLE2 binary Word document (read with ``catdoc -w``: one paragraph per line, table
cells separated by tabs, shown as " | "), an RTF document (:mod:`ingest.formats.rtf`), a Word
"web page" in HTML or MHTML (:mod:`ingest.formats.html_page`), a .docx, or plain text. Excel
and PowerPoint files, password-protected documents and anything else get their own reason.

Text typed in the legacy TCVN3/VNI fonts comes out of catdoc as Windows-1252 mojibake and is
converted to Unicode (:func:`ingest.formats.base.finish_text`).

catdoc keeps paragraphs as lines on every sample measured (``python -m eval.bench --only
documents``); antiword puts a blank line between paragraphs and fails on very small files
("text stream too small"), so it is the fallback.
"""

from __future__ import annotations

import email
import email.policy
import shutil
import subprocess
from pathlib import Path

from ingest.errors import ConversionError
from ingest.formats.base import ConversionOptions, ExtractedText, finish_text, read_bytes
from ingest.formats.decoding import binary_reason, decode_text_bytes
from ingest.formats.html_page import extract_html_bytes
from ingest.formats.rtf import rtf_bytes_to_text

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TOOL_SECONDS = 120
"""Time limit for catdoc / antiword on one file."""

_WHAT = "Word .doc document"
_INSTALL = "install Debian's catdoc (or antiword), e.g. `make doc-tools`, and ingest it again"


def _ole_streams(data: bytes) -> set[str]:
    """Names of the well-known streams in an OLE2 file (found in its UTF-16 directory entries)."""
    names = ("WordDocument", "EncryptedPackage", "Workbook", "Book", "PowerPoint Document", "Equation Native")
    return {name for name in names if name.encode("utf-16-le") + b"\x00\x00" in data}


def sniff(data: bytes) -> str:
    """What a file named .doc really is: "word97", "ole-other", "rtf", "html", "mhtml", "docx",
    "text" or "binary"."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    lower = head.lower()
    if data.startswith(OLE_MAGIC):
        return "word97" if "WordDocument" in _ole_streams(data) else "ole-other"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if lower.startswith(b"mime-version:") or b"\ncontent-type: multipart/related" in lower[:2048]:
        return "mhtml"
    if lower.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lower[:1024]:
        return "html"
    return "binary" if binary_reason(data, _WHAT) else "text"


def _run(tool: str, args: list[str], path: Path) -> str:
    try:
        out = subprocess.run([tool, *args, str(path)], capture_output=True, timeout=TOOL_SECONDS)
    except subprocess.TimeoutExpired:
        return ""
    except OSError:
        return ""
    if out.returncode != 0:
        return ""
    return out.stdout.decode("utf-8", errors="replace")


def _catdoc(path: Path) -> str:
    text = _run("catdoc", ["-w", "-d", "utf-8"], path)
    return "\n".join(
        " | ".join(c.strip() for c in line.split("\t") if c.strip()) for line in text.split("\n")
    )


def _antiword(path: Path) -> str:
    text = _run("antiword", ["-w", "0", "-m", "UTF-8.txt"], path)
    lines = []
    for line in text.split("\n"):
        if line.startswith("|") and line.rstrip().endswith("|"):  # a table row: |cell   |cell   |
            line = " | ".join(cell.strip() for cell in line.strip().strip("|").split("|") if cell.strip())
        lines.append(line)
    return "\n".join(lines)


def _word97(path: Path, data: bytes) -> ExtractedText:
    streams = _ole_streams(data)
    if "EncryptedPackage" in streams:
        raise ConversionError(
            "File is a password-protected Office document: remove the password in Word or LibreOffice, save "
            "it as .docx or PDF, and ingest it again."
        )
    tools = [
        (name, read) for name, read in (("catdoc", _catdoc), ("antiword", _antiword)) if shutil.which(name)
    ]
    if not tools:
        raise ConversionError(f"{_WHAT} needs catdoc or antiword, which are not installed here: {_INSTALL}.")
    for name, read in tools:
        raw = read(path)
        if raw.strip():
            text, reading = finish_text(raw, _WHAT)
            return ExtractedText(text=text, page_count=None, title=None, reading=reading.merged(tool=name))
    raise ConversionError(
        f"{_WHAT} cannot be read (no text found by {' or '.join(n for n, _ in tools)}; encrypted, damaged, or "
        "only images?): open it in Word or LibreOffice, save it as .docx or PDF, and ingest it again."
    )


def _mhtml_html(data: bytes) -> bytes:
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload
    raise ConversionError(
        "File named .doc is a web archive (MHTML) without an HTML page inside: open it in Word and save it as "
        ".docx or PDF."
    )


def extract_doc(path: Path, options: ConversionOptions | None = None) -> ExtractedText:
    """Extract a file named .doc, whatever it really is (see the module docstring).

    :param path: The file.
    :returns: The text; ``reading.tool`` names catdoc or antiword, ``reading.container`` what the
        file really was when not a binary Word document ("rtf", "html", "docx", "txt").
    :raises ConversionError: Empty file, Excel/PowerPoint or password-protected file, tools missing,
        no text, binary data that is no document.
    """
    data = read_bytes(path, _WHAT)
    if not data.strip():
        raise ConversionError(f"{_WHAT} is an empty file: save it again from Word and retry.")
    kind = sniff(data)
    if kind == "word97":
        return _word97(path, data)
    if kind == "ole-other":
        streams = _ole_streams(data)
        if not streams:
            raise ConversionError(
                f"{_WHAT} is damaged or truncated and cannot be read (its Office directory is missing): copy or "
                "download it again, or open it in Word and save it as .docx or PDF."
            )
        what = (
            "an Excel workbook"
            if streams & {"Workbook", "Book"}
            else "a PowerPoint presentation"
            if "PowerPoint Document" in streams
            else "a password-protected Office document"
            if "EncryptedPackage" in streams
            else "an Office file without Word content"
        )
        raise ConversionError(
            f"File named .doc is {what}, not a Word document: give it the right extension, or open it and "
            "save it as PDF."
        )
    if kind == "rtf":
        text, reading = finish_text(rtf_bytes_to_text(data), _WHAT)
        return ExtractedText(text=text, page_count=None, title=None, reading=reading.merged(container="rtf"))
    if kind in ("html", "mhtml"):
        page = extract_html_bytes(_mhtml_html(data) if kind == "mhtml" else data)
        return ExtractedText(page.text, None, page.title, page.reading.merged(container="html"))
    if kind == "docx":
        from ingest.formats.word import extract_docx

        document = extract_docx(path)
        return ExtractedText(document.text, None, document.title, document.reading.merged(container="docx"))
    if kind == "text":
        text, reading = finish_text(decode_text_bytes(data, _WHAT), _WHAT)
        return ExtractedText(text=text, page_count=None, title=None, reading=reading.merged(container="txt"))
    raise ConversionError(
        "File named .doc is not a Word document (binary data without a Word header): check the file type, or "
        "open it in Word and save it as .docx or PDF."
    )
