"""A question typed as a bare noun phrase, asked in full: "Budget of phase 2?" -> "What is the budget of
phase 2?", "Number of firms in the Ulsan EIP?" -> "How many firms in the Ulsan EIP?", "Kalundborg water
savings in 2020?" -> "How much water was saved by Kalundborg in 2020?", "RECP meaning?" -> "What is
RECP?", "Kinh phí giai đoạn 2?" -> "Kinh phí giai đoạn 2 là bao nhiêu?".

Chat users type the thing they want and a question mark. Without a question word the question is
read as a "fact" and none of the checks of a value asked runs: "Budget of phase 2?" was answered with
phase 1's budget, which "What is the budget of phase 2?" is refused. Only a phrase headed by a noun
that says what is asked (an amount of money, a number, a measure, a date, a place, a meaning) is
rewritten; any other phrase stays as typed.

>>> as_question("Budget of phase 2 of the Vietnam EIP project?", "en")
'What is the budget of phase 2 of the Vietnam EIP project?'
>>> as_question("Kalundborg water savings in 2020?", "en")
'How much water was saved by Kalundborg in 2020?'
>>> as_question("Phase 2 EIP project (SECO, 2020–2023) — total budget?", "en")
'What is the total budget of Phase 2 EIP project (SECO, 2020–2023)?'
>>> as_question("cong suat nha may dien asnaes kalundborg", "vi")
'cong suat nha may dien asnaes kalundborg la bao nhieu?'
>>> as_question("What is the budget of phase 2?", "en")
'What is the budget of phase 2?'
"""

from __future__ import annotations

import re

from kb.text.normalize import fold_accents

# A question word or an auxiliary opening the question, an imperative ("list …"): a question already.
_ENGLISH_ASKED = re.compile(
    r"\b(?:what|which|who|whom|whose|when|where|why|how)\b|^(?:is|are|was|were|do|does|did|can|could|will|would"
    r"|should|has|have|had|tell|list|name|give|show|describe|explain|summari[sz]e|compare|please)\b",
    re.IGNORECASE,
)
# ("nha may" typed without diacritics is "nhà máy", a plant, not "mấy".)
_VIETNAMESE_ASKED = re.compile(
    r"\b(?:gi|nao|bao nhieu|bn|(?<!nha )may|ai|dau|sao|khong|chua|the nao|ra sao|bao lau|hay|liet ke|ke ten|cho biet|neu)\b"
)
_MAX_WORDS = 14
# The head noun of the phrase and the question it stands for ({rest}: the phrase from the noun on).
_ENGLISH_HEADS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:the\s+)?(?:total\s+|overall\s+)?(?:budget|cost|costs|funding|price|fee|grant|investment)\b", re.I), "What is the {rest}"),
    (re.compile(r"^(?:the\s+)?(?:total\s+)?number of\s+", re.I), "How many {after}"),
    (re.compile(r"^(?:the\s+)?(?:date|day) of\s+", re.I), "When was {after}"),
    (re.compile(r"^(?:the\s+)?(?:location|address) of\s+", re.I), "Where is {after}"),
    (re.compile(r"^(?:the\s+)?(?:meaning|definition) of\s+", re.I), "What is {after}"),
    (re.compile(r"^(?:the\s+)?(?:capacity|area|size|population) of\s+", re.I), "What is the {rest}"),
)
# "<subject> <what is measured> <measure> <rest>": "Kalundborg water savings in 2020".
_MEASURED = re.compile(
    r"^(?P<subject>.*?)\s*\b(?P<what>water|energy|electricity|co2|steam|heat|waste|fuel|groundwater|emissions?)\s+"
    r"(?P<measure>savings?|reductions?|cuts?|use|consumption|recovery|reuse)\b(?P<after>.*)$",
    re.I,
)
_DONE = {
    "saving": "saved", "savings": "saved", "reduction": "reduced", "reductions": "reduced", "cut": "cut",
    "cuts": "cut", "use": "used", "consumption": "used", "recovery": "recovered", "reuse": "reused",
}
# "<subject> capacity / area / meaning": the measure or the meaning of what comes before.
_TRAILING = re.compile(r"^(?P<subject>.+?)\s+(?P<what>capacity|area|size|population|meaning|definition|stands? for)$", re.I)
# Vietnamese: a sum of money, a number of things ("số doanh nghiệp …", "số lượng …").
_VIETNAMESE_MONEY = re.compile(r"^(?:tong\s+)?(?:kinh phi|ngan sach|von|tong von|chi phi|so tien)\b")
_VIETNAMESE_NUMBER = re.compile(r"^so(?: luong)?\s+(?!lieu\b|hieu\b)")
# … or a measure: "công suất nhà máy điện Asnæs", "cong suat nha may dien asnaes kalundborg".
_VIETNAMESE_MEASURE = re.compile(r"^(?:cong suat|dien tich|dan so|khoang cach|quy mo)\s+\S")
# "Phase 2 EIP project (SECO, 2020–2023) — total budget?": the subject, a dash, what is asked of it.
_DASHED = re.compile(r"^(?P<subject>.+?)\s+[—–-]\s+(?P<asked>[^—–]+)$")


def _phrase(question: str) -> str:
    return question.strip().rstrip("?").strip()


def as_question(question: str, language: str) -> str:
    """``question`` asked in full when it is a bare noun phrase headed by a noun saying what is asked
    (unchanged otherwise)."""
    phrase = _phrase(question)
    if not phrase or len(phrase.split()) > _MAX_WORDS or re.search(r"[?.!;:]", phrase):
        return question
    if language == "en":
        return _english(phrase) or question
    folded = fold_accents(phrase).lower()
    if _VIETNAMESE_ASKED.search(folded):
        return question
    if _VIETNAMESE_MONEY.match(folded) or _VIETNAMESE_MEASURE.match(folded):
        return f"{phrase} là bao nhiêu?" if phrase != folded else f"{phrase} la bao nhieu?"
    if len(folded) == len(phrase) and (match := _VIETNAMESE_NUMBER.match(folded)):
        counted = phrase[match.end() :]
        return f"Có bao nhiêu {counted}?" if phrase != folded else f"Co bao nhieu {counted}?"
    return question


def _english(phrase: str) -> str:
    """The full question of an English bare phrase, "" when it is none or not headed by a known noun."""
    if _ENGLISH_ASKED.search(phrase):
        return ""
    if (dashed := _DASHED.match(phrase)) and not _DASHED.match(dashed.group("asked")):
        # What is asked after the dash, of the subject before it.
        return _english(f"{dashed.group('asked').strip()} of {dashed.group('subject').strip()}")
    for pattern, form in _ENGLISH_HEADS:
        if match := pattern.match(phrase):
            rest = phrase[match.start() :].removeprefix("the ").removeprefix("The ")
            return form.format(rest=rest[:1].lower() + rest[1:], after=phrase[match.end() :]) + "?"
    if match := _MEASURED.match(phrase):
        subject = match.group("subject").strip()
        by = f" by {subject}" if subject else ""
        done = _DONE[match.group("measure").lower()]
        return f"How much {match.group('what')} was {done}{by}{match.group('after')}?"
    if match := _TRAILING.match(phrase):
        what = match.group("what").lower()
        if what in ("meaning", "definition") or what.startswith("stand"):
            return f"What is {match.group('subject')}?"
        return f"What is the {what} of {match.group('subject')}?"
    return ""
