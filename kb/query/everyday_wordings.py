"""A question in the documents' wording: everyday phrases replaced by the ones the sources use
("rộng bao nhiêu" -> "có diện tích bao nhiêu", "how big" -> "how large"; table in
``kb/data/everyday_wordings.toml``).

The embedding model and BM25 both miss a paraphrase that shares no word with the passage, and
the answer's coverage of the question's words then fails on the right sentence too ("rộng"
matches "nhân rộng", not "diện tích 263 ha"). Rewording before the search keeps one question
for retrieval, answer and checks alike.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from kb.config import DATA_DIR
from kb.text.normalize import fold_accents, has_diacritics, normalize_query

EVERYDAY_WORDINGS_FILE = DATA_DIR / "everyday_wordings.toml"


@lru_cache(maxsize=1)
def _table() -> dict[str, list[tuple[re.Pattern[str], str]]]:
    """Per language, (folded phrase pattern, replacement) pairs, longest phrase first."""
    with EVERYDAY_WORDINGS_FILE.open("rb") as handle:
        raw = tomllib.load(handle)
    table: dict[str, list[tuple[re.Pattern[str], str]]] = {}
    for language, entries in raw.items():
        pairs = sorted(entries.items(), key=lambda kv: -len(kv[0]))
        table[language] = [
            (re.compile(r"(?<!\w)" + re.escape(fold_accents(normalize_query(k)).lower()) + r"(?!\w)"), normalize_query(v))
            for k, v in pairs
        ]
    return table


# "What's holding firms in Hiệp Phước back from …", "what keeps companies from …": the difficulties
# they meet, as the sources say them ("khó khăn", "rào cản"; the glossary's "difficulties").
_HELD_BACK = re.compile(
    r"\b(?:what(?:'s| is| are)?|which things (?:are)?)\s*(?:holding|holds|held|keeping|keeps|kept|stopping|stops)"
    r"\s+(.+?)\s+(back\s+from|back|from)\b",
    re.IGNORECASE,
)


def _difficulties(match: re.Match[str]) -> str:
    asked = "What" if match.group(0)[0].isupper() else "what"
    return f"{asked} are the difficulties of {match.group(1)}" + ("" if match.group(2) == "back" else " in")


def in_documents_wording(question: str, language: str) -> str:
    """``question`` with its everyday phrases in the documents' wording (unchanged when it has none).

    >>> in_documents_wording("KCN Nam Cầu Kiền rộng bao nhiêu?", "vi")
    'KCN Nam Cầu Kiền có diện tích bao nhiêu?'
    >>> in_documents_wording("Nam Cau Kien rong bao nhieu?", "vi")
    'Nam Cau Kien co dien tich bao nhieu?'
    >>> in_documents_wording("What's holding firms in Amata back from symbiosis?", "en")
    'What are the difficulties of firms in Amata in symbiosis?'
    """
    if language == "en":
        question = _HELD_BACK.sub(_difficulties, question)
    entries = _table().get(language)
    if not entries:
        return question
    folded = fold_accents(question).lower()
    if len(folded) != len(question):  # a letter folded to two ("æ"): positions would not line up
        return question
    typed_without = language == "vi" and not has_diacritics(question)
    replacements: list[tuple[int, int, str]] = []
    for pattern, value in entries:
        for match in pattern.finditer(folded):
            if any(s < match.end() and match.start() < e for s, e, _ in replacements):
                continue
            written = fold_accents(value) if typed_without else value
            replacements.append((match.start(), match.end(), written))
    out = question
    for start, end, value in sorted(replacements, reverse=True):
        if question[start : start + 1].isupper():
            value = value[:1].upper() + value[1:]
        out = out[:start] + value + out[end:]
    return out


# What the asker will do with the answer ("… for a training slide", "cho slide tập huấn", "Cần trích
# dẫn cho công văn:"): no word of it is asked about, and "training" / "tập huấn" would pull in the
# sentences about a training session (folded, lower-cased).
_PURPOSE = re.compile(
    r"(?<!\w)(?:"
    # Not "in the presentation": what was said there may be asked.
    r"(?:for|into)\s+(?:a|an|the|my|our)\s+(?:(?:training|workshop|class|course|team)\s+)?"
    r"(?:slides?|deck|handouts?|presentations?|lectures?|training materials?)"
    r"|(?:can\s+)?(?:trich dan\s+)?(?:cho|de lam|de dua vao|dua vao|de)\s+(?:bai\s+)?"
    r"(?:slides?|bai trinh bay|bai giang|tai lieu tap huan|cong van|to trinh)(?:\s+tap huan)?"
    r")(?!\w)\s*:?"
)


def without_asker_purpose(question: str) -> str:
    """``question`` without what the asker will do with the answer (unchanged when it says nothing
    of it).

    >>> without_asker_purpose("What holds firms back? I need the main difficulties for a training slide.")
    'What holds firms back? I need the main difficulties.'
    >>> without_asker_purpose("Cần trích dẫn cho công văn: tiêu chí nằm ở điều mấy?")
    'tiêu chí nằm ở điều mấy?'
    """
    folded = fold_accents(question).lower()
    if len(folded) != len(question):
        return question
    out = question
    for match in reversed(list(_PURPOSE.finditer(folded))):
        start = match.start()
        while start and out[start - 1] == " ":
            start -= 1
        out = out[:start] + out[match.end() :]
    return out.strip() or question
