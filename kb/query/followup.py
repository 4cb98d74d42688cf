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
:mod:`kb.query.entities`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kb.query.answer_entity import PERSON, AnswerEntity, answer_entity, answer_pronouns, named_person_pronouns
from kb.query.answer_types import asked_kind
from kb.query.entities import (
    LANGUAGES,
    Entity,
    alternation,
    folded_view,
    locate,
    markers,
    phrase_pattern,
    scan_entities,
    text_view,
)
from kb.query.instruments import instruments_written
from kb.query.language import detect_language
from kb.query.more_requests import asks_for_more
from kb.query.name_switch import joined_names, switch_name, switch_pair
from kb.query.new_subject import english_event, same_question_asked, subject_then_asked, subject_then_question
from kb.query.organisations import asks_developer
from kb.query.person_names import titled_names
from kb.query.places import place_named
from kb.query.provisions import ProvisionReference, parse_provision_reference
from kb.query.question_frame import (
    asked_thing,
    question_frame,
    strip_end,
    subject_phrase,
    switch_event,
    switch_number,
    switch_subject,
    switch_to_other_parts,
    switch_year,
)
from kb.query.question_shape import question_years
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
from kb.text.legal_vocabulary import KIND_NAMES_EN, KIND_NAMES_VI
from kb.text.normalize import fold_accents, has_diacritics, normalize_query


@dataclass
class Turn:
    """One earlier exchange of the conversation.

    ``entities`` may add names the question itself does not show (e.g. the park of the
    cited sources); names written in the question are found automatically. ``answer`` is the
    answer's text ("" when it was refused): a later "công ty đó" / "he" may mean whom it named.
    """

    question: str
    answer: str = ""
    entities: list[str] = field(default_factory=list)


# ----------------------------------------------------------------------------- provisions

# The provision part of a reference (without its document), on folded lower-case text.
_PROVISION_SPAN = re.compile(
    r"(?<!\w)(?:(?:diem|point)\s+[a-z]\s+(?:(?:cua|of)\s+)?)?"
    r"(?:(?:khoan|clause|paragraph)\s+\d+[a-z]?\s+(?:(?:cua|of)\s+)?)?"
    r"(?:dieu|article|art\.)\s*\d+[a-z]?(?!\w)"
)
_CLAUSE_ONLY = re.compile(
    r"^(?:(?:diem|point)\s+[a-z]\s+(?:(?:cua|of)\s+)?)?(?:khoan|clause|paragraph)\s+\d+[a-z]?$"
)


def _document_label(ref: ProvisionReference, language: str) -> str:
    """ "Nghị định 35/2022" / "Decree 35/2022" for a reference's document."""
    if not ref.document:
        return ""
    if "/" not in ref.document:
        return ref.document
    names = KIND_NAMES_EN if language == "en" else KIND_NAMES_VI
    return f"{names.get(ref.kind or '', '')} {ref.document}".strip()


# ----------------------------------------------------------------------------- context


@dataclass
class _Context:
    """A previous question, already made standalone, with what it names."""

    question: str
    entities: list[Entity]
    provision: ProvisionReference | None
    answered: AnswerEntity | None = None  # who or what the answer named ("công ty đó", "he")

    @classmethod
    def of(cls, question: str, extra: list[str], answer: str = "") -> _Context:
        entities = scan_entities(question)
        keys = {e.key for e in entities}
        for name in extra:
            name = normalize_query(name)
            key = fold_accents(name).lower()
            if name and key not in keys:
                entities.append(locate(question, name) or Entity(name=name))
                keys.add(key)
        return cls(question, entities, parse_provision_reference(question), answer_entity(question, answer))

    def referent(self) -> str:
        """What "nó" / "it" stands for: the thing a "What was the … project …?" question asked
        about, else the first name, else the provision."""
        asked = asked_thing(self.question) or subject_phrase(self.question)
        if asked:
            return asked
        # "Nghị định 82/2018 … ban hành ngày nào?" then "giờ nó còn hiệu lực không?": the decree, not
        # a name the answer's sources carried ("Việt Nam").
        written = instruments_written(self.question)
        if written:
            return written[0]
        if self.entities:
            return self.entities[0].full
        return self.provision.describe() if self.provision else ""


def _last_entity(contexts: list[_Context]) -> Entity | None:
    for context in reversed(contexts):
        if context.entities:
            return context.entities[0]
    return None


def _is_person(entity: Entity, contexts: list[_Context]) -> bool:
    """Whether a question named ``entity`` after a form of address ("Bà Lê Thanh Thảo")."""
    return any(entity.name in titled_names(c.question) for c in contexts)


def _last_provision(contexts: list[_Context]) -> _Context | None:
    for context in reversed(contexts):
        if context.provision is not None:
            return context
    return None


def _last_referent(contexts: list[_Context]) -> str:
    for context in reversed(contexts):
        if context.referent():
            return context.referent()
    return ""


def _question(language: str, vi: str, en: str) -> str:
    return en if language == "en" else vi


# ----------------------------------------------------------------------------- rewriting


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
    contexts: list[_Context] = []
    for turn in window:
        earlier = normalize_query(turn.question)
        if not earlier:
            continue
        if contexts:  # a follow-up of a follow-up: resolve the earlier one first
            earlier = _rewrite(earlier, contexts) or earlier
        contexts.append(_Context.of(earlier, turn.entities, turn.answer))
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


def _carries_unaccented_words(question: str, rewritten: str, contexts: list[_Context]) -> bool:
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


def _rewrite(question: str, contexts: list[_Context]) -> str | None:
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
    resolved = _complete_provision(_resolve_pronouns(text, contexts, language), contexts, language)
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


def _answered_park(context: _Context) -> str:
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


def _rewrite_slot(question: str, parts: _Parts, language: str, contexts: list[_Context]) -> str | None:
    """Rule 2: the slot (a provision, a name, a pronoun or a topic) in the previous question's frame."""
    core = question[parts.slot : parts.end]
    core_view = text_view(core)[0]
    fold_core = folded_view(core)

    # A provision ("Điều 38", "khoản 2 Điều 38", "khoản 2").
    provision = _PROVISION_SPAN.match(fold_core)
    if _CLAUSE_ONLY.match(fold_core) or (provision and parse_provision_reference(core) is not None):
        return _substitute_provision(core, fold_core, language, contexts, parts.marked)

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
    resolved = _resolve_pronouns(core, contexts, language)
    if resolved != core:
        if not content_words(core_view):
            return contexts[-1].question
        return _question(language, f"{capitalise(resolved)} như thế nào?", f"What about {resolved}?")

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
        entity = _last_entity(contexts)
    if entity is None:
        return None
    return _question(
        language, f"{capitalise(core)} ở {entity.full} như thế nào?", f"What about {core} in {entity.full}?"
    )


def _provision_words(article: str, clause: str | None, point: str | None, language: str) -> str:
    """ "điểm a khoản 2 Điều 38" / "Point a of Clause 2 of Article 38" (without the document)."""
    if language == "en":
        parts = [
            f"Point {point}" if point else "",
            f"Clause {clause}" if clause else "",
            f"Article {article}",
        ]
        return " of ".join(p for p in parts if p)
    parts = [f"điểm {point}" if point else "", f"khoản {clause}" if clause else "", f"Điều {article}"]
    return " ".join(p for p in parts if p)


_CLAUSE_NUMBER = re.compile(r"(?<!\w)(?:khoan|clause|paragraph)\s+(\d+[a-z]?)(?!\w)")
_POINT_LETTER = re.compile(r"(?<!\w)(?:điểm|diem|point)\s+(\w)(?!\w)")


def _substitute_provision(
    core: str, fold_core: str, language: str, contexts: list[_Context], marked: bool
) -> str | None:
    """The last provision question, about the provision ``core`` names, keeping its document."""
    new_ref = parse_provision_reference(core)
    standalone = _question(language, f"{capitalise(core)} quy định gì?", f"What does {core} say?")
    context = _last_provision(contexts)
    if context is None or context.provision is None:
        return standalone if marked and new_ref is not None and new_ref.document else None
    previous, old_ref = context.question, context.provision
    span = _PROVISION_SPAN.search(folded_view(previous))
    if span is None:
        return None
    if new_ref is not None and new_ref.document:
        same = fold_accents(new_ref.document).lower() == fold_accents(old_ref.document or "").lower()
        if not same:
            return standalone  # another document: ask about the new reference as written
    if new_ref is not None:
        article, clause, point = new_ref.article, new_ref.clause, new_ref.point
    else:  # "khoản 2": a clause of the previous article
        clause_match = _CLAUSE_NUMBER.search(fold_core)
        point_match = _POINT_LETTER.search(text_view(core)[0])
        article = old_ref.article
        clause = clause_match.group(1) if clause_match else None
        point = point_match.group(1) if point_match else None
    new_text = _provision_words(article, clause, point, detect_language(previous))
    return capitalise(previous[: span.start()] + new_text + previous[span.end() :])


def _resolve_pronouns(text: str, contexts: list[_Context], language: str) -> str:
    """Rule 3: pronouns and "<head> này/đó" replaced by the last named entity or provision."""
    m = markers()
    view, folded = text_view(text)
    entity = _last_entity(contexts)
    provision_context = _last_provision(contexts)
    provision = (
        provision_context.provision.describe() if provision_context and provision_context.provision else ""
    )
    referent = _last_referent(contexts)
    replacements: list[tuple[int, int, str]] = []

    def add(start: int, end: int, value: str) -> None:
        if value and not any(s < end and start < e for s, e, _ in replacements):
            replacements.append((start, end, value))

    # Provision pronouns first: "điều này" is not the demonstrative "này" of a park.
    pattern = phrase_pattern(m.both("provision_pronouns"), folded)
    for match in pattern.finditer(view) if pattern else ():
        add(match.start(), match.end(), provision)
    # "Dự án “…” do ai tài trợ?" then "nó kéo dài bao lâu?": "nó" is the titled project, not its funder.
    titled = any(e.title for e in contexts[-1].entities)
    # "Cụm KCN DEEP C … do nhà đầu tư nào phát triển?" then "nó có bao nhiêu ha?": the park the question
    # opened with, not its investor.
    first = contexts[-1].entities[0] if contexts[-1].entities else None
    park_first = first is not None and bool(first.prefix) and len(contexts[-1].question[: first.start].split()) <= 2
    # "Who developed the DEEP C industrial zones?" then "nó bắt đầu từ năm nào?": the park, not its developer
    # (but "Công ty nào là chủ đầu tư …?" asks a company by its kind: "nó" is the company answered).
    developed = (
        first is not None
        and asks_developer(fold_accents(contexts[-1].question).lower())
        and not asked_kind(contexts[-1].question)
    )
    answer_pronouns(view, folded, language, contexts[-1].answered, add, it_is_answered=not (titled or park_first or developed))
    if contexts[-1].answered is None or contexts[-1].answered.kind != PERSON:
        named_person_pronouns(view, folded, language, [c.question for c in contexts], add)
    if entity is not None:
        prefixes = {p.lower() for p in m.get("vi", "prefixes")}
        for lang in LANGUAGES:
            demonstratives = alternation(m.get(lang, "demonstratives"), folded)
            for heads_name in ("place_heads", "other_heads"):
                heads = alternation(m.get(lang, heads_name), folded)
                if not heads or not demonstratives or (heads_name == "other_heads" and _is_person(entity, contexts)):
                    continue  # "mô hình này" is no "mô hình Lê Thanh Thảo"
                if lang == "vi":  # "khu này", "dự án đó"
                    regex = rf"(?<!\w)(?P<head>{heads})\s+(?:{demonstratives})(?!\w)"
                else:  # "this park", "that project"
                    regex = rf"(?<!\w)(?:{demonstratives})\s+(?P<head>{heads})(?!\w)"
                for match in re.finditer(regex, view):
                    head = text[match.start("head") : match.end("head")]
                    if heads_name == "place_heads":
                        # "khu công nghiệp này" -> "khu công nghiệp Amata" when the name has no prefix.
                        keep_head = lang == "vi" and not entity.prefix and head.lower() in prefixes
                        value = f"{head} {entity.name}" if keep_head else entity.full
                    elif fold_accents(entity.name).lower().startswith(fold_accents(head).lower() + " "):
                        value = entity.name  # "công ty đó" -> "Công ty CP Khí …", not "Công ty Công ty …"
                    elif lang == "vi":
                        value = f"{head} {entity.name}"
                    else:
                        value = f"{entity.name} {head}"
                    add(match.start(), match.end(), value)
        # "ở đó", "tại đó" -> "ở KCN …".
        locatives = alternation(m.get("vi", "locatives"), folded)
        far = alternation(("đó", "đấy", "ấy"), folded)
        for match in re.finditer(rf"(?<!\w)(?P<loc>{locatives})\s+(?:{far})(?!\w)", view):
            add(match.start(), match.end(), f"{text[match.start('loc') : match.end('loc')]} {entity.full}")
        if language == "en":
            # "… there?" at the end, but not "is there …".
            there = re.search(r"(?<!\w)(?<!is )(?<!are )(?<!was )(?<!were )(?<!be )there(?=\s*[?.!]*$)", view)
            if there:
                add(there.start(), there.end(), f"in {entity.full}")
            # "What industries are there?": there are some, in the place last named.
            there = re.search(r"^(?:what|which|how many)\b.*\b(?:is|are|was|were) (there)(?=\s*[?.!]*$)", view)
            if there:
                add(there.start(1), there.end(1), f"there in {entity.full}")
            possessives = phrase_pattern(m.get("en", "possessives"), folded)
            own = [e.end for e in scan_entities(text)]
            for match in possessives.finditer(view) if possessives else ():
                # "Where does the Kalundborg refinery get its water?": its own name comes first.
                if not any(end <= match.start() for end in own):
                    add(match.start(), match.end(), f"{entity.full}'s")
    # "nó" (unaccented "no" only in a Vietnamese question), "it" only in an English one.
    vi_pronouns = phrase_pattern(m.get("vi", "pronouns"), folded)
    if vi_pronouns and (not folded or language == "vi"):
        for match in vi_pronouns.finditer(view):
            add(match.start(), match.end(), referent)
    en_pronouns = phrase_pattern(m.get("en", "pronouns"), folded)
    if en_pronouns and language == "en":
        for match in en_pronouns.finditer(view):
            add(match.start(), match.end(), referent)

    # "năm đó", "cùng năm", "that year": the year the last question naming one year asked about.
    year = _last_year(contexts)
    if year:
        for pattern, value in _YEAR_ANAPHORS:
            for match in pattern.finditer(view):
                written = value.format(year=year)
                add(match.start(), match.end(), fold_accents(written) if folded else written)

    out = text
    for start, end, value in sorted(replacements, key=lambda r: -r[0]):
        out = out[:start] + value + out[end:]
    return out


# Words standing for a year named before, matched on the lower-cased (and, typed without
# diacritics, folded) question, and what replaces them.
_YEAR_ANAPHORS = (
    (re.compile(r"(?<!\w)n[aă]m (?:đó|ấy|đấy|do|ay|day)(?!\w)"), "năm {year}"),
    (re.compile(r"(?<!\w)(?:cùng|cung) n[aă]m(?! \d)(?!\w)"), "cùng năm {year}"),
    (re.compile(r"(?<!\w)(?:in )?(?:that|the same) year(?!\w)"), "in {year}"),
    # "lúc đó", "thời điểm ấy", "at that time": when the question before was set ("… năm 2018?").
    (re.compile(r"(?<!\w)(?:lúc|luc|thời điểm|thoi diem) (?:đó|ấy|đấy|do|ay|day)(?!\w)"), "năm {year}"),
    (re.compile(r"(?<!\w)(?:at that time|back then)(?!\w)"), "in {year}"),
)


def _last_year(contexts: list[_Context]) -> str:
    """The year of the latest question that names exactly one ("" when it names none or several)."""
    for context in reversed(contexts):
        years = question_years(context.question)
        if years:
            return years[0] if len(years) == 1 else ""
    return ""


def _complete_provision(text: str, contexts: list[_Context], language: str) -> str:
    """Rule 4: "Điều 38 quy định gì?" gets the document of the last provision question."""
    ref = parse_provision_reference(text)
    if ref is None or ref.document:
        return text
    context = _last_provision(contexts)
    if context is None or context.provision is None or not context.provision.document:
        return text
    span = _PROVISION_SPAN.search(folded_view(text))
    if span is None:
        return text
    joiner = " of " if language == "en" else " "
    return text[: span.end()] + joiner + _document_label(context.provision, language) + text[span.end() :]


REWRITE_SYSTEM_PROMPT = (
    "Rewrite the user's last question so that it can be understood without the conversation: "
    "replace pronouns and elliptical phrases with what they refer to. Keep its language and meaning; "
    "do not answer it. If it is already self-contained, return it unchanged. "
    "Reply with the question only, on one line."
)


def rewrite_followup_with_llm(
    question: str, history: list[Turn], generator: object, *, max_turns: int = 3
) -> tuple[str, bool]:
    """The standalone question from a chat model (any Haystack chat generator).

    Used in the chat's LLM mode when the rules above leave the question unchanged. A reply
    that is empty, multi-line or much longer than a question is ignored (the question is kept).
    """
    from haystack.dataclasses import ChatMessage

    question = normalize_query(question)
    window = [t for t in history[-max_turns:] if t.question.strip()] if max_turns > 0 else []
    if not question or not window:
        return question, False
    conversation = "\n".join(f"Q: {normalize_query(t.question)}" for t in window)
    messages = [
        ChatMessage.from_system(REWRITE_SYSTEM_PROMPT),
        ChatMessage.from_user(f"Conversation:\n{conversation}\n\nLast question: {question}"),
    ]
    try:
        replies = generator.run(messages=messages)["replies"]  # type: ignore[attr-defined]
        text = normalize_query(replies[0].text or "") if replies else ""
    except Exception:  # an unreachable or failing model must not block the question
        return question, False
    text = text.strip().strip('"“”').strip()
    if not text or "\n" in text or len(text) > max(200, 3 * len(question)) or text == question:
        return question, False
    return text, True
