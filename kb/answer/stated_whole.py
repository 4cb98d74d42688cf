"""A part asked of a whole the question states: "Trong 4,55 triệu USD viện trợ …, SECO đóng góp bao
nhiêu?", "Of the 217 solutions implemented, how many were at Amata?".

The part is smaller than the whole. A passage whose only figures of that kind (amounts of money, or
numbers of the thing counted) are the whole itself or larger ones ("tổng vốn ~53 triệu USD, trong đó
4,55 triệu USD viện trợ … từ GEF, SECO và UNIDO") gives no part of it: the documents do not break it
down. :func:`stated_whole_reason` returns the reason to refuse ("" when some figure may be the part).

>>> from kb.query.question_shape import question_shape
>>> question = "Trong 4,55 triệu USD viện trợ không hoàn lại, SECO đóng góp bao nhiêu?"
>>> stated_whole(question, question_shape(question))
4550000.0
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.answer_types import mentions_unit
from kb.query.question_shape import SPLIT_ASKED, QuestionShape
from kb.query.terms import vietnamese_equivalents
from kb.query.unit_counts import counted_numbers
from kb.text.normalize import fold_accents, normalize_query

NOT_BROKEN_DOWN = {
    "vi": "Các đoạn tìm được chỉ nêu tổng {whole} (hoặc con số lớn hơn), không nêu phần được hỏi.",
    "en": "The passages found give only the total of {whole} (or larger figures), not the part asked.",
}
_SCALE = {
    "nghin": 1e3, "ngan": 1e3, "thousand": 1e3, "trieu": 1e6, "million": 1e6, "ty": 1e9, "billion": 1e9,
}
_NUMBER = r"(\d[\d.,]*)\s*(nghin|ngan|thousand|trieu|million|ty|billion)?"
# "trong (tổng số | số) N …", "of the N …", "out of (the) N …": the whole the part is asked of.
_WHOLE = re.compile(
    r"\b(?:trong (?:tong so |tong |so )?|of the |out of (?:the )?)(?:(?:nearly|about|around|almost|some|over|gan|khoang|hon) )?"
    rf"(?:usd |\$|eur |€)?{_NUMBER}"
)
# A sum named by what it is ("trong khoản viện trợ không hoàn lại 4,55 triệu USD, GEF đóng góp bao nhiêu?"):
# words before the amount, read only when a currency follows.
_WHOLE_SUM = re.compile(rf"\btrong (?:[^\W\d_]+ ){{1,6}}?(?:usd |\$|eur |€)?{_NUMBER}")
_CURRENCY = r"\s*(?:dong|vnd|usd|eur|euro|\$|€|dollars?)\b"
_MONEY = re.compile(rf"(?:(?:usd|eur|\$|€)\s*{_NUMBER}|{_NUMBER}{_CURRENCY})")


def _value(digits: str, scale: str | None) -> float:
    """"4,55" -> 4.55 (a decimal comma), "1.700" and "3,500" -> 1700, 3500 (thousands)."""
    digits = digits.rstrip(".,")
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits):
        number = float(re.sub(r"\D", "", digits))
    else:
        number = float(digits.replace(",", ".")) if digits.count(",") + digits.count(".") <= 1 else 0.0
    return number * _SCALE.get(scale or "", 1.0)


def _folded(text: str) -> str:
    return fold_accents(normalize_query(text)).lower()


def _whole_match(question: str, shape: QuestionShape) -> re.Match[str] | None:
    """Where the question states the whole: a sum of money for an amount, a number of the thing
    counted for a count ("trong 217 giải pháp"; not "trong 3 năm", nor "trong 2022")."""
    folded = _folded(question)
    if shape.kind == "amount" and SPLIT_ASKED.search(folded):
        return _MONEY.search(folded)  # the sum asked to be broken down
    named_sums = list(_WHOLE_SUM.finditer(folded)) if shape.kind == "amount" else []
    for match in [*_WHOLE.finditer(folded), *named_sums]:
        after = folded[match.end() :]
        currency = re.search(r"(?:usd|eur|\$|€)\s*$", folded[: match.start(1)]) or re.match(_CURRENCY, after)
        if shape.kind == "amount" and currency:
            return match
        # "of the 23 Vietnamese eco-industrial park indicators": up to four words before the thing counted
        # in English, two in Vietnamese ("trong 217 giải pháp"; not "Trong 3 năm, có bao nhiêu doanh nghiệp").
        between = 4 if match.group(0).startswith(("of", "out")) else 2
        if shape.kind == "count" and any(
            re.match(rf"\s*(?:[^\s,;?]+\s+){{0,{between}}}?{re.escape(u)}\b", after) for u in shape.units
        ):
            return match
    return None


def stated_whole(question: str, shape: QuestionShape) -> float | None:
    """The whole a part is asked of, as a value (None when the question states none)."""
    match = _whole_match(question, shape)
    if match is None:
        return None
    if match.re is _MONEY:
        return _value(match.group(1) or match.group(3), match.group(2) or match.group(4))
    return _value(match.group(1), match.group(2))


def _currency(money: str) -> str:
    """The currency of a written amount (folded): "usd", "eur" or "vnd"."""
    if re.search(r"usd|\$|dollar", money):
        return "usd"
    return "eur" if re.search(r"eur|€", money) else "vnd"


def _figures(folded: str, shape: QuestionShape, currency: str = "") -> list[float]:
    """The amounts of money (an amount asked; in ``currency`` when given: "32,86 tỷ đồng (tương đương
    1.448.215 USD)" is one sum twice, not a part of it) or the numbers of the thing counted (a count)
    in a text."""
    if shape.kind == "amount":
        return [
            _value(m.group(1) or m.group(3), m.group(2) or m.group(4))
            for m in _MONEY.finditer(folded)
            if not currency or _currency(m.group(0)) == currency
        ]
    values = []
    for unit in shape.units:
        for form in _forms(unit):
            if mentions_unit(folded, form):
                values += [float(n) for n in counted_numbers(folded, form)]
                break
    return values


def _forms(unit: str) -> list[str]:
    """``unit`` and, for an English one, the glossary's Vietnamese ("indicators": "chi so"), folded: a
    Vietnamese report counts what an English question names."""
    english = [unit, unit[:-1]] if unit.endswith("s") else [unit]
    found = [fold_accents(v).lower() for word in english for group in vietnamese_equivalents(word) for v in group]
    return list(dict.fromkeys([unit, *found]))


def stated_whole_reason(
    question: str, language: str, shape: QuestionShape, relevant: list[SentenceCandidate]
) -> str:
    """Why the relevant sentences give no part of the whole the question states ("" when they may)."""
    if shape.kind not in ("count", "amount") or "%" in shape.units or (shape.kind == "count" and not shape.units):
        return ""
    whole = stated_whole(question, shape)
    if not whole:
        return ""
    written = _whole_match(question, shape)
    currency = _currency(written.group(0)) if written is not None and written.re is _MONEY else ""
    figures = [value for c in relevant for value in _figures(_folded(c.text), shape, currency)]
    if not figures or any(0 < value < whole for value in figures):
        return ""
    # The sum with its currency ("USD 4.55 million"), the number of a whole after "trong" / "of the".
    start = (written.start() if written.re is _MONEY else written.start(1)) if written else 0
    shown = normalize_query(question)[start : written.end()] if written else ""
    return text_for(NOT_BROKEN_DOWN, language).format(whole=shown.strip())
