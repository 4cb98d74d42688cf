"""Whether a sentence sits in a section of another period than the one asked.

A case study tells a programme phase by phase under headings that carry each phase's years ("A.
GIAI ĐOẠN 1 (2014–2019): …", "B. GIAI ĐOẠN 2 (2020–2023/24): …"), and its lines repeat the same
labels in both ("- KCN thí điểm: …"). "Dự án … (MPI–UNIDO, 2020–2023) chọn những KCN nào để thí
điểm?" is not answered by the pilots listed under the 2014–2019 phase, though that line covers the
question as well as any: :func:`prefer_asked_period` lowers, in place, the sentences whose section
heading gives a period holding none of the years asked, unless the sentence itself writes one.

Usage::

    prefer_asked_period(question, candidates)
"""

from __future__ import annotations

import re

from kb.answer.evidence import passage_heading
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.question_shape import question_years, years_in

# Taken from a sentence under the heading of another period (the bonuses for what it covers are below 0.3).
OTHER_PERIOD_PENALTY = 0.15
# A period in a heading: "(2014–2019)", "(2020–2023/24)", "giai đoạn 2020-2023".
_PERIOD = re.compile(r"((?:19|20)\d\d)\s*[–-]\s*((?:19|20)\d\d)(?:/\d\d)?")


def _heading_period(candidate: SentenceCandidate) -> tuple[str, str] | None:
    """The period the heading of the sentence's passage gives (its section heading, else its first
    line when that is short), or None."""
    section = str(candidate.document.meta.get("heading") or "")
    content = candidate.document.content or ""
    heading = passage_heading(content, section)
    if not section and candidate.start <= len(content.strip().split("\n", 1)[0]):
        return None  # the heading line itself
    match = _PERIOD.search(heading)
    return (match.group(1), match.group(2)) if match else None


def prefer_asked_period(question: str, candidates: list[SentenceCandidate]) -> None:
    """Lower, in place, the sentences under a heading of a period that holds none of the question's
    years (module doc)."""
    years = question_years(question)
    if not years:
        return
    for candidate in candidates:
        period = _heading_period(candidate)
        if period is None or any(period[0] <= year <= period[1] for year in years):
            continue
        if not set(years_in(candidate.text)) & set(years):
            candidate.score -= OTHER_PERIOD_PENALTY
