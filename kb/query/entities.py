"""Names, markers and pronoun words in chat questions: what follow-up rewriting works with.

- :func:`scan_entities` / :func:`find_entities`: names written with capitals ("Hiệp Phước",
  "Nam Cầu Kiền", "DEEP C", "Kalundborg"), optionally after "KCN"/"khu công nghiệp"/… kept as the
  entity's prefix. Legal words ("Điều", "Nghị định", "Luật …"), generic abbreviations ("KCN",
  "NĐ-CP": those whose expansion in ``abbreviations.toml`` is a common noun) and sentence-initial
  function words ("Còn", "What", "Nó") are not names. A single word at the start of a sentence is
  a name only when it cannot be a Vietnamese syllable ("Amata", "Ulsan"), since Vietnamese
  capitalises the first word of every sentence.
- :func:`markers`: the follow-up markers, pronouns, heads and question words of
  ``kb/data/followup_markers.toml``, matched as whole words, exactly (lower-cased) for text typed
  with diacritics and accent-folded for text typed without (:func:`text_view`, :func:`phrase_pattern`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from kb.config import DATA_DIR
from kb.query.terms import generic_abbreviations
from kb.text.legal_vocabulary import KIND_NAMES_EN, KIND_NAMES_VI
from kb.text.normalize import fold_accents, has_diacritics, normalize_query
from kb.text.stopwords import stopwords

MARKERS_FILE = DATA_DIR / "followup_markers.toml"

LANGUAGES = ("vi", "en")


@dataclass(frozen=True)
class Entity:
    """A name found in a text; ``start``/``end`` is the span of ``name`` (-1 when not in the text)."""

    name: str
    prefix: str = ""  # "KCN", "khu công nghiệp" as written before the name
    start: int = -1
    end: int = -1
    title: bool = False  # a quoted title ("Dự án “Triển khai …”"): its prefix is its head noun

    @property
    def full(self) -> str:
        return f"{self.prefix} {self.name}" if self.prefix else self.name

    @property
    def key(self) -> str:
        return fold_accents(self.name).lower()


# ----------------------------------------------------------------------------- markers


@dataclass(frozen=True)
class Markers:
    lists: dict[str, dict[str, tuple[str, ...]]]  # language -> list name -> phrases
    starters: frozenset[str]

    def get(self, language: str, name: str) -> tuple[str, ...]:
        return self.lists.get(language, {}).get(name, ())

    def both(self, name: str) -> tuple[str, ...]:
        return self.get("vi", name) + self.get("en", name)


@lru_cache(maxsize=1)
def markers() -> Markers:
    with MARKERS_FILE.open("rb") as handle:
        raw = tomllib.load(handle)
    lists = {
        language: {
            name: tuple(normalize_query(p) for p in phrases) for name, phrases in raw[language].items()
        }
        for language in LANGUAGES
    }
    return Markers(lists=lists, starters=frozenset(w.lower() for w in raw["starters"]["words"]))


def phrase_form(phrase: str, folded: bool) -> str:
    return fold_accents(phrase).lower() if folded else phrase.lower()


@lru_cache(maxsize=256)
def phrase_pattern(phrases: tuple[str, ...], folded: bool, anchor: str = "") -> re.Pattern[str] | None:
    """Whole-word alternation of ``phrases`` (longest first).

    ``anchor`` "^": for ``pattern.match(text, pos)`` (spaces allowed before); "$": the phrase
    ends the text (or ``endpos``).
    """
    choices = alternation(phrases, folded)
    if not choices:
        return None
    body = rf"(?<!\w)(?:{choices})(?!\w)"
    if anchor == "^":
        return re.compile(r"\s*" + body)
    if anchor == "$":
        return re.compile(body + r"\s*$")
    return re.compile(body)


def text_view(text: str) -> tuple[str, bool]:
    """A lower-cased copy of ``text`` with the same offsets, accent-folded when typed without accents."""
    folded = not has_diacritics(text)
    if folded:
        view = fold_accents(text)
        if len(view) != len(text):
            view = "".join(fold_accents(ch) or ch for ch in text)
    else:
        view = text
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in view), folded


def folded_view(text: str) -> str:
    """``_view`` accent-folded in every case (same offsets as ``text``)."""
    view, folded = text_view(text)
    out = view if folded else fold_accents(view)
    return out if len(out) == len(view) else view


# ----------------------------------------------------------------------------- entities

# A word, or names joined by hyphens or dashes ("MPI–UNIDO–SECO", "Mai-Linh").
NAME_WORD = re.compile(r"[^\W\d_]+(?:[-'’–—][^\W\d_]+)*")
# A possible Vietnamese syllable (accent-folded): initial consonant(s), 1-3 vowels, final.
_VI_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|nh|ng|[cmnpt])?$"
)
# Kinds of legal documents (on folded lower-case text): never names. A capitalised run right
# after a law word is the law's own name ("Luật Bảo vệ môi trường").
_LEGAL_KIND_WORDS = sorted(
    {fold_accents(name).lower() for name in KIND_NAMES_VI.values()}
    | {name.lower() for name in KIND_NAMES_EN.values()},
    key=len,
    reverse=True,
)
_LEGAL_KINDS = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in _LEGAL_KIND_WORDS) + r")(?!\w)")
_LAW_WORDS = {"luat", "bo luat", "law", "hien phap", "phap lenh"}
# Parts of a document, when numbered ("Điều 9", "Chương II", "điểm a"): not names either.
_LEGAL_PARTS = re.compile(
    r"(?<!\w)(?:dieu|khoan|diem|chuong|muc|phan|article|clause|chapter|section|point|paragraph)"
    r"(?=\s*(?:\d|[ivxlc]+(?!\w)|[a-z](?!\w)))"
)
SENTENCE_END = ".?!:;…"
_SPACED_DASH = re.compile(r"\s[—–]\s+$")


@lru_cache(maxsize=1)
def non_names() -> tuple[frozenset[str], frozenset[str]]:
    """Words that start a sentence without being a name: (as written, accent-folded), lower case."""
    m = markers()
    words: set[str] = {w.replace("_", " ") for w in stopwords()} | set(m.starters)
    for language in LANGUAGES:
        for name in (
            "leading",
            "pronouns",
            "possessives",
            "person_pronouns",
            "answer_pronouns",
            "answer_possessives",
            "question_words",
            "prepositions",
        ):
            for phrase in m.get(language, name):
                words.add(phrase.lower())
    words |= {part for w in list(words) for part in w.split()}
    return frozenset(words), frozenset(fold_accents(w) for w in words)


def entity_prefix(text: str, view: str, folded: bool, start: int) -> str:
    """The park prefix ("KCN", "khu công nghiệp") written just before ``start``, as written."""
    pattern = phrase_pattern(markers().get("vi", "prefixes"), folded, "$")
    head = view[:start]
    if pattern is None or not head.endswith(" "):
        return ""
    match = pattern.search(head)
    return text[match.start() : start].strip() if match else ""


_FORMULA = re.compile(r"[A-Z][A-Za-z]?\d")
# Months and days are capitalised in English without being names ("the November 2021 workshop").
_CALENDAR = frozenset(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)


def vietnamese_syllables(name: str) -> bool:
    """Whether every word of ``name`` can be a Vietnamese syllable ("Việt Nam", "Hải Phòng"; not
    "Gyproc", "SECO", "Rent-A-Port")."""
    words = NAME_WORD.findall(name)
    return bool(words) and all(_VI_SYLLABLE.match(fold_accents(w).lower()) and not w.isupper() for w in words)


def scan_entities(text: str) -> list[Entity]:
    """Names written with capitals in ``text``, with their spans, in order of appearance."""
    view, folded = text_view(text)
    fold_view = folded_view(text)
    masked = [False] * len(text)
    law_ends: set[int] = set()
    for pattern in (_LEGAL_KINDS, _LEGAL_PARTS):
        for match in pattern.finditer(fold_view):
            masked[match.start() : match.end()] = [True] * (match.end() - match.start())
            if match.group(0) in _LAW_WORDS:
                law_ends.add(match.end())
    generic = generic_abbreviations()
    not_names, folded_not_names = non_names()

    # Runs of capitalised words separated by single spaces ("Tp.HCM": or a dot).
    runs: list[list[re.Match[str]]] = [[]]
    gap: list[re.Match[str]] = []  # the words since the last run ended
    for word in NAME_WORD.finditer(text):
        token = word.group(0)
        is_name_word = (
            token[:1].isupper()
            and token not in generic
            and token != "I"
            and not masked[word.start()]
            and not (word.start() > 0 and text[word.start() - 1] in "/-")  # "35/2022/NĐ-CP"
            and not _FORMULA.match(text, word.start())  # "CO2", "SO2": a substance, not a name
            and token.lower() not in _CALENDAR
        )
        if not is_name_word:
            gap.append(word)
            continue
        last = next((run for run in reversed(runs) if run), None)
        if not gap and last is runs[-1] and last and text[last[-1].end() : word.start()] in (" ", "."):
            runs[-1].append(word)
        elif last is not None and gap and _name_continues(text, last, gap, word, not_names):
            last.extend(gap)  # "Khu Công" + "nghệ cao" + "Tp.HCM": one name
            last.append(word)
        else:
            runs.append([word])
        gap = []

    entities: list[Entity] = []
    for run in runs:
        if not run or run[0].start() - 1 in law_ends:
            continue  # empty, or the name of a law
        before = text[: run[0].start()].rstrip()
        # A spaced dash opens a part of a title as a sentence does ("… sinh thái — Hội thảo tổng kết").
        if not before or before[-1] in SENTENCE_END or _SPACED_DASH.search(text, 0, run[0].start()):
            # Sentence start: "Còn Amata", "What …" - the function word is not part of the name,
            # and a lone capitalised Vietnamese syllable ("Tiêu chí …") is an ordinary word.
            dropped = False
            while run and (
                run[0].group(0).lower() in not_names
                or (folded and fold_accents(run[0].group(0)).lower() in folded_not_names)
            ):
                run, dropped = run[1:], True
            if not run:
                continue
            if not dropped and len(run) == 1 and _VI_SYLLABLE.match(fold_accents(run[0].group(0)).lower()):
                continue
        start, end = run[0].start(), run[-1].end()
        if len(run) == 1 and _starts_prefix(text[start:]):
            continue  # "Khu" of "Khu công nghiệp Amata": the kind written with a capital, not a name
        entities.append(
            Entity(
                name=text[start:end], prefix=entity_prefix(text, view, folded, start), start=start, end=end
            )
        )
    return _with_titles(text, entities)


def _starts_prefix(text: str) -> bool:
    """Whether ``text`` opens with a park's kind of several words ("Khu công nghiệp …", "Khu chế xuất …")."""
    folded = fold_accents(text).lower()
    return any(" " in p and folded.startswith(fold_accents(p).lower() + " ") for p in markers().get("vi", "prefixes"))


# An organisation or a place whose name is written with some of its syllables in lower case ("Khu Công
# nghệ cao Tp.HCM", "Trung tâm Sản xuất sạch"): a run that starts with one of these heads (compared
# accent-folded in a question typed without diacritics) goes on through at most two lower-case
# syllables to the next capitalised word.
_ORGANISATION_STARTS = frozenset({"khu", "ban", "bộ", "sở", "trung", "công", "viện", "cục", "tập", "quỹ"})
_LOWER_GAP = 2


def _name_continues(
    text: str, run: list[re.Match[str]], gap: list[re.Match[str]], word: re.Match[str], not_names: frozenset[str]
) -> bool:
    """Whether ``word`` continues ``run`` across the lower-case syllables ``gap`` between them."""
    head = run[0].group(0).lower()
    starts = _ORGANISATION_STARTS if has_diacritics(text) else {fold_accents(h) for h in _ORGANISATION_STARTS}
    if head not in starts or len(gap) > _LOWER_GAP:
        return False
    # "Khu công nghiệp Ulsan Mipo": a park's kind before its name stays the prefix.
    written = fold_accents(" ".join([head, *(g.group(0) for g in gap)]))
    if any(fold_accents(p) == written for p in markers().get("vi", "prefixes")):
        return False
    if gap[0].start() != run[-1].end() + 1 or word.start() != gap[-1].end() + 1:
        return False
    if any(text[a.end() : b.start()] != " " for a, b in pairwise(gap)):
        return False
    return all(g.group(0).islower() and g.group(0) not in not_names for g in gap)


# A project, workshop or programme named by its quoted title: "Dự án “Triển khai KCN sinh thái …”",
# "Hội thảo “Cộng sinh công nghiệp trong khu công nghiệp Hiệp Phước”" (on folded lower-case text).
_TITLED_THING = re.compile(
    r"(?<!\w)(?P<head>du an|hoi thao|chuong trinh|hop phan|sang kien|tap huan|project|workshop|programme|program)"
    r"\s+(?P<title>[“\"][^”\"\n]{3,160}[”\"])"
)


def _with_titles(text: str, entities: list[Entity]) -> list[Entity]:
    """``entities`` with the quoted titles of ``text`` added, in order; a lone capitalised syllable
    inside a title ("Triển" of “Triển khai …”) is only the title's first word, not a name."""
    titles = [
        Entity(
            name=text[m.start("title") : m.end("title")],
            prefix=text[m.start("head") : m.end("head")],
            start=m.start("title"),
            end=m.end("title"),
            title=True,
        )
        for m in _TITLED_THING.finditer(folded_view(text))
    ]
    if not titles:
        return entities
    kept = [
        e
        for e in entities
        if not any(
            t.start - len(t.prefix) - 1 <= e.start < t.end and (" " not in e.name or e.start < t.start)
            for t in titles
        )
    ]
    return sorted([*kept, *titles], key=lambda e: e.start)


def find_entities(text: str) -> list[str]:
    """Names in ``text`` (with their park prefix when written): ``["KCN Hiệp Phước", "Amata"]``."""
    seen: set[str] = set()
    out: list[str] = []
    for entity in scan_entities(normalize_query(text)):
        if entity.key not in seen:
            seen.add(entity.key)
            out.append(entity.full)
    return out


def locate(text: str, name: str) -> Entity | None:
    """``name`` found in ``text`` accent- and case-insensitively, with its span and prefix."""
    view, folded = text_view(text)
    needle = phrase_form(normalize_query(name), True)
    if not needle:
        return None
    match = re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", folded_view(text))
    if not match:
        return None
    prefix = entity_prefix(text, view, folded, match.start())
    return Entity(name=text[match.start() : match.end()], prefix=prefix, start=match.start(), end=match.end())


def occurrences(text: str, name: str) -> list[tuple[int, int]]:
    """Spans of every accent- and case-insensitive occurrence of ``name`` in ``text``."""
    needle = phrase_form(name, True)
    return [
        (m.start(), m.end()) for m in re.finditer(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", folded_view(text))
    ]


def alternation(phrases: tuple[str, ...], folded: bool) -> str:
    """A regex alternation of ``phrases`` in matching form, longest first."""
    forms = sorted({phrase_form(p, folded) for p in phrases if p.strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in forms)


