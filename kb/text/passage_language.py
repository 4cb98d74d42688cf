"""The language of a passage, by the share of its words written with Vietnamese diacritics.

Computed once per chunk: by the query side over a loaded generation (language calibration of
dense scores, the English lead of answers) and by the PostgreSQL store at commit time, which keeps
it as a column so that a reader of a million chunks does not read every text to know it.

Usage::

    passage_language("Khu công nghiệp sinh thái Hiệp Phước") == VIETNAMESE
"""

from __future__ import annotations

import re

from kb.text.normalize import has_diacritics

VIETNAMESE, OTHER = 0, 1
_WORD = re.compile(r"[^\W\d_]+")
# Share of a passage's words written with Vietnamese diacritics above which it is Vietnamese
# (English passages quoting a Vietnamese name stay well below).
VIETNAMESE_WORD_SHARE = 0.15


def passage_language(text: str) -> int:
    """``VIETNAMESE`` or ``OTHER`` (a passage without words counts as Vietnamese)."""
    words = _WORD.findall(text)
    if not words:
        return VIETNAMESE
    accented = sum(1 for word in words if has_diacritics(word) or "đ" in word.lower())
    return VIETNAMESE if accented / len(words) >= VIETNAMESE_WORD_SHARE else OTHER
