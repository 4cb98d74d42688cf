"""A follow-up with a new subject and a question of its own (rule 2b of :mod:`kb.query.followup`).

"còn doanh nghiệp sinh thái thì tiêu chí là gì?" -> "Doanh nghiệp sinh thái: tiêu chí là gì?";
without "thì", "còn bên UNIDO ai phát biểu?" -> "Bên UNIDO: ai phát biểu, Hội thảo … ngày 12/11/2021?"
(the event asked before kept when the new subject is a part of it); in English, "and who came from
Sofies?" -> "who came from Sofies at the November 2022 symbiosis workshop?" (the event carried).
"""

from __future__ import annotations

import re

from kb.query.entities import LANGUAGES, markers, text_view
from kb.query.question_frame import without_question_phrase
from kb.query.subjectless import capitalise, content_words
from kb.text.normalize import fold_accents

_THEN = re.compile(r"\s+(?:thì|thi)\s+", re.IGNORECASE)


# The source a question is asked of, said first: "Theo NĐ 82/2018, …", "According to the framework, …".
_DATED = re.compile(r"(?i:\b(?:tháng|ngày|năm|thang|ngay|nam|in|of)\s+\d)")
_SOURCE_OPENING = re.compile(r"^(?:theo|according to)\s+[^,?]{3,80},\s*", re.IGNORECASE)


def subject_then_question(text: str, question_words: re.Pattern[str] | None, previous: str = "") -> str | None:
    """ "X thì Y" where Y asks a question and X names what it is about: "X: Y?", asked of the source
    the ``previous`` question opened with ("Theo NĐ 82/2018, cộng sinh công nghiệp: yêu cầu thế nào?")."""
    halves = _THEN.split(text, maxsplit=1)
    if len(halves) != 2 or question_words is None:
        return None
    subject, asked = (h.strip(" ,?") for h in halves)
    subject_view, asked_view = text_view(subject)[0], text_view(asked)[0]
    if not question_words.search(asked_view) or question_words.search(subject_view):
        return None
    pronouns = {w for lang in LANGUAGES for phrase in markers().get(lang, "pronouns") for w in phrase.lower().split()}
    if not [w for w in re.findall(r"\w+", subject_view) if w not in pronouns]:
        return None  # "còn nó thì …": the pronoun rules resolve it
    source = _SOURCE_OPENING.match(previous)
    # Not results of a date ("Theo kết quả công bố tháng 6/2019, …"): the new subject may be of another time.
    if source and not _SOURCE_OPENING.match(subject) and not _DATED.search(source.group(0)):
        return f"{source.group(0)}{subject[:1].lower() + subject[1:]}: {asked}?"
    return f"{capitalise(subject)}: {asked}?"


# "ai", "bao nhiêu", "mấy", "gì": where an unmarked "còn X ai phát biểu?" turns from subject to question.
_ASKED_START = re.compile(r"(?<!\w)(?:ai|bao nhiêu|bao nhieu|mấy|may|khi nào|khi nao|gì|gi)(?!\w)")


def subject_then_asked(text: str, previous: str) -> str | None:
    """ "còn bên UNIDO ai phát biểu?" (no "thì"): "Bên UNIDO: ai phát biểu …?", with the previous
    question's topic when the new subject is a part of it (a speaker at the same workshop), not
    one of its kind ("dự án được tổng kết năm 2023" after "Dự án … khởi động 2018")."""
    view = text_view(text)[0]
    asked = _ASKED_START.search(view)
    if asked is None or asked.start() == 0:
        return None
    subject, question = text[: asked.start()].strip(" ,"), text[asked.start() :].strip(" ,?")
    if not content_words(text_view(subject)[0]) or not content_words(text_view(question)[0]) or len(question.split()) < 2:
        return None
    topic = without_question_phrase(previous)
    # "chủ trì Hội thảo …" (from "Ai chủ trì Hội thảo …?"): the act asked before is not the topic.
    opening = re.match(r"^(?:[^\W\d_]*[a-zđ]\S*\s+){1,3}(?=[A-ZĐ])", topic)
    topic = topic[opening.end() :] if opening else topic
    head = " ".join(fold_accents(w).lower() for w in subject.split()[:2])
    if topic and head not in fold_accents(topic).lower():
        return f"{capitalise(subject)}: {question}, {topic}?"
    return f"{capitalise(subject)}: {question}?"


# The event an English question is set at: "at the November 2022 symbiosis workshop", "to the online
# workshop of 12 November 2021".
_EN_EVENT = re.compile(
    r"\b(?:at|in|during|to|for)\s+the\s+(?:[\w&'-]+\s+){0,6}?(?:workshop|conference|meeting|seminar|ceremony"
    r"|event|forum|training)s?\b(?:\s+(?:of|on|in|held)\s+[^?,;]+)?",
    re.IGNORECASE,
)


def english_event(text: str, previous: str) -> str | None:
    """ "and who came from Sofies?" after "Who represented … at the November 2022 symbiosis
    workshop?": the new question at the event the previous one was set at; None when the previous
    question names no event or the new one names its own."""
    event = _EN_EVENT.search(previous)
    question = text.strip(" ,?")
    if event is None or _EN_EVENT.search(question) or not question:
        return None
    return f"{question[:1].upper()}{question[1:]} {event.group(0).strip()}?"


# A question word alone after "thì": the previous question asked again of the new subject.
_BARE_ASKED = frozenset({"ai", "bao nhieu", "khi nao", "o dau", "dau", "nam nao", "bao gio", "may", "la ai"})


def same_question_asked(text: str, previous: str) -> str | None:
    """ "bên VNCPC thì ai?" after "Ai là đại diện của Sofies …?": "còn VNCPC thì sao?", the previous
    question asked of the new subject (None unless "thì" is followed by a question word alone that the
    previous question asks too)."""
    halves = _THEN.split(text, maxsplit=1)
    if len(halves) != 2:
        return None
    subject, asked = halves[0].strip(" ,"), fold_accents(halves[1].strip(" ,?")).lower()
    if asked not in _BARE_ASKED or not re.search(rf"(?<!\w){asked}(?!\w)", fold_accents(previous).lower()):
        return None
    subject = re.sub(r"^(?:bên|phía|ben|phia)\s+", "", subject, flags=re.IGNORECASE)
    return f"còn {subject} thì sao?" if subject != fold_accents(subject) or text != fold_accents(text) else f"con {subject} thi sao?"
