"""Vietnamese-aware tokens for BM25.

Haystack's default BM25 tokeniser (``(?u)\\b\\w\\w+\\b``) drops one-letter syllables
("ở", "ý") and splits compounds into unrelated syllables. Here a text becomes:

- word tokens from underthesea's word segmentation, lower-cased, compounds joined with
  ``_`` ("công_nghiệp", "ý_kiến"), tone placement and "i"/"y" made canonical ("hoà" = "hòa",
  "quản lí" = "quản lý");
- plus one accent-folded token per syllable, marked with ``~`` ("~cong", "~nghiep"), so
  a query typed without diacritics ("khu cong nghiep") still matches, and a compound
  segmented differently in the query and the document still shares its syllables.

The same function tokenises documents and queries, so both sides always agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kb.text.normalize import canonical_spelling, fold_accents, normalize_text
from kb.text.underthesea_parts import word_tokenize

FOLDED_PREFIX = "~"
# Bump when tokens change: an index built with another version is re-tokenised.
# 2: "luật", "hoặc" no longer mangled; 3: "æ" folds to "ae"; 4: "lí", "kĩ", "qui" written "lý", "kỹ", "quy".
ANALYZER_VERSION = "vi-words+folded-syllables/4"

_HAS_WORD_CHAR = re.compile(r"\w")
_ALPHA_SYLLABLE = re.compile(r"^[^\W\d_]+(?:[-'][^\W\d_]+)*$")
_EDGE_PUNCT = re.compile(r"^[^\w]+|[^\w]+$")


def _words(text: str) -> list[str]:
    return word_tokenize()(text)


def word_tokens(text: str) -> list[str]:
    """Segmented, lower-cased word tokens without punctuation ("Khu công nghiệp" -> ["khu", "công_nghiệp"])."""
    text = canonical_spelling(normalize_text(text))
    tokens: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        for word in _words(line):
            word = _EDGE_PUNCT.sub("", word.lower())
            if word and _HAS_WORD_CHAR.search(word):
                tokens.append(word.replace(" ", "_"))
    return tokens


def folded_syllables(words: Iterable[str]) -> list[str]:
    """``~``-marked accent-folded syllables of alphabetic words ("công_nghiệp" -> ["~cong", "~nghiep"])."""
    out: list[str] = []
    for word in words:
        for syllable in word.split("_"):
            if _ALPHA_SYLLABLE.match(syllable):
                out.append(FOLDED_PREFIX + fold_accents(syllable))
    return out


def bm25_tokens(text: str) -> list[str]:
    """All BM25 tokens of ``text``: word tokens followed by folded syllables."""
    words = word_tokens(text)
    return words + folded_syllables(words)
