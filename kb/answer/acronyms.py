"""What an abbreviation stands for: "HEPZA là viết tắt của cơ quan nào?", "What does NREC stand for?".

The answer is the sentence that writes the long form next to the abbreviation ("Ban Quản lý các khu
chế xuất và công nghiệp TP. Hồ Chí Minh (HEPZA)"), whatever else the question's words match: such a
question shares few words with that sentence ("viết tắt", "stand for" are in no source), so the
sentence is raised above the others, and its passage answers even when it covers little of the
question. When the passages name the abbreviation but none writes its long form (the case study's
"VNCPC, NREC thực hiện"), the question is refused, saying so.

Usage::

    acronym = asked_acronym(question)                # "HEPZA"; "" when no long form is asked
    reason = acronym_reason(question, language, candidates, snapshot)  # "" when one writes it
    prefer_expansion(question, candidates)           # that sentence first
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.sentence_candidates import SentenceCandidate
from kb.index.snapshot import IndexSnapshot
from kb.text.normalize import fold_accents

NOT_EXPANDED = {
    "vi": "Các đoạn tìm được có nhắc đến {acronym} nhưng không nêu tên đầy đủ.",
    "en": "The passages found mention {acronym} but do not give its full name.",
}
# The sentence writing the long form outranks every other (scores are below 2).
EXPANSION_BONUS = 1.0
# A question asking a long form, folded: "viết tắt (của)", "tên (gọi) tắt", "dùng để chỉ",
# "stand for", "acronym", "abbreviation", "short for"; or "<ABBR> là cơ quan / tổ chức / dự án nào".
_ASKS = re.compile(
    r"\b(?:viet tat|ten (?:goi )?tat|goi tat|dung de chi|stands? for|acronym|abbreviation|short for)\b"
)
_IS_WHICH = re.compile(
    r"^\s*(?P<abbr>[A-Z][A-Z0-9&]+(?:-[A-Z0-9&]+)*)\s+(?:la|la ten cua)\s+(?:co quan|to chuc|du an|chuong trinh|don vi|quy)\s+"
    r"(?:nao|gi)\b"
)
# An abbreviation: capitals or digits starting with a capital, parts joined by hyphens ("HEPZA", "RE-CP").
_ABBREVIATION = re.compile(r"\b[A-ZĐ][A-ZĐ0-9&]*(?:-[A-ZĐ0-9&]+)*\b")


def asked_acronym(question: str) -> str:
    """The abbreviation whose long form the question asks ("" when it asks none)."""
    folded = fold_accents(question)
    which = _IS_WHICH.search(folded.replace("?", " "))
    if which is not None:
        return which.group("abbr")
    cue = _ASKS.search(folded.lower())
    if cue is None:
        return ""
    found = [
        m for m in _ABBREVIATION.finditer(question) if sum(ch.isalpha() for ch in m.group()) >= 2 and len(m.group()) <= 12
    ]
    # The one the cue points at: "cụm viết tắt RE-CP" (right after it), else "HEPZA là viết tắt của …",
    # "What does NREC stand for – … VNCPC?" (the last before it), else the first after it.
    right_after = [m.group() for m in found if 0 <= m.start() - cue.end() <= 1]
    before = [m.group() for m in found if m.start() < cue.start()]
    after = [m.group() for m in found if m.start() >= cue.end()]
    return (right_after or before[-1:] or after[:1] or [""])[0]


def expands(acronym: str, text: str) -> bool:
    """Whether ``text`` writes the long form of ``acronym``: "… (HEPZA)", "HEPZA (Ho Chi Minh City …)",
    "HEPZA – Ban Quản lý …", "HEPZA stands for …"."""
    name = re.escape(acronym)
    return bool(
        re.search(rf"\w[^()]*\(\s*{name}\s*[,;)]", text)
        or re.search(rf"\b{name}\s*\(\s*[A-ZĐ][^)]*[a-zà-ỹ]", text)
        or re.search(rf"\b{name}\s*(?:[–=:]|-\s)\s*[A-ZĐ]\w*\s+[A-ZĐa-zà-ỹ]", text)
        or re.search(rf"[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*)+\s*[–—]\s*{name}\s*[,;)]", text)  # "… Corporation – KICOX)"
        or re.search(rf"\b{name}\b,?\s+(?:stands for|is short for|viết tắt của|là viết tắt)", text)
    )


def acronym_expanded(question: str, candidates: list[SentenceCandidate]) -> bool:
    """Whether the question asks a long form and one of ``candidates`` writes it."""
    acronym = asked_acronym(question)
    return bool(acronym) and any(expands(acronym, c.text) for c in candidates)


def prefer_expansion(question: str, candidates: list[SentenceCandidate]) -> None:
    """The sentences writing the long form the question asks, raised above the others."""
    acronym = asked_acronym(question)
    if not acronym:
        return
    for candidate in candidates:
        if expands(acronym, candidate.text):
            candidate.score += EXPANSION_BONUS


def acronym_reason(
    question: str, language: str, candidates: list[SentenceCandidate], snapshot: IndexSnapshot
) -> str:
    """The reason to refuse when the question asks a long form and the passages name the abbreviation
    but no passage of the knowledge base writes its long form ("" otherwise: "KCN" is written out in
    passages a question naming it among hundreds does not reach)."""
    acronym = asked_acronym(question)
    if not acronym or any(expands(acronym, c.text) for c in candidates):
        return ""
    if not any(re.search(rf"\b{re.escape(acronym)}\b", c.text) for c in candidates):
        return ""
    if any(acronym in chunk.text and expands(acronym, chunk.text) for chunk in snapshot.chunks):
        return ""
    return text_for(NOT_EXPANDED, language).format(acronym=acronym)
