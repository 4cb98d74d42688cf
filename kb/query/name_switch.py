"""A follow-up naming another park, place or company asked as the previous question about it.

"còn ở Amata thì sao?" after "KCN Hiệp Phước đã triển khai cộng sinh công nghiệp như thế nào?" is that
question of KCN Amata: a park replaces a park, a province a province, an organisation an organisation
("Còn bên VNCPC thì ai?"), a company a company and not the town it is in ("what about Novozymes?"),
names given together replace names given together. :mod:`kb.query.followup` decides when a follow-up
is such a switch; this module writes the question.

Usage::

    switch_name(Entity(name="Amata"), "KCN Hiệp Phước đã triển khai … như thế nào?", scan_entities(…))
"""

from __future__ import annotations

import re

from kb.query.entities import Entity, occurrences, vietnamese_syllables
from kb.query.language import detect_language
from kb.query.organisations import organisation_abbreviation
from kb.query.places import foreign_place_named, place_named
from kb.query.question_frame import strip_end, tail_start
from kb.query.question_shape import ROLE
from kb.query.subjectless import capitalise
from kb.text.normalize import fold_accents


def switch_name(new: Entity, question: str, entities: list[Entity]) -> str:
    """The previous ``question`` (its ``entities`` found by the follow-up rules) about ``new`` instead of
    its first name ("KCN Hiệp Phước" -> "KCN Amata")."""
    template = question
    # Not an office written with capitals ("Tổng Giám đốc"): "còn Shinec thì sao?" asks of another company.
    written = [
        e for e in entities if e.start >= 0 and not e.title and not ROLE.match(fold_accents(template[e.start :]).lower())
    ]
    # A park or place replaces a park or place ("KCN Hiệp Phước", "ở Trà Nóc"), not a project name.
    places = [e for e in written if e.prefix or _LOCATIVE.search(template[: e.start])]
    if place_named(new.name) is not None:
        # A province replaces the province named before ("KCN Hiệp Phước ở TP.HCM"), else a park
        # with its head noun ("ở KCN Amata" -> "ở Hải Phòng"): a province is not a "KCN".
        old = next((e for e in written if place_named(e.name)), None)
        if old is not None:
            return capitalise(template[: old.start] + new.name + template[old.end :])
        park = next((e for e in written if e.prefix), None)
        begin = template.rfind(park.prefix, 0, park.start) if park is not None else -1
        if park is not None and begin >= 0:
            return capitalise(template[:begin] + new.name + template[park.end :])
    elif organisation_abbreviation(new.name) and (
        organisations := [
            e
            for e in written
            if not e.prefix and place_named(e.name) is None
            and (organisation_abbreviation(e.name) or not vietnamese_syllables(e.name))
        ]
    ):
        # An organisation replaces an organisation ("Còn bên VNCPC thì ai?" after "Ai là đại diện của
        # Sofies tại hội thảo … ở KCN Hiệp Phước?"), not the park.
        places = organisations
    else:
        # A park replaces a park, not the province it is in ("Nam Cầu Kiền … in Hải Phòng" -> "DEEP C").
        parks = [e for e in written if place_named(e.name) is None]
        places = [e for e in places if place_named(e.name) is None] or parks[:1] or places
        if foreign_place_named(new.name) is None and not vietnamese_syllables(new.name):
            # A company replaces a company, not the town it is in ("what about Novozymes?" after "What
            # does the Gyproc plant in Kalundborg get …?"); a Vietnamese name is a park's ("Nam Cau Kien").
            named = [e for e in written if foreign_place_named(e.name) is None and not e.prefix]
            if named and len(named) < len(written):
                places = [e for e in places if foreign_place_named(e.name) is None] or named[:1]
    old = (places or written or [None])[0]
    if old is not None:
        old = _with_conjuncts(template, old, written)
    if old is None:
        # The previous question names nothing: ask it about the new name.
        stripped = strip_end(template)
        where = "in" if detect_language(template) == "en" else "ở"
        tail = tail_start(template)
        if tail is not None:
            return f"{stripped[:tail].rstrip()} {where} {new.full} {stripped[tail:].strip()}?"
        return f"{stripped} {where} {new.full}?"
    replacement = new.full if new.prefix and not old.prefix else new.name
    begin = template.rfind(old.prefix, 0, old.start) if old.prefix else -1
    if begin >= 0 and fold_accents(new.name).lower().startswith(("khu ", "kcn ")):
        # "còn ở Khu Công nghệ cao TP.HCM?" after "… ở KCN Sonadezi Long Thành …": a place with its own head.
        return capitalise(template[:begin] + new.name + template[old.end :])
    out = template
    for start, end in sorted(occurrences(template, old.name) or [(old.start, old.end)], reverse=True):
        out = out[:start] + replacement + out[_after_own_province(template, end, new.name) :]
    return capitalise(out)


_BRACKETED = re.compile(r"\s*\(([^()]{2,40})\)")


def _after_own_province(template: str, end: int, new_name: str) -> int:
    """Past the province the old name was given with ("KCN Khánh Phú (Ninh Bình)"), which is not the new
    name's ("còn ở Hòa Khánh với Trà Nóc thì sao?" is not asked "… Trà Nóc (Ninh Bình)"); else ``end``."""
    bracket = _BRACKETED.match(template, end)
    if bracket is None or place_named(bracket.group(1)) is None:
        return end
    return end if fold_accents(bracket.group(1)).lower() in fold_accents(new_name).lower() else bracket.end()


def switch_pair(new: list[Entity], question: str, entities: list[Entity]) -> str | None:
    """ "còn Cần Thơ với Trà Nóc?" after "Ninh Bình dự kiến cải tạo KCN Khánh Phú …": a province and a
    park, each in place of the previous question's province and park."""
    if len(new) != 2:
        return None
    template = question
    written = [e for e in entities if e.start >= 0 and not e.title]
    new_places = [e for e in new if place_named(e.name)]
    old_places = [e for e in written if place_named(e.name)]
    old_parks = [e for e in written if not place_named(e.name)]
    if len(new_places) != 1 or len(old_places) != 1 or len(old_parks) != 1:
        return None
    new_park = next(e for e in new if e is not new_places[0])
    out = template
    swaps = [(old_places[0], new_places[0].name), (old_parks[0], new_park.name)]
    for old, name in sorted(swaps, key=lambda swap: -swap[0].start):
        out = out[: old.start] + name + out[old.end :]
    return capitalise(out)


_LOCATIVE = re.compile(r"(?:\b(?:ở|tại|o|tai|in|at)\s+(?:KCN\s+|khu công nghiệp\s+)?)$", re.IGNORECASE)
_WHERE_IN = re.compile(r"\s*(?:,|bên|ở|tại|thuộc|ben|o|tai|thuoc|in|at)\s*", re.IGNORECASE)
_CONJUNCTION = re.compile(r"\s*(?:,|và|với|&|and|or|hoặc)\s*$", re.IGNORECASE)


def joined_names(entities: list[Entity], question: str) -> Entity:
    """Names given together ("Hòa Khánh với Trà Nóc") as one, joined with "và" / "and"."""
    if len(entities) == 1:
        return entities[0]
    first = entities[0]
    if len(entities) == 2 and _WHERE_IN.fullmatch(question[first.end : entities[1].start]) and place_named(entities[1].name):
        # "KCN Sonadezi Long Thành bên Đồng Nai": one park and where it is.
        return Entity(name=f"{first.name} ({entities[1].name})", prefix=first.prefix, start=first.start, end=entities[1].end)
    joiner = " and " if detect_language(question) == "en" else " và "
    return Entity(
        name=joiner.join(e.name for e in entities),
        prefix=first.prefix,
        start=first.start,
        end=entities[-1].end,
    )


def _with_conjuncts(template: str, old: Entity, written: list[Entity]) -> Entity:
    """``old`` with the names joined to it ("Hòa Khánh và Trà Nóc"), as one span to replace."""
    end = old.end
    for entity in sorted(written, key=lambda e: e.start):
        if entity.start >= end and _CONJUNCTION.fullmatch(template[end : entity.start]):
            end = entity.end
    if end == old.end:
        return old
    return Entity(name=template[old.start : end], prefix=old.prefix, start=old.start, end=end)
