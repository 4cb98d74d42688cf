"""List answers as shown: every item of a list one per line, or the one item a question asks for,
each line with its source marker (a list carried on into the next passage cites that passage as [2])."""

from __future__ import annotations

from kb.answer.citations import citation_for, display_text, superseded_notes
from kb.answer.cited_answer import Answer
from kb.answer.shaped_answers import ListAnswer
from kb.index.snapshot import IndexSnapshot

# A list asked for an item it does not have ("tiêu chí thứ 6" of five).
LIST_SHORTER = {
    "vi": "Danh mục trong nguồn chỉ có {count} mục, không có mục thứ {place}.",
    "en": "The list in the source has {count} items, not a number {place}.",
}


def list_answer(snapshot: IndexSnapshot, question: str, language: str, listed: ListAnswer) -> Answer:
    """The lead-in and every item of ``listed`` (and of the parts it continues into), one per line."""
    parts = [listed]
    while parts[-1].continuation is not None:
        parts.append(parts[-1].continuation)
    more = parts[-1].more
    count = sum(len(p.items) for p in parts) + more
    lines = []
    if language == "en":
        lines.append(f"The documents list {count} items [1]:")
    if listed.lead:
        lines.append(_lead_line(listed.lead, language))
    for number, part in enumerate(parts, start=1):
        for item in part.items:
            item = display_text(item)
            lines.append(f"- “{item}” [{number}]" if language == "en" else f"- {item} [{number}]")
    if more:
        marker = f"[{len(parts)}]"
        lines.append(f"- … and {more} more {marker}" if language == "en" else f"- … và {more} mục khác {marker}")
    return _answer(snapshot, question, language, parts, lines)


def item_answer(
    snapshot: IndexSnapshot, question: str, language: str, parts: list[ListAnswer], place: int, item: str
) -> Answer:
    """Item number ``place`` of a list (``item``, found in the last of ``parts``), after the first
    part's lead-in: "5. Thực hiện ít nhất 01 liên kết … [1]"."""
    lines = [_lead_line(parts[0].lead, language)] if parts[0].lead else []
    item = display_text(item)
    marker = len(parts)
    lines.append(f"{place}. “{item}” [{marker}]" if language == "en" else f"{place}. {item} [{marker}]")
    return _answer(snapshot, question, language, parts, lines)


def _lead_line(lead: str, language: str) -> str:
    lead = display_text(lead)
    return f"“{lead}” [1]" if language == "en" else f"{lead} [1]"


def _answer(snapshot: IndexSnapshot, question: str, language: str, parts: list[ListAnswer], lines: list[str]) -> Answer:
    citations = [citation_for(snapshot, p.document, n, p.quote) for n, p in enumerate(parts, start=1)]
    text = "\n".join(lines)
    notes = superseded_notes(citations, snapshot, language)
    if notes:
        text += "\n\n" + "\n".join(notes)
    return Answer(question, text, False, language, citations, notes=notes)
