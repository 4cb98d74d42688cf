"""Another figure the sources give for what a count question counts, shown beside the chosen one.

"Cộng sinh Kalundborg giảm được bao nhiêu tấn CO2 mỗi năm?" — the Kalundborg case study gives 635,000 t
(the EMF case study's figure), 586,000 t and ~270,000 t, each from its own source; the 2023 closing report
counts 663 RECP solutions where the project case study counts ~295. A consultant quoting one figure needs
to see that another is reported. When a sentence nearly as good as the best (at least
:data:`OTHER_FIGURE_SHARE` of its score) gives a number of the unit asked that the chosen sentences do
not, it joins the answer (one, the best such).

Usage::

    chosen = [*chosen, *other_figure(question, chosen, candidates)]
"""

from __future__ import annotations

from kb.answer.refusal_checks import unit_forms
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.answer_types import quantity_units
from kb.query.unit_counts import counted_numbers
from kb.text.normalize import fold_accents

OTHER_FIGURE_SHARE = 0.85  # of the best sentence's score


def _counted(text: str, forms: list[str]) -> set[str]:
    folded = fold_accents(text).lower()
    return {n for form in forms for n in counted_numbers(folded, form)}


def other_figure(
    question: str, chosen: list[SentenceCandidate], candidates: list[SentenceCandidate]
) -> list[SentenceCandidate]:
    """The best other sentence giving another number of what the question counts ("586,000 t CO2" beside
    "635,000 t CO2"); [] when none scores near the best, or the chosen sentences count none of it."""
    units = [u for u in quantity_units(question) if u != "%"]  # any share is written "%"
    if not units or not chosen or not candidates:
        return []
    forms = [f for unit in units for f in unit_forms(unit)]
    shown = set().union(*(_counted(c.text, forms) for c in chosen))
    if not shown:
        return []
    best = max(c.score for c in candidates)
    for candidate in sorted(candidates, key=lambda c: -c.score):
        if candidate.score < OTHER_FIGURE_SHARE * best:
            break
        if candidate in chosen:
            continue
        if _counted(candidate.text, forms) - shown:
            return [candidate]
    return []
