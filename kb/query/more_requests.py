"""Whether a chat question asks for more of the previous answer ("còn gì nữa?", "anything else?").

Such a question names nothing of its own: what it wants is the rest of what the last answer
quoted from (the other items of a list, the sentences after the figure), not the same answer
again. Typed with or without diacritics; at most a few words, and no name or number (a question
that names a park or a year asks about that, not for more).

>>> asks_for_more("còn đối tác nào nữa không?"), asks_for_more("anything else?")
(True, True)
>>> asks_for_more("còn Amata thì sao?")
False
"""

from __future__ import annotations

import re

from kb.query.entities import markers, phrase_pattern, text_view
from kb.query.terms import generic_abbreviations
from kb.text.normalize import fold_accents, normalize_query

MAX_WORDS = 8

_NOUNS = r"(?:[a-z]+\s+){0,4}?"  # a short common noun phrase ("đối tác", "trao đổi", "kết quả")
_VI = re.compile(
    r"^(?:(?:the|vay|va)\s+)?(?:"
    # "còn gì nữa (không)?", "còn gì khác?", "gì nữa?"
    rf"(?:con\s+)?(?:gi|cai gi|nhung gi|dieu gi)\s+(?:khac|nua)(?:\s+nua)?(?:\s+khong)?"
    # "còn đối tác nào nữa không?", "con trao doi nao khac nua khong", "có giải pháp nào khác không?"
    rf"|(?:con|co)\s+{_NOUNS}(?:nao|gi)\s+(?:khac(?:\s+nua)?|nua)(?:\s+khong)?"
    # "kể thêm (kết quả khác)", "liệt kê tiếp", "còn nữa không?", "hết chưa?"
    rf"|(?:ke|noi|liet ke|neu|cho biet|cho toi biet)\s+(?:them|tiep)(?:\s+{_NOUNS}(?:khac|nua|khac nua))?"
    r"|con\s+nua(?:\s+khong)?|con\s+khong|het\s+chua|con\s+(?:gi|nhieu)\s+khong"
    # "rồi sao nữa?", "sau đó thì sao?", "tiếp theo là gì?": what the source says next
    r"|roi\s+sao(?:\s+nua)?|(?:sau do|tiep theo)(?:\s+thi)?\s+(?:sao|the nao|la gi)(?:\s+nua)?"
    r")$"
)
_EN = re.compile(
    r"^(?:and\s+|so\s+)?(?:"
    r"(?:anything|something|what|who|which|where)\s+else(?:\s+[a-z]+){0,3}"
    r"|(?:are|were|is|was)\s+there\s+(?:any\s+)?(?:others?|more)(?:\s+[a-z]+){0,3}"
    r"|(?:any|what|which)\s+(?:others?|more)(?:\s+[a-z]+){0,3}"
    r"|(?:more|others|the rest|the others)(?:\s+please)?"
    r"|(?:list|name|give|tell me)\s+(?:more|the (?:others|rest))(?:\s+[a-z]+){0,2}"
    r")$"
)


# Particles closing a request ("kể thêm đi", "nói thêm nhé", "more please"): they ask nothing (folded).
_PARTICLES = re.compile(r"(?:\s+(?:di|nhe|nha|voi|giup|giup toi|giup minh|duoc khong|please))+$")


def more_request_language(question: str) -> str:
    """ "en" for "anything else?" (too short for the language detector to tell), else "vi"."""
    words = re.findall(r"\w+", normalize_query(question))
    return "en" if _EN.match(" ".join(w.lower() for w in words)) else "vi"


def asks_for_more(question: str) -> bool:
    """Whether ``question`` asks for the rest of the previous answer and names nothing new."""
    text = normalize_query(question).strip()
    words = re.findall(r"\w+", text)
    if not words or len(words) > MAX_WORDS or any(ch.isdigit() for ch in text):
        return False
    if any(w[0].isupper() and w not in generic_abbreviations() for w in words[1:]):
        return False  # "còn KCN nào ở Hải Phòng nữa?": a name of its own ("KCN" alone is a common noun)
    plain = _PARTICLES.sub("", " ".join(fold_accents(w).lower() for w in words))
    if _VI.match(plain) or _EN.match(plain):
        return True
    # The "tell me more" phrases of the follow-up markers, with nothing after them.
    view, folded = text_view(text.rstrip(" ?.!"))
    pattern = phrase_pattern(markers().both("more"), folded, "^")
    match = pattern.match(view) if pattern else None
    return bool(match) and not _PARTICLES.sub("", " " + fold_accents(view[match.end() :]).lower().strip(" ,"))
