"""The one paragraph of a series a question names in words, not by its number.

A workshop programme written as parallel paragraphs ("Phiên 1 với chủ đề …", "Phiên 2 có chủ đề …")
is asked about one session by its theme or its place: "Phiên về khu vực tư nhân giới thiệu những
nội dung gì?", "phiên cuối (World Cafe) có những tham luận nào?", "the session on resource
efficiency", "the closing session". The best-matching sentence is often another session's (they
share most words), and a list question would otherwise get the whole series. Here the paragraph
named is found — by its place, or by the words of the question that set it apart from the other
paragraphs — and its opening sentence is raised above the others, so the answer quotes it and the
sentences of its paragraph that follow.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import pairwise

from kb.answer.enumerations import series_label, series_paragraphs
from kb.answer.sentence_candidates import SentenceCandidate
from kb.answer.shaped_answers import ONE, kind_named
from kb.query.terms import vietnamese_equivalents
from kb.text.normalize import fold_accents

# The place a question gives the paragraph in words, next to the kind: the last or the first
# ("phiên cuối", "the final session"; not "cuối năm 2018", "last year").
_PLACE_AFTER = r"\b{name}(?: [\w-]+){{0,3}} {place}\b"
_PLACE_BEFORE = r"\b{place}(?: [\w-]+){{0,2}} (?:session|phase|stage|round|part)s?\b"
_LAST = {"after": r"(?:cuoi|cuoi cung)", "before": r"(?:last|final)"}
_FIRST = {"after": r"(?:dau tien|thu nhat)", "before": r"first"}
# The named paragraph's words must set it apart: it scores at least this many times the next one.
CLEAR_MARGIN = 1.5
MIN_SHARED_PAIRS = 2  # one word pair ("Việt Nam") is too little to name a session by
HEAD_WORDS = 20
_HEAD_END = re.compile(r":|\b(?:giới thiệu|gồm|bao gồm|introduc\w*|presents?|covers?)\b", re.IGNORECASE)
MEMBER_BONUS = 0.5  # added above the best score, so the named paragraph's sentence leads
OTHER_MEMBER_SHARE = 0.25  # the other paragraphs' openings are kept below this share of it


def _bigrams(text: str) -> set[str]:
    words = re.findall(r"\w+", fold_accents(text).lower())
    return {f"{a} {b}" for a, b in pairwise(words)}


def prefer_series_member(question: str, candidates: list[SentenceCandidate]) -> None:
    """Raise, in place, the opening sentence of the series paragraph the question names in words
    (see the module docstring); nothing when it names none, names the series as many, or when no
    paragraph stands out."""
    best = max(candidates, key=lambda c: c.score, default=None)
    if best is None:
        return
    # The series of the best sentence's document, read from the candidates of its passages (most
    # answers have none: the question's translations are looked up only then).
    same_document = [c for c in candidates if c.document.meta.get("doc_id") == best.document.meta.get("doc_id")]
    label = next((found[0] for c in same_document if (found := series_label(c.text)) is not None), None)
    if label is None:
        return
    equivalents = [v for options in vietnamese_equivalents(question) for v in options]
    folded = fold_accents("\n".join([question, *equivalents])).lower()
    if kind_named(question, folded, label) != ONE:
        return
    if re.search(rf"\b{re.escape(fold_accents(label).lower())} (?:do|nay|ay|kia)\b", folded):
        return  # "phiên đó": the one asked before, which a follow-up's rewrite names
    openings: dict[int, SentenceCandidate] = {}  # number -> the paragraph's opening sentence
    paragraphs: dict[int, str] = {}
    spans: dict[int, list[tuple[int, int, int]]] = {}  # per passage, read once: (number, start, end)
    for candidate in same_document:
        text = candidate.document.content or ""
        if id(candidate.document) not in spans:
            # "Chủ đề phiên 5 là …": the paragraph from its line's start.
            spans[id(candidate.document)] = [
                (number, text.rfind("\n", 0, start) + 1, end) for number, (start, end) in series_paragraphs(text, label)
            ]
        for number, start, end in spans[id(candidate.document)]:
            if start <= candidate.start < end:
                paragraphs[number] = text[start:end]
                if candidate.start == start and number not in openings:
                    openings[number] = candidate
    if len(openings) < 2:
        return
    named = _named_by_place(folded, label, openings) or _named_by_words(folded, paragraphs, openings)
    if named is not None:
        openings[named].score = best.score + MEMBER_BONUS
        # The other sessions are not what was asked: none joins the answer as another sentence.
        for number, opening in openings.items():
            if number != named:
                opening.score = min(opening.score, OTHER_MEMBER_SHARE * openings[named].score)


def _named_by_place(folded: str, label: str, openings: dict[int, SentenceCandidate]) -> int | None:
    name = re.escape(fold_accents(label).lower())
    for words, pick in ((_LAST, max), (_FIRST, min)):
        after = _PLACE_AFTER.format(name=name, place=words["after"])
        if re.search(after, folded) or re.search(_PLACE_BEFORE.format(place=words["before"]), folded):
            return pick(openings)
    return None


def _head(paragraph: str) -> str:
    """What a paragraph of a series is about: its words before what it goes on to list ("Phiên 3 với
    chủ đề “Quy hoạch và quản lý KCN sinh thái”" of "… giới thiệu các nội dung về …")."""
    head = _HEAD_END.split(paragraph, maxsplit=1)[0]
    return " ".join(head.split()[:HEAD_WORDS])


def _named_by_words(folded: str, paragraphs: dict[int, str], openings: dict[int, SentenceCandidate]) -> int | None:
    """The paragraph whose theme shares the most of the question's word pairs, each weighted by how
    few paragraphs' themes hold it (the workshop's name, in all of them, counts for nothing). Themes
    only: a paragraph's body names other sessions' themes too ("tham luận đề dẫn “Quy hoạch KCN sinh
    thái”" in the closing session), and a session outside the series ("the opening session") must
    not be taken for the one whose body mentions it."""
    heads = {number: _head(text) for number, text in paragraphs.items()}
    pairs = {number: _bigrams(text) for number, text in heads.items()}
    spread = Counter(pair for found in pairs.values() for pair in found)
    asked = _bigrams(folded)
    scores = {
        number: sum(math.log(len(pairs) / spread[pair]) for pair in asked & found)
        for number, found in pairs.items()
        if number in openings and len(asked & found) >= MIN_SHARED_PAIRS
    }
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] <= 0:
        return None
    if len(ranked) > 1 and ranked[0][1] < CLEAR_MARGIN * ranked[1][1]:
        return None
    return ranked[0][0]
