"""Measures a question may ask without naming their unit: an area ("diện tích bao nhiêu", "how large
is Onsan?"), a capacity ("công suất bao nhiêu"), a distance ("cách trung tâm bao xa?"); how each is
asked, how its value is written and what speaks of it, on folded text.
"""

from __future__ import annotations

import re

# Asked as a measure whose unit the question does not name ("diện tích bao nhiêu", "how large is
# Onsan?"; "công suất bao nhiêu"): the sentence gives it in that measure's units (hectares or square
# metres; megawatts), whatever noun it puts next to them. Not a share of it ("bao nhiêu % diện tích").
AREA = "dien tich"
POWER = "cong suat"
DISTANCE = "khoang cach"
_AREA_VALUE = r"(?:ha|hecta|hectares?|km2|km²|m2|m²|square (?:metres|meters|kilometres|kilometers))\b"
_POWER_VALUE = r"(?:[kmg]wp?|[kmg]wh|megawatts?|kilowatts?|gigawatts?)\b"
_DISTANCE_VALUE = r"(?:km|kilomet|kilometres?|kilometers?|miles?)\b"
# How an answer names each measure ("how big …?" asks an area the question never names).
MEASURE_NAMES = {
    AREA: {"vi": "diện tích", "en": "area"},
    POWER: {"vi": "công suất", "en": "capacity"},
    DISTANCE: {"vi": "khoảng cách", "en": "distance"},
}
# measure: (how it is asked, how its value is written, what speaks of it), on folded text; the first
# asked counts ("công suất … trên diện tích mái" asks a capacity)
MEASURES = {
    POWER: (
        # "how big is the Asnæs power station?": a plant's size is its capacity.
        re.compile(r"\b(?:cong suat|capacity|how powerful|how (?:large|big) (?:is|was) (?:[\w-]+ ){0,4}?(?:power )?(?:station|plant))\b"),
        _POWER_VALUE,
        re.compile(r"\b(?:cong suat|capacity|[kmg]wp?|megawatts?)\b"),
    ),
    AREA: (
        re.compile(r"\b(?:dien tich|area|how (?:large|big) (?:is|are|was|were))\b"),
        _AREA_VALUE,
        re.compile(r"\b(?:dien tich|area|ha|hecta|hectares?)\b"),
    ),
    # "cách trung tâm bao xa?", "how far is it from …": a distance in kilometres.
    DISTANCE: (
        re.compile(r"\b(?:bao xa|how far|khoang cach|distance)\b"),
        _DISTANCE_VALUE,
        re.compile(r"\b(?:khoang cach|distance|cach|km|from)\b"),
    ),
}


# Quantities measured in units of their own (tonnes, kWh, m3, ha), folded.
MEASURED = frozenset(
    {
        "nang luong", "energy", "dien", "electricity", "nuoc", "water", "dien tich", "area", "cong suat",
        "capacity", "co2", "khi thai", "emissions", "chat thai", "waste", "nhien lieu", "fuel", "hoi nuoc",
        "steam", "nhiet", "heat",
    }
)
