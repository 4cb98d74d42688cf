"""What someone said: a question asking it gets the sentences that say it.

"Trưởng Ban Quản lý Khu Công nghệ cao TP.HCM đã nói gì khi dự lễ khởi động?" matches best the
sentence saying who came ("Tới dự buổi lễ … có Trưởng Ban Quản lý PGS.TS Lê Hoài Quốc"); what he
said is further on, where the report names him again ("Phát biểu tại lễ khởi động TS.Hoài Quốc cho
biết …"). When the best sentence names a person and says nothing of what was said, the first later
sentence of the same document that names that person with a verb of saying joins the answer, with
the sentences of its paragraph that go on with it.

Usage::

    said = speech_sentences(question, best, candidates)
"""

from __future__ import annotations

import re

from kb.answer.sentence_candidates import SentenceCandidate
from kb.text.normalize import fold_accents, normalize_query

# A question asking what was said, folded: "đã nói gì", "phát biểu những gì", "đề xuất điều gì",
# "hứa hỗ trợ … những gì"; "what did … say / propose / stress".
_ASKS_VI = re.compile(
    r"\b(?:noi|phat bieu|cho biet|nhan manh|de xuat|de nghi|chia se|khang dinh|kien nghi|hua|cam ket)\b"
    r"(?:\s+[a-z]+){0,3}?\s+(?:gi|nhung gi|dieu gi|ra sao|nhu the nao)\b"
)
_ASKS_EN = re.compile(
    r"\bwhat did\b.*\b(?:say|propose|stress|announce|promise|suggest|recommend|emphasi[sz]e|note|call for)\b"
)
# A sentence saying what was said (folded): a verb of saying with its content, or a quotation.
SAYS = re.compile(
    r"\b(?:cho biet|nhan manh|khang dinh|chia se|noi rang|de xuat|de nghi|kien nghi|cam ket|bay to|said|stated"
    r"|stressed|noted|emphasi[sz]ed|proposed|announced)\b|phat bieu\s*:|[“\"]"
)
# A person's name after a form of address or a degree ("PGS.TS Lê Hoài Quốc", "bà Lê Thanh Thảo").
_PERSON = re.compile(
    r"(?:\b(?:[Ôô]ng|[Bb]à|GS|PGS|TS|ThS|KS|Mr|Ms|Mrs|Dr)\.?(?:TS\.?)?\s*)((?:[A-ZĐ]\w+\s+){1,3}[A-ZĐ]\w+)"
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
    """The first later sentence of ``best``'s document naming the person ``best`` names and saying
    what was said, when the question asks it and ``best`` does not say it; [] otherwise."""
    if not asks_speech(question) or SAYS.search(fold_accents(best.text).lower()):
        return []
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
