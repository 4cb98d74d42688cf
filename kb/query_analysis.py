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
def _glossary_terms() -> dict[str, list[str]]:
    """The bilingual glossary as written: English term -> Vietnamese equivalents."""
    with GLOSSARY_FILE.open("rb") as handle:
        return tomllib.load(handle)["terms"]


@lru_cache(maxsize=1)
def glossary() -> list[tuple[re.Pattern[str], list[str]]]:
    """English phrase patterns (longest first) and their Vietnamese equivalents."""
    entries = sorted(_glossary_terms().items(), key=lambda kv: -len(kv[0]))
    return [
        (
            re.compile(r"(?<![\w-])" + re.escape(term.lower()) + r"(?![\w-])"),
            [normalize_query(v) for v in values],
        )
        for term, values in entries
    ]


def vietnamese_equivalents(question: str) -> list[list[str]]:
    """For each domain term of an English question, its Vietnamese equivalents
    ("company" -> ["doanh nghiệp", "công ty"]), longest match first."""
    text = normalize_query(question).lower()
    found: list[list[str]] = []
    for pattern, values in glossary():
        if pattern.search(text):
            text = pattern.sub(" ", text)  # "industrial symbiosis" is not also "symbiosis"
            found.append(list(values))
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
        (re.compile(r"(?<![\w-])" + re.escape(folded) + r"(?![\w-])"), terms)
        for folded, terms in sorted(english.items(), key=lambda kv: -len(kv[0]))
    ]


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


def named_kind(folded: str) -> str | None:
    """The kind of legal instrument a folded, lower-cased question names ("nghi dinh", "TT", "law")."""
    for words, value in sorted(_KIND_WORDS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{re.escape(words)}\b", folded):
            return value
    return None


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
    kind = named_kind(text)
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


# A numbered instrument in folded, lower-cased text: "35/2022", "05/2025/tt-bkhdt". Not the end
# of a date: "15/7/2022" holds "7/2022".
INSTRUMENT_NUMBER = re.compile(
    r"(?<![/\d])\b(\d{1,4})\s*/\s*((?:19|20)\d{2})(?:\s*/\s*([a-z0-9][a-z0-9\-&]*))?"
)


_MONTH_BEFORE = re.compile(r"\b(?:thang|month|ngay|date|in)\s*$")


@dataclass(frozen=True)
class NamedInstrument:
    """A legal instrument a question names by number."""

    key: str  # folded, zero-padded: "82/2018", "82/2018/nd-cp"
    text: str  # as the question wrote it: "82/2018/NĐ-CP"
    kind: str | None  # decree | circular | … when the question says so

    @property
    def certain(self) -> bool:
        """Named with its kind or its full number ("NĐ 35/2022", "35/2022/NĐ-CP"), not a bare "35/2022"."""
        return self.kind is not None or self.key.count("/") >= 2


def named_instruments(question: str) -> list[NamedInstrument]:
    """The numbered instruments a question names ("Nghị định 35/2022", "TT 05/2025/TT-BKHĐT")."""
    original = normalize_query(question)
    text = fold_accents(original).lower()
    kind = named_kind(text)
    found: dict[str, NamedInstrument] = {}
    for match in INSTRUMENT_NUMBER.finditer(text):
        if _MONTH_BEFORE.search(text[: match.start()]):
            continue  # "tháng 11/2018" is a month
        key = f"{int(match.group(1)):02d}/{match.group(2)}"
        if match.group(3):
            key += f"/{match.group(3)}"
        written = original[match.start() : match.end()] if len(original) == len(text) else match.group(0)
        found.setdefault(key, NamedInstrument(key, written, kind))
    return list(found.values())


def mentions_instrument(text: str, key: str) -> bool:
    """Whether ``text`` names the instrument ``key`` ("82/2018" in "Nghị định số 82/2018/NĐ-CP")."""
    number, year = key.split("/")[:2]
    pattern = rf"(?<![/\d])0*{int(number)}\s*/\s*{year}\b"
    return re.search(pattern, fold_accents(text).lower()) is not None


# ----------------------------------------------------------------------------- answer types

# What kind of fact a question asks for, from its question words (matched on folded,
# lower-cased text, so unaccented questions work too). Order matters: "bao lâu" is a
# quantity, "năm nào" a date.
_ANSWER_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "date",
        re.compile(
            r"\b(khi nao|bao gio|luc nao|(nam|ngay|thang|thoi diem|thoi gian|dip) nao"
            r"|when|what (year|date|month)|which (year|date|month)|in what year|since when)\b"
        ),
    ),
    (
        "quantity",
        re.compile(
            r"\b(bao nhieu|bao lau|bao xa|how (many|much|long|far|large|big)|what (share|percentage))\b"
        ),
    ),
    ("person", re.compile(r"\b(ai|who|whom|ten (la )?gi|ten gi)\b")),
)
_DIGIT = re.compile(r"\d")
_DATE = re.compile(r"\b\d{1,2}\s*[/.–-]\s*\d{1,2}\b|\b(19|20)\d{2}\b|\b\d{1,2}\s*[/.–-]\s*(19|20)\d{2}\b")


def expected_answer_type(question: str) -> str | None:
    """The kind of fact the question asks for: "date", "quantity", "person", or None."""
    question = normalize_query(question).lower()
    if re.search(r"\bmấy\b", question):  # not folded: "máy" (machine) folds to the same "may"
        return "quantity"
    folded = fold_accents(question)
    for name, pattern in _ANSWER_TYPES:
        if pattern.search(folded):
            return name
    return None


_QUANTITY_WORD = re.compile(r"\b(?:bao nhieu|how many|how much)\s+((?:[^\W_]+\s+){0,1}[^\W_]+)")
_NUMBER = r"\d[\d.,]*\s*(?:%|trieu|nghin|ngan|ty|million|thousand|billion)?\s*"
# Words after "bao nhiêu" / "how many" that end what is counted ("bao nhiêu doanh nghiệp đã …",
# "how many employees work …") or are not a thing counted at all ("bao nhiêu và từ đâu").
_NOT_COUNTED = frozenset(
    [
        "va",
        "la",
        "thi",
        "tu",
        "de",
        "da",
        "duoc",
        "co",
        "cua",
        "cho",
        "trong",
        "tai",
        "o",
        "den",
        "nay",
        "moi",
        "hien",
        "and",
        "or",
        "of",
        "did",
        "do",
        "does",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "work",
        "works",
        "in",
        "at",
        "on",
        "for",
        "to",
    ]
)
# Asked as an amount of money ("bao nhiêu tiền", "kinh phí bao nhiêu"): any currency counts.
_MONEY_WORDS = frozenset({"tien", "kinh phi", "von", "chi phi", "money", "funding"})
_CURRENCY = r"(?:dong|vnd|usd|eur|euro|\$|€|dollars?)\b"
_SHARE_WORDS = {"phan tram": "%", "percent": "%", "per cent": "%"}


def quantity_units(question: str) -> list[str]:
    """What a "bao nhiêu …" / "how many …" question counts, folded: "bao nhiêu doanh nghiệp
    đã …" -> "doanh nghiep", "how many employees work …" -> "employees", "phần trăm" -> "%"."""
    folded = fold_accents(normalize_query(question)).lower()
    units: list[str] = []
    for match in _QUANTITY_WORD.finditer(folded):
        words: list[str] = []
        for word in match.group(1).split():
            if word in _NOT_COUNTED:
                break
            words.append(word)
        unit = " ".join(words)
        if unit:
            units.append(_SHARE_WORDS.get(unit, unit))
    return units


def counts_unit(folded_text: str, unit: str) -> bool:
    """Whether folded, lower-cased text gives a number of ``unit`` ("72 doanh nghiep",
    "635,000 t co2" for "co2", "25%" for "%", "32,86 ty dong" for money)."""
    if unit == "%":
        return re.search(r"\d\s*%", folded_text) is not None
    if unit in _MONEY_WORDS:
        return (
            re.search(_NUMBER + _CURRENCY, folded_text) is not None
            or re.search(r"(?:\$|€|usd|eur)\s*\d", folded_text) is not None
        )
    first = re.escape(unit.split()[0])
    # One short word may stand between the number and the unit: "635,000 t CO2", "~30 hecta".
    return re.search(_NUMBER + r"(?:[^\W_]{1,3}\s+)?" + first + r"\b", folded_text) is not None


def mentions_unit(folded_text: str, unit: str) -> bool:
    """Whether folded, lower-cased text speaks of ``unit`` at all (money: of money)."""
    if unit in _MONEY_WORDS:
        return re.search(r"\b(?:tien|kinh phi|von|chi phi|tiet kiem|dau tu)\b", folded_text) is not None
    return re.search(rf"\b{re.escape(unit)}\b", folded_text) is not None


def unit_words(question: str, unit: str) -> str:
    """``unit`` as the question writes it (with its diacritics): "tien" -> "tiền"."""
    original = normalize_query(question)
    folded = fold_accents(original).lower()
    at = re.search(rf"\b{re.escape(unit)}\b", folded)
    if at is None or len(folded) != len(original):
        return unit
    return original[at.start() : at.end()]


def answer_type_match(text: str, answer_type: str | None, units: list[str] | None = None) -> float:
    """How surely ``text`` holds a fact of the expected kind: 1.0 (a number followed by the
    counted noun, a date), 0.5 (some number, a capitalised name), 0.0 (none)."""
    if answer_type == "quantity":
        if not _DIGIT.search(text):
            return 0.0
        folded = fold_accents(text).lower()
        return 1.0 if any(counts_unit(folded, unit) for unit in units or []) else 0.5
    if answer_type == "date":
        return 1.0 if _DATE.search(text) else 0.0
    if answer_type == "person":
        if _titled_name(text):
            return 1.0
        return 0.5 if _has_person_name(text) else 0.0
    return 0.0


# Forms of address and titles put before a person's name: "ông Lê Xuân Thịnh", "bà Nguyễn
# Trâm Anh", "TS Heinz Leuenberger", "Mr. Lars Hansen".
_ADDRESS = re.compile(
    r"(?<!\w)(?:ông|bà|anh|chị|ts|ths|pgs|gs|mr|ms|mrs|dr|prof)\.?\s+(\S+)\s+(\S+)", re.IGNORECASE
)


def _titled_name(text: str) -> bool:
    """A form of address followed by at least two capitalised words."""
    return any(a[:1].isupper() and b[:1].isupper() for a, b in (m.groups() for m in _ADDRESS.finditer(text)))


def _has_person_name(text: str) -> bool:
    """Two to four consecutive capitalised words not at a sentence start ("Lê Hoài Quốc")."""
    words = text.split()
    run = 0
    for position, word in enumerate(words):
        core = word.strip("()[]“”\"',.;:")
        sentence_start = position == 0 or words[position - 1].endswith((".", ":", "!", "?"))
        if core[:1].isupper() and core[1:].islower() and core.isalpha() and not sentence_start:
            run += 1
            if run >= 2:
                return True
        else:
            run = 0
    return False


# ----------------------------------------------------------------------------- names

# Capitalised words that are ordinary nouns in Vietnamese questions, not names.
_COMMON_CAPITALISED = {
    "nghi dinh",
    "thong tu",
    "luat",
    "dieu",
    "khoan",
    "diem",
    "chinh phu",
    "quoc hoi",
    "bo",
    "nha nuoc",
}


def question_names(question: str) -> list[str]:
    """Proper names a Vietnamese question is about ("VSIP Bắc Ninh", "Kalundborg").

    Runs of capitalised words, except the question's first word (capitalised anyway) and
    ordinary capitalised nouns ("Nghị định", "Điều").
    """
    question = normalize_query(question)
    abbreviations = set(abbreviation_table())
    names: list[str] = []
    run: list[str] = []
    words = re.findall(r"[^\W_]+(?:[.&'][^\W_]+)*|[^\w\s]", question)
    for position, word in enumerate(words):
        capitalised = word[:1].isupper() and not word.isdigit() and position > 0
        ordinary = fold_accents(word).lower() in _COMMON_CAPITALISED or word in abbreviations
        if capitalised and not ordinary and len(word) > 1:
            run.append(word)
            continue
        if run:
            names.append(" ".join(run))
            run = []
    if run:
        names.append(" ".join(run))
    return [n for n in names if fold_accents(n).lower() not in _COMMON_CAPITALISED]


def _name_form(text: str) -> str:
    """Folded, lower-cased words separated by single spaces; "COP26" and "COP 26" agree."""
    words = " ".join(re.findall(r"\w+", fold_accents(normalize_query(text)).lower()))
    return re.sub(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", " ", words)


def name_haystack(texts: list[str]) -> str:
    """``texts`` prepared once for :func:`unmentioned_names` (folded words, single spaces)."""
    return " " + " ".join(_name_form(t) for t in texts) + " "


@lru_cache(maxsize=4096)
def name_forms(name: str) -> tuple[str, ...]:
    """How a document may write ``name`` (prepared like :func:`name_haystack`): the name
    itself, the long forms of an abbreviation, its equivalents in the other language."""
    folded = _name_form(name)
    table = {fold_accents(k).lower(): v for k, v in abbreviation_table().items()}
    forms = [folded, *(_name_form(v) for v in table.get(folded, []))]
    forms += [_name_form(v) for v in translate_terms_to_english(name) + translate_terms(name)]
    return tuple(dict.fromkeys(f for f in forms if f))


def unmentioned_names(question: str, texts: list[str] | str, names: list[str] | None = None) -> list[str]:
    """Names of ``question`` (or ``names``) that none of ``texts`` mentions, in any of their
    :func:`name_forms` ("Hiep Phuoc", "Hàn Quốc" / "Korea"). ``texts`` may be a prepared
    :func:`name_haystack`."""
    names = question_names(question) if names is None else names
    if not names:
        return []
    haystack = texts if isinstance(texts, str) else name_haystack(texts)
    return [name for name in names if not any(f" {form} " in haystack for form in name_forms(name))]


# ----------------------------------------------------------------------------- definitions

# Matched on folded, lower-cased text (unaccented questions too); the term is then cut from
# the question as typed (folding keeps every character's position).
_DEFINITION_PATTERNS = (
    # Định nghĩa của "Người lao động"? / Khái niệm khu công nghiệp sinh thái
    re.compile(r"^(?:dinh nghia|khai niem)(?:\s+(?:cua|ve))?\s+(?P<term>.+?)(?:\s+la\s+gi)?\s*\??$"),
    # Thế nào là khu công nghiệp sinh thái?
    re.compile(r"^(?:the nao la|the nao duoc goi la)\s+(?P<term>.+?)\s*\??$"),
    # Theo Bộ luật Dân sự 2015, lợi tức được hiểu như thế nào? / Tình thế cấp thiết là gì?
    re.compile(
        r"^(?:theo\s+[^,]+,\s*)?(?:the nao la\s+)?(?P<term>.+?)\s+(?:la\s+gi|duoc\s+hieu\s+(?:la\s+gi|nhu\s+the\s+nao)"
        r"|duoc\s+dinh\s+nghia\s+(?:la\s+gi|nhu\s+the\s+nao)|nghia\s+la\s+gi)\s*\??$"
    ),
)
_MAX_TERM_WORDS = 8


def definition_term(question: str) -> str | None:
    """The term a Vietnamese question asks to define ("Tình thế cấp thiết là gì?" ->
    "tình thế cấp thiết"), lower-cased, or None. "… được gọi là gì?" asks the reverse."""
    text = normalize_query(question).strip().lower()
    folded = fold_accents(text)
    if len(folded) != len(text) or re.search(r"duoc\s+goi\s+la\s+gi", folded):
        return None
    for pattern in _DEFINITION_PATTERNS:
        match = pattern.match(folded)
        if match:
            start, end = match.span("term")
            term = text[start:end].strip(" \"'“”‘’?:,.")
            if term and len(term.split()) <= _MAX_TERM_WORDS:
                return term
    return None


def defines(text: str, term: str) -> bool:
    """Whether ``text`` holds a definition of ``term``: a clause that starts with the term
    followed by "là" ("2. Người lao động là người làm việc …"). Accent-insensitive when the
    term was typed without diacritics."""
    folded = not has_diacritics(term)
    haystack = fold_accents(text).lower() if folded else text.lower()
    needle = r"\s+".join(re.escape(w) for w in (fold_accents(term) if folded else term).split())
    verb = r"(?:la|duoc\s+hieu\s+la)" if folded else r"(?:là|được\s+hiểu\s+là)"
    start = r"(?:^|\n|[.;:]\s+|\d+[.)]\s*|[a-zđ][.)]\s*|[\"“‘]\s*)"
    return re.search(start + needle + r"[\"”’]?\s+" + verb + r"\s", haystack) is not None
