"""Whether a sentence read names who did an act to the thing an English "who" question names.

"Who presented the Sonadezi case study at the November 2018 expert workshop?" is not answered by
"Tổng kết và bế mạc Hội thảo sẽ do ông Trần Duy Đông … trình bày": he presents the closing, and the
programme names no presenter of the Sonadezi session. When the act's object (the words between the
verb and "at / during / in the …") holds a name and is not the event itself (a workshop, a meeting),
some sentence read must name a person together with that name and the act (as the glossary writes
it, when it knows the verb).

Usage::

    reason = act_object_reason(question, "en", question_shape(question), candidates)
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.names import english_question_names, name_forms
from kb.query.person_names import titled_name
from kb.query.question_shape import QuestionShape
from kb.query.terms import whole_term_translations
from kb.text.normalize import fold_accents

NO_ONE_FOR = {
    "vi": "Các đoạn tìm được không nêu ai {act} {what}.",
    "en": "The passages found do not say who {act} {what}.",
}
# "Who presented the Sonadezi case study on … at the November 2018 workshop?": the act and its object.
_ACT_OBJECT = re.compile(
    r"^[Ww]ho (?!(?:was|were|is|are|did|does|do|has|had|will)\b)([a-z]+ed|gave|wrote|made)\s+(?:the\s+|a\s+|an\s+)?"
    r"(.+?)\s+(?:at|during|in|on)\s+the\b"
)
_STANDINGS = frozenset({"represented", "attended", "joined", "participated", "headed"})
# An object that is the event itself: who chaired the Hiệp Phước workshop is said without its name.
_EVENT = re.compile(r"\b(?:workshop|meeting|conference|session|seminar|event|ceremony|forum|training|visit|tour)s?\b", re.I)


def act_object_reason(question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate]) -> str:
    """The reason to refuse an English "who <act> <named thing> at …" question when no sentence read
    names a person with that thing's name; "" when one does, or the question is not of that shape."""
    if language != "en" or shape.kind != "who" or not candidates:
        return ""
    match = _ACT_OBJECT.match(question.strip())
    if match is None or _EVENT.search(match.group(2)):
        return ""
    names = [n for n in english_question_names(question) if n in match.group(2)]
    if not names:
        return ""
    forms = [[fold_accents(f).lower() for f in name_forms(name)] for name in names]
    # The act as the glossary writes it in Vietnamese ("trình bày", "giới thiệu", "tham luận"), or in
    # English; not checked when the glossary does not know the verb.
    verb = match.group(1)
    # A standing is said by the title beside the name ("ông Phạm Anh Tuấn – Tổng Giám đốc" represented
    # Sonadezi Long Thành), not by a verb.
    acts = [] if verb in _STANDINGS else [fold_accents(t).lower() for t in whole_term_translations(verb)]
    if acts:
        acts.append(verb[:-2] if verb.endswith("ed") and len(verb) > 4 else verb)
    for candidate in candidates:
        text = candidate.text
        # A person as the reports write one, after "ông", "bà", "TS" (a run of capitals may be a
        # body's name: "Ban Quản lý KCN").
        if not titled_name(text):
            continue
        folded = " ".join(fold_accents(text).lower().split())
        if all(any(f in folded for f in name) for name in forms) and (not acts or any(a in folded for a in acts)):
            return ""
    return text_for(NO_ONE_FOR, language).format(act=match.group(1), what=f"“{match.group(2)}”")
