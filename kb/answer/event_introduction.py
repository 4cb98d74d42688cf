"""Which event: "Ông ấy còn phát biểu ở hội thảo nào khác?", "Which event did he attend, and when?".

The sentence naming the person says "Phát biểu tại Hội thảo, ông Lê Thành Quân …": the event only as
"the workshop". Its name, date and place are in the report's opening sentence ("Ngày 12/4, tại TPHCM,
Bộ KH&ĐT và UNIDO phối hợp tổ chức Hội thảo tổng kết Dự án …"). When a question asks which event,
that opening sentence of the best one's report joins the answer, before them (issue 15: an answer tied
to what was asked).

Usage::

    chosen = with_event_introduction(snapshot, question, chosen, candidates)
"""

from __future__ import annotations

import re

from kb.answer.evidence import chunk_sentences
from kb.answer.sentence_candidates import SentenceCandidate
from kb.answer.source_passages import stored_passage
from kb.index.snapshot import IndexSnapshot
from kb.query.answer_types import holds_date
from kb.text.normalize import fold_accents

# "hội thảo nào", "sự kiện nào", "which event", "what workshop"; folded, lower case.
_EVENT_ASKED = re.compile(
    r"\b(?:hoi thao|hoi nghi|su kien|tap huan|cuoc hop|buoi) nao\b"
    r"|\b(?:which|what) (?:event|workshop|conference|meeting|seminar|training)s?\b"
)
# A sentence introducing an event names its kind.
_EVENT_WORD = re.compile(r"\b(?:hoi thao|hoi nghi|tap huan|workshop|conference|seminar)\b")
OPENING_PASSAGES = 2  # the report's first passages, where its event is introduced
MAX_WORDS = 160  # an opening names every organiser (125 words in the 2022 report); longer is a paragraph


def asks_event(question: str) -> bool:
    """Whether the question asks which event (workshop, conference, meeting)."""
    return _EVENT_ASKED.search(fold_accents(question).lower()) is not None


def with_event_introduction(
    snapshot: IndexSnapshot,
    question: str,
    chosen: list[SentenceCandidate],
    candidates: list[SentenceCandidate],
) -> list[SentenceCandidate]:
    """``chosen`` with, first, the opening sentence of the best one's report that introduces its event
    with a date, when the question asks which event. (Whether a chosen sentence names the event itself
    is not told by its dates: "Phát biểu tại Hội thảo, … từ tháng 5/2020" dates the project.)"""
    if not chosen or not asks_event(question):
        return chosen
    best = max(chosen, key=lambda c: c.score)
    doc_id = str(best.document.meta.get("doc_id"))
    opening = _opening_sentence(snapshot, doc_id, best, candidates)
    if opening is None or any(c is opening for c in chosen):
        return chosen
    return [opening, *chosen]


def _opening_sentence(
    snapshot: IndexSnapshot, doc_id: str, best: SentenceCandidate, candidates: list[SentenceCandidate]
) -> SentenceCandidate | None:
    """The first sentence of the report's first passages that names an event and holds a date (one
    with words: a dateline "12 11 2021" introduces nothing), as a candidate of the answer."""
    for row in list(snapshot.chunks_of(doc_id))[:OPENING_PASSAGES]:
        chunk = snapshot.chunks[row]
        for index, (start, end, *_) in enumerate(chunk_sentences(chunk)):
            text = chunk.text[start:end].strip()
            folded = fold_accents(text).lower()
            if (
                not _EVENT_WORD.search(folded)
                or not holds_date(text)
                or not re.search(r"[^\W\d_]{2}", text)
                or len(text.split()) > MAX_WORDS
            ):
                continue
            # The candidate already read, so that a sentence of the same passage joins its quote.
            known = next(
                (c for c in candidates if c.document.meta.get("row") == row and c.index == index), None
            )
            if known is not None:
                return known
            document = stored_passage(snapshot, row)
            return SentenceCandidate(document, best.position, index, text, 0.0, set(), 0.0, 0.0, start, end)
    return None
