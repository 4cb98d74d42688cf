"""People a quote calls by their given name only, and the sentence that introduces them.

Reports name a speaker in full once ("ông Phạm Anh Tuấn – Tổng Giám đốc …") and then by the given
name ("Trong bài phát biểu chào mừng, ông Tuấn cho biết: …"). A quote of the second sentence alone
does not say who spoke or in what role: the introducing sentence of the same document joins it.

Usage::

    chosen = with_introductions(chosen, candidates)
"""

from __future__ import annotations

import re

from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.person_names import titled_names

# A form of address, one capitalised word, then a lower-case word or punctuation: "ông Tuấn cho
# biết", "bà Thảo:" (not "ông Lê Xuân Thịnh", whose second word is capitalised too).
_SHORT = re.compile(r"(?<!\w)(?:ông|bà|Ông|Bà|Mr\.?|Ms\.?|Mrs\.?)\s+([A-ZĐÀ-Ỹ][^\W\d_]*)(?=\s+[a-zđà-ỹ]|\s*[,:;.)])")
# The introduction may be longer than a following sentence, not a paragraph.
MAX_INTRODUCTION_WORDS = 60


def short_names(text: str) -> list[str]:
    """Given names used alone after a form of address ("ông Tuấn cho biết" -> ["Tuấn"])."""
    return [m.group(1) for m in _SHORT.finditer(text)]


def introduces(text: str, given_name: str) -> bool:
    """``text`` names in full, after a form of address or title, someone called ``given_name``."""
    return any(name.split()[-1] == given_name and len(name.split()) >= 2 for name in titled_names(text))


def with_introductions(
    chosen: list[SentenceCandidate], candidates: list[SentenceCandidate]
) -> list[SentenceCandidate]:
    """``chosen`` with, for each person a chosen sentence calls by the given name only, the sentence of
    the same document that names them in full (the nearest one before it, else after), in source order."""
    picked = {id(c) for c in chosen}
    added: list[SentenceCandidate] = []
    for candidate in chosen:
        named = {name.split()[-1] for name in titled_names(candidate.text)}
        for given in short_names(candidate.text):
            if given in named:
                continue
            doc_id = candidate.document.meta.get("doc_id")
            same_document = [
                c
                for c in candidates
                if c.document.meta.get("doc_id") == doc_id
                and id(c) not in picked
                and c.words <= MAX_INTRODUCTION_WORDS
                and introduces(c.text, given)
            ]
            if not same_document:
                continue
            before = [c for c in same_document if (c.position, c.index) < (candidate.position, candidate.index)]
            intro = max(before, key=lambda c: (c.position, c.index)) if before else same_document[0]
            added.append(intro)
            picked.add(id(intro))
    if not added:
        return chosen
    return sorted([*chosen, *added], key=lambda c: (c.position, c.index))
