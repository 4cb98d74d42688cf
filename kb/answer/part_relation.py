"""Who did something in a numbered part of an event: the act must be said of that part.

"Ai chủ trì Phiên 3?" / "Who chaired Session 3?" is not answered by who chairs the workshop as a
whole ("Hội thảo sẽ do lãnh đạo Bộ Kế hoạch và Đầu tư chủ trì"), nor by what Session 3 was about.
A sentence saying the act asked must name the part, or follow a sentence that does (a programme
writes "Phiên 3: …" then "Chủ trì: …").

Usage::

    reason = part_relation_reason(question, language, shape, candidates)
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.constraint_checks import asked_relation, numbered_parts, original_words, part_label
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.question_shape import QuestionShape
from kb.text.normalize import fold_accents

NOT_SAID_OF_PART = {
    "vi": "Các đoạn tìm được không nêu ai {relation} {part}.",
    "en": "The passages found do not say who {relation} {part}.",
}
# English acts asked of a part: as the reason says them, and the folded stems a sentence says them
# with, English or Vietnamese.
_ENGLISH_ACTS = {
    "chair": ("chaired", ("chair", "chu tri")),
    "moderate": ("moderated", ("moderat", "dieu phoi", "dieu hanh")),
    "open": ("opened", ("open", "khai mac")),
    "present": ("presented", ("present", "trinh bay")),
    "lead": ("led", ("led", "lead", "dan dau")),
}
_ENGLISH_WHO = re.compile(r"\bwho\b.*?\b(chair|moderat|open|present|le(?:a)?d)\w*", re.IGNORECASE)


def _folded(text: str) -> str:
    return " ".join(fold_accents(text).lower().split())


def _acts(question: str, language: str, shape: QuestionShape) -> tuple[str, tuple[str, ...]]:
    """The act asked as the question writes it, and the folded stems a sentence may say it with."""
    if language == "vi":
        relation = asked_relation(question, language, shape)
        if not relation:
            return "", ()
        return original_words(question, relation) or relation, (relation,)
    match = _ENGLISH_WHO.search(question)
    if not match or shape.kind != "who":
        return "", ()
    stem = match.group(1).lower()
    key = "lead" if stem in ("led", "lead") else next((k for k in _ENGLISH_ACTS if k.startswith(stem[:4])), "")
    return _ENGLISH_ACTS[key] if key else ("", ())


def part_relation_reason(
    question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate]
) -> str:
    """The reason to refuse "who <act> <part N>" when no sentence read says the act of that part."""
    parts = numbered_parts(question)
    if not parts or not candidates:
        return ""
    relation, stems = _acts(question, language, shape)
    if not stems:
        return ""
    said = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")")
    by_place = {(id(c.document), c.index): c for c in candidates}
    for candidate in candidates:
        if not said.search(_folded(candidate.text)):
            continue
        previous = by_place.get((id(candidate.document), candidate.index - 1))
        nearby = candidate.text + (" " + previous.text if previous is not None else "")
        if parts & numbered_parts(nearby):
            return ""
    part = part_label(question, sorted(parts)[0])
    return text_for(NOT_SAID_OF_PART, language).format(relation=relation, part=part)
