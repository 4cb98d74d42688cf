"""Every question set over ``corpus/`` and its one role (RESULTS.md "Datasets and roles").

``fit``: its failures may be read and tuned on; ``report``: run, never read, never tuned on. A
report set whose failures were read becomes a fit set and says so in its description. The answer
sets hold questions with their gold (``eval/answer_eval.py``); the follow-up sets hold pairs (the
first question, the follow-up as typed) asked in one chat session.

The sets, their files, roles and descriptions are listed in ``eval/question_sets.toml`` (one entry
per set: a new set is a new entry there); this module reads it once and checks every role.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from kb.config import REPO_ROOT

FIT, REPORT = "fit", "report"
REGISTRY = REPO_ROOT / "eval" / "question_sets.toml"


@dataclass(frozen=True)
class QuestionSet:
    """A question set and its one role: ``fit`` (failures may be read and tuned on) or ``report``
    (run, never read, never tuned on)."""

    name: str
    path: Path
    role: str
    about: str


def _load(table: str) -> dict[str, QuestionSet]:
    """The sets of ``table`` ("answer" or "followup") in the registry's order, by name."""
    entries = tomllib.loads(REGISTRY.read_text(encoding="utf-8"))[table]
    sets: dict[str, QuestionSet] = {}
    for entry in entries:
        if entry["role"] not in (FIT, REPORT):
            raise ValueError(f"{REGISTRY.name}: set {entry['name']!r} has role {entry['role']!r}, not fit or report")
        if entry["name"] in sets:
            raise ValueError(f"{REGISTRY.name}: set {entry['name']!r} is listed twice")
        sets[entry["name"]] = QuestionSet(entry["name"], REPO_ROOT / "eval" / entry["file"], entry["role"], entry["about"])
    return sets


# Answer question sets over corpus/, in the order RESULTS.md shows them; follow-up pair sets.
ANSWER_SETS = _load("answer")
FOLLOWUP_SETS = _load("followup")

# The sets other modules name directly.
DOMAIN_GOLD = ANSWER_SETS["domain"].path
DOMAIN_HELDOUT = ANSWER_SETS["domain-heldout"].path
DOMAIN_HELDOUT2 = ANSWER_SETS["domain-heldout2"].path
DOMAIN_SHAPES = ANSWER_SETS["domain-shapes"].path
