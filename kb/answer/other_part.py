"""A question asking two kinds of fact at once gets a sentence holding each.

"Khung quốc tế do những tổ chức nào xây dựng, bản 2.0 ra lúc nào?" asks for organisations and a
date. The sentence that best holds the date ("First edition dated December 2017; version 2.0 dated
January 2021.") names no organisation; the sentence before it does. Each clause of the question is
read for the kind of fact it asks (:func:`kb.query.answer_types.answer_target`); a kind that no
chosen sentence holds is taken from the sentences next to the answer's best one, in its passage
(the two facts are told of the same subject, and another passage may tell of another).

The same kind asked twice ("Who chaired the workshop, and who spoke for UNIDO?", "ai khai mạc, còn ai
bế mạc?") is two asks: a clause whose words the chosen sentences hold less of than another sentence
of the best one's document holding that kind gets that sentence too.

Usage::

    chosen = with_other_part(question, chosen, candidates)
"""

from __future__ import annotations

import re

from kb.answer.citations import display_text
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.answer_types import answer_target, answer_type_match
from kb.query.terms import vietnamese_equivalents
from kb.text.normalize import fold_accents, normalize_query
from kb.text.stopwords import folded_stopwords

# Where a question's clauses part: punctuation, and "và" / "and" / "còn" between two asks.
_CLAUSE = re.compile(r"[,;?]|\s(?:và|and|còn|then|rồi)\s", re.IGNORECASE)
NEAR = 2  # sentences either side of the best one
MAX_WORDS = 150  # of the answer's sentences with the one added
MAX_WORDS_TWO_ASKS = 260  # … with the one added for the same kind asked twice (two people named)


def asked_kinds(question: str) -> list[tuple[str, list[str]]]:
    """The kinds of fact the question's clauses ask for, in order, each once, with their units."""
    kinds: list[tuple[str, list[str]]] = []
    for _, kind, units in _clause_asks(question):
        if all(kind != k for k, _ in kinds):
            kinds.append((kind, units))
    return kinds


def _clause_asks(question: str) -> list[tuple[str, str, list[str]]]:
    """Each clause of the question that asks a kind of fact: (clause, kind, units), in order."""
    out = []
    for clause in _CLAUSE.split(normalize_query(question)):
        if len(clause.split()) >= 2:
            kind, units = answer_target(clause)
            if kind:
                out.append((clause, kind, units))
    return out


def _clause_terms(clause: str) -> list[tuple[str, ...]]:
    """The words of a clause a sentence answering it would hold, folded: its own content words and,
    for English, the Vietnamese of its terms (each term one entry, found by any of its forms)."""
    stop = folded_stopwords()
    terms: list[tuple[str, ...]] = [
        tuple(fold_accents(v).lower() for v in options) for options in vietnamese_equivalents(clause, with_term=True)
    ]
    translated = {w for options in terms for o in options for w in re.findall(r"[^\W_]+", o)}
    words = re.findall(r"[^\W_]+", fold_accents(clause).lower())
    terms += [(w,) for w in dict.fromkeys(words) if w not in stop and w not in translated and len(w) > 1]
    return terms


def _share(candidate: SentenceCandidate, terms: list[tuple[str, ...]]) -> float:
    text = " " + " ".join(re.findall(r"[^\W_]+", fold_accents(candidate.text).lower())) + " "
    return sum(any(f" {o} " in text for o in options) for options in terms) / len(terms) if terms else 0.0


def _same_kind_again(
    question: str, chosen: list[SentenceCandidate], candidates: list[SentenceCandidate]
) -> list[SentenceCandidate]:
    """For a kind asked in two clauses, the sentences to add: for each such clause, the sentence of
    the best one's document holding the kind that holds most of the clause's words, when the chosen
    sentences hold fewer of them."""
    asks = _clause_asks(question)
    repeated = {kind for _, kind, _ in asks if sum(k == kind for _, k, _ in asks) > 1}
    if not repeated:
        return []
    best = max(chosen, key=lambda c: c.score)
    source = best.document.meta.get("doc_id")
    added: list[SentenceCandidate] = []
    for clause, kind, units in asks:
        terms = _clause_terms(clause)
        if kind not in repeated or not terms:
            continue
        # What the chosen sentences giving that kind hold of the clause (a date-line naming the event
        # holds its words but not the count asked of it).
        have = max((_share(c, terms) for c in [*chosen, *added] if _holds(c, kind, units)), default=0.0)
        pool = [
            c
            for c in candidates
            if c.document.meta.get("doc_id") == source and c not in chosen and c not in added and _holds(c, kind, units)
        ]
        pick = max(pool, key=lambda c: (_share(c, terms), c.score), default=None)
        if pick is not None and _share(pick, terms) > have:
            added.append(pick)
    return added


def _holds(candidate: SentenceCandidate, kind: str, units: list[str]) -> bool:
    return answer_type_match(display_text(candidate.text), kind, units) >= 1.0


def with_other_part(
    question: str, chosen: list[SentenceCandidate], candidates: list[SentenceCandidate]
) -> list[SentenceCandidate]:
    """``chosen`` with, for each kind asked that none of them holds, the nearest sentence of the best
    one's passage that holds it (within :data:`NEAR` sentences and :data:`MAX_WORDS`), in source order."""
    kinds = asked_kinds(question)
    if not chosen:
        return chosen
    added = _same_kind_again(question, chosen, candidates)
    words = sum(c.words for c in [*chosen, *added])
    if words > MAX_WORDS_TWO_ASKS:
        added, words = [], sum(c.words for c in chosen)
    if len(kinds) < 2:
        return _in_order([*chosen, *added]) if added else chosen
    best = max(chosen, key=lambda c: c.score)
    source = best.document.meta.get("doc_id")
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
    return _in_order([*chosen, *added]) if added else chosen


def _in_order(sentences: list[SentenceCandidate]) -> list[SentenceCandidate]:
    return sorted(sentences, key=lambda c: (c.position, c.document.meta.get("row", 0), c.index))
