"""What a document says of years: its text, whether it speaks of a year asked or was issued within a span.

"Hội thảo năm 2018 …" may be said anywhere in a report dated 8-9/11/2018; the 2022 workshop's report,
which never speaks of 2018, does not count the delegates of a workshop held that year. The checks of
:mod:`kb.answer.refusal_checks` read documents through these.

Usage::

    speaks_of(snapshot, "ws-2022-11-hiep-phuoc", ("2018",))  # False
"""

from __future__ import annotations

from kb.index.snapshot import IndexSnapshot
from kb.query.question_shape import mentions_year


def speaks_of(snapshot: IndexSnapshot, doc_id: str, years: tuple[str, ...]) -> bool:
    """Whether a document mentions one of ``years``, was issued in one, or within the span they make."""
    return (
        issued_in(snapshot, doc_id, years)
        or issued_within(snapshot, doc_id, years)
        or any(mentions_year(document_text(snapshot, doc_id), year) for year in years)
    )


def issued_year(snapshot: IndexSnapshot, doc_id: str) -> str:
    """The year a document was issued ("" when not known)."""
    document = snapshot.documents.get(doc_id)
    return str(document.info.get("issued", ""))[:4] if document is not None else ""


def issued_in(snapshot: IndexSnapshot, doc_id: str, years: tuple[str, ...]) -> bool:
    """Whether a document was issued in one of ``years``."""
    issued = issued_year(snapshot, doc_id)
    return bool(issued) and issued in years


def issued_within(snapshot: IndexSnapshot, doc_id: str, years: tuple[str, ...]) -> bool:
    """Whether a document was issued within the span two years asked may be ("giai đoạn 2020–2023":
    the report of a workshop in 2021 tells of it)."""
    issued = issued_year(snapshot, doc_id)
    return len(years) == 2 and issued.isdigit() and min(years) <= issued <= max(years)


def document_text(snapshot: IndexSnapshot, doc_id: str) -> str:
    """A document's title and text (cached per generation)."""

    def build() -> str:
        document = snapshot.documents.get(doc_id)
        title = str(document.info.get("title", "")) if document else ""
        return "\n".join([title, *(snapshot.chunks[row].text for row in snapshot.chunks_of(doc_id))])

    return snapshot.cache.get(("document_text", doc_id), build)
