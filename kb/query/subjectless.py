"""A follow-up without a subject of its own is asked about the previous question's topic (rule 5 of
:mod:`kb.query.followup`): "thí điểm ở những địa phương nào?" after "Giai đoạn 1 … được khởi động ở
đâu?" -> "Giai đoạn 1 … được khởi động: thí điểm ở những địa phương nào?"; "tổng vốn đầu tư hết bao
nhiêu?"; "how much will that cost?". Also :func:`content_words`, the words of a follow-up that name
a subject or topic of its own, which the other rules read too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kb.query.answer_types import quantity_units
from kb.query.entities import LANGUAGES, markers, non_names, phrase_pattern, scan_entities, text_view
from kb.query.language import detect_language
from kb.query.measures import MEASURES
from kb.query.provisions import parse_provision_reference
from kb.query.question_frame import subject_phrase, without_question_phrase
from kb.text.normalize import fold_accents


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# Words a subject-less question starts with ("sau 10 năm …", "đã …", "mất bao lâu?") that the
# tagger may take for nouns; and the words a question phrase begins with ("từ năm nào", "ở đâu").
_PREDICATE_START = frozenset(
    ["sau", "truoc", "tu", "den", "toi", "hien", "da", "dang", "se", "duoc", "co", "mat", "bi"]
)
_PREDICATE_TAGS = frozenset(["V", "R", "E", "A", "T"])
# Question words that open a question about something already named ("mấy giờ?", "ai bỏ tiền …?");
# not "thế nào là …", "là gì", which ask what a term of their own means.
# … and so does "đó là …" ("đó là những cơ hội nào?": the ones the previous question counted).
_ASKING_FIRST = ("ai", "mấy", "bao nhiêu", "bao lâu", "bao giờ", "khi nào", "lúc nào", "ở đâu", "đó là", "đấy là")
MAX_SUBJECTLESS_WORDS = 5  # content syllables; a longer question says what it is about
# After "còn" / "and", a follow-up leans on the previous question even when longer ("còn lên thành
# phố trực thuộc trung ương năm nào?").
MARKED_SUBJECTLESS_WORDS = 8
# "<who> của <what> là ai / là gì?": the words before name the subject of a question of its own.
_IDENTITY = re.compile(r"\s(?:là|la)\s+(?:ai|gì|gi)\W*$")
_OF = re.compile(r"\S\s+(?:của|cua)\s+\S")
MIN_SUBJECT_WORDS = 4  # words of the previous question's subject for a follow-up to be asked of it alone
# A Vietnamese question this long after an English one says what it is about ("Tổng vốn dự án KCN sinh
# thái giai đoạn 1 là bao nhiêu?"): the user switched language, not to a follow-up, and an English topic
# glued to it would only pull the English documents.
OWN_QUESTION_AFTER_ENGLISH = 8  # syllables outside the question words


def carry_topic(text: str, previous: str, limit: int = MAX_SUBJECTLESS_WORDS) -> str | None:
    """A Vietnamese question without its own subject, asked about ``previous``: "thí điểm ở những địa phương nào?" after "Giai đoạn 1 … được khởi động ở đâu?"."""
    from underthesea import pos_tag  # the lexical analyser's library; loaded once, on first use

    view, folded = text_view(text)
    if scan_entities(text) or parse_provision_reference(text) is not None:
        return None
    question_words = phrase_pattern(markers().both("question_words"), folded)
    rest = question_words.sub(" ", view) if question_words else view
    if len(content_words(rest)) > limit:
        return None
    if detect_language(previous) == "en" and len(re.findall(r"\w+", rest)) >= OWN_QUESTION_AFTER_ENGLISH:
        return None
    identity = _IDENTITY.search(view)
    if identity and _OF.search(view[: identity.start()]):
        return None  # "cố vấn trưởng kỹ thuật của dự án là ai?": it says whose, not "chủ đầu tư là ai?"
    tagged = [(word, tag) for word, tag in pos_tag(text) if tag != "CH"]
    if not tagged:
        return None
    first_word, first_tag = tagged[0]
    attribute = phrase_pattern(markers().get("vi", "attribute_starts"), folded, "^")
    # "mấy giờ?", "ai bỏ tiền xây đường ống?": a question word first asks of the previous topic.
    asking = phrase_pattern(_ASKING_FIRST, folded, "^")
    if (
        first_tag not in _PREDICATE_TAGS
        and fold_accents(first_word.split()[0]).lower() not in _PREDICATE_START
        and not (attribute and attribute.match(view))
        and not (asking and asking.match(view))
    ):
        return None
    subject = subject_phrase(previous)
    # Only a subject that says what it is ("Hội thảo giới thiệu mô hình … ngày 12/11/2021"): "Dự án"
    # alone says less than the previous question's predicate ("… hỗ trợ 663 giải pháp tại: …").
    # A question word first ("mấy giờ?") asks about what the previous predicate told ("… diễn ra"): that stays.
    if (
        len(subject.split()) >= MIN_SUBJECT_WORDS
        and not (asking and asking.match(view))
        and fold_accents(subject).lower() not in fold_accents(text).lower()
    ):
        # "tổ chức theo hình thức gì?" after "Hội thảo … ngày 12/11/2021 có bao nhiêu đại biểu?" is
        # asked of the subject the previous question opened with, not of its predicate.
        return f"{capitalise(subject)} {text[:1].lower()}{text[1:]}"
    named = _opening_name(previous)
    measured = [u for u in quantity_units(text) if u in MEASURES]
    if named and measured and measured != [u for u in quantity_units(previous) if u in MEASURES]:
        # "cách trung tâm bao xa?" after "KCN Nam Cầu Kiền rộng bao nhiêu ha?": another measure of the
        # park the previous question opened with, not of its predicate ("… rộng").
        return f"{named} {text[:1].lower()}{text[1:]}"
    topic = without_question_phrase(previous)
    if not topic or fold_accents(topic).lower() in fold_accents(text).lower():
        return None
    return f"{capitalise(topic)}: {text[:1].lower()}{text[1:]}"


def _opening_name(question: str) -> str:
    """The name a question opens with, with its kind word ("KCN Nam Cầu Kiền" of "KCN Nam Cầu Kiền
    rộng bao nhiêu ha?"), when a predicate follows it directly; else ""."""
    found = scan_entities(question)
    if not found:
        return ""
    first = found[0]
    opening = question[: first.start].strip()
    if opening != (first.prefix or ""):
        return ""
    return question[: first.end].strip()


# A lower-case fragment of up to six words ending with "?": a past participle opening it ("planned
# by …", "funded by whom?") or "each" / "every one" closing it ("numeric thresholds for each?"), or
# a bare noun phrase of up to three words ("start date?", "total budget?", "lead agency?").
_ENGLISH_FRAGMENT = re.compile(
    r"^(?=(?:\S+\s+){0,5}\S+\?$)(?:[a-z]+(?:ed|en)\b.*|[a-z].*\b(?:for|of|in) (?:each|every one|them all)\?"
    r"|[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2}\?)$"
)


# What is left of an English question without its question words when it is a verb alone ("how many
# attended?", "who organised?", "who spoke?"): it asks about the previous question's subject.
_BARE_VERB = re.compile(
    r"^(?:(?:many|much|long) )?(?:[a-z]+s )?(?:[a-z]+ed|spoke|came|met|led|paid|took|went|gave|won|ran|began|joined|attend|join)\W*$"
)


# "and who spoke for the ministry?" after "Who represented UNIDO at the November 2021 workshop …?":
# another person of the same event. The event is the previous question's setting ("at / during …").
# Only when marked ("and", "so"): "Who signed the agreement with Hai An police in September 2023?" is a
# question of its own.
_WHO_ASKED = re.compile(r"^((?:and|so|then|but)\s+)?((?:who|which\s+[a-z]+)\s+(?!(?:is|are|was|were)\b)[a-z].*?)\s*\?*$", re.I)
_WHO_PREVIOUS = re.compile(r"^(?:who|which\s+[a-z]+)\s", re.I)
_SETTING = re.compile(r"\s((?:at|during)\s+the\s+.+?)\s*\?*$", re.I)


def _who_in_setting(text: str, previous: str, marked: bool) -> str | None:
    """The follow-up's own "who …" asked in the previous "who …" question's setting, or None."""
    asked = _WHO_ASKED.match(text.strip())
    if asked is None or not (marked or asked.group(1)):
        return None
    setting = _SETTING.search(previous)
    if setting is None or not _WHO_PREVIOUS.match(previous.strip()) or _SETTING.search(asked.group(2) + "?"):
        return None
    if re.search(r"\d|\b(?:in|at|during|on)\s+[A-Z]", asked.group(2)):
        return None  # a time or place of its own: another event
    return f"{capitalise(asked.group(2))} {setting.group(1)}?"


def carry_english_topic(
    text: str, previous: str, limit: int = MAX_SUBJECTLESS_WORDS, marked: bool = False
) -> str | None:
    """The same in English: "how much CO2 did they cut per year?" after "How many enterprises applied
    RECP … ?" -> "Enterprises applied RECP …: how much CO2 did they cut per year?"."""
    view, folded = text_view(text)
    if detect_language(previous) == "en" and (same_setting := _who_in_setting(text, previous, marked)) is not None:
        return same_setting
    if scan_entities(text) or parse_provision_reference(text) is not None or detect_language(previous) != "en":
        return None
    question_words = phrase_pattern(markers().get("en", "question_words"), folded)
    if question_words is None:
        return None
    if not question_words.search(view):
        # "planned by the government originally?", "numeric thresholds for each?": a few words typed
        # in lower case, a predicate or what is asked of each, without the subject.
        if not _ENGLISH_FRAGMENT.match(text.strip()):
            return None
    else:
        # It leans on the previous question only with a word that points back ("they", "that") or
        # after "and": "What is industrial symbiosis?" asks about its own subject.
        pointing = phrase_pattern(markers().get("en", "pointing_words"), folded)
        bare = _BARE_VERB.match(question_words.sub(" ", view).strip()) is not None  # "how many attended?"
        if not marked and not bare and (pointing is None or not pointing.search(view)):
            return None
    if len(content_words(question_words.sub(" ", view))) > limit:
        return None
    topic = without_question_phrase(previous)
    if not topic or topic.lower() in view:
        return None
    return f"{capitalise(topic)}: {text[:1].lower()}{text[1:]}"


@lru_cache(maxsize=1)
def _ignorable() -> frozenset[str]:
    """Words that do not make a slot a subject of its own (function words, heads, pronouns, fillers)."""
    m = markers()
    words = set(non_names()[0]) | {"đi", "nữa", "ạ", "nhé", "nha", "được", "topic", "thêm", "nào"}
    for language in LANGUAGES:
        for name in ("place_heads", "other_heads", "prefixes", "demonstratives", "locatives", "pronouns", "time_pointers"):
            for phrase in m.get(language, name):
                words.update(phrase.lower().split())
    return frozenset(words | {fold_accents(w) for w in words})


def content_words(text_view: str) -> list[str]:
    """Words of a lower-cased text that carry a subject or topic of their own."""
    return [w for w in re.findall(r"\w+", text_view) if w not in _ignorable()]
