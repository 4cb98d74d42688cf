"""Lengths of time and periods: whether a question asks one, and whether a sentence states one.

A question may ask a length of time ("kéo dài bao lâu", "how long did … last") or a whole period,
its start and its end ("từ tháng nào đến tháng nào?", "bắt đầu … kết thúc khi nào?", "when did it
run from and to?"). A period is answered by a sentence that states both ends ("từ tháng 5/2020 đến
tháng 5/2023", "2014–2019", "December 2017 to January 2021") or its length ("3 năm"), not by one
that gives a single day ("Ngày 12/4, …") or a start with no end ("từ tháng 5/2020 đến nay").

All patterns match folded, lower-cased text (:func:`kb.text.normalize.fold_accents`).

Usage::

    asks_period("du an keo dai bao lau, tu thang nao den thang nao?")  # True
    states_period("thoi gian thuc hien du an la 3 nam (tu thang 5/2020 den thang 5/2023)")  # True
"""

from __future__ import annotations

import re

# A length of time asked, and how a sentence states one ("3 năm", "15-year", "18 months"; not the
# date "tháng 5/2020").
DURATION_ASKED = re.compile(r"\b(?:bao lau|how long|trong bao lau)\b")
# Not a day and month written out: "ngày 12 tháng 11 năm 2021" holds no "12 tháng" nor "11 năm".
DURATION = re.compile(r"(?<![\d/.,])(?<!ngay )\d+(?:[.,]\d+)?\s*-?\s*(?:nam|thang|tuan|years?|months?|weeks?)\b(?!\s*\d)")

_WHEN = r"(?:khi|thang|nam|ngay|bao gio|luc) nao"
# Both ends of a period asked: "từ khi nào đến khi nào", "bắt đầu … kết thúc", "from and to",
# "start and end dates", "over what period"; or its length with when it ran ("bao lâu, từ tháng nào").
_PERIOD_ASKED = re.compile(
    rf"\btu {_WHEN} (?:den|toi) {_WHEN}\b|\bbat dau\b.*\bket thuc\b|\bket thuc\b.*\bbat dau\b"
    r"|\btrong giai doan nao\b|\bfrom when\b|\bfrom and (?:to|until)\b"
    r"|\bstart(?:ed|s)?(?: date)? and (?:end|finish)(?:ed|s)?\b|\b(?:begin|began|begins)\b.*\bend(?:ed|s)?\b"
    r"|\b(?:over|during|in) (?:what|which) (?:period|years|time ?frame)\b|\bwhat (?:period|time ?frame)\b"
)
_WHEN_ASKED = re.compile(rf"\b(?:{_WHEN}|when|what year|which year)\b")
# Two ends of a period stated: a year (alone or after its day and month) to another one.
_RANGE = re.compile(
    r"(?:19|20)\d{2}\s*(?:[–-]|\b(?:den|toi|to|until|till|through)\b)\s*"
    r"(?:(?:thang|nam|ngay|[a-z]+)\s+)?(?:\d{1,2}\s*[/.]\s*){0,2}(?:19|20)\d{2}\b"
)


def asks_period(folded_question: str) -> bool:
    """Whether the question asks the start and end of a period, or its length with when it ran."""
    if _PERIOD_ASKED.search(folded_question):
        return True
    return bool(DURATION_ASKED.search(folded_question) and _WHEN_ASKED.search(folded_question))


def states_period(folded_text: str) -> bool:
    """Whether the text states a period's two ends or its length."""
    return bool(_RANGE.search(folded_text) or DURATION.search(folded_text))
