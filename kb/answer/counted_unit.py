"""Raise the sentences that count what a count question counts.

"Cộng sinh Kalundborg giảm được bao nhiêu tấn CO2 mỗi năm?" — the sentence that best covers the question
may hold other numbers ("not primarily CO2; >30 delegations from 20 countries") while the next gives
"635,000 t CO2". When some sentences give a number of the unit asked (in any of its forms, either
language), they are raised by :data:`COUNTED_UNIT_BONUS`; nothing changes when none does.

Usage::

    prefer_counted_unit(question, candidates)
"""

from __future__ import annotations

from kb.answer.refusal_checks import unit_forms
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.answer_types import quantity_units
from kb.query.unit_counts import counts_unit
from kb.text.normalize import fold_accents

COUNTED_UNIT_BONUS = 0.2  # as much as a name asked heading its own value (name_scope.NAMED_VALUE_BONUS)


def prefer_counted_unit(question: str, candidates: list[SentenceCandidate]) -> None:
    """Raise, in place, the sentences giving a number of a unit the question counts ("tấn CO2", "doanh
    nghiệp"); not for a percentage (any share is written "%")."""
    units = [u for u in quantity_units(question) if u != "%"]
    if not units or not candidates:
        return
    forms = [f for unit in units for f in unit_forms(unit)]
    counting = [c for c in candidates if any(counts_unit(fold_accents(c.text).lower(), f) for f in forms)]
    if len(counting) == len(candidates):
        return  # every sentence counts it: nothing told apart
    for candidate in counting:
        candidate.score += COUNTED_UNIT_BONUS
