"""A yes/no question that quotes a figure for a year the figure is not given for.

"Năm 2016 Kalundborg có còn đón hơn 30 đoàn quốc tế không?" against ">30 delegations from 20
countries visited in 2015": the sentence holding the figure the question quotes dates it to 2015,
so answering it would say yes for 2016 on 2015's evidence. The question is refused with the year
the figure is given for.

Only when every relevant sentence holding the quoted number names a year and none names the year
asked: a sentence with no year may be telling the asked year's figure (the year said elsewhere).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kb.answer.citations import text_for
from kb.answer.refusal_checks import OTHER_YEAR, relevant_sentences
from kb.query.question_shape import QuestionShape, years_in

if TYPE_CHECKING:
    from kb.answer.sentence_candidates import SentenceCandidate

# A number as written, with its group or decimal marks ("30", "1.448.215", "32,86").
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")


def _numbers(text: str, skip: set[str]) -> set[str]:
    return {m.group(0).rstrip(".,") for m in _NUMBER.finditer(text)} - skip


def stated_figure_year_reason(
    question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate]
) -> str:
    """The reason to refuse a yes/no question quoting a figure for a year when the sentences
    holding that figure give it for other years only ("" otherwise)."""
    if shape.kind != "yes-no" or not shape.years or not candidates:
        return ""
    asked_years = set(shape.years)
    stated = _numbers(question, asked_years)
    if not stated:
        return ""
    holding = [c for c in relevant_sentences(candidates) if stated & _numbers(c.text, set())]
    if not holding:
        return ""
    dated = [set(years_in(c.text)) for c in holding]
    if any(not years or years & asked_years for years in dated):
        return ""
    given = sorted(set().union(*dated))
    return text_for(OTHER_YEAR, language).format(given=", ".join(given), years=", ".join(shape.years))
