"""Export a conversation as a handout for consultants: Markdown and Word (DOCX).

Each question is followed by its answer (with the inline markers ``[1]``, ``[2]`` kept), any
notes (replaced law, summaries), and its sources: title, kind, provision path or locator
and page, source file, legal status, and the full verbatim quote. Labels are Vietnamese
first, English in parentheses.

Usage::

    from kb.handout import write_handout
    md_path, docx_path = write_handout(answers, Path("handouts"))

Both files are written atomically (a temporary file in the same folder, flushed, then
renamed), so a reader never sees half a handout. Text is kept in Unicode NFC.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from kb.answer.cited_answer import Answer, Citation
from kb.text.legal_vocabulary import KIND_NAMES_VI

DEFAULT_TITLE = "Tài liệu hội thảo KCN sinh thái"

LABELS = {
    "date": "Ngày tạo (Generated)",
    "question": "Câu hỏi {n} (Question {n})",
    "answer": "Trả lời (Answer)",
    "notes": "Lưu ý (Notes)",
    "sources": "Nguồn (Sources)",
    "no_sources": "Không có nguồn trích dẫn. (No sources cited.)",
    "reliability": "Độ tin cậy (Reliability)",
}

# Kinds of documents that are not legal instruments (manifest ``kind``).
_KIND_NAMES = {
    **KIND_NAMES_VI,
    "workshop": "Báo cáo hội thảo",
    "case-study": "Nghiên cứu điển hình",
    "summary": "Bản tóm tắt",
}

# Characters XML 1.0 (hence DOCX) cannot hold; form feeds (page marks) become line breaks.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffe\uffff]")
# A line that Markdown would read as a block (heading, quote, list, rule, table, fence, HTML).
_MD_BLOCK_START = re.compile(r"^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|=+\s*$|\||```|~~~|<[A-Za-z/!?])")
_MD_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


# ----------------------------------------------------------------------------- text helpers


def _clean(text: str) -> str:
    """NFC, unified line breaks, no characters that XML cannot hold."""
    text = unicodedata.normalize("NFC", text or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return _XML_INVALID.sub("", text)


def _lines(text: str) -> list[str]:
    """Non-empty lines of ``text``, stripped."""
    return [line.strip() for line in _clean(text).split("\n") if line.strip()]


def _md_line(line: str) -> str:
    """One line of document text made safe as a Markdown paragraph line (rendered unchanged)."""
    line = line.strip()
    if _MD_BLOCK_START.match(line):
        return "\\" + line
    ordered = _MD_ORDERED_START.match(line)
    if ordered:
        return ordered.group(1) + "\\" + line[len(ordered.group(1)) :]
    return line


def status_label(status: str) -> str:
    """A document's legal status for readers: "đã được thay thế bởi 35/2022/NĐ-CP (replaced by …)"."""
    status = _clean(status).strip()
    if status.startswith("replaced-by"):
        new = status.split(":", 1)[1].strip() if ":" in status else ""
        return f"đã được thay thế bởi {new} (replaced by {new})" if new else "đã được thay thế (replaced)"
    return {
        "": "",
        "n/a": "",
        "in-force": "đang có hiệu lực (in force)",
        "expired": "hết hiệu lực (expired)",
        "unknown": "chưa rõ hiệu lực (status unknown)",
    }.get(status, status)


def kind_label(kind: str) -> str:
    """ "Nghị định (decree)", "Báo cáo hội thảo (workshop)"; the kind itself when unknown."""
    kind = _clean(kind).strip()
    name = _KIND_NAMES.get(kind)
    return f"{name} ({kind})" if name else kind


def location_label(citation: Citation) -> str:
    """Where the quote is: the provision path, else the locator, with the page when not already given."""
    location = _clean(citation.provision_path or citation.locator).strip()
    if citation.page is not None and not re.search(
        rf"\b(?:tr\.|p\.|page|trang)\s*{citation.page}\b", location
    ):
        page = f"tr. {citation.page}"
        location = f"{location}, {page}" if location else page
    return location


def short_location(citation: Citation) -> str:
    """Where the quote is, without repeating the title ("Title › Heading, tr. 3" -> "Heading, tr. 3")."""
    title = _clean(citation.title).strip()
    parts = [p.strip() for p in location_label(citation).split(" › ")]
    if title and parts and parts[0].startswith(title):
        parts[0] = parts[0][len(title) :].lstrip(" ,;—-")
    kept: list[str] = []
    for part in parts:
        if part and part != title and part not in kept:
            kept.append(part)
    return " › ".join(kept)


def _source_parts(citation: Citation, wrap_source: Callable[[str], str] = str) -> list[str]:
    parts = [
        _clean(citation.title or citation.doc_id),
        kind_label(citation.kind),
        short_location(citation),
        wrap_source(" ".join(_clean(citation.source).split())),
        status_label(citation.status),
    ]
    return [" ".join(p.split()) for p in parts if p.strip()]


def source_description(citation: Citation) -> str:
    """``title — kind — location — source — status`` (empty parts left out)."""
    return " — ".join(_source_parts(citation))


def source_line(citation: Citation) -> str:
    """``[n] title — kind — location — source — status``."""
    return f"[{citation.marker}] {source_description(citation)}"


# ----------------------------------------------------------------------------- Markdown


def _md_code(text: str) -> str:
    """A file path or address as inline code (so "_" and "*" in it stay literal)."""
    return f"`{text}`" if text and "`" not in text else text


def _md_source(citation: Citation) -> list[str]:
    """A Markdown list item for one source, with its quote as a nested blockquote."""
    out = [f"- **[{citation.marker}]** " + " — ".join(_source_parts(citation, _md_code))]
    reliability = _clean(citation.reliability).strip()
    if reliability:
        out += ["", f"  *{LABELS['reliability']}: {_md_line(reliability)}*"]
    quote = _lines(citation.quote)
    if quote:
        # One quoted paragraph per line of the source (lines would otherwise run together).
        out.append("")
        for i, line in enumerate(quote):
            out += ["  >"] if i else []
            out.append(f"  > {_md_line(line)}")
    out.append("")
    return out


def conversation_markdown(title: str, answers: list[Answer], *, generated: datetime | None = None) -> str:
    """The conversation as Markdown: title, date, then each question, answer, notes and sources."""
    generated = generated or datetime.now()
    out = [f"# {_md_line(_clean(title).strip()) or DEFAULT_TITLE}", ""]
    out += [f"{LABELS['date']}: {generated:%Y-%m-%d %H:%M}", ""]
    for n, answer in enumerate(answers, 1):
        question = " ".join(_lines(answer.question))
        out += [f"## {LABELS['question'].format(n=n)}: {question}", ""]
        out += [f"**{LABELS['answer']}:**", ""]
        for line in _lines(answer.answer):
            out += [_md_line(line), ""]
        notes = [" ".join(_lines(note)) for note in answer.notes if _lines(note)]
        if notes:
            out += [f"**{LABELS['notes']}:**", ""]
            out += [f"- {_md_line(note)}" for note in notes]
            out.append("")
        out += [f"### {LABELS['sources']}", ""]
        if not answer.citations:
            out += [LABELS["no_sources"], ""]
        for citation in answer.citations:
            out += _md_source(citation)
    return "\n".join(out).rstrip("\n") + "\n"


# ----------------------------------------------------------------------------- DOCX


class _SourceNumbering:
    """Numbered-list paragraphs that show a source's own marker: "[3] title …".

    One abstract numbering with the level text ``[%1]``; each source paragraph gets its own
    numbering instance starting at its marker, so the list numbers always match the ``[n]``
    markers of the answer, even when they are not 1, 2, 3, …
    """

    def __init__(self, document: DocxDocument) -> None:
        self._numbering = document.part.numbering_part.element
        ids = [int(a.get(qn("w:abstractNumId"))) for a in self._numbering.findall(qn("w:abstractNum"))]
        self._abstract_id = max(ids, default=-1) + 1
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{self._abstract_id}">'
            '<w:multiLevelType w:val="singleLevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            '<w:lvlText w:val="[%1]"/><w:lvlJc w:val="left"/>'
            '<w:pPr><w:ind w:left="680" w:hanging="680"/></w:pPr></w:lvl>'
            "</w:abstractNum>"
        )
        first_num = self._numbering.find(qn("w:num"))
        if first_num is not None:  # the schema wants every abstractNum before the nums
            first_num.addprevious(abstract)
        else:
            self._numbering.append(abstract)

    def number(self, paragraph: Paragraph, marker: int) -> None:
        num = self._numbering.add_num(self._abstract_id)
        override = parse_xml(
            f'<w:lvlOverride {nsdecls("w")} w:ilvl="0"><w:startOverride w:val="{max(marker, 0)}"/></w:lvlOverride>'
        )
        num.append(override)
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num.numId


def _style(document: DocxDocument, name: str) -> str | None:
    try:
        document.styles[name]
    except KeyError:
        return None
    return name


def _add_lines(paragraph: Paragraph, lines: list[str], *, italic: bool = False) -> None:
    """``lines`` in one paragraph, separated by line breaks."""
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.italic = italic or None
        if i < len(lines) - 1:
            run.add_break()


def conversation_docx(
    title: str, answers: list[Answer], *, generated: datetime | None = None
) -> DocxDocument:
    """The conversation as a Word document (same content as :func:`conversation_markdown`)."""
    generated = generated or datetime.now()
    title = " ".join(_lines(title)) or DEFAULT_TITLE
    document = Document()
    properties = document.core_properties
    properties.title = title
    properties.subject = "Khu công nghiệp sinh thái (eco-industrial parks)"
    properties.author = "KCNST knowledge base"
    properties.language = "vi-VN"
    properties.created = generated
    properties.modified = generated

    document.add_heading(title, level=0)
    document.add_paragraph(f"{LABELS['date']}: {generated:%Y-%m-%d %H:%M}")
    numbering = _SourceNumbering(document)
    bullet = _style(document, "List Bullet")
    quote_style = _style(document, "Quote")
    list_style = _style(document, "List Paragraph")
    for n, answer in enumerate(answers, 1):
        question = " ".join(_lines(answer.question))
        document.add_heading(f"{LABELS['question'].format(n=n)}: {question}", level=1)
        label = document.add_paragraph()
        label.add_run(f"{LABELS['answer']}:").bold = True
        for line in _lines(answer.answer):
            document.add_paragraph(line)
        notes = [" ".join(_lines(note)) for note in answer.notes if _lines(note)]
        if notes:
            document.add_paragraph().add_run(f"{LABELS['notes']}:").bold = True
            for note in notes:
                document.add_paragraph(note, style=bullet)
        document.add_heading(LABELS["sources"], level=2)
        if not answer.citations:
            document.add_paragraph(LABELS["no_sources"])
        for citation in answer.citations:
            item = document.add_paragraph(source_description(citation), style=list_style)
            numbering.number(item, citation.marker)
            reliability = " ".join(_lines(citation.reliability))
            if reliability:
                note = document.add_paragraph()
                note.paragraph_format.left_indent = Cm(1.2)
                run = note.add_run(f"{LABELS['reliability']}: {reliability}")
                run.font.size = Pt(9)
            quote = _lines(citation.quote)
            if quote:
                paragraph = document.add_paragraph(style=quote_style)
                paragraph.paragraph_format.left_indent = Cm(1.2)
                paragraph.paragraph_format.right_indent = Cm(0.6)
                _add_lines(paragraph, quote, italic=True)
    return document


# ----------------------------------------------------------------------------- files


def _atomic_write(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write ``path`` through a temporary file in the same folder, flushed then renamed."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def write_handout(
    answers: list[Answer],
    out_dir: Path,
    *,
    title: str = DEFAULT_TITLE,
    stem: str | None = None,
    generated: datetime | None = None,
) -> tuple[Path, Path]:
    """Write ``<stem>.md`` and ``<stem>.docx`` into ``out_dir``; returns both paths.

    ``stem`` defaults to ``handout-YYYYmmdd-HHMMSS`` (from ``generated``, default now).
    """
    generated = generated or datetime.now()
    stem = stem or f"handout-{generated:%Y%m%d-%H%M%S}"
    if not stem.strip() or Path(stem).name != stem or stem in (".", ".."):
        raise ValueError(f"handout stem must be a plain file name, got {stem!r}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    md_path, docx_path = out_dir / f"{stem}.md", out_dir / f"{stem}.docx"

    markdown = conversation_markdown(title, answers, generated=generated)
    _atomic_write(md_path, lambda handle: handle.write(markdown.encode("utf-8")))
    document = conversation_docx(title, answers, generated=generated)
    _atomic_write(docx_path, document.save)
    return md_path, docx_path
