"""A question asking two kinds of fact at once gets a sentence holding each.

"Khung quốc tế do những tổ chức nào xây dựng, bản 2.0 ra lúc nào?" asks for organisations and a
date. The sentence that best holds the date ("First edition dated December 2017; version 2.0 dated
January 2021.") names no organisation; the sentence before it does. Each clause of the question is
read for the kind of fact it asks (:func:`kb.query.answer_types.answer_target`); a kind that no
chosen sentence holds is taken from the sentences next to the answer's best one, in its passage
(the two facts are told of the same subject, and another passage may tell of another).

Usage::

    chosen = with_other_part(question, chosen, candidates)
"""

from __future__ import annotations

import re

from kb.answer.citations import display_text
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.answer_types import answer_target, answer_type_match
from kb.text.normalize import normalize_query

# Where a question's clauses part: punctuation, and "và" / "and" / "còn" between two asks.
_CLAUSE = re.compile(r"[,;?]|\s(?:và|and|còn|then|rồi)\s", re.IGNORECASE)
NEAR = 2  # sentences either side of the best one
MAX_WORDS = 150  # of the answer's sentences with the one added


def asked_kinds(question: str) -> list[tuple[str, list[str]]]:
    """The kinds of fact the question's clauses ask for, in order, each once, with their units."""
    kinds: list[tuple[str, list[str]]] = []
    for clause in _CLAUSE.split(normalize_query(question)):
        if len(clause.split()) < 2:
            continue
        kind, units = answer_target(clause)
        if kind and all(kind != k for k, _ in kinds):
            kinds.append((kind, units))
    return kinds


def _holds(candidate: SentenceCandidate, kind: str, units: list[str]) -> bool:
    return answer_type_match(display_text(candidate.text), kind, units) >= 1.0


def with_other_part(
    question: str, chosen: list[SentenceCandidate], candidates: list[SentenceCandidate]
) -> list[SentenceCandidate]:
    """``chosen`` with, for each kind asked that none of them holds, the nearest sentence of the best
    one's passage that holds it (within :data:`NEAR` sentences and :data:`MAX_WORDS`), in source order."""
    kinds = asked_kinds(question)
    if len(kinds) < 2 or not chosen:
        return chosen
    best = max(chosen, key=lambda c: c.score)
    source = best.document.meta.get("doc_id")
    added: list[SentenceCandidate] = []
    words = sum(c.words for c in chosen)
    for kind, units in kinds:
        # Held by a sentence of the best one's document (another document may tell of another subject).
        if any(_holds(c, kind, units) for c in [*chosen, *added] if c.document.meta.get("doc_id") == source):
            continue
        near = [
            c
            for c in candidates
            if c.same_passage(best)
            and 0 < abs(c.index - best.index) <= NEAR
            and c not in chosen
            and _holds(c, kind, units)
        ]
        if not near:
            continue
        pick = min(near, key=lambda c: abs(c.index - best.index))
        if words + pick.words <= MAX_WORDS:
            added.append(pick)
            words += pick.words
    if not added:
        return chosen
    return sorted([*chosen, *added], key=lambda c: (c.position, c.document.meta.get("row", 0), c.index))
