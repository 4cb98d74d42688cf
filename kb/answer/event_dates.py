"""When something was founded or approved: "Công ty CP Khí công nghiệp Ninh Bình được thành lập vào
năm nào?", "In what year was the Ulsan EIP Center established?", "Thủ tướng phê duyệt dự án vào
ngày nào?".

The sources state these events in so many words, with their date in the same clause ("Công ty Cổ
phần Shinec (thành lập 2001)"); another date of the same passage (the programme the centre runs,
"2005: South Korea launched …"; the project's kick-off, "Khởi động 17/10/2014 …; được Thủ tướng phê
duyệt; …") is no answer. :func:`undated_event_reason` returns the reason to refuse ("" when a
clause of the passages read dates the event asked).
"""

from __future__ import annotations

import re

from kb.answer.citations import text_for
from kb.answer.refusal_checks import about_names
from kb.answer.sentence_candidates import SentenceCandidate
from kb.index.snapshot import IndexSnapshot
from kb.query.answer_types import holds_date
from kb.query.names import question_names, unmentioned_names
from kb.query.question_shape import QuestionShape
from kb.text.normalize import fold_accents

# The events asked and how a source states them, folded: (asked, stated, its name in the reason).
_EVENTS = (
    (
        re.compile(r"\b(?:thanh lap|established|founded|set up)\b"),
        re.compile(r"\b(?:thanh lap|establish\w*|founded|founding|set up)\b"),
        {"vi": "thành lập", "en": "founding"},
    ),
    (
        re.compile(r"\b(?:phe duyet|approved)\b"),
        re.compile(r"\b(?:phe duyet|approv\w*)\b"),
        {"vi": "phê duyệt", "en": "approval"},
    ),
    (
        # "When was the Hiep Phuoc plant upgraded to 6,000 m3 per day?": "nâng công suất lên 6.000
        # m3/ngày đêm … (không rõ ngày)" does not date it, the project's years beside it neither.
        re.compile(r"\b(?:upgraded|expanded|nang cap|nang cong suat|mo rong)\b"),
        re.compile(r"\b(?:upgrad\w*|expan\w*|nang cap|nang cong suat|mo rong)\b"),
        {"vi": "nâng cấp", "en": "upgrade"},
    ),
)
# A clause: an event and its date are written within one ("…; được Thủ tướng phê duyệt; …" is undated).
_CLAUSE_END = re.compile(r";|\n")

# A company named before the parentheses, and a question asking of a company (the park's developer).
_COMPANY = re.compile(r"\b(?:cong ty|tap doan|company|corporation|group)\b")
_COMPANY_ASKED = re.compile(r"\b(?:cong ty|chu dau tu|doanh nghiep|company|developer|investor|firm)\b")
UNDATED = {
    "vi": "Các đoạn tìm được không nêu thời điểm {event}.",
    "en": "The passages found do not date the {event}.",
}


def undated_event_reason(
    question: str,
    language: str,
    shape: QuestionShape,
    candidates: list[SentenceCandidate],
    snapshot: IndexSnapshot,
) -> str:
    """A date asked for a founding, an approval or an upgrade when no clause of the passages read states that
    event with a date: of the documents that mention the question's names, when some do (Shinec's
    founding does not date the Ulsan EIP Center's)."""
    if shape.kind != "date" or not candidates:
        return ""
    folded = fold_accents(question).lower()
    for asked, stated, name in _EVENTS:
        if not asked.search(folded):
            continue
        about = about_names(question, candidates, snapshot)
        clauses = (clause for candidate in about for clause in _CLAUSE_END.split(candidate.text))
        names = question_names(question)
        if any(stated.search(fold_accents(c).lower()) and holds_date(c) and _of_asked(question, c, stated, names) for c in clauses):
            return ""
        return text_for(UNDATED, language).format(event=text_for(name, language))
    return ""


def _of_asked(question: str, clause: str, stated: re.Pattern[str], names: list[str]) -> bool:
    """Whether the event a clause dates is of what the question names: an event written in
    parentheses is of the name just before them ("- Chủ đầu tư: Công ty Cổ phần Shinec (thành lập
    2001)" dates the investor's founding, not KCN Nam Cầu Kiền's)."""
    match = stated.search(fold_accents(clause).lower())
    opened = clause.rfind("(", 0, match.start()) if match else -1
    if opened < 0 or not names or ")" in clause[opened : match.start()]:
        return True
    before = " ".join(clause[:opened].split()[-6:])
    if _COMPANY.search(fold_accents(before).lower()) and _COMPANY_ASKED.search(fold_accents(question).lower()):
        return True  # "Ai là chủ đầu tư KCN Nam Cầu Kiền, công ty đó thành lập năm nào?": the investor's
    return len(unmentioned_names("", [before], names=names)) < len(names)
