"""A summary's own note of what it does not hold: "NOT VERIFIED HERE (do not cite without the full
text): … numeric thresholds …".

Such a note shares the question's words (it names what is missing) but is never the answer: the
sentence ranking pushes it down like a heading (:mod:`kb.answer.sentence_candidates`), and when it is
the sentence that says most of what was asked, the question is refused with the note's reason: the
source itself says the answer is elsewhere.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kb.answer.citations import display_text, text_for
from kb.answer.evidence import english_stem
from kb.text.normalize import fold_accents

if TYPE_CHECKING:
    from kb.answer.sentence_candidates import SentenceCandidate

DISCLAIMER = re.compile(r"(?:NOT VERIFIED|NOT CONFIRMED|CHƯA KIỂM CHỨNG|CHƯA XÁC MINH)\b")
NEARLY = 0.9  # share of the best sentence's coverage a note needs to decide the refusal
ASKED_TERMS = 2  # … or how many of the question's terms it alone says
# What a note lists as missing, one thing at a time: "…: the exact list of …, numeric thresholds,
# and the changes between v1 (2017) and v2.0 (2021)."
_ITEM_SPLIT = re.compile(r"\s*(?:[,;]|\band\b|\bvà\b)\s*")
DISCLAIMED = {
    "vi": "Nguồn tóm tắt ghi rõ nội dung này chưa được kiểm chứng trong tài liệu (cần đối chiếu văn bản gốc): “{note}”",
    "en": "The summary notes that it does not hold this (not verified there: check the full original text): “{note}”",
}


def disclaims(text: str) -> bool:
    """Whether a sentence is a summary's note of what it does not hold."""
    return DISCLAIMER.match(text.lstrip("-–• ")) is not None


def disclaimed_reason(language: str, candidates: list[SentenceCandidate]) -> str:
    """The reason to refuse when the sentence covering most of the question is such a note."""
    if not candidates:
        return ""
    # Imported here: the sentence ranking imports this module (it pushes the notes down).
    from kb.answer.refusal_checks import relevant_sentences
    from kb.answer.sentence_candidates import ANSWER_TYPE_TERM

    best = max(c.coverage for c in candidates)
    notes = [c for c in candidates if disclaims(c.text)]
    if best <= 0 or not notes:
        return ""
    # What the sentences that may answer say of the question: often only its topic (the
    # framework's name), while the note names what is asked ("changes between v1 (2017) and
    # v2.0", "numeric thresholds").
    relevant = relevant_sentences(candidates)
    said = set().union(*(c.covered for c in relevant if not disclaims(c.text)))
    # The documents the answer would come from: a note of one of them that names the thing asked
    # speaks for it even when the topic's words make other sentences closer ("What changed between
    # the 2017 edition of the framework and version 2.0?": the framework's sentences say its name,
    # its note says "the changes between v1 (2017) and v2.0 (2021)" are not held).
    topic_docs = {_doc_id(c) for c in relevant if not disclaims(c.text)}
    for note in notes:
        # Nearly as close as the best sentence, or a relevant one that alone says what is asked.
        alone = note in relevant and len(note.covered - said - {ANSWER_TYPE_TERM}) >= ASKED_TERMS
        # A note less close than the relevant sentences must name two words of the thing asked that
        # they do not ("changed", "between"): one ("requirements" beside "performance categories")
        # is the note's own wording of what they answer.
        named = note in relevant and names_missing_item(note, said)
        named = named or (_doc_id(note) in topic_docs and names_missing_item(note, said, unsaid=ASKED_TERMS))
        if note.coverage >= NEARLY * best or alone or named:
            return text_for(DISCLAIMED, language).format(note=" ".join(note.text.split()))
    return ""


def _doc_id(candidate: SentenceCandidate) -> str:
    return str(candidate.document.meta.get("doc_id"))


def names_missing_item(note: SentenceCandidate, said: set[str], unsaid: int = 1) -> bool:
    """Whether the question asks for one thing the note lists as missing: two of its terms in that
    thing's words ("changes" and "2017" in "the changes between v1 (2017) and v2.0"), ``unsaid`` of
    them words no answering sentence says (a year alone is said by the sentence dating the edition)."""
    listed = note.text.split(":", 1)[-1]
    for item in _ITEM_SPLIT.split(listed):
        words = _stems(item)
        hits = {t for t in note.covered if not t.startswith("#") and _stems(t) and _stems(t) <= words}
        if len(hits) >= ASKED_TERMS and sum(not t.isdigit() and t not in said for t in hits) >= unsaid:
            return True
    return False


def _stems(text: str) -> set[str]:
    return {english_stem(w) for w in re.findall(r"\w+(?:\.\w+)*", fold_accents(text).lower())}


# A sentence's own hedge: what follows it is to be checked elsewhere ("— là khẳng định truyền thông,
# cần đối chiếu với danh sách KCN được cấp Giấy chứng nhận KCN sinh thái theo NĐ 35/2022").
HEDGE = re.compile(
    r"\b(?:cần|phải|nên) đối chiếu\b|\bchưa (?:được )?(?:xác minh|kiểm chứng)\b|\b(?:should|must|needs? to) be"
    r" (?:checked|verified)\b|\bto be (?:checked|verified)\b|\bcheck against\b",
    re.IGNORECASE,
)
_ASKS_CHECK = re.compile(r"\b(?:doi chieu|kiem chung|xac minh|check|verif)")
HEDGED = {
    "vi": "Nguồn chỉ ghi điều này cần được đối chiếu, không khẳng định: “{note}”",
    "en": "The source only says this is to be checked, without stating it: “{note}”",
}


def hedged_reason(question: str, language: str, candidates: list[SentenceCandidate]) -> str:
    """The reason to refuse when the best sentence meets the question only in what it says is to be
    checked: "Nam Cầu Kiền đã được cấp Giấy chứng nhận KCN sinh thái chưa?" against "… là khẳng định
    truyền thông, cần đối chiếu với danh sách KCN được cấp Giấy chứng nhận …". Not when the question
    asks what to check ("phải đối chiếu những điều nào?"): then the hedge is the answer."""
    from kb.answer.refusal_checks import relevant_sentences

    relevant = relevant_sentences(candidates)
    if not relevant or _ASKS_CHECK.search(fold_accents(question).lower()):
        return ""
    best = max(relevant, key=lambda c: c.score)
    hedge = HEDGE.search(best.text)
    if hedge is None:
        return ""
    before, after = _stems(best.text[: hedge.start()]), _stems(best.text[hedge.end() :])
    # The question's words the sentence says only after the hedge, not in what it states.
    hedged = [t for t in best.covered if not t.startswith("#") and _stems(t) and _stems(t) <= after - before]
    if sum(len(t.split()) for t in hedged) < 2:  # two words of the question ("giấy chứng nhận" is three)
        return ""
    return text_for(HEDGED, language).format(note=" ".join(display_text(best.text).split()))
