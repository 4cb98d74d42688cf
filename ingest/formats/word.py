"""Word documents (.docx), with python-docx."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingest.errors import ConversionError
from ingest.formats.base import ConversionOptions, ExtractedText, clean_title, finish_text, read_bytes
from ingest.formats.word97 import OLE_MAGIC, extract_doc, sniff

_WHAT = "Word document"
_HEADING_STYLE_RE = re.compile(r"^heading\s*([1-9])$", re.IGNORECASE)


def _not_docx_reason(data: bytes) -> str:
    """Explain why ``data`` is not a .docx package."""
    if data.startswith(OLE_MAGIC):
        return (
            "File is a password-protected or old binary Office file, not a .docx: open it in Word or "
            "LibreOffice, remove any password and save it as .docx (or PDF), then ingest again."
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return (
            "File is not a valid Word .docx document (it is not a ZIP package): check the file type, or open "
            "it in Word or LibreOffice and save it as .docx."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        names = []
    if any(name.startswith("xl/") for name in names):
        kind = "an Excel workbook"
    elif any(name.startswith("ppt/") for name in names):
        kind = "a PowerPoint presentation"
    elif any(name == "content.xml" for name in names):
        kind = "an OpenDocument file"
    else:
        kind = "a ZIP archive without Word content"
    return (
        f"File is not a valid Word .docx document (it is {kind}): give it the right extension, or open it "
        "and save it as .docx or PDF."
    )


def _heading_level(paragraph: Paragraph) -> int | None:
    try:
        style = paragraph.style
        name = style.name if style is not None else ""
    except Exception:  # a paragraph may refer to a style that is not defined
        return None
    if not name:
        return None
    if name.strip().lower() == "title":
        return 1
    match = _HEADING_STYLE_RE.match(name.strip())
    return min(int(match.group(1)), 6) if match else None


def _cell_text(cell: Any) -> str:
    return " ".join(" ".join(p.text.split()) for p in cell.paragraphs if p.text.strip())


def _table_lines(table: Table) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            key = id(cell._tc)  # merged cells repeat the same <w:tc>
            if key in seen:
                continue
            seen.add(key)
            text = _cell_text(cell)
            if text:
                cells.append(text)
        if cells:
            yield " | ".join(cells)


def _block_items(parent_element: Any, parent: Any) -> Iterator[Paragraph | Table]:
    """Paragraphs and tables of the body in document order, including content controls."""
    for child in parent_element.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            yield Table(child, parent)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _block_items(content, parent)


def extract_docx(path: Path, options: ConversionOptions | None = None) -> ExtractedText:
    """Extract a Word document: paragraphs in order, headings as Markdown, tables as lines.

    - "Heading 1" … "Heading 6" (and "Title") become ``"# "`` … ``"###### "`` lines;
    - each table row is one line, cells joined with ``" | "`` (merged cells once);
    - the title is the document property "Title" when meaningful, else the first paragraph
      styled "Title", else the first "Heading 1".

    :param path: The file.
    :raises ConversionError: Not a .docx (old .doc, encrypted, other ZIP, random bytes), no text,
        or an ambiguous legacy font encoding (TCVN3 and VNI text is converted to Unicode).
    """
    data = read_bytes(path, _WHAT)
    if not data:
        raise ConversionError("Word document is an empty file (0 bytes): save it again from Word and retry.")
    if data.startswith(OLE_MAGIC) and sniff(data) == "word97":
        old = extract_doc(path)  # an old binary .doc renamed .docx: read it as one
        return ExtractedText(old.text, None, old.title, old.reading.merged(container="doc"))
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises KeyError, ValueError, BadZipFile, PackageNotFoundError …
        raise ConversionError(_not_docx_reason(data)) from None

    lines: list[str] = []
    title_paragraph: str | None = None
    first_heading: str | None = None
    try:
        for block in _block_items(document.element.body, document._body):
            if isinstance(block, Table):
                lines.extend(_table_lines(block))
                lines.append("")
                continue
            text = block.text.strip()
            if not text:
                continue
            level = _heading_level(block)
            if level is None:
                lines.append(text)
                continue
            heading = " ".join(text.split())
            lines.extend(["", "#" * level + " " + heading, ""])
            style_name = (block.style.name or "").strip().lower() if block.style is not None else ""
            if style_name == "title" and title_paragraph is None:
                title_paragraph = heading
            elif level == 1 and first_heading is None:
                first_heading = heading
    except ConversionError:
        raise
    except Exception as exc:
        raise ConversionError(
            f"Word document is damaged and its text cannot be read ({type(exc).__name__}): open it in Word "
            "or LibreOffice, save it again as .docx and retry."
        ) from None

    text, reading = finish_text("\n".join(lines), _WHAT)
    try:
        core_title = document.core_properties.title
    except Exception:
        core_title = None
    title = clean_title(core_title) or clean_title(title_paragraph) or clean_title(first_heading)
    return ExtractedText(text=text, page_count=None, title=title, reading=reading)
