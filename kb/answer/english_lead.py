"""A one-line English lead for an English question answered from Vietnamese text.

No translation model ships here, so the lead is built from what carries over without one: the
numbers of the thing counted (its English name taken from the question: "The documents give 90
companies"), dates, and the names of people, parks and organisations as written. The Vietnamese
quote follows it, so nothing is paraphrased beyond what the lead states.
"""

from __future__ import annotations

import re

from kb.answer.asked_kind import CLOCK_SPAN, asks_clock_time
from kb.answer.place_asked import places_said
from kb.query.instruments import instrument_spans
from kb.query.question_shape import QuestionShape
from kb.query.terms import vietnamese_equivalents
from kb.text.normalize import fold_accents

MAX_VALUES = 4
# Matched on folded text: the scale words without accents. Not the digit of a unit ("m3 nước").
_NUMBER = r"(?<![^\W\d_])\d[\d.,]*(?:\s*(?:%|(?:trieu|nghin|ngan|ty|million|billion)\b))?"
# A day and month ("20 và 21/6/2018", "ngày 12/4"), a month and year, a year or a span of years; not
# an instrument's number ("82/2018", "35/2022/NĐ-CP"): the month is 1-12 and no digit follows it.
_DATE = re.compile(
    r"(?<![\d/])(?:ngày\s+)?(?:[0-2]?\d|3[01])(?:\s*(?:và|-|–)\s*\d{1,2})?\s*/\s*(?:0?[1-9]|1[0-2])(?![\d])"
    r"\s*(?:/\s*\d{4}|năm\s+\d{4})?"
    r"|(?<![\d/])\b(?:(?:[Nn]gày\s+\d{1,2}\s+)?tháng\s+\d{1,2}\s*(?:/|năm)\s*)?(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?(?![\d/])"
)
_TITLED = re.compile(
    r"\b(?:[ÔôBb]à|[Ôô]ng|[Aa]nh|[Cc]hị|TS\.?|ThS\.?|PGS\.?|GS\.?)\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s?){2,5})"
)
# A word that opens an office after a name ("TS Heinz Leuenberger Cố vấn trưởng kỹ thuật"): no part of it.
_OFFICE_START = re.compile(r"\s+(?:Cố|Giám|Trưởng|Phó|Chủ|Vụ|Chuyên|Tổng|Cục|Viện|Bộ)\b.*")
_MEASURES = frozenset({"ha", "m2", "m3", "km", "km2", "kg", "t", "mw", "kwh", "mwh", "gwh"})
# Short words between a number and the counted noun that end the number's phrase ("phiên 1 đến phiên 5").
_LINKS = frozenset({"den", "toi", "va", "la", "o", "tu", "cua", "voi", "hay", "cho", "tai", "and", "to", "or", "of", "in"})


def _unit_pattern(unit: str) -> str | None:
    """Vietnamese ways to write the English unit of the question ("companies" -> "doanh nghiệp|công ty")."""
    options = [o for group in vietnamese_equivalents(unit) for o in group]
    singular = unit[:-1] if unit.endswith("s") else unit
    options += [o for group in vietnamese_equivalents(singular) for o in group]
    options = sorted({fold_accents(o).lower() for o in options if o}, key=len, reverse=True)
    return "|".join(re.escape(o) for o in options) if options else None


def _counted(texts: list[str], unit: str) -> list[str]:
    pattern = _unit_pattern(unit)
    if not pattern:
        return []
    found = []
    for text in texts:
        folded = fold_accents(text).lower()
        for match in re.finditer(rf"({_NUMBER})\s+(?:([^\W\d_]{{1,3}}\d?)\s+)?(?:{pattern})\b", folded):
            if match.group(2) in _LINKS:
                continue  # "từ phiên 1 đến phiên 5" gives no 1 session
            number = text[match.start(1) : match.end(1)] if len(folded) == len(text) else match.group(1)
            # A measure written between keeps its unit: ">3.400 ha đất" is 3.400 ha of land, not 3.400 land.
            measure = f"{match.group(2)} of " if match.group(2) in _MEASURES else ""
            value = f"{number.strip()} {measure}{unit}"
            if value not in found:
                found.append(value)
    return found


def english_lead(question: str, shape: QuestionShape | None, texts: list[str]) -> str:
    """"The documents give 90 companies", "The documents give the date 20 và 21/6/2018", … or ""
    when the quote holds nothing that carries over for this kind of question."""
    if shape is None:
        return ""
    values: list[str] = []
    if shape.kind in ("count", "amount") and shape.units:
        values = _counted(texts, shape.units[0])
    elif shape.kind in ("date", "duration"):
        # Not the date of a decree the quote names ("Nghị định số 82/2018/NĐ-CP ngày 22/5/2018").
        values = [
            re.sub(r"^Ngày", "ngày", m.group(0).strip())  # a sentence's first word, inside the lead
            for text in texts
            for m in _DATE.finditer(text)
            if not any(start < m.end() and m.start() < end for start, end in instrument_spans(text))
        ]
    elif shape.kind == "who":
        values = [_OFFICE_START.sub("", m.group(1).strip()) for text in texts for m in _TITLED.finditer(text)]
    elif shape.kind == "where":
        # The places the quote names, not every capitalised run ("Nhóm Ngân" of "Nhóm Ngân hàng").
        values = [place for text in texts for place in places_said(text)]
    values = list(dict.fromkeys(v for v in values if v))
    # "2021" says nothing that "ngày 12 tháng 11 năm 2021" beside it does not.
    values = [v for v in values if not any(v != other and v in other for other in values)][:MAX_VALUES]
    if not values:
        return ""
    joined = ", ".join(values[:-1]) + (" and " if len(values) > 1 else "") + values[-1]
    if shape.kind in ("date", "duration"):
        dates = f"the date{'s' if len(values) > 1 else ''} {joined}"
        clocks = list(dict.fromkeys(m.group(0) for text in texts for m in CLOCK_SPAN.finditer(text)))
        if clocks and asks_clock_time(question):
            return f"The documents give the time {', '.join(clocks[:MAX_VALUES])} and {dates}"
        return f"The documents give {dates}"
    if shape.kind == "who":
        return f"The documents name {joined}"
    if shape.kind == "where":
        return f"The documents name {joined}"
    return f"The documents give {joined}"
