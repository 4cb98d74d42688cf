"""Understanding a question before retrieval: language, abbreviations, named provisions.

- :func:`detect_language`: "vi" or "en", also for Vietnamese typed without diacritics.
- :func:`expand_abbreviations`: KCN <-> khu công nghiệp, NĐ-CP <-> nghị định, … both ways,
  from the one table in ``kb/data/abbreviations.toml``.
- :func:`parse_provision_reference`: "khoản 2 Điều 38 NĐ 35/2022/NĐ-CP",
  "Điều 51 Luật Bảo vệ môi trường", "dieu 9 nghi dinh 35/2022", "Article 37 of Decree 35/2022".
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ingest.legal_header import KIND_NAMES_VI
from ingest.normalize import fold_accents, has_diacritics, normalize_query

ABBREVIATIONS_FILE = Path(__file__).parent / "data" / "abbreviations.toml"
GLOSSARY_FILE = Path(__file__).parent / "data" / "glossary_en_vi.toml"

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
    """'vi' or 'en' for a question (Vietnamese wins ties: the product speaks Vietnamese first)."""
    text = normalize_query(text)
    if has_diacritics(text):
        return "vi"
    words = re.findall(r"[a-z]+", fold_accents(text).lower())
    vi = sum(1 for w in words if w in _VI_WORDS)
    en = sum(1 for w in words if w in _EN_WORDS)
    return "en" if en > vi else "vi"


@lru_cache(maxsize=1)
def abbreviation_table() -> dict[str, list[str]]:
    with ABBREVIATIONS_FILE.open("rb") as handle:
        raw = tomllib.load(handle)["expansions"]
    return {normalize_query(short): [normalize_query(f) for f in fulls] for short, fulls in raw.items()}


def _short_form_pattern(short: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w&.-])" + re.escape(short) + r"(?![\w&-]|\.\w)")


def expand_abbreviations(query: str) -> list[str]:
    """Extra phrases to search for: full forms of abbreviations in ``query`` and vice versa."""
    query = normalize_query(query)
    folded_query = fold_accents(query).lower()
    extra: list[str] = []
    for short, fulls in abbreviation_table().items():
        if _short_form_pattern(short).search(query):
            extra.extend(f for f in fulls if fold_accents(f).lower() not in folded_query)
        elif any(fold_accents(f).lower() in folded_query for f in fulls):
            extra.append(short)
    seen: set[str] = set()
    return [e for e in extra if not (e in seen or seen.add(e))]


@lru_cache(maxsize=1)
def glossary() -> list[tuple[re.Pattern[str], list[str]]]:
    """English phrase patterns (longest first) and their Vietnamese equivalents."""
    with GLOSSARY_FILE.open("rb") as handle:
        raw = tomllib.load(handle)["terms"]
    entries = sorted(raw.items(), key=lambda kv: -len(kv[0]))
    return [
        (
            re.compile(r"(?<![\w-])" + re.escape(term.lower()) + r"(?![\w-])"),
            [normalize_query(v) for v in values],
        )
        for term, values in entries
    ]


def translate_terms(question: str) -> list[str]:
    """Vietnamese equivalents of the domain terms in an English question (longest match first)."""
    text = normalize_query(question).lower()
    found: list[str] = []
    for pattern, values in glossary():
        if pattern.search(text):
            text = pattern.sub(" ", text)  # "industrial symbiosis" is not also "symbiosis"
            found.extend(v for v in values if v not in found)
    return found


# ----------------------------------------------------------------------------- provisions


@dataclass(frozen=True)
class ProvisionReference:
    """A provision named in a question; ``document`` is a legal number (maybe partial) or a name."""

    article: str
    clause: str | None = None
    point: str | None = None
    document: str | None = None  # "35/2022/NĐ-CP", "35/2022", "Luật Bảo vệ môi trường"
    kind: str | None = None  # decree | circular | law | …

    def describe(self) -> str:
        parts = []
        if self.point:
            parts.append(f"điểm {self.point}")
        if self.clause:
            parts.append(f"khoản {self.clause}")
        parts.append(f"Điều {self.article}")
        if self.document:
            label = KIND_NAMES_VI.get(self.kind or "", "") if "/" in self.document else ""
            parts.append(f"{label} {self.document}".strip())
        return " ".join(parts)


_NUM = r"(\d+[a-z]?)"
# Work on folded, lower-cased text so that "dieu 9", "Điều 9" and "ĐIỀU 9" all match.
_ARTICLE = re.compile(r"\b(?:dieu|article|art\.)\s*" + _NUM + r"\b")
_CLAUSE = re.compile(r"\b(?:khoan|clause|paragraph)\s*" + _NUM + r"\b")
_POINT = re.compile(r"\b(?:diem|point)\s*([a-z])\b")
_LEGAL_NUMBER = re.compile(r"\b(\d{1,4})\s*/\s*(\d{4})(?:\s*/\s*([a-z0-9\-&]+))?")
_KIND_WORDS = {
    "nghi dinh": "decree",
    "nd": "decree",
    "decree": "decree",
    "thong tu": "circular",
    "tt": "circular",
    "circular": "circular",
    "luat": "law",
    "law": "law",
    "bo luat": "law",
    "code": "law",
    "quyet dinh": "decision",
    "qd": "decision",
    "decision": "decision",
    "nghi quyet": "resolution",
    "nq": "resolution",
    "resolution": "resolution",
}
_LAW_NAME = re.compile(
    r"\b((?:bo )?luat [a-z ,]+?)(?=\s*(?:\bnam\b|\d|\?|\.|,|$|\bso\b|\bdieu\b|\bkhoan\b|\bdiem\b|\bthi\b|\bquy dinh\b))"
)


def parse_provision_reference(question: str) -> ProvisionReference | None:
    """The provision a question names, or None. Needs at least an article number."""
    original = normalize_query(question)
    text = fold_accents(original).lower()
    article = _ARTICLE.search(text)
    if not article:
        return None
    clause = _CLAUSE.search(text)
    point = _POINT.search(text)
    document: str | None = None
    kind: str | None = None
    number = _LEGAL_NUMBER.search(text)
    if number:
        document = f"{number.group(1)}/{number.group(2)}"
        if number.group(3):
            # Recover the accented suffix ("NĐ-CP") from the original text at the same offsets.
            suffix = (
                original[number.start(3) : number.end(3)] if len(original) == len(text) else number.group(3)
            )
            document += "/" + suffix.upper()
    for words, value in sorted(_KIND_WORDS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{re.escape(words)}\b", text):
            kind = value
            break
    if document is None:
        law = _LAW_NAME.search(text)
        if law:
            name = law.group(1).strip(" ,")
            if len(original) == len(text):
                name = original[law.start(1) : law.start(1) + len(name)]
            document = name
            kind = "law"
    return ProvisionReference(
        article=article.group(1),
        clause=clause.group(1) if clause else None,
        # Read the letter from the original: folding would turn "điểm đ" into "d".
        point=(original[point.start(1)] if len(original) == len(text) else point.group(1)).lower()
        if point
        else None,
        document=document,
        kind=kind,
    )
