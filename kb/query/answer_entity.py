"""Who or what a previous answer named, for a follow-up that refers to it.

"Chủ đầu tư KCN Nam Cầu Kiền là công ty nào?" is answered "Chủ đầu tư: Công ty Cổ phần Shinec
(thành lập 2001) …"; the follow-up "công ty đó có vốn điều lệ bao nhiêu?" asks about Shinec, not
about Nam Cầu Kiền. Only a question that asks for a person or an organisation ("ai …", "công ty
nào …", "who …", "which company …") has such an answer; its name is read from the answer's
framing ("The documents name Lê Thanh Thảo [1]") or its quote, and must not be a name the
question itself already gave.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kb.query.answer_types import asked_kind, expected_answer_type, titled_names
from kb.query.entities import (
    LANGUAGES,
    alternation,
    markers,
    phrase_pattern,
    scan_entities,
    vietnamese_syllables,
)
from kb.query.organisations import COMPANY_NAME, ORGANISATION_KINDS, at_sentence_start
from kb.text.normalize import fold_accents, normalize_query

PERSON, ORGANISATION, INSTRUMENT = "person", "organisation", "instrument"
# "Nghị định nào thay thế …?", "which decree replaced …?": the answer names an instrument.
_INSTRUMENT_ASKED = re.compile(
    r"\b(?:(?:nghi dinh|thong tu|quyet dinh|van ban|luat) nao|which (?:decree|circular|decision|law|instrument))\b"
)
_INSTRUMENT_NAMED = re.compile(
    r"(?:Nghị định|Thông tư|Quyết định|Luật|Decree|Circular|Decision)\s+(?:số\s+|No\.\s*)?\d+/\d{4}(?:/[\w-]+)?"
)

_MARKER = re.compile(r"\[\d+\]")
# The English lead of a who-answer names them (kb/answer/english_lead.py).
# The lead ends at its colon: the answer's text may come as one line.
_NAMED_LEAD = re.compile(r"^The documents name ([^:“\"\n]+?)(?: and \d+ more)?\s*(?::|$)")


@dataclass(frozen=True)
class AnswerEntity:
    """The name an answer gave and whether it is a person or an organisation."""

    name: str
    kind: str


def answer_entity(question: str, answer: str) -> AnswerEntity | None:
    """The person or organisation ``answer`` names for a question that asks for one, else None.

    >>> answer_entity("Chủ đầu tư KCN Nam Cầu Kiền là công ty nào?",
    ...               "- Chủ đầu tư: Công ty Cổ phần Shinec (thành lập 2001). [1]")
    AnswerEntity(name='Công ty Cổ phần Shinec', kind='organisation')
    """
    question = normalize_query(question)
    if answer and _INSTRUMENT_ASKED.search(fold_accents(question).lower()):
        asked_folded = fold_accents(question).lower()
        named = [m.group(0) for m in _INSTRUMENT_NAMED.finditer(normalize_query(answer))]
        fresh = [n for n in named if fold_accents(n).lower() not in asked_folded]
        return AnswerEntity(fresh[0], INSTRUMENT) if fresh else None
    wants_person = expected_answer_type(question) == "person"
    wants_organisation = bool(asked_kind(question) & ORGANISATION_KINDS)
    if not answer or not (wants_person or wants_organisation):
        return None
    # Every quote: sentences are shown in source order, so the one that answers may not come first.
    body = normalize_query(_MARKER.sub(" ", answer))
    asked = fold_accents(question).lower()

    def new(name: str) -> bool:
        return fold_accents(name).lower() not in asked

    lead = _NAMED_LEAD.match(body.split("\n", 1)[0].strip())
    if lead and wants_person:
        first = re.split(r",| and ", lead.group(1))[0].strip()
        return AnswerEntity(first, PERSON if looks_like_person(first) else ORGANISATION)
    titled = [name for name in titled_names(body) if new(name)]
    if wants_person and titled:
        return AnswerEntity(titled[0], PERSON)
    companies = [m.group(0).strip() for m in COMPANY_NAME.finditer(body) if new(m.group(0))]
    if companies:
        return AnswerEntity(companies[0], ORGANISATION)
    # Not a heading in capitals ("E. ĐÌNH VŨ – DEEP C"), nor a chemical formula ("CaCO3"); an acronym
    # ("SECO") or a brand ("Gyproc") is a name. Vietnamese syllables alone ("Việt Nam", "Bỉ") more
    # often name a place than an organisation, which Vietnamese sources write as "Công ty …".
    names = [
        e.name
        for e in scan_entities(body)
        if new(e.name)
        and not (e.name.isupper() and " " in e.name)
        and not body[e.end : e.end + 1].isdigit()
        and not vietnamese_syllables(e.name)
        and not (" " not in e.name and e.name[1:].islower() and at_sentence_start(body, e.start))  # "Classic exchanges"
    ]
    if not names:
        return None
    if wants_person:
        # Without a title, a name like "Hải Phòng" may be a place as well as a person: only an
        # organisation-looking name (an acronym, a hyphenated or one-word name) is taken.
        return None if looks_like_person(names[0]) else AnswerEntity(names[0], ORGANISATION)
    return AnswerEntity(names[0], ORGANISATION)


def looks_like_person(name: str) -> bool:
    """Two to five capitalised words, none an acronym ("Lê Thanh Thảo", "Heinz Leuenberger")."""
    words = name.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and not w.isupper() for w in words)


_ORGANISATION_HEADS = frozenset(
    {"công ty", "doanh nghiệp", "tổ chức", "tập đoàn", "company", "companies", "organisation", "organization"}
)


def answer_pronouns(
    view: str,
    folded: bool,
    language: str,
    answered: AnswerEntity | None,
    add: Callable[[int, int, str], None],
    it_is_answered: bool = True,
) -> None:
    """Call ``add(start, end, name)`` for each word of the follow-up ``view`` (lower-cased, folded when
    typed without diacritics) that stands for whom the last answer named: "ông ấy", "he", "họ",
    "they", "công ty đó", "that company" (and "it", "nó" after a question asking for an
    organisation, unless ``it_is_answered`` is False: the question named a titled subject of its
    own, which "nó" stands for)."""
    if answered is None:
        return
    m = markers()
    name = fold_accents(answered.name) if folded else answered.name
    lists = ["answer_pronouns"] + (
        ["person_pronouns"] if answered.kind == PERSON else ["pronouns"] if it_is_answered else []
    )
    # English words only in an English question; typed without diacritics, "no" is "nó" only in a
    # Vietnamese one.
    languages = [lang for lang in LANGUAGES if (lang == language or (lang == "vi" and not folded))]
    for lang in languages:
        for list_name in lists:
            pattern = phrase_pattern(m.get(lang, list_name), folded)
            for match in pattern.finditer(view) if pattern else ():
                add(match.start(), match.end(), name)
        possessives = phrase_pattern(m.get(lang, "answer_possessives"), folded)
        for match in possessives.finditer(view) if possessives else ():
            add(match.start(), match.end(), f"{name}'s")
    if answered.kind != ORGANISATION:
        return
    heads = alternation(tuple(_ORGANISATION_HEADS), folded)
    for lang in languages:
        demonstratives = alternation(m.get(lang, "demonstratives"), folded)
        regex = (
            rf"(?<!\w)(?:{heads})\s+(?:{demonstratives})(?!\w)"
            if lang == "vi"
            else rf"(?<!\w)(?:{demonstratives}|the)\s+(?:{heads})(?!\w)"
        )
        for match in re.finditer(regex, view):
            add(match.start(), match.end(), name)
