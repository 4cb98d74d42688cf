"""Rewrite a chat follow-up into a standalone question, without any LLM.

The chat shows the rewritten question to the user, so every rule produces a question a person
would write. Markers and pronouns come from ``kb/data/followup_markers.toml``; they are
matched as whole words, exactly (lower-cased) for a question typed with diacritics and
accent-folded for one typed without ("con o Amata thi sao").

Rules, tried in this order on the NFC-normalised follow-up (the previous questions are first
resolved the same way, oldest first, so that follow-ups of follow-ups work):

1. **Tell me more.** "cho tôi biết thêm", "tell me more (about it)" -> the previous question.
2. **New slot.** A follow-up marker ("còn …", "và …", "… thì sao", "what about …",
   "how about …") around a bare slot (no question word), or a question that is nothing but a
   name or a provision:

   - a provision ("còn Điều 38 thì sao?", "khoản 2 thì sao?") replaces the provision of the
     last question that named one, keeping its document ("Điều 38 Nghị định 35/2022 quy
     định gì?");
   - a name ("còn ở Amata thì sao?", "What about Ulsan?") replaces the first name of the
     previous question ("KCN Amata đã triển khai …"); when that question names nothing, the
     name is inserted before its question ending ("Cộng sinh công nghiệp ở Amata là gì?");
   - a topic ("còn xử lý nước thải thì sao?") is asked about the last named entity
     ("Xử lý nước thải ở KCN Hiệp Phước như thế nào?"), or with the previous question's
     ending when no entity was named ("Sản xuất sạch hơn là gì?");
   - a pronoun ("còn nó thì sao?") -> the previous question.

3. **Pronouns.** In a full question, "nó", "it", "its", "khu này", "KCN đó", "dự án này",
   "ở đó", "this park", "… there" become the last named entity; "điều này", "this article"
   the last named provision.
4. **Provision without its document.** "Điều 38 quy định gì?" after a question on
   Nghị định 35/2022 -> "Điều 38 Nghị định 35/2022 quy định gì?".
5. **No subject of its own** (:mod:`kb.query.subjectless`). A short Vietnamese question that starts with its predicate or a
   time phrase ("thí điểm ở những địa phương nào?", "sau 10 năm thì thế nào?", "mất bao lâu?")
   is asked about the previous question's topic — that question without its question phrase:
   "Giai đoạn 1 của dự án … được khởi động: thí điểm ở những địa phương nào?".

Anything else — in particular a question that names its own subject — is returned as it
is (normalised) with ``False``. Entities (names written with capitals) are found by
:mod:`kb.query.entities`; earlier turns are held by :mod:`kb.query.followup_context`, rules 3 and 4
live in :mod:`kb.query.pronoun_resolution` and :mod:`kb.query.provision_followup`, the LLM mode's
rewrite in :mod:`kb.query.llm_followup`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.query.entities import (
    LANGUAGES,
    Entity,
    folded_view,
    markers,
    phrase_pattern,
    scan_entities,
    text_view,
)
from kb.query.followup_context import FollowupContext, Turn, in_language, last_entity
from kb.query.language import detect_language
from kb.query.more_requests import asks_for_more
from kb.query.name_switch import joined_names, switch_name, switch_pair
from kb.query.new_subject import english_event, same_question_asked, subject_then_asked, subject_then_question
from kb.query.places import place_named
from kb.query.pronoun_resolution import resolve_pronouns
from kb.query.provision_followup import complete_provision, names_provision, substitute_provision
from kb.query.question_frame import (
    question_frame,
    strip_end,
    switch_event,
    switch_number,
    switch_subject,
    switch_to_other_parts,
    switch_year,
)
from kb.query.slot_switch import (
    ABOUT,
    complete_part_owner,
    switch_aspect,
    switch_measure,
    switch_named_head,
    switch_occurrence,
    switch_period,
    switch_place,
    switch_predicate_subject,
    switch_relative_period,
)
from kb.query.subjectless import (
    MARKED_SUBJECTLESS_WORDS,
    MAX_SUBJECTLESS_WORDS,
    capitalise,
    carry_english_topic,
    carry_topic,
    content_words,
)
from kb.text.normalize import fold_accents, has_diacritics, normalize_query


def rewrite_followup(question: str, history: list[Turn], *, max_turns: int = 3) -> tuple[str, bool]:
    """The standalone form of ``question`` given the last ``max_turns`` turns, and whether it changed.

    The question is NFC-normalised; when it is already standalone (or nothing in the history
    can complete it) it is returned as it is with ``False``.

    >>> history = [Turn("KCN Hiệp Phước đã triển khai cộng sinh công nghiệp như thế nào?")]
    >>> rewrite_followup("còn ở Amata thì sao?", history)
    ('KCN Amata đã triển khai cộng sinh công nghiệp như thế nào?', True)
    """
    question = normalize_query(question)
    window = history[-max_turns:] if max_turns > 0 else []
    contexts: list[FollowupContext] = []
    for turn in window:
        earlier = normalize_query(turn.question)
        if not earlier:
            continue
        if contexts:  # a follow-up of a follow-up: resolve the earlier one first
            earlier = _rewrite(earlier, contexts) or earlier
        contexts.append(FollowupContext.of(earlier, turn.entities, turn.answer))
    if not question or not contexts:
        return question, False
    rewritten = _rewrite(question, contexts)
    if rewritten is None or rewritten == question:
        return question, False
    if _carries_unaccented_words(question, rewritten, contexts):
        # Typed without diacritics after a question typed with them: a question half accented is
        # read as accented, and the unaccented half would match nothing. All of it is read unaccented
        # (the preprocessor restores the diacritics it can).
        rewritten = fold_accents(rewritten)
    return rewritten, True


def _carries_unaccented_words(question: str, rewritten: str, contexts: list[FollowupContext]) -> bool:
    """Whether the rewritten question keeps words the follow-up typed without diacritics (two or
    more, not in an earlier question) next to words with diacritics ("Hội thảo … : do nhung don vi
    nao dong to chuc?"). A switched name alone ("con o Amata thi sao") carries none."""
    if has_diacritics(question) or not has_diacritics(rewritten) or detect_language(question) != "vi":
        return False
    earlier = {w for c in contexts for w in re.findall(r"\w+", c.question)}
    kept = set(re.findall(r"\w+", rewritten))
    carried = {w for w in re.findall(r"\w+", question) if w.islower() and w in kept and w not in earlier}
    return len(carried) >= 2


@dataclass(frozen=True)
class _Parts:
    """A follow-up split around its markers: ``question[pos:end]`` is the slot."""

    pos: int  # after the leading markers
    slot: int  # after the prepositions too ("ở Amata" -> "Amata")
    end: int  # before the trailing markers and punctuation
    marked: bool
    language: str  # of the markers found, "" if none


_WHERE = re.compile(r"(?<!\w)(?:ở|tại|o|tai|in|at)(?!\w)", re.IGNORECASE)
_DEFINITE = re.compile(r"the\s", re.IGNORECASE)
# "Thế nào là …?", "vậy sao?": "thế" / "vậy" asking how, not leading a follow-up.
_ASKS_HOW = re.compile(r"\s*(?:nào|nao|sao)(?!\w)")


def _split(question: str) -> _Parts:
    m = markers()
    view, folded = text_view(question)
    full_end = end = len(strip_end(question))
    pos, language = 0, ""
    for _ in range(3):  # "và còn …"
        for lang in LANGUAGES:
            pattern = phrase_pattern(m.get(lang, "leading"), folded, "^")
            match = pattern.match(view, pos, end) if pattern else None
            # Typed without diacritics, "thế" reads "the": only "thế còn" leads then.
            bare = folded and view[match.start() : match.end()].strip() in ("the", "vay") if match else False
            if match and not bare and not _ASKS_HOW.match(view, match.end()):
                pos, language = match.end(), lang
                break
        else:
            break
    for _ in range(2):  # "… thì sao nữa"
        for lang in LANGUAGES:
            pattern = phrase_pattern(m.get(lang, "trailing"), folded, "$")
            match = pattern.search(view, pos, end) if pattern else None
            if match:
                end, language = match.start(), lang
                break
        else:
            break
    marked = pos > 0 or end < full_end
    while pos < end and question[pos] in " ,":
        pos += 1
    end = max(pos, len(question[:end].rstrip(" ,")))
    slot = pos
    prepositions = phrase_pattern(m.both("prepositions"), folded, "^")
    for _ in range(2):  # "đối với ở …" is rare; "về ở" is not
        match = prepositions.match(view, slot, end) if prepositions else None
        if not match:
            break
        slot = match.end()
        while slot < end and question[slot] == " ":
            slot += 1
    return _Parts(pos=pos, slot=slot, end=end, marked=marked, language=language)


def _rewrite(question: str, contexts: list[FollowupContext]) -> str | None:
    """The standalone question, or None when ``question`` stays as it is."""
    m = markers()
    view, folded = text_view(question)
    parts = _split(question)
    language = parts.language or detect_language(question)

    # Rule 1: "tell me more", "còn gì nữa?", "cho tôi biết thêm (về nó)".
    if asks_for_more(question):
        return contexts[-1].question
    more = _more(view, folded, parts.pos, parts.end, contexts[-1].question)
    if more is not None:
        return contexts[-1].question if more else None
    if parts.pos >= parts.end:
        return None  # "thì sao?" alone: nothing to complete

    # Rule 2: a bare slot (no question word) after a marker, or a question that is only a name/provision.
    # The question words of the follow-up's language: typed without diacritics, "Can Tho" holds the
    # English "can".
    question_words = phrase_pattern(m.get(language, "question_words"), folded)
    bare = parts.slot < parts.end and not (
        question_words and question_words.search(view, parts.slot, parts.end)
    )
    if bare:
        result = _rewrite_slot(question, parts, language, contexts)
        if result is not None:
            return result
        if parts.marked:
            return None

    # Rule 2b: "còn X thì Y?": a new subject with a question of its own ("còn doanh nghiệp sinh thái
    # thì tiêu chí là gì?" -> "Doanh nghiệp sinh thái: tiêu chí là gì?").
    if parts.pos > 0:
        slot = question[parts.slot : parts.end]
        if (same := same_question_asked(slot, contexts[-1].question)) is not None:
            # "Còn bên VNCPC thì ai?" after "Ai là đại diện của Sofies …?": the same question of VNCPC.
            switched = _rewrite(same, contexts)
            if switched is not None:
                return switched
        own = subject_then_question(slot, question_words, contexts[-1].question)
        if own is None and language == "vi":
            own = subject_then_asked(slot, contexts[-1].question)
        if own is None and language == "en" and scan_entities(slot) and question_words and question_words.search(view):
            own = english_event(slot, contexts[-1].question)
        if own is not None:
            return own

    # Rules 3-4: a full question (without its leading marker): pronouns, provision's document.
    text = question[parts.pos :] if parts.marked else question
    resolved = complete_provision(resolve_pronouns(text, contexts, language), contexts, language)
    if resolved != text:
        return capitalise(resolved)
    # Rule 4b: another numbered part of what the previous question asked about ("giai đoạn 2 bắt đầu
    # khi nào?" after "Giai đoạn 1 của dự án … "): that part of the same thing.
    owned = complete_part_owner(text, contexts[-1].question)
    if owned is not None:
        return capitalise(owned)
    # Rule 5: a question without a subject of its own, about the previous question's topic …
    limit = MARKED_SUBJECTLESS_WORDS if parts.marked else MAX_SUBJECTLESS_WORDS
    if language == "vi":
        # … or about the park the answer named, when the previous question asked which park.
        return carry_topic(text, _answered_park(contexts[-1]) or contexts[-1].question, limit)
    return carry_english_topic(text, contexts[-1].question, limit, parts.marked)


_WHICH_PARK = re.compile(r"\b(?:kcn|khu cong nghiep)(?: sinh thai)? nao\b")


def _answered_park(context: FollowupContext) -> str:
    """The park the answer's source names for "KCN nào …?" ("KCN Nam Cầu Kiền"), else ""."""
    if not _WHICH_PARK.search(fold_accents(context.question).lower()):
        return ""
    named = (e for e in context.entities if e.start < 0 and fold_accents(e.full).lower().startswith(("kcn ", "khu cong nghiep ")))
    return next((e.full for e in named), "")


def _more(view: str, folded: bool, pos: int, end: int, previous: str = "") -> bool | None:
    """None: not a "tell me more"; True: more on the previous topic ("nói thêm về vụ hợp tác này đi"
    after a question on that cooperation: its words are the previous question's); False: more on a
    new subject."""
    m = markers()
    pattern = phrase_pattern(m.both("more"), folded, "^")
    match = pattern.match(view, pos, end) if pattern else None
    if not match:
        return None
    asked = set(re.findall(r"\w+", fold_accents(previous).lower()))
    said = [fold_accents(w) for w in content_words(view[match.end() : end])]
    return all(w in asked or w in _MATTER_WORDS for w in said)


# "vụ hợp tác này", "việc đó", "the matter": words that only point at what was asked (folded).
_MATTER_WORDS = frozenset({"vu", "viec", "chuyen", "dieu", "matter", "point"})


def _rewrite_slot(question: str, parts: _Parts, language: str, contexts: list[FollowupContext]) -> str | None:
    """Rule 2: the slot (a provision, a name, a pronoun or a topic) in the previous question's frame."""
    core = question[parts.slot : parts.end]
    core_view = text_view(core)[0]
    fold_core = folded_view(core)

    # A provision ("Điều 38", "khoản 2 Điều 38", "khoản 2").
    if names_provision(core, fold_core):
        return substitute_provision(core, fold_core, language, contexts, parts.marked)

    # A name ("Amata", "KCN Trà Nóc"), alone.
    entities = [e for e in scan_entities(question) if e.start >= parts.slot and e.end <= parts.end]
    if entities:
        rest = core_view
        for entity in sorted(entities, key=lambda e: -e.start):
            rest = rest[: entity.start - parts.slot] + " " + rest[entity.end - parts.slot :]
        if content_words(rest):
            # "còn Vụ Quản lý các Khu Kinh tế?": the office of the same head noun; else "wastewater
            # at Ulsan" names its own subject and topic.
            named = switch_named_head(core, contexts[-1].question) if parts.marked else None
            return capitalise(named) if named else None
        previous = contexts[-1]
        return switch_pair(entities, previous.question, previous.entities) or switch_name(
            joined_names(entities, question), previous.question, previous.entities
        )
    if not parts.marked:
        return None
    # A province or city typed in lower case or without diacritics ("the con can tho?").
    place = place_named(core)
    if place is not None:
        return switch_name(Entity(name=place), contexts[-1].question, contexts[-1].entities)

    # An anaphor ("còn nó thì sao?", "what about this park?"): the previous question; with a
    # topic ("còn diện tích của nó thì sao?"): that topic of the entity.
    resolved = resolve_pronouns(core, contexts, language)
    if resolved != core:
        if not content_words(core_view):
            return contexts[-1].question
        return in_language(language, f"{capitalise(resolved)} như thế nào?", f"What about {resolved}?")

    # Another year, another numbered part, another kind of the same subject: the previous question
    # with that part replaced ("thế năm 2018 thì sao?", "còn phiên 2?", "còn doanh nghiệp sinh thái?").
    previous = contexts[-1]
    # "còn về môi trường thì sao?": an aspect of the same question, said as one.
    switched = switch_aspect(core, previous.question) if ABOUT.search(question[parts.pos : parts.slot]) else None
    switched = switched or switch_relative_period(core, previous.question) or switch_occurrence(core, previous.question)
    switched = switched or switch_event(core, previous.question) or switch_year(core, previous.question)
    switched = switched or switch_period(core, previous.question) or switch_number(core, previous.question)
    switched = switched or switch_to_other_parts(core, previous.question)
    switched = switched or switch_subject(core, previous.question)
    # A place said as where ("còn ở sonadezi long thành?") takes the previous question's place;
    # else what was counted ("bao nhiêu MWh điện" -> "nước ngọt"), or the subject before the verb.
    if _WHERE.search(question[parts.pos : parts.slot]):
        switched = switched or switch_place(core, previous.question)
    elif not _DEFINITE.match(core):
        # Not "what about the gypsum?" after "How many homes does surplus heat … heat?": a thing the
        # source tells of, not another thing counted ("How many the gypsum …").
        switched = switched or switch_measure(core, previous.question)
        switched = switched or switch_predicate_subject(core, previous.question)
    if switched:
        return capitalise(switched)

    # A topic ("còn xử lý nước thải thì sao?").
    entity = previous.entities[0] if previous.entities else None
    if entity is None:
        frame = question_frame(previous.question)
        if frame:
            head, tail = frame
            return capitalise(head + core + tail)
        entity = last_entity(contexts)
    if entity is None:
        return None
    return in_language(
        language, f"{capitalise(core)} ở {entity.full} như thế nào?", f"What about {core} in {entity.full}?"
    )


