"""Legal instruments a question names by number ("Nghị định 35/2022", "TT 05/2025/TT-BKHĐT")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.text.legal_vocabulary import canonical_number, kind_from_number, named_kind
from kb.text.normalize import fold_accents, normalize_query

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


# A kind's abbreviation typed against the number ("nd82/2018", "NĐ35", "tt05/2025"), as ministry staff
# type them: the number is a word of its own for search and for every reading of the question.
_GLUED_KIND = re.compile(r"(?<!\w)(nđ|nd|tt|ttlt|qđ|qd|nq)(?=\d)", re.IGNORECASE)


def with_spaced_numbers(question: str) -> str:
    """``question`` with a space between an instrument's kind abbreviation and its number.

    >>> with_spaced_numbers("nd82/2018 con hieu luc khong?")
    'nd 82/2018 con hieu luc khong?'
    """
    return _GLUED_KIND.sub(r"\1 ", question)


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


# A legal instrument named with its number and date ("Nghị định số 82/2018/NĐ-CP ngày 22/5/2018",
# folded): its date is the instrument's, not that of the event a sentence reports.
_DATED_INSTRUMENT = re.compile(
    r"\b(?:nghi dinh|thong tu|quyet dinh|luat|chi thi|nd|tt|qd|decree|circular|decision)(?:\s+so)?\s+"
    r"\d{1,4}\s*/\s*(?:19|20)\d{2}(?:\s*[-/]\s*[a-z0-9&]+)*(?:\s*,?\s*(?:ngay|dated|of)\s+\d{1,2}\s*[/.-]\s*\d{1,2}"
    r"\s*[/.-]\s*(?:19|20)\d{2})?"
)


def event_dates_text(text: str) -> str:
    """``text`` folded, lower-cased, without the legal instruments it names with their dates."""
    return _DATED_INSTRUMENT.sub(" ", fold_accents(text).lower())


# An instrument's number alone ("NĐ 35/2022", "Nghị định số 82/2018/NĐ-CP", folded): its year is no date.
_INSTRUMENT_NUMBER_NAMED = re.compile(
    r"\b(?:nghi dinh|thong tu|quyet dinh|luat|chi thi|nd|tt|qd|decree|circular|decision)(?:\s+so)?\s+"
    r"\d{1,4}\s*/\s*(?:19|20)\d{2}(?:\s*[-/]\s*[a-z0-9&]+)*"
)


def without_instrument_numbers(text: str) -> str:
    """``text`` folded, lower-cased, without the numbers of the legal instruments it names (their dates
    stay): "theo NĐ 35/2022" gives no year of an event."""
    return _INSTRUMENT_NUMBER_NAMED.sub(" ", fold_accents(text).lower())


def instrument_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names a legal instrument with its number and date (offsets into ``text``)."""
    folded = fold_accents(text).lower()
    if len(folded) != len(text):
        return []
    return [m.span() for m in _DATED_INSTRUMENT.finditer(folded)]


def instruments_written(question: str) -> list[str]:
    """The instruments a question names with their kind, as written ("Nghị định 82/2018", "NĐ 35/2022")."""
    original = normalize_query(question)
    text = fold_accents(original).lower()
    if len(text) != len(original):
        return []
    return [original[m.start() : m.end()] for m in _INSTRUMENT_NUMBER_NAMED.finditer(text)]


# "Nghị định 82 …", "NĐ 82", "Decree 82": an instrument named by its kind and number without the year.
BARE_NUMBER = re.compile(r"\b(nghi dinh|thong tu|quyet dinh|nd|tt|qd|decree|circular|decision)(?:\s+so)?\s+(\d{1,4})\b(?!\s*/)")


def bare_numbers(text: str, register: dict[str, dict[str, str]]) -> tuple[str, ...]:
    """The instruments of the register a question names without their year ("Nghị định 82" ->
    "82/2018"), each when exactly one instrument of that kind has that number."""
    found: list[str] = []
    numbers = {number: fold_accents(canonical_number(number)).lower().split("/") for number in register}
    for match in BARE_NUMBER.finditer(text):
        kind = named_kind(match.group(1))
        keys = {
            "/".join(parts[:2])
            for number, parts in numbers.items()
            if parts[0].lstrip("0") == match.group(2).lstrip("0")
            and (register[number].get("kind") or kind_from_number(number)) == kind
        }
        if len(keys) == 1 and (key := keys.pop()) not in found:
            found.append(key)
    return tuple(found)


def with_instrument_years(question: str, register: dict[str, dict[str, str]]) -> str:
    """``question`` with each instrument it names without its year completed from ``register``:
    "Decree 82 EIP criterion?" -> "Decree 82/2018 EIP criterion?" (searched and checked as the
    instrument it is; unchanged when the number is not one known instrument of that kind)."""
    original = normalize_query(question)
    text = fold_accents(original).lower()
    if len(text) != len(original):
        return question
    out, last = [], 0
    for match in BARE_NUMBER.finditer(text):
        found = bare_numbers(text[match.start() : match.end()], register)
        if len(found) == 1:
            out.append(original[last : match.end()] + "/" + found[0].split("/")[1])
            last = match.end()
    return "".join(out) + original[last:] if out else question
