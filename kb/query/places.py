"""Vietnamese provinces and cities, and countries, recognised however a follow-up types them.

A name typed in lower case or without diacritics ("the con can tho?", "còn đà nẵng thì sao") is not
found by the capitalisation-based entity scanner; the list of provinces (``kb/data/vietnam_places.txt``)
recognises it and gives its written form ("Cần Thơ").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from kb.text.normalize import fold_accents, normalize_text

PLACES_FILE = Path(__file__).resolve().parent.parent / "data" / "vietnam_places.txt"
COUNTRIES_FILE = PLACES_FILE.with_name("countries.txt")
FOREIGN_PLACES_FILE = PLACES_FILE.with_name("foreign_places.txt")


def _key(text: str) -> str:
    return " ".join(fold_accents(text).lower().replace(".", " ").replace("-", " ").split())


@lru_cache(maxsize=1)
def _written_forms() -> tuple[str, ...]:
    """Every form of a province, city or country as written in the lists ("TP.HCM", "Tp.HCM", "TPHCM")."""
    lines = [
        *PLACES_FILE.read_text(encoding="utf-8").splitlines(),
        *COUNTRIES_FILE.read_text(encoding="utf-8").splitlines(),
    ]
    return tuple(normalize_text(line).strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    # The first form of a key is the one given back ("tp hcm" -> "TP.HCM", not "Tp.HCM").
    places: dict[str, str] = {}
    for name in _written_forms():
        places.setdefault(_key(name), name)
    return places


def place_named(text: str) -> str | None:
    """The written form of the province, city or country ``text`` is exactly ("can tho" -> "Cần Thơ"), or None."""
    return _places().get(_key(text))


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    lines = COUNTRIES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(_key(normalize_text(line)) for line in lines if line.strip() and not line.startswith("#"))


def country_named(text: str) -> bool:
    """Whether ``text`` is exactly a country's name ("Việt Nam", "Denmark")."""
    return _key(text) in _countries()


@lru_cache(maxsize=1)
def _foreign_places() -> dict[str, str]:
    lines = FOREIGN_PLACES_FILE.read_text(encoding="utf-8").splitlines()
    names = [normalize_text(line).strip() for line in lines if line.strip() and not line.startswith("#")]
    return {_key(name): name for name in names}


def foreign_place_named(text: str) -> str | None:
    """The written form of the place abroad a case study is about that ``text`` is exactly
    ("ulsan" -> "Ulsan"), or None."""
    return _foreign_places().get(_key(text))


@lru_cache(maxsize=1)
def written_places() -> re.Pattern[str]:
    """The provinces, cities, countries and places abroad as written, longest first."""
    names = sorted({*_written_forms(), *_foreign_places().values()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")


def places_in(text: str) -> list[str]:
    """The provinces, cities, countries and places abroad ``text`` names as the sources write them
    ("Hải Phòng", "Kalundborg"); case and diacritics must match ("bị" is not "Bỉ")."""
    return [m.group(0) for m in written_places().finditer(normalize_text(text))]
