"""Counted things whose every common name is known: people and homes.

A count of delegates, staff or workers is written with one of the people nouns, in either language
(folded). A question counting one of them is refused when no relevant sentence counts any, even if
none names the one asked (:func:`kb.answer.refusal_checks.uncounted_reason`).

Usage::

    group = counted_class("dai bieu")  # the people nouns
    counts_class("gan 200 dai bieu den tu 18 ban quan ly", ["dai bieu"], group)  # True
"""

from __future__ import annotations

import re

COUNTED_CLASSES = (
    frozenset(
        {
            *("nguoi", "dai bieu", "nhan vien", "lao dong", "cong nhan", "can bo", "hoc vien", "chuyen gia"),
            *("thanh vien", "people", "persons", "person", "employees", "employee", "staff", "workers"),
            *("worker", "delegates", "delegate", "participants", "participant", "attendees", "experts"),
            *("members", "residents"),
        }
    ),
    frozenset({"ho", "ho dan", "ho gia dinh", "can ho", "homes", "home", "households", "household", "houses"}),
)
PEOPLE = COUNTED_CLASSES[0]
# A population is a number of people ("population 85,000 (1962) → 1,070,000 (2003)", "dân số 1 triệu").
_POPULATION = re.compile(r"\b(?:population|dan so)\b[^.;\d]{0,20}\d")


def counted_class(unit: str) -> frozenset[str] | None:
    """The class of ``unit`` ("employees" -> the people nouns), None when it is not in one."""
    return next((group for group in COUNTED_CLASSES if unit in group or unit.split()[0] in group), None)


def counts_class(folded_text: str, forms: list[str], group: frozenset[str]) -> bool:
    """Whether a folded sentence gives a number of any member of ``group`` (or of ``forms``, the
    asked unit's own), written in full: whole phrases, so "cán bộ" is not "cần" and "công nhân" not
    "công nghiệp"; for people, a population too."""
    if any(_counts_phrase(folded_text, phrase) for phrase in [*forms, *sorted(group)]):
        return True
    return group is PEOPLE and _POPULATION.search(folded_text) is not None


def _counts_phrase(folded_text: str, phrase: str) -> bool:
    """Whether the text gives a number of ``phrase`` written in full ("40 dai bieu", "~3,500 homes")."""
    return re.search(r"\d[\d.,]*\s*(?:[^\W_]{1,3}\s+)?" + re.escape(phrase) + r"\b", folded_text) is not None
