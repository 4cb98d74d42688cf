"""Whether a text gives a number of a unit ("72 doanh nghiệp", "635,000 t CO2", "25%", "32,86 tỷ
đồng"), and which numbers: how a count, a measure, a share or a sum asked is found in a sentence.

Usage::

    counts_unit("ket qua: 72 doanh nghiep o 4 kcn", "doanh nghiep")   # True
    counted_numbers("90 doanh nghiep tham gia", "doanh nghiep")        # {"90"}
"""

from __future__ import annotations

import re

from kb.query.measures import MEASURES

_NUMBER = r"\d[\d.,]*\s*(?:%|trieu|nghin|ngan|ty|million|thousand|billion)?\s*"
# A number of things counted: not a section's "3.1" (one digit after a dot), which "1.700" is not;
# nor a share ("tối thiểu 90% doanh nghiệp" counts no firms: "how many firms" is not answered by it).
_COUNT_NUMBER = r"\d[\d.,]*(?<!\.\d)(?<!\.\d\d)(?![\d.,]*\d)\s*(?:trieu|nghin|ngan|ty|million|thousand|billion)?\s*"
# English numbers in words ("three stages"); not Vietnamese ones, which fold onto other words ("ba",
# "nam", "sau").
_NUMBER_WORD = r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen)"
# A change its unit leads ("firms from 90 to 596", "doanh nghiệp tăng từ 52 lên 159"), both numbers captured.
_CHANGE = r"\s+(?:(?:rose|grew|increased|fell|went|tang|giam)\s+)?(?:from|tu)\s+~?(\d[\d.,]*)\s+(?:to|len|xuong|den)\s+~?(\d[\d.,]*)"
# Units that ask money: any currency answers them.
MONEY_WORDS = frozenset({"tien", "kinh phi", "von", "chi phi", "money", "funding"})
_CURRENCY = r"(?:dong|vnd|usd|eur|euro|\$|€|dollars?)\b"
# A share written in words or as a fraction, folded: "two-thirds", "half", "2/3", "một nửa".
_FRACTION = re.compile(
    r"\b(?:(?:one|two|three|four)[- ](?:halves|half|thirds?|quarters?|fifths?)|half|(?:mot|hai|ba) phan (?:hai|ba|tu|nam)"
    r"|mot nua)\b|(?<![\d/])[1-9]/(?:[2-9]|10)(?![\d/])"
)


def plural(word: str) -> bool:
    """An English plural ("developers"), not a word ending in s ("symbiosis", "process", "status")."""
    return word.endswith("s") and not word.endswith(("ss", "is", "us"))


def counts_unit(folded_text: str, unit: str) -> bool:
    """Whether folded, lower-cased text gives a number of ``unit`` ("72 doanh nghiep",
    "635,000 t co2" for "co2", "25%" for "%", "32,86 ty dong" for money)."""
    if unit == "%":
        return re.search(r"\d\s*%", folded_text) is not None or _FRACTION.search(folded_text) is not None
    if unit in MEASURES:
        return re.search(_NUMBER + MEASURES[unit][1], folded_text) is not None
    if unit in MONEY_WORDS:
        return (
            re.search(_NUMBER + _CURRENCY, folded_text) is not None
            or re.search(r"(?:\$|€|usd|eur)\s*\d", folded_text) is not None
        )
    words = unit.split()
    # An English unit of several words is its head noun, its last ("four performance categories"
    # counts no "performance requirements"); a Vietnamese one its first syllable ("doanh nghiệp").
    english_head = len(words) > 1 and plural(words[-1]) and unit.isascii() and plural(words[-1]) != plural(words[0])
    first = re.escape(" ".join(words) if english_head else words[0])
    # Two short words may stand between the number and the unit: "635,000 t CO2", "~30 hecta",
    # "150,000 t FGD gypsum"; or the unit leads a change of its number ("firms from 90 to 596",
    # "doanh nghiệp tăng từ 52 lên 159").
    # "15-year", "15 years": a hyphen before the unit, an English plural after it; "in three stages".
    # An English plural may follow one adjective of any length: "About 18 physical linkages".
    between = r"-?(?:[^\W_]{1,3}\s+){0,2}" if not plural(unit) else r"-?(?:(?:[^\W_]{1,3}\s+){0,2}|[a-z]{4,14}\s+)"
    # Not a section's number ("3.1 Environmental requirements"): a count is whole.
    return (
        re.search(rf"(?:(?<![\d.]){_COUNT_NUMBER}|\b{_NUMBER_WORD}\s+)" + between + first + r"s?\b", folded_text)
        is not None
        or re.search(r"\b" + re.escape(unit) + _CHANGE, folded_text) is not None
        # The people who came from them: "khoảng 40 đại biểu đến từ các doanh nghiệp" (how many came).
        or re.search(rf"(?<![\d.]){_COUNT_NUMBER}\s+(?:dai bieu|dai dien|nguoi) (?:den )?tu (?:cac )?{first}\b", folded_text)
        is not None
    )


def counted_numbers(folded_text: str, unit: str) -> set[str]:
    """The numbers (digits only) that ``folded_text`` gives of ``unit`` ("90 doanh nghiep" -> {"90"})."""
    if unit == "%":
        found = re.findall(r"(\d[\d.,]*)\s*%", folded_text)
    elif unit in MEASURES:
        found = re.findall(r"(\d[\d.,]*)\s*(?:trieu|nghin|ngan|million|thousand)?\s*" + MEASURES[unit][1], folded_text)
    elif unit in MONEY_WORDS:
        found = re.findall(r"(\d[\d.,]*)\s*(?:%|trieu|nghin|ngan|ty|million|thousand|billion)?\s*" + _CURRENCY, folded_text)
        found += re.findall(r"(?:\$|€|usd|eur)\s*(\d[\d.,]*)", folded_text)
    else:
        first = re.escape(unit.split()[0])
        found = re.findall(
            # Two short words may stand between, as in counts_unit ("150,000 t FGD gypsum").
            r"(\d[\d.,]*)\s*(?:%|trieu|nghin|ngan|ty|million|thousand|billion)?\s*(?:[^\W_]{1,3}\s+){0,2}" + first + r"\b",
            folded_text,
        )
        # … or both numbers of a change the unit leads ("participating firms from 90 to 596").
        found += [n for m in re.finditer(r"\b" + re.escape(unit) + _CHANGE, folded_text) for n in m.groups()]
    return {re.sub(r"\D", "", n) for n in found if re.sub(r"\D", "", n)}
