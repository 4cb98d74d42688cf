"""Pronouns of a follow-up resolved: "nó", "it", "khu này", "dự án đó", "ở đó", "this park", "… there"
become the last named entity (or the entity the answer named); "điều này", "this article" the last
named provision; "năm đó", "that year" the year last asked about."""

from __future__ import annotations

import re
from collections.abc import Callable

from kb.query.answer_entity import PERSON, answer_pronouns, named_person_pronouns
from kb.query.answer_types import asked_kind
from kb.query.entities import LANGUAGES, alternation, markers, phrase_pattern, scan_entities, text_view
from kb.query.followup_context import FollowupContext, is_person, last_entity, last_provision, last_referent
from kb.query.organisations import asks_developer
from kb.query.question_shape import question_years
from kb.text.normalize import fold_accents


def resolve_pronouns(text: str, contexts: list[FollowupContext], language: str) -> str:
    """Rule 3: pronouns and "<head> này/đó" replaced by the last named entity or provision."""
    m = markers()
    view, folded = text_view(text)
    entity = last_entity(contexts)
    provision_context = last_provision(contexts)
    provision = (
        provision_context.provision.describe() if provision_context and provision_context.provision else ""
    )
    referent = last_referent(contexts)
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
    _own_name_pronouns(text, view, folded, language, add)
    answer_pronouns(view, folded, language, contexts[-1].answered, add, it_is_answered=not (titled or park_first or developed))
    if contexts[-1].answered is None or contexts[-1].answered.kind != PERSON:
        named_person_pronouns(view, folded, language, [c.question for c in contexts], add)
    if entity is not None:
        prefixes = {p.lower() for p in m.get("vi", "prefixes")}
        for lang in LANGUAGES:
            demonstratives = alternation(m.get(lang, "demonstratives"), folded)
            for heads_name in ("place_heads", "other_heads"):
                heads = alternation(m.get(lang, heads_name), folded)
                if not heads or not demonstratives or (heads_name == "other_heads" and is_person(entity, contexts)):
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


def _own_name_pronouns(text: str, view: str, folded: bool, language: str, add: Callable[[int, int, str], None]) -> None:
    """ "What about UNIDO - who spoke for them?": "them" is the name the follow-up itself gives before it,
    not the person the last answer named."""
    own = scan_entities(text)
    if not own or language not in LANGUAGES:
        return
    pattern = phrase_pattern(markers().get(language, "answer_pronouns"), folded)
    for match in pattern.finditer(view) if pattern else ():
        before = [e for e in own if e.end <= match.start()]
        if before:
            add(match.start(), match.end(), before[-1].full)


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


def _last_year(contexts: list[FollowupContext]) -> str:
    """The year of the latest question that names exactly one ("" when it names none or several)."""
    for context in reversed(contexts):
        years = question_years(context.question)
        if years:
            return years[0] if len(years) == 1 else ""
    return ""
