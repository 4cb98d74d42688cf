"""What someone said: a question asking it gets the sentences that say it.

"Trưởng Ban Quản lý Khu Công nghệ cao TP.HCM đã nói gì khi dự lễ khởi động?" matches best the
sentence saying who came ("Tới dự buổi lễ … có Trưởng Ban Quản lý PGS.TS Lê Hoài Quốc"); what he
said is further on, where the report names him again ("Phát biểu tại lễ khởi động TS.Hoài Quốc cho
biết …"). When the best sentence names a person and says nothing of what was said, the first later
sentence of the same document that names that person with a verb of saying joins the answer, with
the sentences of its paragraph that go on with it.

A question asking what a person named in it said, when the passages name that person but no
sentence says what he or she said ("Ông Lê Xuân Thịnh phát biểu tại hội thảo", a photo caption), is
refused saying so.

Usage::

    said = speech_sentences(question, best, candidates)
    reason = unsaid_reason(question, language, candidates)
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.answer_entity import looks_like_person
from kb.query.names import question_names
from kb.text.normalize import fold_accents, normalize_query

NOT_SAID = {
    "vi": "Các đoạn tìm được có nhắc đến {name} nhưng không nêu nội dung phát biểu.",
    "en": "The passages found mention {name} but do not say what was said.",
}
# A question asking what was said, folded: "đã nói gì", "phát biểu những gì", "đề xuất điều gì",
# "đề xuất cách nào", "khuyến nghị gì", "hứa hỗ trợ … những gì"; "what did … say / propose / stress".
# Without a person named ("Dự án đề xuất những giải pháp nào?") it only joins the sentences after a
# saying sentence, as for a why-question; the refusal needs a person.
_ASKS_VI = re.compile(
    r"\b(?:noi|phat bieu|cho biet|nhan manh|de xuat|de nghi|chia se|khang dinh|kien nghi|khuyen nghi|goi y|keu goi"
    r"|hua|cam ket|trinh bay)\b"
    r"(?:\s+[a-z]+){0,4}?\s+(?:gi|nhung gi|dieu gi|ra sao|nhu the nao"
    r"|(?:cach|giai phap|bien phap|dieu|van de|noi dung|y kien|huong)\s+nao)\b"
)
_ASKS_EN = re.compile(
    r"\bwhat did\b.*\b(?:say|propose|stress|announce|promise|suggest|recommend|emphasi[sz]e|note|call for|present)\b"
)
# A sentence saying what was said (folded): a verb of saying, or a quotation after a colon (quotation
# marks alone often enclose a title).
SAYS = re.compile(
    r"\b(?:cho biet|nhan manh|khang dinh|chia se|noi rang|de xuat|de nghi|kien nghi|khuyen nghi|goi y|cam ket|bay to"
    r"|trinh bay|said|stated"
    r"|stressed|noted|emphasi[sz]ed|proposed|announced)\b|phat bieu\s*:|:\s*[“\"]"
)
# Forms of address and degrees before a person's name ("PGS.TS Lê Hoài Quốc", "bà Lê Thanh Thảo").
_TITLES = ("Ông", "ông", "Bà", "bà", "GS", "PGS", "TS", "ThS", "KS", "Mr", "Ms", "Mrs", "Dr")
_PERSON = re.compile(
    r"(?:\b(?:" + "|".join(_TITLES) + r")\.?(?:TS\.?)?\s*)((?:[A-ZĐ]\w+\s+){1,3}[A-ZĐ]\w+)"
)


def asks_speech(question: str) -> bool:
    """Whether the question asks what someone said, proposed or promised."""
    folded = " ".join(fold_accents(normalize_query(question)).lower().split())
    return bool(_ASKS_VI.search(folded) or _ASKS_EN.search(folded))


def _name_pairs(text: str) -> set[str]:
    """The last two words of each person's name, folded: how a report names him again ("hoai quoc")."""
    return {fold_accents(" ".join(name.split()[-2:])).lower() for name in _PERSON.findall(text)}


def speech_sentences(
    question: str, best: SentenceCandidate, candidates: list[SentenceCandidate]
) -> list[SentenceCandidate]:
    """The sentence saying what was said, when the question asks it: ``best`` when it says it, else the
    first later sentence of its document naming the person ``best`` names and saying it; [] otherwise."""
    if not asks_speech(question):
        return []
    if SAYS.search(fold_accents(best.text).lower()):
        return [best]  # it says it: with what follows it in its paragraph
    names = _name_pairs(best.text)
    if not names:
        return []
    doc_id = best.document.meta.get("doc_id")
    later = sorted(
        (
            c
            for c in candidates
            if c.document.meta.get("doc_id") == doc_id
            and (int(c.document.meta.get("row", 0)), c.index) > (int(best.document.meta.get("row", 0)), best.index)
        ),
        key=lambda c: (int(c.document.meta.get("row", 0)), c.index),
    )
    for candidate in later:
        folded = fold_accents(candidate.text).lower()
        if SAYS.search(folded) and any(name in folded for name in names):
            return [candidate]
    return []


def _persons(question: str) -> list[str]:
    """The persons a question names: two to five capitalised words, none an acronym ("Le Xuan Thinh")."""
    titles = {*_TITLES, "PGS.TS"}
    names = [" ".join(w for w in name.split() if w.strip(".") not in titles) for name in question_names(question)]
    return [name for name in names if looks_like_person(name) and all(w.isalpha() for w in name.split())]


def unsaid_reason(question: str, language: str, candidates: list[SentenceCandidate]) -> str:
    """The reason to refuse "what did <person> say?" when the sentences naming the person say
    nothing of what was said, nor does the sentence after one of them or a later one naming him."""
    if not asks_speech(question) or not candidates:
        return ""
    by_place = {(c.document.id, c.index): c for c in candidates}
    for name in _persons(question):
        folded = fold_accents(name).lower()
        mentions = [c for c in candidates if folded in fold_accents(c.text).lower()]
        if not mentions:
            continue
        for mention in mentions:
            following = by_place.get((mention.document.id, mention.index + 1))
            said = [mention, *([following] if following else []), *speech_sentences(question, mention, candidates)]
            if any(SAYS.search(fold_accents(c.text).lower()) for c in said):
                return ""
        return text_for(NOT_SAID, language).format(name=name)
    return ""
