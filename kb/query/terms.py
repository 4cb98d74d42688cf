"""Other phrasings of a question's terms: abbreviations both ways (KCN <-> khu công nghiệp,
from ``kb/data/abbreviations.toml``) and the bilingual glossary read both ways
(``kb/data/glossary_en_vi.toml``: "company" <-> "doanh nghiệp", "công ty")."""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from kb.config import DATA_DIR
from kb.text.normalize import fold_accents, normalize_query

ABBREVIATIONS_FILE = DATA_DIR / "abbreviations.toml"
GLOSSARY_FILE = DATA_DIR / "glossary_en_vi.toml"
LEXICON_FILE = DATA_DIR / "lexicon_en_vi.toml"


@lru_cache(maxsize=1)
def abbreviation_table() -> dict[str, list[str]]:
    with ABBREVIATIONS_FILE.open("rb") as handle:
        raw = tomllib.load(handle)["expansions"]
    return {normalize_query(short): [normalize_query(f) for f in fulls] for short, fulls in raw.items()}


@lru_cache(maxsize=1)
def _short_forms_folded() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for short, fulls in abbreviation_table().items():
        for full in fulls:
            table.setdefault(fold_accents(full).lower(), []).append(fold_accents(short).lower())
    return {full: tuple(shorts) for full, shorts in table.items()}


def short_forms(folded_forms: list[str]) -> list[str]:
    """The abbreviations of folded long forms ("khu cong nghiep" -> "kcn"), folded."""
    table = _short_forms_folded()
    return [short for form in folded_forms for short in table.get(form, ())]


@lru_cache(maxsize=1)
def generic_abbreviations() -> frozenset[str]:
    """Abbreviations of common nouns ("KCN", "NĐ-CP"), as opposed to names ("DEEP C", "UNIDO")."""
    return frozenset(short for short, fulls in abbreviation_table().items() if fulls and fulls[0][:1].islower())


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


def long_forms(phrases: list[str]) -> dict[str, str]:
    """Those of ``phrases`` that are the long form of an abbreviation, with it ("Tổ chức Phát
    triển Công nghiệp Liên Hợp Quốc" -> "UNIDO")."""
    shorts = {full: short for short, fulls in abbreviation_table().items() for full in fulls}
    return {p: shorts[p] for p in phrases if p in shorts}


def with_short_forms(options: list[str]) -> list[str]:
    """``options`` and each one written with the abbreviations of common nouns a source uses
    ("khu công nghiệp sinh thái" -> "KCN sinh thái", "KCNST"), so a glossary term is found in
    "Dự án KCN sinh thái"."""
    out = list(options)
    table = abbreviation_table()
    for option in options:
        lowered = option.lower()
        for short in generic_abbreviations():
            full = table[short][0].lower()
            if full in lowered:
                shortened = lowered.replace(full, short.lower())
                if shortened not in out:
                    out.append(shortened)
    return out


def abbreviations_in_place(query: str) -> tuple[str, list[str]]:
    """``query`` with the abbreviations of common nouns written out where they stand ("KCN sinh
    thái" -> "khu công nghiệp sinh thái"), and the full forms written in. A term of the glossary can
    then be read whole: "KCN sinh thái" is an eco-industrial park, not "KCN" plus "sinh thái"."""
    query = normalize_query(query)
    table = abbreviation_table()
    written: list[str] = []
    for short in sorted(generic_abbreviations(), key=len, reverse=True):
        pattern = _short_form_pattern(short)
        if pattern.search(query):
            full = table[short][0]
            query = pattern.sub(full, query)
            written.append(full)
    return query, written


@lru_cache(maxsize=1)
def _glossary_terms() -> dict[str, list[str]]:
    """The bilingual glossary as written: English term -> Vietnamese equivalents."""
    with GLOSSARY_FILE.open("rb") as handle:
        return tomllib.load(handle)["terms"]


@lru_cache(maxsize=1)
def _lexicon_terms() -> dict[str, list[str]]:
    """The one-way lexicon: general English words of questions -> Vietnamese as the documents
    write them ("support" -> "hỗ trợ"). Read for English questions only: as a source of English
    equivalents for Vietnamese questions, such common words would pull in any English text."""
    with LEXICON_FILE.open("rb") as handle:
        return tomllib.load(handle)["terms"]


@lru_cache(maxsize=1)
def glossary() -> list[tuple[re.Pattern[str], list[str]]]:
    """English phrase patterns (longest first) and their Vietnamese equivalents: the glossary of
    domain terms, then the general lexicon."""
    terms = {**_lexicon_terms(), **_glossary_terms()}
    entries = sorted(terms.items(), key=lambda kv: -len(kv[0]))
    return [
        (
            re.compile(r"(?<![\w-])" + re.escape(term.lower()) + r"(?![\w-])"),
            [normalize_query(v) for v in values],
        )
        for term, values in entries
    ]


def vietnamese_equivalents(question: str, *, with_term: bool = False) -> list[list[str]]:
    """For each domain term of an English question, its Vietnamese equivalents
    ("company" -> ["doanh nghiệp", "công ty"]), longest match first; ``with_term``: the English
    term itself last ("company" is also how an English source writes it)."""
    # "SECO-funded", "UNIDO-supported": a name joined to the term by a hyphen (not "eco-industrial").
    text = re.sub(r"\b([A-Z][\w&]*)-(?=[a-z])", r"\1 ", normalize_query(question)).lower()
    found: list[list[str]] = []
    for pattern, values in glossary():
        match = pattern.search(text)
        if match:
            term = match.group(0)
            text = pattern.sub(" ", text)  # "industrial symbiosis" is not also "symbiosis"
            found.append([*values, term] if with_term else list(values))
    return found


def translate_terms(question: str) -> list[str]:
    """Vietnamese equivalents of the domain terms in an English question, as one list."""
    found: list[str] = []
    for values in vietnamese_equivalents(question):
        found.extend(v for v in values if v not in found)
    return found


@lru_cache(maxsize=1)
def reverse_glossary() -> list[tuple[re.Pattern[str], list[str]]]:
    """Vietnamese phrase patterns (folded, longest first) and their English equivalents."""
    english: dict[str, list[str]] = {}
    for term, values in _glossary_terms().items():
        for value in values:
            folded = fold_accents(normalize_query(value)).lower()
            if len(folded) > 3 and term not in english.setdefault(folded, []):
                english[folded].append(term)
    return [
        (re.compile(r"(?<![\w-])" + re.escape(folded) + r"(?![\w-])" + _PART_CONTEXT.get(folded, "")), terms)
        for folded, terms in sorted(english.items(), key=lambda kv: -len(kv[0]))
    ]


# "Điều" is an article and "khoản" a clause before their number or "nào / mấy" only: "điều gì khiến …"
# (what made …), "khoản vay" (a loan) are not.
_PART_CONTEXT = {part: r"(?=\s+(?:\d|so\b|nao\b|may\b))" for part in ("dieu", "khoan")}


@lru_cache(maxsize=1)
def _whole_terms() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The glossary and the lexicon as whole phrases both ways, folded: English term -> its
    Vietnamese equivalents, Vietnamese phrase -> its English terms."""
    to_vietnamese: dict[str, list[str]] = {}
    to_english: dict[str, list[str]] = {}
    for term, values in {**_lexicon_terms(), **_glossary_terms()}.items():
        to_vietnamese.setdefault(" ".join(fold_accents(term).lower().split()), []).extend(values)
        for value in values:
            folded = " ".join(fold_accents(normalize_query(value)).lower().split())
            if term not in to_english.setdefault(folded, []):
                to_english[folded].append(term)
    return to_vietnamese, to_english


def whole_term_translations(phrase: str) -> list[str]:
    """The glossary's equivalents of ``phrase`` as a whole, either way ("Hàn Quốc" -> ["Korea", …]):
    never those of a part of it ("Kalundborg Symbiosis" is not "cộng sinh")."""
    key = " ".join(fold_accents(normalize_query(phrase)).lower().split())
    to_vietnamese, to_english = _whole_terms()
    return list(dict.fromkeys([*to_vietnamese.get(key, []), *to_english.get(key, [])]))


def english_synonyms(word: str) -> list[str]:
    """English words of the glossary and lexicon that share a Vietnamese equivalent with the English
    ``word``, folded ("phases" -> "stage", "stages", …: both "giai đoạn"): a source counting "three
    stages" answers "how many phases"."""
    to_vietnamese, to_english = _whole_terms()
    key = " ".join(fold_accents(word).lower().split())
    if not key.isascii():
        return []
    found = [t for v in to_vietnamese.get(key, []) for t in to_english.get(" ".join(fold_accents(v).lower().split()), [])]
    return [t.lower() for t in dict.fromkeys(found) if t.lower() != key]


def unit_in_english(unit: str) -> list[str]:
    """English words a source may count ``unit`` in, folded: for a short Vietnamese unit of count
    ("nam" -> ["year"], "tan" -> ["tonnes"]: words of three letters or fewer, too common to search a
    question for, :func:`reverse_glossary` skips them, exact as a unit) its English words; for an
    English unit its :func:`english_synonyms`."""
    if len(unit) > 3 or " " in unit:
        return english_synonyms(unit)
    return list(dict.fromkeys([*_whole_terms()[1].get(unit, []), *english_synonyms(unit)]))


def english_equivalents(question: str) -> list[list[str]]:
    """For each domain term of a Vietnamese question (accented or not), its English
    equivalents ("nhà máy điện" -> ["power station", "power plant"]), longest match first."""
    text = fold_accents(normalize_query(question)).lower()
    found: list[list[str]] = []
    for pattern, values in reverse_glossary():
        if pattern.search(text):
            text = pattern.sub(" ", text)
            found.append(list(values))
    return found


def translate_terms_to_english(question: str) -> list[str]:
    """English equivalents of the domain terms in a Vietnamese question, as one list: the
    corpus has English sources (case studies, international frameworks) too."""
    found: list[str] = []
    for values in english_equivalents(question):
        found.extend(v for v in values if v not in found)
    return found


