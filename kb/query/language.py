"""The language of a question: "vi" or "en", also for Vietnamese typed without diacritics."""

from __future__ import annotations

import re

from kb.text.normalize import fold_accents, has_diacritics, normalize_query

# Frequent function words; unaccented Vietnamese still uses these syllables.
_VI_WORDS = set(
    [
        "la",
        "gi",
        "cua",
        "cac",
        "nhung",
        "duoc",
        "khong",
        "co",
        "nao",
        "bao",
        "nhieu",
        "o",
        "dau",
        "sao",
        "the",
        "nao",
        "theo",
        "tai",
        "trong",
        "cho",
        "ve",
        "voi",
        "va",
        "hay",
        "khu",
        "cong",
        "nghiep",
        "sinh",
        "thai",
        "doanh",
        "nghiep",
        "dieu",
        "khoan",
        "diem",
        "nghi",
        "dinh",
        "thong",
        "tu",
        "luat",
        "quy",
        "dinh",
        "tieu",
        "chi",
        "nam",
        "ngay",
        "thang",
        "nguoi",
        "viec",
        "nhu",
        "lam",
        "mot",
        "hai",
        "ba",
        "bon",
        "nam",
        "muoi",
        "tu",
        "den",
        "ra",
        "vao",
        "dung",
    ]
)
_EN_WORDS = set(
    [
        "the",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "how",
        "why",
        "when",
        "where",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "does",
        "do",
        "did",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "with",
        "by",
        "and",
        "or",
        "an",
        "a",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "can",
        "could",
        "should",
        "would",
        "will",
        "about",
        "under",
        "article",
        "decree",
        "circular",
        "law",
        "park",
        "parks",
        "industrial",
        "eco",
        "criteria",
    ]
)


def detect_language(text: str) -> str:
    """'vi' or 'en' for a question (Vietnamese wins ties: the product speaks Vietnamese first).

    Diacritics say Vietnamese, except on capitalised words: an English question names Vietnamese
    parks and people as they are written ("According to companies in Hiệp Phước, …").
    """
    text = normalize_query(text)
    words = re.findall(r"[^\W\d_]+", text)
    lower = [w for w in words if not w[:1].isupper()]
    if any(has_diacritics(w) for w in lower):
        accented = sum(1 for w in lower if has_diacritics(w))
        english = sum(1 for w in lower if w.lower() in _EN_WORDS)
        return "en" if english > 2 * accented + 2 else "vi"
    if not lower and any(has_diacritics(w) for w in words):
        return "vi"  # only capitalised words, some accented: a Vietnamese heading or name
    folded = [fold_accents(w).lower() for w in words]
    # A capitalised word inside the question is a name ("Who developed Dinh Vu?"): its syllables
    # say nothing of the language the question is asked in.
    named = [i > 0 and w[:1].isupper() for i, w in enumerate(words)]
    vi = sum(1 for f, name in zip(folded, named, strict=True) if f in _VI_WORDS and not name)
    en = sum(1 for w in folded if w in _EN_WORDS)
    if en == vi:
        # No function word says it ("start date?", "total budget?"): words no Vietnamese syllable
        # could be, typed with or without diacritics ("start", "budget"), say English.
        # A capitalised word is most often a name ("Amata?"): only the others count.
        common = [f for f, w in zip(folded, words, strict=True) if not w[:1].isupper()]
        foreign = sum(1 for w in common if _VI_SYLLABLE.match(w) is None)
        return "en" if 2 * foreign > len(common) else "vi"
    return "en" if en > vi else "vi"


# A Vietnamese syllable, folded: an initial consonant, a vowel group, a final consonant.
_VI_SYLLABLE = re.compile(r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?$")
