"""A number the question states about what it asks ("What did the 217 RECP solutions that were put in
place bring?", "how many of the 41 solutions …"): the sentences writing that number are about the same
thing, whatever else they share with the question.

An English question over a Vietnamese report shares few words with it, and the passage that answers
may come fifth among those found; "217" is written in one sentence of the whole collection
("… trong đó 217 giải pháp đã được thực hiện góp phần tiết kiệm năng lượng …"). Years, dates and the
numbers of instruments, articles, phases or sessions ("Decree 82", "phase 2") are no such number.

Usage::

    prefer_stated_numbers(question, candidates)  # raises the scores in place
"""

from __future__ import annotations

import re

from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.question_shape import question_years
from kb.text.normalize import fold_accents

STATED_NUMBER_BONUS = 0.3  # added to a sentence writing a number the question states
# Two digits or more, as a whole number (not a part of "12/11/2021", "3.1", "82/2018").
_NUMBER = re.compile(r"(?<![\w/.,])(\d{1,3}(?:[.,]\d{3})+|\d{2,})(?![\w/]|[.,]\d)")
# What numbers a part or an instrument rather than counting anything ("Nghị định 82", "phiên 5").
_NUMBERED = re.compile(
    r"\b(?:nghi dinh|decree|thong tu|circular|nd|tt|dieu|article|khoan|clause|diem|point|chuong|chapter"
    r"|phase|stage|giai doan|phien|session|muc|section|lan|version|ban)\s*(?:so\s*)?$"
)


def stated_numbers(question: str) -> list[str]:
    """The numbers ``question`` states as counts or amounts, as typed ("217", "1.448.215")."""
    folded = fold_accents(question).lower()
    years = set(question_years(question))
    found = []
    for match in _NUMBER.finditer(folded):
        number = match.group(1)
        if number in years or _NUMBERED.search(folded[: match.start()]):
            continue
        found.append(number)
    return found


def prefer_stated_numbers(question: str, candidates: list[SentenceCandidate]) -> None:
    """Raise, in place, the sentences writing a number the question states (see the module docstring)."""
    numbers = stated_numbers(question)
    if not numbers:
        return
    written = re.compile(r"(?<![\d.,])(?:" + "|".join(re.escape(n) for n in numbers) + r")(?!\d|[.,]\d)")
    for candidate in candidates:
        if written.search(candidate.text):
            candidate.score += STATED_NUMBER_BONUS
