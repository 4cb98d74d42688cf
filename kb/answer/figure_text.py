"""Whether a sentence holds a figure: a number other than a year, written in digits or in words.

Folded, Vietnamese words read as numbers ("Công ty" -> "ty", "Hải Phòng" -> "hai", "từ" -> "tu"), so a
text with its diacritics is read as written; a chemical formula ("CO2 hóa lỏng") holds no figure, nor a
source's own reference markers ("[K6]").

>>> holds_figure("Công ty CP Khí công nghiệp Ninh Bình sản xuất CO2 hóa lỏng", ())
False
>>> holds_figure("Có ba doanh nghiệp tham gia năm 2019.", ("2019",))
True
"""

from __future__ import annotations

import re

from kb.answer.citations import display_text
from kb.query.question_shape import years_in
from kb.text.normalize import fold_accents, has_diacritics

# Typed without diacritics (a folded text), the words as they fold.
_NUMBER_WORDS = re.compile(
    r"\b(mot|hai|ba|bon|tu|sau|bay|tam|chin|muoi|tram|nghin|ngan|trieu|ty|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|million|billion)\b"
)
_ENGLISH_NUMBER_WORDS = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|million|billion)\b")
# Read with its diacritics: folded, "Công ty", "Hải Phòng", "từ" would be numbers ("ty", "hai", "tu").
_VIETNAMESE_NUMBER_WORDS = re.compile(r"(?<!\w)(?:một|hai|ba|bốn|tư|sáu|bảy|tám|chín|mười|mươi|trăm|nghìn|ngàn|triệu|tỷ|tỉ)(?!\w)")
_FORMULA = re.compile(r"\b(?:CO2|SO2|NO2|N2O|H2O|H2S|CH4|NH3|PM2[.,]5|PM10)\b", re.IGNORECASE)


def holds_figure(text: str, years: tuple[str, ...]) -> bool:
    """A number in ``text`` other than a year (a figure, an amount, a date's day; "ba năm"), not in
    a source's own reference markers ("[K6]")."""
    rest = _FORMULA.sub(" ", display_text(text))  # "CO2 hóa lỏng" gives no figure
    for year in {*years, *years_in(text)}:
        rest = rest.replace(year, " ")
    if re.search(r"\d", rest):
        return True
    if has_diacritics(rest):
        return _VIETNAMESE_NUMBER_WORDS.search(rest.lower()) is not None or _ENGLISH_NUMBER_WORDS.search(rest.lower()) is not None
    return _NUMBER_WORDS.search(fold_accents(rest).lower()) is not None
