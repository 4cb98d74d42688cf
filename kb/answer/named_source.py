"""The document a question names as its source ("theo hội thảo tổng kết tháng 4/2023", "according to
the Hiep Phuoc workshop report", "theo bản tóm tắt NĐ 82/2018"), and the sentences of that document.

A consultant quoting a source asks what *that* source says: "Theo Khung quốc tế, KCN sinh thái phải
dành tối thiểu bao nhiêu % diện tích cho cây xanh?" is not answered by the Decree 82 summary's 25 %.
The source is named by a phrase after "theo" / "according to" that holds a word for a source
("hội thảo", "bản tóm tắt", "workshop", "report", "case study" …), or by an event the question asks
about ("attended the April 2023 closing workshop"); it is the document whose label (its
title in both languages, its issuer, the month and year it was issued) holds most of the phrase's
words, and clearly more than any other document's. A source cited inside a document ("the Ellen
MacArthur Foundation case study") names no document of the corpus and changes nothing.

Usage::

    doc_id = named_source("Theo hội thảo tổng kết tháng 4/2023, dự án hỗ trợ bao nhiêu doanh nghiệp?", snapshot)
    candidates = named_source_candidates(question, snapshot, candidates)
"""

from __future__ import annotations

import itertools
import re

from kb.answer.sentence_candidates import SentenceCandidate
from kb.index.snapshot import IndexSnapshot
from kb.query.terms import english_equivalents, vietnamese_equivalents
from kb.text.normalize import fold_accents
from kb.text.stopwords import folded_stopwords

# Off: measured without (the ablation in eval/RESULTS.md).
NAMED_SOURCE = True
# The share of the phrase's words a document's label must hold, and the lead it needs over the next.
LABEL_SHARE = 0.6
LABEL_LEAD = 0.2
# Fewer content words name nothing in particular ("theo tiêu chí nào").
MIN_WORDS = 3
# The share of its score a sentence keeps when it covers none of what is asked beside the source's name.
ASK_FLOOR = 0.5

# The phrase naming the source: after "theo" / "according to" / "as reported in" / "tại" (an event:
# "tại hội thảo tổng kết …, ai phát biểu"; not "tại sao"), up to a comma, a question mark, "thì" or a
# question word, or the question's end (folded, lower-cased).
_SOURCE_PHRASE = re.compile(
    r"\b(?:theo|according to|as reported in|as stated in|in the|tai(?! sao))\s+(?:the\s+)?"
    r"([^,;?]+?)(?=\s+(?:thi|what|how|which|who|when|where|why)\b|[,;?]|$)"
)
# An event named as what the question is about ("attended the April 2023 closing workshop", "hội thảo
# tổng kết tháng 4/2023 có …"): the report of that event is the source.
_EVENT_PHRASE = re.compile(
    r"\bthe\s+((?:[\w/-]+\s+){0,5}workshop)\b"
    r"|\b(hoi thao(?:\s+[\w/]+){1,6}?)(?=\s+(?:co|la|thi|do|da|duoc|nao|bao nhieu|gi|ai|khi)\b|[,;?]|$)"
)
# A source as the subject of what is said ("Khung quốc tế về KCN sinh thái (UNIDO, WB, GIZ) yêu cầu …",
# "the international framework requires …"): the words before the saying verb.
_SUBJECT_SOURCE = re.compile(
    r"^((?:the\s+)?[^;?]{3,120}?)\s+(?:yeu cau|quy dinh|neu|noi|ghi nhan|de xuat|khuyen nghi"
    r"|requires?|says?|states?|recommends?"
    # "Khung quốc tế về KCN sinh thái là do những tổ chức nào …?": who made the source itself.
    r"|la do)\b"
)
# A word for a source: the phrase must hold one ("theo hướng …", "in the park" name none).
_SOURCE_WORD = re.compile(
    r"\b(?:hoi thao|bao cao|bai viet|bai|ban tom tat|tom tat|ghi chu|tai lieu|khung|thong cao|thong bao"
    r"|workshop|report|write-up|note|summary|case study|announcement|notice|framework|article|fact ?sheet)\b"
)
# "…, còn số liệu AMATA thì bao nhiêu?", "compared with": a second ask, maybe of another source.
_OTHER_ASK = re.compile(r",\s*con\b|\bcompared (?:with|to)\b|\bversus\b")
_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> set[str]:
    stop = folded_stopwords() | {"the", "of", "on", "in", "at", "for", "and", "to", "a", "an"}
    return {w for w in _WORD.findall(fold_accents(text).lower()) if w not in stop}


def _label(snapshot: IndexSnapshot, doc_id: str) -> set[str]:
    """The words a question may name a document by: its title (and the title's terms in the other
    language), its issuer, and the month and year it was issued."""
    key = f"source_label:{doc_id}"

    def build() -> set[str]:
        info = snapshot.documents[doc_id].info
        title = str(info.get("title", ""))
        words = _words(" ".join([title, str(info.get("issuer", ""))]))
        for options in [*english_equivalents(title), *vietnamese_equivalents(title)]:
            words |= _words(" ".join(options))
        issued = re.match(r"(\d{4})-(\d{2})", str(info.get("issued", "")))
        if issued:
            year, month = issued.group(1), int(issued.group(2))
            words |= {year, str(month), "thang", "nam", _MONTHS[month - 1], _MONTHS[month - 1][:3]}
        if {"khu", "cong", "nghiep"} <= words:
            words |= {"kcn", "kcnst"} if {"sinh", "thai"} <= words else {"kcn"}  # as questions write it
        return words

    return snapshot.cache.get(key, build)


def _by_pairs(phrase: str, scores: list[tuple[float, str]], snapshot: IndexSnapshot) -> str | None:
    """Of the documents whose labels hold about as many of the phrase's words as the best one, the
    one holding most of its adjacent word pairs, if one holds more than the others: "báo cáo tổng kết
    dự án tháng 4/2023" is the closing workshop's report ("Hội thảo tổng kết Dự án …", April 2023),
    not the 2014–2023 case study, whose title and issuer hold "tổng", "kết" and "dự án" apart."""
    close = [d for share, d in scores if scores[0][0] - share < LABEL_LEAD]
    # The word for the kind of source decides first ("khung quốc tế về KCN sinh thái": the framework,
    # not the "Hội thảo chuyên gia quốc tế về KCN sinh thái", whose title holds the other words in a row).
    kinds = _words(" ".join(m.group(0) for m in _SOURCE_WORD.finditer(phrase)))
    close = [d for d in close if kinds <= _label(snapshot, d)] or close
    if len(close) == 1:
        return close[0]
    pairs = _pairs(phrase)
    held = sorted(((len(pairs & _label_pairs(snapshot, d)), d) for d in close), reverse=True)
    return held[0][1] if held[0][0] > held[1][0] else None


def _pairs(text: str) -> set[str]:
    words = _WORD.findall(fold_accents(text).lower())
    return {f"{a} {b}" for a, b in itertools.pairwise(words)}


# Kinds of source a title says ("Khung quốc tế …", "… (bản tóm tắt)"); not an event's report, often titled
# by its topic ("Cộng sinh công nghiệp trong KCN Hiệp Phước" is a workshop's).
_DOCUMENT_KIND = re.compile(r"\b(?:khung|framework|ban tom tat|tom tat|summary|ghi chu|note|fact ?sheet|case study)\b")


def _by_kind(phrase: str, scores: list[tuple[float, str]], snapshot: IndexSnapshot) -> str | None:
    """Of the documents whose labels hold about as many of the phrase's words as the best one, the only
    one whose label holds the kind of source the phrase opens with ("khung": the framework, not the
    international experts' workshop "về KCN sinh thái"), or None."""
    # The phrase must be the kind first ("bộ khung quốc tế …"): "hội thảo … giới thiệu khung pháp lý" names a workshop.
    kind = _DOCUMENT_KIND.match(re.sub(r"^(?:bo|ban|the|cuon)\s+", "", phrase.strip()))
    kinds = [_words(kind.group(0))] if kind else []
    close = [d for share, d in scores if scores[0][0] - share < LABEL_LEAD]
    holding = [d for d in close if any(kind and kind <= _label(snapshot, d) for kind in kinds)]
    return holding[0] if len(holding) == 1 else None


def _label_pairs(snapshot: IndexSnapshot, doc_id: str) -> set[str]:
    info = snapshot.documents[doc_id].info
    return snapshot.cache.get(
        f"source_label_pairs:{doc_id}", lambda: _pairs(f"{info.get('title', '')} {info.get('issuer', '')}")
    )


def named_source(question: str, snapshot: IndexSnapshot) -> str | None:
    """The id of the document the question names as its source, or None."""
    named = _named_source(question, snapshot)
    return named[0] if named else None


def _named_source(question: str, snapshot: IndexSnapshot) -> tuple[str, str] | None:
    """The document the question names as its source and the phrase naming it after "theo" /
    "according to" ("" when an event or a subject names it), or None."""
    folded = fold_accents(question).lower()
    if _OTHER_ASK.search(folded):
        return None
    best: tuple[float, str, str] | None = None
    phrases = [(m.group(1), m.group(0)) for m in _SOURCE_PHRASE.finditer(folded)]
    phrases += [(m.group(1) or m.group(2), "") for m in _EVENT_PHRASE.finditer(folded)]
    phrases += [(m.group(1), "") for m in _SUBJECT_SOURCE.finditer(folded)]
    for phrase, said in phrases:
        if not _SOURCE_WORD.search(phrase):
            continue
        words = _words(phrase)
        if len(words) < MIN_WORDS:
            continue
        scores = sorted(
            ((len(words & _label(snapshot, d)) / len(words), d) for d in snapshot.documents), reverse=True
        )
        if not scores:
            continue
        top, runner = scores[0][0], scores[1][0] if len(scores) > 1 else 0.0
        # A tie is broken only for a source named after "theo" / "according to" (an event or a subject
        # of the question may be none: "Khung quốc tế … chia các yêu cầu …").
        chosen = scores[0][1] if top - runner >= LABEL_LEAD else _by_pairs(phrase, scores, snapshot) if said else None
        chosen = chosen or _by_kind(phrase, scores, snapshot)
        if top >= LABEL_SHARE and chosen and (best is None or top > best[0]):
            best = (top, chosen, said)
    return (best[1], best[2]) if best else None


def named_source_candidates(
    question: str, snapshot: IndexSnapshot, candidates: list[SentenceCandidate]
) -> list[SentenceCandidate]:
    """The sentences of the document the question names as its source, when any was read; else all.
    A sentence that only repeats the source's name ("Ngày 12/4 … Hội thảo tổng kết Dự án …") ranks
    below one saying what is asked of it."""
    named = _named_source(question, snapshot) if NAMED_SOURCE else None
    if named is None:
        return candidates
    source, said = named
    kept = [c for c in candidates if str(c.document.meta.get("doc_id")) == source]
    if said and kept:
        _rank_by_the_ask(fold_accents(question).lower().replace(said, " "), kept)
    return kept or candidates


def _rank_by_the_ask(asked: str, candidates: list[SentenceCandidate]) -> None:
    """Scale each sentence's score by how many of the terms it covers the question asks outside the
    phrase naming the source (``asked``), relative to the sentence covering most of them."""

    def ask_terms(candidate: SentenceCandidate) -> int:
        terms = {fold_accents(t.replace("_", " ")).lower() for t in candidate.covered}
        return sum(1 for t in terms if re.search(rf"\b{re.escape(t)}\b", asked))

    counts = [ask_terms(c) for c in candidates]
    most = max(counts)
    if most == 0:
        return
    for candidate, count in zip(candidates, counts, strict=True):
        candidate.score *= ASK_FLOOR + (1 - ASK_FLOOR) * count / most
