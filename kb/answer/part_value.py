"""A figure asked of one numbered part that the passages give only for another part of its kind.

"What was the budget of phase 2 of the EIP project?" is not answered by "A. GIAI ĐOẠN 1 (2014–2019):
… tổng vốn ~53 triệu USD": that sentence gives phase 1's budget, and no sentence giving an amount
speaks of phase 2. A sentence is of the part it names, else of the part the nearest line before it
names (the section it sits in), else of its passage heading's.
:func:`part_value_reason` returns the reason to refuse ("" when the passages may answer).
"""

from __future__ import annotations

from kb.answer.citations import text_for
from kb.answer.constraint_checks import numbered_parts, part_label
from kb.answer.refusal_checks import quoted_names, relevant_sentences, valued_sentences
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.answer_types import holds_date
from kb.query.question_shape import QuestionShape

OTHER_PART_ONLY = {
    "vi": "Các đoạn tìm được chỉ nêu con số này cho {given}, không cho {names}.",
    "en": "The passages found give this figure for {given} only, not for {names}.",
}
# The kinds of value whose sentence must be of the part asked.
_VALUED_KINDS = ("count", "amount", "date")


def _parts_said(candidate: SentenceCandidate, kinds: set[str]) -> tuple[set[tuple[str, int]], str]:
    """The numbered parts of ``kinds`` a sentence is said of, and the text naming them: those it
    names, else those of the nearest line before it in its passage that names one (the section it
    sits in: "A. GIAI ĐOẠN 1 (2014–2019): …" over its items), else its passage's heading."""
    before = (candidate.document.content or "")[: candidate.start].splitlines()
    heading = str(candidate.document.meta.get("heading") or "")
    for text in [candidate.text, *reversed(before), heading]:
        parts = {part for part in numbered_parts(text) if part[0] in kinds}
        if parts:
            return parts, text
    return set(), ""


def part_value_reason(
    question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate]
) -> str:
    """Why the sentences giving the value asked of a numbered part are of other parts only (see the
    module docstring); "" when one may be of the part asked, or none names a part of its kind."""
    asked = numbered_parts(question)
    if shape.kind not in _VALUED_KINDS or not asked or not candidates:
        return ""
    relevant = relevant_sentences(candidates)
    if shape.kind == "date":
        valued = [c for c in relevant if holds_date(c.text)]
    else:
        valued = valued_sentences(shape, relevant, only=True)
    if not valued:
        return ""
    kinds = {kind for kind, _ in asked}
    others: dict[tuple[str, int], str] = {}
    for candidate in valued:
        said, context = _parts_said(candidate, kinds)
        if not said and not any(part[0] in kinds for part in numbered_parts(candidate.document.content or "")):
            continue  # a passage numbering no such parts (another programme's figures)
        if not said or said & asked:
            return ""  # of no part (maybe of all), or of the part asked
        others.update({part: part_label(context, part) for part in said if part not in others})
    if not others:
        return ""  # no sentence giving the value speaks of such parts at all
    given = ", ".join(f"“{others[part]}”" for part in sorted(others))
    names = quoted_names([part_label(question, part) for part in sorted(asked)])
    return text_for(OTHER_PART_ONLY, language).format(given=given, names=names)
