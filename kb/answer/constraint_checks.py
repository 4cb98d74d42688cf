"""Constraints a question puts on its answer that the sentences found may not meet.

Each check returns the reason to refuse ("" when the passages may answer), in the answer's
language, naming what is missing:

- :func:`numbered_part_candidates`: a numbered part the question asks about ("Phiên 3", "giai đoạn
  2", "phase 2", "lần thứ nhất") is answered only from passages that speak of it;
- :func:`exclusive_qualifier_reason`: the question's qualifier has an exclusive counterpart in the
  relevant sentences and is itself absent ("các tỉnh phía Nam" answered by "các tỉnh phía Bắc";
  "thực tế" by "dự kiến"; "tối đa" by "tối thiểu");
- :func:`dated_year_reason`: a date asked for a year ("tổ chức năm 2016, diễn ra vào ngày nào?")
  answered only with dates of other years;
- :func:`who_relation_reason`: "ai dẫn đầu …", "ai chủ trì …": no relevant sentence holds the
  relation asked ("dẫn đầu"), so a name found beside it is no answer;

A share asked of what (:mod:`kb.answer.share_base`) is checked apart.

All matching is on accent-folded, lower-cased text, so unaccented questions work the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.answer.citations import text_for
from kb.answer.figure_text import holds_figure
from kb.answer.qualifier_view import qualifier_view
from kb.answer.refusal_checks import (
    NOT_GIVEN,
    RIVAL_SHARE,
    _lang,
    quoted_names,
    relevant_sentences,
)
from kb.answer.sentence_candidates import SentenceCandidate
from kb.index.snapshot import IndexSnapshot
from kb.query.answer_types import holds_date
from kb.query.question_shape import ORDINAL_WORDS, QuestionShape, question_shape, years_in
from kb.query.terms import whole_term_translations
from kb.text.normalize import fold_accents

NOT_ABOUT_PART = {
    "vi": "Các đoạn tìm được không nói về {names}.",
    "en": "The passages found are not about {names}.",
}
OTHER_QUALIFIER = {
    "vi": "Các đoạn tìm được nói về {given}, không nói về {asked}.",
    "en": "The passages found speak of {given}, not of {asked}.",
}
ONLY_TOGETHER = {
    "vi": "Các đoạn tìm được chỉ nêu số chung {given}, không nêu riêng {asked}.",
    "en": "The passages found give one figure for {given}, not for {asked} alone.",
}
OTHER_YEAR_DATE = {
    "vi": "Các đoạn tìm được chỉ nêu thời điểm của năm {given}, không có của năm {years}.",
    "en": "The passages found give dates in {given}, not in {years}.",
}
NO_RELATION = {
    "vi": "Các đoạn tìm được không nêu ai “{relation}”.",
    "en": "The passages found do not say who {relation}.",
}


def _folded(text: str) -> str:
    return fold_accents(text).lower()


# -- numbered parts --------------------------------------------------------------------------------

# A part of an event or a programme and its number, folded: "phien 3", "giai doan 2", "phase 2",
# "dot 1", "lan thu nhat". Heads of the two languages that name the same part share a key.
_PART_HEADS = {
    "phien": "phien",
    "session": "phien",
    "giai doan": "giai doan",
    "phase": "giai doan",
    "stage": "giai doan",
    "hop phan": "hop phan",
    "component": "hop phan",
    "dot": "dot",
    "round": "dot",
    "lan": "lan",
}
_ORDINALS = {**ORDINAL_WORDS, "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}  # and Roman numerals
_HEAD = "|".join(sorted(map(re.escape, _PART_HEADS), key=len, reverse=True))
_NUMBER = r"\d{1,2}|" + "|".join(sorted(_ORDINALS, key=len, reverse=True))
# "phiên 3", "phiên thứ 3", "giai đoạn II", "lần thứ nhất" ("lần" only with "thứ": "lần này" is no part).
# Not a date's month: "giai đoạn 11/2020–11/2021".
_PART = re.compile(rf"\b({_HEAD})\s+(thu\s+)?({_NUMBER})\b(?![/.]\d)")
# "the first phase", "the second session".
_PART_BEFORE = re.compile(rf"\b(first|second|third|fourth|fifth|sixth)\s+({_HEAD})\b")


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _ORDINALS.get(word)


# An English question's candidates are checked for the part asked, not narrowed to its passages.
ENGLISH_CHECKED_ONLY = True


def numbered_parts(text: str) -> set[tuple[str, int]]:
    """The numbered parts ``text`` names, as (head key, number): "Phiên 3" -> ("phien", 3)."""
    folded = _folded(text)
    parts: set[tuple[str, int]] = set()
    for match in _PART.finditer(folded):
        head, ordinal, number = match.group(1), match.group(2), match.group(3)
        value = _number(number)
        if value is None or (head == "lan" and not ordinal):
            continue
        if not number.isdigit() and not ordinal and number not in ("i", "ii", "iii", "iv", "v", "vi"):
            continue  # "giai đoạn hai" is rare; "phiên ba" may be a name: written words need "thứ"
        parts.add((_PART_HEADS[head], value))
    for match in _PART_BEFORE.finditer(folded):
        parts.add((_PART_HEADS[match.group(2)], _ORDINALS[match.group(1)]))
    return parts


def part_label(question: str, part: tuple[str, int]) -> str:
    """How the question writes a part ("Phiên 3"), for the reason shown."""
    folded = _folded(question)
    for match in [*_PART.finditer(folded), *_PART_BEFORE.finditer(folded)]:
        found = numbered_parts(match.group(0))
        if part in found:
            return question[match.start() : match.end()]
    return f"{part[0]} {part[1]}"


def numbered_part_candidates(
    question: str, language: str, snapshot: IndexSnapshot, candidates: list[SentenceCandidate]
) -> tuple[list[SentenceCandidate], str]:
    """The sentences of passages that speak of the numbered parts the question asks about (in their
    text or their section heading), and the reason to refuse when no passage does: "Ai chủ trì
    Phiên 3?" is not answered by who chairs the workshop. Not for a comparison ("giai đoạn 1 so với
    giai đoạn GEIPP"); an English question's candidates are checked, not narrowed."""
    asked = numbered_parts(question)
    if not asked or not candidates:
        return candidates, ""
    spoken: dict[str, set[tuple[str, int]]] = {}
    for candidate in candidates:
        document = candidate.document
        if document.id not in spoken:
            chunk = snapshot.chunks[int(document.meta["row"])]
            context = " ".join([chunk.text, str(chunk.meta.get("heading") or ""), str(chunk.meta.get("section_path") or "")])
            spoken[document.id] = asked & numbered_parts(context)
    if len(asked) >= 2 and len({head for head, _ in asked}) == 1:
        # Two parts of one kind ("giai đoạn 3 … so với giai đoạn 2"): one no passage speaks of is
        # not answered by the other's figures (phases 1 and 2 of a three-stage programme).
        found = set().union(*spoken.values())
        if missing := sorted(asked - found) if found else []:
            labels = [part_label(question, part) for part in missing]
            return [], text_for(NOT_ABOUT_PART, language).format(names=quoted_names(labels))
    if question_shape(question).kind == "comparison":
        return candidates, ""  # "giai đoạn 1 so với GEIPP": the other side may be named otherwise
    about = {doc: bool(parts) for doc, parts in spoken.items()}
    kept = [c for c in candidates if about[c.document.id]]
    if kept:
        # An English question's sentences are ranked across languages by coarse coverage: the
        # passages are only checked, not narrowed (the others may hold what the part is about).
        return (candidates if language == "en" and ENGLISH_CHECKED_ONLY else kept), ""
    labels = [part_label(question, part) for part in sorted(asked)]
    return [], text_for(NOT_ABOUT_PART, language).format(names=quoted_names(labels))


# -- exclusive qualifiers ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Family:
    """Qualifiers that exclude each other (folded phrases, whole words), and the phrases naming all
    of them at once (a figure for those is their total)."""

    groups: tuple[tuple[str, ...], ...]
    together: tuple[str, ...] = ()


# A figure for one qualifier is no answer for another of its family.
_EXCLUSIVE = (
    _Family(
        (
            ("phia bac", "mien bac", "northern"),
            ("phia nam", "mien nam", "southern"),
            ("mien trung", "central region"),
        )
    ),
    _Family(
        (
            ("thuc te", "thuc su", "actual", "actually", "achieved"),
            ("du kien", "muc tieu", "ke hoach", "uoc tinh", "expected", "target", "planned", "projected", "estimated"),
        )
    ),
    _Family((("toi thieu", "it nhat", "minimum", "at least"), ("toi da", "nhieu nhat", "maximum", "at most"))),
    _Family(
        (("trong nuoc", "domestic"), ("nuoc ngoai", "foreign", "fdi")),
        ("trong va ngoai nuoc", "trong nuoc va nuoc ngoai", "trong va ngoai", "domestic and foreign"),
    ),
)


def _phrase_in(phrases: tuple[str, ...], folded: str) -> str:
    return next((p for p in phrases if re.search(rf"\b{re.escape(p)}\b", folded)), "")


def exclusive_qualifier_reason(
    question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate]
) -> str:
    """ "Bao nhiêu Ban Quản lý các tỉnh phía Nam …?" when the sentence that would answer speaks of
    "phía Bắc"; a figure asked as achieved ("thực tế") when it gives an expected one ("dự kiến");
    "bao nhiêu nhà đầu tư nước ngoài" when it counts those "trong và ngoài nước" together.

    Only for questions asking a value (count, amount, date, who, where): a qualifier in a why or
    list question frames it rather than constraining an answer."""
    if not shape.typed or not candidates:
        return ""
    folded_question = qualifier_view(question)
    relevant = relevant_sentences(candidates)
    valued = [c for c in relevant if _holds_value(c.text, shape)]
    if not valued:
        return ""
    answer = max(valued, key=lambda c: c.score)
    answer_text = qualifier_view(answer.text)
    # The sentence that would answer, and those nearly as good: one of them may carry the qualifier.
    rivals = [qualifier_view(c.text) for c in valued if c.score >= RIVAL_SHARE * answer.score]
    for family in _EXCLUSIVE:
        if _phrase_in(family.together, folded_question):
            continue
        asked = [(group, p) for group in family.groups if (p := _phrase_in(group, folded_question))]
        if len(asked) != 1:
            continue  # none, or the question names two of them (a comparison)
        group, phrase = asked[0]
        asked_words = quoted_names([original_words(question, phrase) or phrase])
        # The answer, or a sentence nearly as good (typed without accents, the best may be another line
        # of the same list: "Tỷ lệ đất xanh …" beside "hơn 50 nhà đầu tư trong và ngoài nước").
        near = [c for c in [answer, *valued] if c.score >= RIVAL_SHARE * answer.score]
        joint = next((c for c in near if _phrase_in(family.together, qualifier_view(c.text))), None)
        if joint is not None and joint is not answer and _phrase_in(group, answer_text):
            joint = None  # the answer itself counts what is asked
        together = _phrase_in(family.together, qualifier_view(joint.text)) if joint else ""
        if joint and together:
            given = quoted_names([original_words(joint.text, together) or together])
            return text_for(ONLY_TOGETHER, language).format(given=given, asked=asked_words)
        if any(_phrase_in(group, text) for text in rivals):
            continue
        other = next((p for g in family.groups if g is not group if (p := _phrase_in(g, answer_text))), "")
        if other:
            given = quoted_names([original_words(answer.text, other) or other])
            return text_for(OTHER_QUALIFIER, language).format(given=given, asked=asked_words)
    return ""


def original_words(question: str, folded_phrase: str) -> str:
    """The words of ``question`` that fold to ``folded_phrase`` (as typed), "" when absent."""
    words = list(re.finditer(r"[^\W_]+", question))
    size = len(folded_phrase.split())
    for i in range(len(words) - size + 1):
        span = words[i : i + size]
        if _folded(" ".join(w.group(0) for w in span)) == folded_phrase:
            return question[span[0].start() : span[-1].end()]
    return ""


def _holds_value(text: str, shape: QuestionShape) -> bool:
    """Whether a sentence holds a value of the kind asked (a figure, a date; any for the others)."""
    if shape.kind in ("count", "amount"):
        return holds_figure(text, shape.years)
    if shape.kind == "date":
        return holds_date(text)
    return True


# -- dates of the year asked ---------------------------------------------------------------------------


def dated_year_reason(
    language: str, shape: QuestionShape, candidates: list[SentenceCandidate], snapshot: IndexSnapshot
) -> str:
    """A date asked for a named year ("Hội thảo năm 2016 diễn ra vào ngày nào?") when every relevant
    sentence holding a date dates it to other years, and none names the year asked."""
    if shape.kind != "date" or not shape.years or not candidates:
        return ""
    dated = [c for c in relevant_sentences(candidates) if holds_date(c.text)]
    if not dated:
        return ""
    years = [set(years_in(c.text)) for c in dated]
    if any(not found or found & set(shape.years) for found in years):
        return ""  # a date without its year may be the year asked
    titles = {_document_title(snapshot, c) for c in dated}
    if any(year in title for title in titles for year in shape.years):
        return ""  # a report of that year ("Hội thảo … 8-9/11/2018") dates what it tells by its own year
    given = sorted(set().union(*years))
    return text_for(OTHER_YEAR_DATE, language).format(given=", ".join(given), years=", ".join(shape.years))


def _document_title(snapshot: IndexSnapshot, candidate: SentenceCandidate) -> str:
    document = snapshot.documents.get(str(candidate.document.meta["doc_id"]))
    return str(document.info.get("title", "")) if document else ""


# -- who did what ---------------------------------------------------------------------------------------

# "Ai dẫn đầu đoàn …", "Ai chủ trì phiên 3", "người dẫn đầu … là ai": the relation asked, folded.
_WHO_RELATION = re.compile(r"^(?:.*\s)?ai\s+((?:[^\W\d_]+\s+){1}[^\W\d_]+)")
_RELATION_STOP = frozenset(
    {"la", "da", "se", "duoc", "co", "dang", "cung", "van", "thi", "voi", "nhau", "va", "vay", "the", "nhi", "nhe"}
)
RELATION_BONUS = 0.5  # added to a sentence saying the act a "ai <act> …" question asks about (0.3 lost p11-058)
# A standing, not an act: the title and affiliation before a name state it ("Vụ trưởng Vụ …, ông X");
# nor is attending, which sources write in many ways ("Tham gia Hội thảo có …", "với sự tham dự của").
_STANDING = re.compile(
    r"^(?:giu|dai dien|thay mat|dung dau|lam|dam nhiem|phu trach|nam giu|du|tham du|tham gia|co mat)\b"
    # Nor taking charge or paying ("ai đứng ra làm", "ai bỏ tiền"), told as organising or funding in
    # many ways; nor writing: a report's author is its byline ("Bùi Văn Tiến"), no verb.
    r"|^(?:dung ra|bo tien|bo von|chi tien|viet)\b"
)


# "… được khởi động ngày nào / diễn ra khi nào / thành lập năm nào": the act whose date is asked.
_DATE_RELATION = re.compile(
    r"([^\W\d_]+\s+[^\W\d_]+)\s+(?:(?:vao|tu|tai)\s+)?(?:(?:ngay|thang|nam) nao|khi nao|bao gio|luc nao|thoi gian nao)\b"
)


def dated_act(question: str, language: str, shape: QuestionShape) -> str:
    """The act a Vietnamese date question asks when it happened ("khoi dong" in "… được khởi động
    ngày nào?"), folded, or ""."""
    if language != "vi" or shape.kind != "date":
        return ""
    match = _DATE_RELATION.search(_folded(question))
    words = match.group(1).split() if match else []
    return " ".join(words) if len(words) == 2 and not set(words) & _RELATION_STOP else ""


_ONE_WORDING_VI = frozenset({"chu tri", "chu toa", "khai mac", "be mac", "dan dau"})


def asked_relation(question: str, language: str, shape: QuestionShape) -> str:
    """The act a Vietnamese "ai <act> …" question asks who did ("chu tri"), folded, or ""."""
    if language != "vi" or shape.kind != "who":
        return ""
    folded = _folded(question)
    match = _WHO_RELATION.match(folded)
    by_whom = re.search(r"\b(?:do|boi) ai\s+(\w+ \w+)", folded)
    if not match or (by_whom and by_whom.group(1) not in _ONE_WORDING_VI):
        # "do ai tài trợ / tổ chức": by whom, most often an organisation, said in many ways; not
        # "do ai chủ trì": chairing is written one way.
        return ""
    if re.search(r"\bla ai\s+(?:trong|cua|o|tai|thuoc|voi|cho|ve)\b", folded):
        return ""  # "X là ai trong dự án?": who X is there (a standing), not who did an act
    words = [w for w in match.group(1).split() if w not in _RELATION_STOP]
    if words[:2] == ["dong", "vai"]:
        # "Ai đóng vai trò điều phối …?": the role played is the act ("điều phối"), not "playing".
        rest = re.match(r"^(?:.*\s)?ai\s+dong vai(?: tro)?\s+((?:[^\W\d_]+\s+){1}[^\W\d_]+)", folded)
        words = [w for w in rest.group(1).split() if w not in _RELATION_STOP] if rest else []
    if len(words) < 2 or _STANDING.match(" ".join(words[:2])):
        return ""
    return " ".join(words[:2])


def _relation_said(question: str, relation: str) -> re.Pattern[str]:
    """The relation as a folded sentence says it: in Vietnamese, or in the English an English source
    uses ("tài trợ": "financed", "funded"; "the refinery financed it")."""
    english = whole_term_translations(original_words(question, relation) or relation)
    forms = [relation, *(_folded(e) for e in english if e.isascii())]
    return _any_of(forms)


def _any_of(forms: list[str]) -> re.Pattern[str]:
    """Any of ``forms`` (folded) as whole words."""
    return re.compile(r"\b(?:" + "|".join(re.escape(f) for f in forms) + r")\b")


def prefer_relation(question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate]) -> None:
    """Raise the score of the sentences saying the act asked ("Chủ trì Hội thảo: ông …" for "Ai chủ
    trì …?"), or when ("Khởi động 17/10/2014 tại Hà Nội" for "… được khởi động ngày nào?"), in place:
    they answer who did it or when, the others only what it was."""
    relation = asked_relation(question, language, shape) or dated_act(question, language, shape)
    if relation:
        said = _relation_said(question, relation)
        for candidate in candidates:
            if said.search(" ".join(_folded(candidate.text).split())):
                candidate.score += RELATION_BONUS
    office = _office_phrase(question, language, shape) or _english_act(question, language, shape)
    if office is not None:
        for candidate in candidates:
            if office.search(" ".join(_folded(candidate.text).split())):
                candidate.score += RELATION_BONUS


# "Who chaired / opened / led …": the act an English "who" question asks, as the glossary writes it in
# Vietnamese ("chủ trì", "khai mạc", "dẫn đầu"); not "who was / is / did".
_ENGLISH_ACT = re.compile(r"^who (?!(?:was|were|is|are|did|does|do|has|had|will)\b)([a-z]+ed|led|spoke|gave|held|built|made|wrote)\b")


def _english_act(question: str, language: str, shape: QuestionShape) -> re.Pattern[str] | None:
    """The Vietnamese forms of the act an English "who" question asks ("Chủ trì Hội thảo Ông Lê Thành
    Quân …" for "Who chaired the online workshop …?"), or None."""
    match = _ENGLISH_ACT.match(_folded(question)) if language == "en" and shape.kind == "who" else None
    forms = [_folded(t) for t in whole_term_translations(match.group(1))] if match else []
    return _any_of(forms) if forms else None


def _office_phrase(question: str, language: str, shape: QuestionShape) -> re.Pattern[str] | None:
    """An English office asked with what it heads ("the project director"), as a Vietnamese source
    writes it ("giám đốc dự án") or as asked; None for an office alone ("director" is also a "vụ
    trưởng": every official would be raised)."""
    if shape.kind != "who" or not shape.role or language != "en":
        return None
    match = re.search(rf"\b(?!(?:the|a|an|its|their|his|her)\b)([a-z]+) {re.escape(shape.role)}\b", _folded(question))
    if match is None:
        return None
    heads = [_folded(t) for t in whole_term_translations(match.group(1))]
    offices = [_folded(t) for t in whole_term_translations(shape.role)]
    forms = [match.group(0), *(f"{o} {h}" for o in offices for h in heads)]
    return _any_of(forms)


def who_relation_reason(question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate]) -> str:
    """ "Ai dẫn đầu đoàn công tác …?" when no relevant sentence says "dẫn đầu": the names beside
    the delegation (its author, its host) do not answer who led it. An English act is looked for as
    the glossary writes it in Vietnamese, and in English."""
    if language == "en":
        return _english_act_reason(question, language, shape, candidates)
    relation = asked_relation(question, language, shape)
    if not relation or not candidates:
        return ""
    said = _relation_said(question, relation)
    # Said in any sentence read: "Chủ trì Hội thảo: ông …" may share few words with the question.
    if any(said.search(" ".join(_folded(c.text).split())) for c in candidates):
        return ""
    return text_for(NO_RELATION, language).format(relation=original_words(question, relation) or relation)


# The English acts a Vietnamese report writes one way ("chủ trì", "khai mạc", "bế mạc", "ký"): their
# absence says the act is not told. Funding, organising, presenting, implementing are told in many
# ways ("với sự hỗ trợ của", "phối hợp với", "do … thực hiện"); their absence from the glossary's
# words says nothing.
_ONE_WORDING_ACTS = frozenset({"chaired", "opened", "closed", "led", "moderated", "signed"})


def _english_act_reason(question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate]) -> str:
    """ "Who chaired the Hiệp Phước workshop?" when no sentence read says "chủ trì" nor "chair…": the
    participants it lists did not chair it. Only for acts the glossary writes in Vietnamese."""
    act = _english_act(question, language, shape)
    if act is None or not candidates:
        return ""
    verb = _ENGLISH_ACT.match(_folded(question)).group(1)
    if verb not in _ONE_WORDING_ACTS:
        return ""
    stem = verb[:-2] if verb.endswith("ed") and len(verb) > 4 else verb
    english = re.compile(rf"\b{re.escape(stem)}")
    for candidate in candidates:
        folded = " ".join(_folded(candidate.text).split())
        if act.search(folded) or english.search(folded):
            return ""
    return text_for(NO_RELATION, language).format(relation=verb)


# -- parts of a legal text ----------------------------------------------------------------------------

# A part of a legal text asked by its number ("khoản mấy", "Điều nào", "which article"), folded, and the
# ways a passage gives one ("khoản 2", "Article 7").
_PART_NUMBER_ASKED = re.compile(
    r"(?<!\w)(dieu|khoan|chuong) (?:nao|may|so may|bao nhieu)\b|\b(?:which|what) (article|clause|point|chapter)s?\b"
)
_PART_WORDS = {
    "dieu": ("dieu", "article"), "article": ("dieu", "article"),
    "khoan": ("khoan", "clause"), "clause": ("khoan", "clause"),
    "diem": ("diem", "point"), "point": ("diem", "point"),
    "chuong": ("chuong", "chapter"), "chapter": ("chuong", "chapter"),
}
PART_NAMES = {"dieu": ("điều", "article"), "khoan": ("khoản", "clause"), "diem": ("điểm", "point"), "chuong": ("chương", "chapter")}


def part_number_reason(question: str, language: str, candidates: list[SentenceCandidate]) -> str:
    """For a question asking which article / clause / point holds something: the reason to refuse when
    no passage read numbers a part of that kind at all ("ngưỡng 25% nằm ở khoản mấy?" when the
    documents name Điều 42 but no clause)."""
    asked = _PART_NUMBER_ASKED.search(fold_accents(question).lower())
    if asked is None or not candidates:
        return ""
    words = _PART_WORDS[asked.group(1) or asked.group(2)]
    pattern = re.compile(rf"\b(?:{'|'.join(words)})\s+\d+")
    passages = {id(c.document): c.document for c in relevant_sentences(candidates)}
    if any(pattern.search(fold_accents(d.content or "").lower()) for d in passages.values()):
        return ""
    what = PART_NAMES[words[0]][0 if _lang(language) == "vi" else 1]
    return text_for(NOT_GIVEN, language).format(what=f"số {what}" if _lang(language) == "vi" else f"the {what} number")
