"""Citations of retrieved passages, the notes that go with them, and the fixed answer texts
(refusal, closest sources) shared by every answerer."""

from __future__ import annotations

import re

from haystack import Document

from kb.answer.cited_answer import Answer, Citation, format_date
from kb.index.snapshot import IndexSnapshot
from kb.text.legal_vocabulary import canonical_number, legal_label

REFUSAL = {
    "vi": "Không tìm thấy thông tin này trong tài liệu.",
    "en": "The documents do not say.",
}
CLOSEST = {"vi": "Các nguồn gần nhất:", "en": "Closest sources:"}
# After "this provision is not in the knowledge base", when passages cite it by number.
CITED_ELSEWHERE = {
    "vi": "Các tài liệu dưới đây nhắc đến điều này; đối chiếu văn bản gốc trước khi trích dẫn.",
    "en": "The documents below refer to it; check the official text before quoting.",
}
CLOSEST_SOURCES = 3  # listed under a refusal


# A source's own reference markers ("[S1]", "[U6][N2]") and provenance notes ("(theo nguồn (a), (b);
# số điều theo nguồn (b): Điều 42)"): they belong to the source, shown verbatim in its panel, not
# in the answer (where "[1]" markers are ours).
_SOURCE_MARKERS = re.compile(r"\s*(?:\[[A-Z]{1,3}\d{1,3}(?:[,;]\s*[A-Z]{0,3}\d{1,3})*\])+")
_SOURCE_NOTES = re.compile(r"\s*\((?:theo nguồn|nguồn|source|sources|xem file|see file)\b[^()]*(?:\([^()]*\)[^()]*)*\)", re.I)


# A heading line leading a sentence ("FACTS CONFIRMED FROM RETRIEVED FRONT MATTER / PAGES\n- The framework
# is …"): a sentence is split only at a blank line, so a section's first fact carries its heading.
_HEADING_LINE = re.compile(r"^\s*([^\n]{3,120})\n(?=\s*\S)")
_UPPER_SHARE = 0.8


def without_heading_line(text: str) -> str:
    """``text`` without an upper-case first line when more follows it."""
    match = _HEADING_LINE.match(text)
    letters = [ch for ch in match.group(1) if ch.isalpha()] if match else []
    if len(letters) < 4 or sum(ch.isupper() for ch in letters) <= _UPPER_SHARE * len(letters):
        return text
    return text[match.end() :]


def display_text(text: str) -> str:
    """``text`` as shown in an answer: a heading line leading it, the source's own reference markers
    and provenance notes removed, whitespace collapsed."""
    text = _SOURCE_NOTES.sub("", _SOURCE_MARKERS.sub("", without_heading_line(text)))
    return " ".join(text.split())


def text_for(table: dict[str, str], language: str) -> str:
    """The text of ``table`` in ``language``, Vietnamese when there is none."""
    return table.get(language, table["vi"])


def join_quotes(passage: str, sentences: list[str]) -> str:
    """The quoted sentences of one passage (in order) as one verbatim span of it."""
    if len(sentences) == 1:
        return sentences[0]
    first = passage.find(sentences[0])
    last = passage.find(sentences[-1], max(first, 0))
    if first < 0 or last < 0:
        return sentences[0]
    return passage[first : last + len(sentences[-1])]


def citation_for(snapshot: IndexSnapshot, document: Document, marker: int, quote: str) -> Citation:
    """The citation of a retrieved passage, quoting ``quote`` (a verbatim span of it)."""
    meta = document.meta
    doc = snapshot.documents[str(meta["doc_id"])]
    page = meta.get("page")
    locator = str(meta.get("locator") or (f"tr. {page}" if page else ""))
    return Citation(
        marker=marker,
        doc_id=doc.doc_id,
        title=doc.info.get("title", ""),
        kind=doc.info.get("kind", ""),
        source=doc.path,
        locator=locator,
        page=int(page) if page is not None else None,
        quote=quote,
        chunk_id=document.id,
        provision_path=str(meta.get("provision_path") or ""),
        status=doc.info.get("status", ""),
        reliability=doc.info.get("reliability", ""),
        passage=document.content or "",
    )


def superseded_notes(citations: list[Citation], snapshot: IndexSnapshot, language: str) -> list[str]:
    """One note per cited document whose law has been replaced, naming the replacement; then
    one warning per cited summary (:func:`summary_notes`). A document cited under several markers
    gets one note naming them all ("[1][2]")."""
    notes: list[str] = []
    instruments = snapshot.meta.get("instruments") or {}
    for citation in _first_per_document(citations):
        status = citation.status
        if not status.startswith("replaced-by:"):
            continue
        doc = snapshot.documents[citation.doc_id]
        number, kind = doc.info.get("number", ""), doc.info.get("kind", "")
        replacement = status.split(":", 1)[1].strip()
        record = instruments.get(canonical_number(replacement), {}) if isinstance(instruments, dict) else {}
        since = record.get("effective", "")
        old = legal_label(kind, number, language) or doc.info.get("title", "")
        new = legal_label(record.get("kind", ""), replacement, language) or replacement
        if language == "en":
            note = f"Note: {old} {_markers(citations, citation.doc_id)} has been replaced by {new}"
            note += f", in force since {format_date(since, 'en')}." if since else "."
        else:
            note = f"Lưu ý: {old} {_markers(citations, citation.doc_id)} đã được thay thế bởi {new}"
            note += f" (có hiệu lực từ {format_date(since, 'vi')})." if since else "."
        if note not in notes:
            notes.append(note)
    notes += summary_notes(citations, language)
    return notes


def _first_per_document(citations: list[Citation]) -> list[Citation]:
    seen: set[str] = set()
    return [c for c in citations if not (c.doc_id in seen or seen.add(c.doc_id))]


def _markers(citations: list[Citation], doc_id: str) -> str:
    return "".join(f"[{c.marker}]" for c in citations if c.doc_id == doc_id)


def summary_notes(citations: list[Citation], language: str) -> list[str]:
    """One warning per cited summary: it is not the official text."""
    return [
        f"Source {_markers(citations, c.doc_id)} is a summary, not the official text: check the original before quoting."
        if language == "en"
        else f"Nguồn {_markers(citations, c.doc_id)} là bản tóm tắt, không phải lời văn chính thức: đối chiếu văn bản gốc"
        " trước khi trích dẫn."
        for c in _first_per_document(citations)
        if c.kind == "summary"
    ]


def refusal_answer(
    question: str,
    language: str,
    snapshot: IndexSnapshot,
    closest: list[tuple[Document, str]],
    reason: str = "",
) -> Answer:
    """"Not in the documents", why (``reason``, when known), and the closest sources, each with
    the quote that came nearest (``closest``: passage and quote, best first)."""
    lines = [text_for(REFUSAL, language)]
    if reason:
        lines.append(reason)
    if closest:
        lines.append(text_for(CLOSEST, language))
    citations: list[Citation] = []
    for marker, (document, quote) in enumerate(closest[:CLOSEST_SOURCES], start=1):
        citation = citation_for(snapshot, document, marker, quote)
        citations.append(citation)
        where = f" — {citation.locator}" if citation.locator else ""
        lines.append(f"[{marker}] {citation.title}{where}")
    return Answer(question, "\n".join(lines), True, language, citations)
