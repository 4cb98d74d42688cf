"""Vietnamese and English function words (``kb/data/stopwords.txt``), ignored when measuring how
much of a question a sentence covers and when spotting a follow-up's content words."""

from __future__ import annotations

from functools import lru_cache

from kb.config import DATA_DIR
from kb.text.normalize import fold_accents

STOPWORDS_FILE = DATA_DIR / "stopwords.txt"


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def folded_stopwords() -> frozenset[str]:
    return frozenset(fold_accents(word) for word in stopwords())
