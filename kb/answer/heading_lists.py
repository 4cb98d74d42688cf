"""The list under a heading the question names: "What materials are passed between partners in the
classic Kalundborg exchanges?" is answered by the bullets under "Classic exchanges", not by the
partners' list that shares more words with the question.

A fact sheet files its lists under short headings; when every word of such a heading is in the
question, the heading says which list is asked better than the best-scoring sentence does (that
sentence may be an item of another list of the same document).
"""

from __future__ import annotations

import re

from kb.answer.enumerations import line_enumerations
from kb.answer.evidence import english_stem
from kb.answer.sentence_candidates import SentenceCandidate
from kb.answer.shaped_answers import ListAnswer, shown_list
from kb.text.normalize import fold_accents

MIN_HEADING_WORDS = 2  # a one-word heading ("Results", "Kết quả") names too little
MAX_HEADING_WORDS = 6
PASSAGES_LOOKED_AT = 3  # the passages of the best sentences whose headings are read

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _words(text: str) -> list[str]:
    """Folded words with English inflections removed ("exchanges" and "exchange" are one word)."""
    return [english_stem(w) for w in _WORD.findall(fold_accents(text).lower())]


def _heading(text: str, lead: tuple[int, int]) -> list[str] | None:
    """The words of a lead-in that is a heading: a short line without a colon or a full stop."""
    line = text[lead[0] : lead[1]].strip()
    if not line or line.endswith((":", ".", ";", ",")):
        return None
    # "Quantified benefits (cite with year)": the note in brackets is not part of the name.
    words = _words(re.sub(r"\([^)]*\)", " ", line))
    return words if MIN_HEADING_WORDS <= len(words) <= MAX_HEADING_WORDS else None


def heading_named_list(question: str, candidates: list[SentenceCandidate]) -> ListAnswer | None:
    """The list of lines under a heading every word of which the question says, in one of the
    passages of the best sentences; ``None`` when no heading is named so."""
    asked = set(_words(question))
    passages = []
    for candidate in sorted(candidates, key=lambda c: -c.score):
        if all(candidate.document is not p for p in passages):
            passages.append(candidate.document)
        if len(passages) == PASSAGES_LOOKED_AT:
            break
    for passage in passages:
        text = passage.content or ""
        for enumeration in line_enumerations(text):
            words = _heading(text, enumeration.lead)
            if words and set(words) <= asked:
                return shown_list(passage, enumeration)
    return None
