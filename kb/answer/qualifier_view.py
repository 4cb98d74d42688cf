"""The folded text that qualifier checks read: names and words that only look like a qualifier removed.

"Bộ Kế hoạch và Đầu tư" (the ministry) names no plan, and "chia sẻ" (to share) is no "sẽ" (will), yet
folded both hold the words a plan is told by ("ke hoach", "se"): a question about a date the ministry
gave was refused because "the passages speak of a plan".

>>> qualifier_view("Bộ Kế hoạch và Đầu tư cho biết dự án chia sẻ kinh nghiệm")
'bo_khdt cho biet du an chia_se kinh nghiem'
"""

from __future__ import annotations

import re

from kb.text.normalize import fold_accents

# The ministry and its provincial departments ("Bộ/Sở Kế hoạch và Đầu tư", "Bộ KH&ĐT"), folded.
_PLANNING_OFFICE = re.compile(r"\b(?:bo|so)\s+(?:ke\s+hoach(?:\s+(?:va|&)\s+dau\s+tu)?|kh\s*&\s*dt)\b")
# "chia sẻ", "san sẻ" (share), folded: not the "sẽ" of a plan.
_SHARE = re.compile(r"\b(chia|san)\s+se\b")


def qualifier_view(text: str) -> str:
    """``text`` folded and lower-cased, with the planning office's name and "chia sẻ" joined into
    single words (by "_", a word character) that no qualifier matches."""
    folded = fold_accents(text).lower()
    folded = _PLANNING_OFFICE.sub(lambda m: m.group(0).split()[0] + "_khdt", folded)
    return _SHARE.sub(r"\1_se", folded)
