"""The parts of a question a follow-up keeps or replaces (used by :mod:`kb.query.followup`).

- its ending ("là gì", "như thế nào") and the frame around its topic;
- the question without its question phrase ("Việt Nam bắt đầu thí điểm … từ năm nào?" -> "Việt Nam
  bắt đầu thí điểm …"), the topic a subject-less follow-up is asked about;
- another year, another numbered part, another kind of the same subject put in its place
  ("thế năm 2018 thì sao?", "còn phiên 2?", "còn doanh nghiệp sinh thái thì sao?").
"""

from __future__ import annotations

import re

from kb.query.entities import markers, phrase_pattern, text_view
from kb.query.question_shape import INSTRUMENT_BEFORE
from kb.query.terms import generic_abbreviations
from kb.text.normalize import fold_accents, has_diacritics


def strip_end(text: str) -> str:
    return text.rstrip(" ?.!…")


_YEAR = re.compile(r"(?<![\d/.-])((?:19|20)\d{2})(?![\d/])")
_NUMBERED = re.compile(r"(?<!\w)([^\W\d_]+(?: [^\W\d_]+)?)\s+(\d{1,2}|[IVX]{1,4})(?!\w)")


# A date written with its year: "12/6/2019", "9/2023" (a month), or the year alone. Not an
# instrument's number ("Thông tư 05/2025", "NĐ 82/2018").
_DATE = re.compile(r"(?<![\d/.-])(?:(?:[0-3]?\d/)?(?:0?[1-9]|1[0-2])/)?(?:19|20)\d{2}(?![\d/])")


# Words that may stand with the new date in a follow-up ("thế năm 2018", "tính đến 9/2023", "and in 2019").
_DATE_WORDS = frozenset(
    {"the", "nam", "thang", "ngay", "tinh", "den", "tu", "vao", "trong", "toi", "con", "va", "in", "as", "of", "by", "since", "and", "for"}
)


_MARKER_WORDS = frozenset({"the", "con", "va", "and"})  # "thế", "còn", "và": follow-up markers
_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
)
_DATE_WORDS = _DATE_WORDS | set(_MONTHS)
_DECADE_BEFORE = re.compile(r"(?i:\b(?:những|nhung)\s+)(?=(?:năm|nam)\s+$)")
# An English month, with the preposition before it, written before a year ("in June 2019").
_MONTH_BEFORE = re.compile(
    r"(?i:\b(?:(?:in|on|by|since|until|as of)\s+)?(?:" + "|".join(_MONTHS) + r")\s+)$"
)


# A year that opens or closes a period ("2014–2019"): the period is not one of its years.
_RANGE_AFTER = re.compile(r"\s*[–—-]\s*(?:19|20)?\d{2}\b")
_RANGE_BEFORE = re.compile(r"(?:19|20)\d{2}\s*[–—-]\s*$")


# A question opening with a time phrase, up to its comma; a follow-up that is one ("tính đến …").
_OPENING = re.compile(r"^((?:[^\W\d_]+\s+){0,6}?[^,?]*?\d{4})\s*,")
_TIME_LEAD = re.compile(r"(?i:(?:tính đến|tinh den|đến|den|từ|tu|vào|vao|trong|as of|by|in|since|until)\s)")


_PREPOSITION = re.compile(r"(?i:(?:in|on|by|since|until|as of)\s+)")


def _dated(text: str, date: re.Match[str]) -> str:
    """A date with the English month written before it ("September 2023"), lower-cased."""
    month = re.search(r"(?i:\b(" + "|".join(_MONTHS) + r")\s+)$", text[: date.start()])
    return f"{month.group(1).lower()} {date.group(0)}" if month else date.group(0)


def _dates(text: str) -> list[re.Match[str]]:
    return [
        m
        for m in _DATE.finditer(text)
        if not INSTRUMENT_BEFORE.search(fold_accents(text[: m.start()]).lower())
        and not _RANGE_AFTER.match(text, m.end())
        and not _RANGE_BEFORE.search(text[: m.start()])
    ]


# Things that happen on a date and are told apart by it ("hội thảo tháng 11/2021", "the November 2021
# workshop"): a follow-up naming one with another date asks about another event (folded, lower-case).
_EVENT_HEADS = re.compile(
    r"(?<!\w)(?:hoi thao|hoi nghi|tap huan|le khoi dong|buoi khoi dong|workshop|conference|training|launch)(?!\w)"
)
# Where an English noun phrase may start before its head ("the industrial symbiosis workshop").
_ARTICLE = re.compile(r"(?<!\w)(?:the|a|an|this|that)\s+(?:[^\W\d_][\w-]*\s+){0,4}$", re.IGNORECASE)
_EVENT_WORDS = 14  # a date further than this many words past the head belongs to something else


def switch_event(core: str, previous: str) -> str | None:
    """ "còn hội thảo tháng 11/2021?" after "Hội thảo chuyên gia quốc tế … tháng 11/2018 do ai tổ chức?":
    the same question about the event of that date. The previous event's whole description (its head,
    what it was about, where, when) gives way to the new one: another date is another event, and
    keeping "chuyên gia quốc tế" or "at Hiep Phuoc" would point to the old one."""
    new_dates = _dates(core)
    head = _EVENT_HEADS.search(fold_accents(core).lower())
    if len(new_dates) != 1 or head is None:
        return None
    folded_previous = fold_accents(previous).lower()
    old = next((m for m in _EVENT_HEADS.finditer(folded_previous) if m.group(0) == head.group(0)), None)
    if old is None:
        return None
    dates = [m for m in _dates(previous) if m.start() >= old.end()]
    if not dates or dates[0].group(0) == new_dates[0].group(0):
        return None
    date = dates[0]
    if len(previous[old.end() : date.start()].split()) > _EVENT_WORDS:
        return None
    start = old.start()
    article = _ARTICLE.search(previous[:start])
    if article and not has_diacritics(core):
        start = article.start()  # "the industrial symbiosis workshop …"
    end = date.end()
    new = core.strip(" ?")
    new = new[0].upper() + new[1:] if start == 0 else new
    return previous[:start] + new + previous[end:]


def switch_year(core: str, previous: str) -> str | None:
    """ "thế năm 2018 thì sao?" after a question about 2017: that question, about 2018; "còn tính đến
    9/2023 thì sao?" after one about results of 12/6/2019: that question, as of 9/2023."""
    new = _dates(core)
    old = _dates(previous)
    if len(new) != 1 or not old or _dated(core, new[0]) in {_dated(previous, m) for m in old}:
        return None
    rest = fold_accents(core[: new[0].start()] + " " + core[new[0].end() :]).lower()
    # Words the previous question has ("còn tính đến 9/2023 thì sao?" after "… tính đến 12/6/2019")
    # only repeat what stays (an event of another date is :func:`switch_event`'s); any other word
    # changes more than the date ("giai đoạn 2, tính đến 9/2023").
    repeated = set(re.findall(r"\w+", fold_accents(previous).lower()))
    if any(word not in _DATE_WORDS and word not in repeated for word in re.findall(r"\w+", rest)):
        return None
    match = old[0]
    opening = _OPENING.match(previous)
    asked_as = _TIME_LEAD.match(core.strip())
    if opening and asked_as and match.end() <= opening.end(1):
        # "Đến hội thảo tổng kết tháng 4/2023, dự án …" then "còn tính đến tháng 9/2023?": the whole
        # opening time phrase gives way to the one asked ("Tính đến tháng 9/2023, dự án …").
        said = core.strip(" ?")
        return said[:1].upper() + said[1:] + previous[opening.end(1) :]
    start, end, value = match.start(), match.end(), new[0].group(0)
    # The new date with the words it comes with ("tính đến 9/2023", "in 2019") replaces the old one
    # with its own ("ngày 12/6/2019"): the document writes "Kết quả tính đến 9/2023".
    lead = re.search(r"((?:[^\W\d_]+\s+){1,3})$", core[: new[0].start()])
    lead_words = [
        w
        for w in (lead.group(1).split() if lead else [])
        if fold_accents(w).lower() in _DATE_WORDS and fold_accents(w).lower() not in _MARKER_WORDS
    ]
    before = re.search(
        r"(?i:\b(?:ngày|năm|tháng|ngay|nam|thang|vào|vao|in|on|since|by|until|as of)\s+)$", previous[:start]
    )
    same_words = before is not None and " ".join(fold_accents(w).lower() for w in lead_words) == (
        fold_accents(before.group(0)).lower().strip()
    )
    if lead_words and not same_words:  # "tháng 11/2021" after "tháng 11/2018": only the date changes
        value = " ".join([*lead_words, value])
        month = _MONTH_BEFORE.search(previous[:start])
        start = month.start() if month else before.start() if before else start
        said = _PREPOSITION.match(month.group(0)) if month else None
        if said and not _PREPOSITION.match(value):
            # "what about September 2023?" after "… by April 2023?": still "by".
            value = said.group(0) + value
    decade = _DECADE_BEFORE.search(previous[:start])
    if decade:  # "những năm 1990" is a decade; "năm 2015" a year
        return previous[: decade.start()] + previous[decade.end() : start] + value + previous[end:]
    return previous[:start] + value + previous[end:]


# The kinds of numbered parts in English and in Vietnamese (folded).
_PART_KINDS = {
    "phase": ("giai doan",),
    "stage": ("giai doan",),
    "session": ("phien",),
    "component": ("hop phan",),
    "doan": ("phase", "stage"),
    "phien": ("session",),
    "phan": ("component",),
}
_PART_YEARS = re.compile(r"^\s*\((?:19|20)\d{2}(?:\s*[–-]\s*(?:19|20)\d{2})?\)")


def switch_number(core: str, previous: str) -> str | None:
    """ "còn phiên 2?" after "Phiên 3 của hội thảo …": the same question about part 2."""
    new = _NUMBERED.fullmatch(core.strip(" ?"))
    if new is None:
        return None
    head = fold_accents(new.group(1)).lower()
    # "and phase 2?" after "Giai đoạn 1 …": the part's kind in the other language.
    heads = (head, *_PART_KINDS.get(head.split()[-1], ()))
    for old in _NUMBERED.finditer(previous):
        if fold_accents(old.group(1)).lower().endswith(heads) and old.group(2) != new.group(2):
            # The old part's own years go with it: "Giai đoạn 1 (2014–2019)" -> "Giai đoạn 2".
            rest = _PART_YEARS.sub("", previous[old.end(2) :], count=1)
            return previous[: old.start(2)] + new.group(2) + rest
    return None


# "các phiên khác", "những giai đoạn còn lại", "the other sessions": the parts not asked yet.
_OTHER_PARTS = re.compile(
    r"^(?:cac |nhung )?(?P<vi>[a-z]+(?: [a-z]+)?) (?:khac|con lai)$|^(?:the )?(?:other|remaining) (?P<en>[a-z]+?)s?$"
)


def switch_to_other_parts(core: str, previous: str) -> str | None:
    """ "còn các phiên khác thì sao?" after "Phiên 1 và phiên 2 của hội thảo … có chủ đề gì?": the
    same question about the other sessions, of the same workshop."""
    asked = _OTHER_PARTS.match(fold_accents(core.strip(" ?")).lower())
    if asked is None:
        return None
    head = asked.group("vi") or asked.group("en")
    heads = (head, *_PART_KINDS.get(head.split()[-1], ()))
    heads = (*heads, *(f"{h}s" for h in heads))  # "phases 1 and 2"
    numbered = [m for m in _NUMBERED.finditer(previous) if fold_accents(m.group(1)).lower().endswith(heads)]
    if not numbered:
        return None
    # The part's kind, not a word before it in the match ("was session 1").
    first = numbered[0]
    kind = next(h for h in heads if fold_accents(first.group(1)).lower().endswith(h))
    start = first.end(1) - len(kind)
    # From the first part named to the last, with what joins them ("Phiên 1 và phiên 2", "phases 1 and 2").
    end = numbered[-1].end()
    while True:
        more = re.match(r"(?:\s*(?:,|và|va|and|&)\s*)(\d{1,2}|[IVX]{1,4})(?!\w)", previous[end:])
        if more is None:
            break
        end += more.end()
    return previous[:start] + core.strip(" ?") + previous[end:]


def switch_subject(core: str, previous: str) -> str | None:
    """ "còn doanh nghiệp sinh thái thì sao?" after "Tiêu chí xác định KCN sinh thái là gì?": the
    phrase that shares the new subject's last words ("… sinh thái"), with its head noun (or the
    abbreviation standing for it), replaced by the new subject."""
    new_words = core.split()
    old_words = previous.split()
    # Accents matter when typed ("thải" is not "thái"); a follow-up without them is compared folded.
    form = (
        (lambda w: fold_accents(w).lower().strip("?,."))
        if not has_diacritics(core)
        else (lambda w: w.lower().strip("?,."))
    )
    folded_new = [form(w) for w in new_words]
    folded_old = [form(w) for w in old_words]
    for shared in range(min(len(new_words) - 1, 3), 0, -1):
        suffix = folded_new[-shared:]
        if any(fold_accents(w) in _FUNCTION_WORDS for w in suffix):
            continue
        head = len(new_words) - shared
        for at in range(len(old_words) - shared, 0, -1):
            if folded_old[at : at + shared] != suffix:
                continue
            # The old head: an abbreviation ("KCN") or as many words as the new head has.
            word = old_words[at - 1].strip("?,.")
            abbreviation = (word.isupper() and len(word) > 1) or word.upper() in generic_abbreviations()
            begin = at - 1 if abbreviation else at - head
            if begin < 0 or folded_old[begin:at] == folded_new[:head]:
                continue
            if any(fold_accents(w) in _FUNCTION_WORDS for w in folded_old[begin:at]):
                continue
            end_word = old_words[at + shared - 1]
            trailing = end_word[len(end_word.rstrip("?,.")) :]
            return " ".join([*old_words[:begin], core.strip(" ?") + trailing, *old_words[at + shared :]])
    return None


_FUNCTION_WORDS = frozenset(
    [
        "la",
        "gi",
        "cua",
        "cac",
        "nhung",
        "va",
        "o",
        "tai",
        "cho",
        "ve",
        "voi",
        "trong",
        "theo",
        "nao",
        "the",
        "co",
        "khong",
        "duoc",
        "da",
        "se",
        "thi",
        "the",
        "of",
        "the",
        "in",
        "at",
        "for",
        "and",
        "to",
        "a",
        "an",
        "is",
        "are",
        "what",
        "which",
        "how",
    ]
)


def tail_start(text: str) -> int | None:
    """Where a Vietnamese question ending ("là gì", "như thế nào") starts in ``text``, if it has one."""
    view, folded = text_view(text)
    stripped = strip_end(text)
    tails = phrase_pattern(markers().get("vi", "tails"), folded, "$")
    match = tails.search(view, 0, len(stripped)) if tails else None
    return match.start() if match and match.start() > 0 else None


def question_frame(previous: str) -> tuple[str, str] | None:
    """The previous question around its topic: "Cộng sinh công nghiệp là gì?" -> ("", " là gì?")."""
    tail = tail_start(previous)
    if tail is not None:
        return "", " " + strip_end(previous)[tail:].strip() + "?"
    english = re.match(r"^(?:what|who|where)\s+(?:is|are|was|were)\s+", text_view(previous)[0])
    if english:
        return previous[: english.end()], "?"
    return None


_QUESTION_PHRASE_HEADS = frozenset(
    [
        "o",
        "tu",
        "vao",
        "tai",
        "trong",
        "nam",
        "ngay",
        "thang",
        "luc",
        "khi",
        "nhung",
        "cac",
        "co",
        "la",
        "duoc",
        "bao",
        "do",  # "do những ai tổ chức": by whom
        "boi",
        # hedges and verbs of measure before "bao nhiêu" ("có khoảng", "kéo dài", "hết", "lên")
        "khoang",
        "chung",
        "tam",
        "keo",
        "dai",
        "mat",
        "het",
        "len",
        "dat",
    ]
)
# A question phrase that opens a Vietnamese question ("Vì sao …", "Tại sao …", "Ai …").
_LEADING_QUESTION = re.compile(r"^(?:vi sao|tai sao|do dau|vi le gi|ai|bao nhieu|khi nao|bao gio|o dau)\s+", re.IGNORECASE)
# An English question's opening: "How many enterprises applied …" -> "enterprises applied …";
# "What share of the park's energy needs does DEEP C aim …" -> "share of the park's energy needs …".
_ENGLISH_OPENING = re.compile(
    r"^(?:about\s+|approximately\s+)?(?:how (?:many|much|long|far|large|big)|what|which|who|whom|when|where|why|how)"
    r"(?:\s+(?:is|are|was|were|did|does|do|has|have|had|will|can|could))?\s+",
    re.IGNORECASE,
)


# A phrase after a question word that narrows the topic: "gì về năng lượng", "nào ở Hải Phòng".
_CONSTRAINT_START = re.compile(r"^(?:ve|cho|cua|o|tai|trong|den|voi|doi voi|tu)\s")


def without_question_phrase(question: str) -> str:
    """ "Việt Nam bắt đầu thí điểm … từ năm nào?" -> "Việt Nam bắt đầu thí điểm …"; "Vì sao hội thảo
    … tổ chức thêm buổi tập huấn?" -> "hội thảo … tổ chức thêm buổi tập huấn"; "How many enterprises
    applied RECP …?" -> "enterprises applied RECP …"."""
    view, folded = text_view(question)
    english = _ENGLISH_OPENING.match(view)
    if english and re.fullmatch(r"[\x00-\x7f’‘–—…]*", fold_accents(question)):
        return strip_end(question[english.end() :]).strip()
    leading = _LEADING_QUESTION.match(fold_accents(view))
    if leading:
        return strip_end(question[leading.end() :]).strip()
    tail = tail_start(question)
    rest = ""
    if tail is None:
        # The last question word: Vietnamese puts it at the end, and typed without accents an
        # earlier word may read as one ("bat dau" holds "dau").
        pattern = phrase_pattern(markers().both("question_words"), folded)
        matches = list(pattern.finditer(view)) if pattern else []
        tail = matches[-1].start() if matches else len(strip_end(question))
        # What follows it may still be the topic: "mục tiêu gì về năng lượng đến năm 2030".
        after = strip_end(question[matches[-1].end() :]).strip() if matches else ""
        if _CONSTRAINT_START.match(fold_accents(after).lower()) and len(after.split()) > 1:
            rest = after
    words = question[:tail].split()
    while words and fold_accents(words[-1]).lower().strip(",") in _QUESTION_PHRASE_HEADS:
        if len(words) > 1 and fold_accents(words[-2]).lower() in ("hang", "moi"):
            break  # "hằng năm", "mỗi năm" (yearly) belong to the topic
        words.pop()
    return " ".join([*words, rest]).strip().rstrip(" ,:")


# "What was the 1961 project that started the Kalundborg Symbiosis?": "it" is that project, not the
# name inside it ("Who paid for it?"). Only a thing of a kind the markers name (project, company, …).
_WHAT_WAS = re.compile(r"^\s*what (?:was|is|were|are) (the (?:\S+ ){0,2}?(\S+)\b.*?)\s*\?*\s*$", re.IGNORECASE)


def asked_thing(question: str) -> str:
    """The noun phrase a "What was the <kind> …?" question asks about, or "" ."""
    match = _WHAT_WAS.match(question)
    if match is None:
        return ""
    heads = {h.lower() for h in markers().get("en", "other_heads")}
    words = match.group(1).lower().split()[1:4]
    return match.group(1) if any(w.strip(",") in heads for w in words) else ""


# Where the predicate of a Vietnamese question starts, after its subject ("… bắt đầu năm nào?"),
# folded: a verb, or a word that starts a predicate.
_VI_PREDICATE = re.compile(
    r"\s(?:bat dau|keo dai|duoc|do|co|la|gom|bao gom|dien ra|to chuc|thuc hien|chon|trien khai|dat|ho tro"
    r"|nham|ra doi|thanh lap|ket thuc|nam o|ap dung|quy dinh|yeu cau|mua|ban|san xuat|danh|thu hut|tiet kiem"
    r"|giam|tang|can|phai|se|da|dang|hop tac|ky)\b"
)
_EN_SUBJECT = r"\b(?:did|does|do|was|is|were|are|has|have|will|can)\s+(the\s+(?:[\w-]+\s+){{0,5}}?(?:{heads}))\b"
MAX_SUBJECT_WORDS = 12
_NAME_AFTER = re.compile(r"\s+[A-ZĐ]")  # on the question as typed (same offsets as its view)
_CLAUSE_WORDS = 3  # words of the name between "do" and the clause's verb ("do Bộ KH&ĐT thực hiện")


def subject_phrase(question: str) -> str:
    """The noun phrase a question is about when it opens with one ("Chương trình KCN sinh thái quốc
    gia của Hàn Quốc bắt đầu năm nào?" -> "Chương trình … của Hàn Quốc"; "How long did the SECO-funded
    eco-industrial park project run?" -> "the SECO-funded eco-industrial park project"), or "": what
    "nó" / "it" in the next question stands for, rather than the name inside it."""
    view, _ = text_view(question)
    folded = fold_accents(view)
    english_heads = "|".join(re.escape(h.lower()) for h in markers().get("en", "other_heads"))
    english = re.search(_EN_SUBJECT.format(heads=english_heads), folded) if english_heads else None
    if english:
        return question[english.start(1) : english.end(1)]
    heads = [fold_accents(h.lower()) for h in (*markers().get("vi", "other_heads"), *markers().get("vi", "subject_heads"))]
    if not any(folded.startswith(h + " ") for h in heads):
        return ""
    predicate = _VI_PREDICATE.search(folded)
    # "do SECO tài trợ", "do UNIDO thực hiện": a name after "do" (by) makes a clause of the subject
    # ("Dự án … do SECO tài trợ giai đoạn 2020–2023 kéo dài bao lâu?"), not its predicate (as "do ai
    # tài trợ?" is); the clause's own verb is skipped too.
    while predicate is not None and predicate.group(0).strip() == "do" and _NAME_AFTER.match(question, predicate.end()):
        clause = _VI_PREDICATE.search(folded, predicate.end())
        if clause is not None and len(folded[predicate.end() : clause.start()].split()) <= _CLAUSE_WORDS:
            clause = _VI_PREDICATE.search(folded, clause.end())
        predicate = clause
    if predicate is None:
        return ""
    subject = question[: predicate.start()].strip(" ,")
    return subject if 2 <= len(subject.split()) <= MAX_SUBJECT_WORDS else ""
