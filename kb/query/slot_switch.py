"""A follow-up's new slot put in the place of the same kind of slot in the previous question.

"còn Vụ Quản lý các Khu Kinh tế?" after "ai là Vụ trưởng Vụ Kinh tế địa phương và Lãnh thổ, Bộ …?"
replaces the office; "còn nước ngọt thì sao?" after "… tránh được bao nhiêu MWh điện mỗi năm?"
replaces what is counted; "còn bùn men thì sao?" after "Ở Kalundborg, chất thải hữu cơ của
Novozymes được dùng làm gì?" replaces the subject before the verb. Each keeps the rest of the
previous question (its predicate, place and time), which the generic "X ở Y như thế nào?" loses.

>>> switch_measure("nước ngọt", "Dự án giúp tránh được bao nhiêu MWh điện mỗi năm?")
'Dự án giúp tránh được bao nhiêu nước ngọt mỗi năm?'
"""

from __future__ import annotations

import re

from kb.query.question_shape import years_in
from kb.text.normalize import fold_accents, has_diacritics

MAX_SPAN_WORDS = 10  # a name longer than this is not one name
MAX_SLOT_WORDS = 5

# Lower-case words that end a name or a counted noun phrase ("Vụ Kinh tế địa phương và Lãnh thổ,"
# ends at the comma; "bao nhiêu MWh điện mỗi năm" ends before "mỗi"). Compared accent-folded.
# Words that end a phrase: Vietnamese as written (a word with diacritics ends it only as itself: "tư"
# of "nhà đầu tư" is not "từ"), and the same folded for a question typed without them; English.
_BOUNDARY_VI = frozenset(
    {
        *("của", "ở", "tại", "trong", "năm", "về", "có", "là", "được", "đã", "đó", "do", "cho", "với", "thuộc"),
        *("theo", "mỗi", "hằng", "một", "từ", "vào", "đến", "như", "khi", "sẽ", "đang", "này", "ấy"),
    }
)
_BOUNDARY_EN = frozenset(
    {
        *("per", "each", "a", "an", "in", "at", "of", "for", "from", "by", "to", "did", "does", "do", "was"),
        *("were", "is", "are", "has", "have", "had", "will"),
    }
)
_BOUNDARY_WORDS = frozenset(fold_accents(w) for w in _BOUNDARY_VI) | _BOUNDARY_EN
_PUNCTUATION = ",;:?!()“”\"–—"
# What a subject-less predicate starts with: the subject of a Vietnamese question ends before it.
_PREDICATE_STARTS = (
    "được",
    "là",
    "có",
    "đã",
    "gồm",
    "bao gồm",
    "do",
    "giúp",
    "nằm",
    "kéo dài",
    "bắt đầu",
    "đạt",
    "chiếm",
    "mang lại",
    "đem lại",
    "gặp",
    "cần",
    "dùng",
    "sử dụng",
)
_PREDICATE = re.compile(r"\s(?:" + "|".join(map(re.escape, _PREDICATE_STARTS)) + r")(?!\w)", re.IGNORECASE)
_CONTEXT_OPENING = re.compile(r"^(?:ở|tại|theo|trong|tính đến|đến|năm|in|at|according to)\s[^,]{1,80},\s*", re.IGNORECASE)
_MEASURE = re.compile(r"\b(?:bao nhiêu|bao nhieu|how much|how many)\s+", re.IGNORECASE)
# What a question asks about but never counts ("mục đích", "chủ đề"), folded.
_UNCOUNTED = re.compile(r"muc (?:dich|tieu)|chu de|noi dung|y nghia|vai tro|dia diem|hinh thuc")
_APPROXIMATELY = re.compile(r"\s+(?:khoảng|khoang|tổng cộng|tong cong|chừng|chung)$", re.IGNORECASE)
# A chemical formula ("CO2", "SO2", "CH4"): capitals and digits, yet a thing counted, not a name.
_FORMULA = re.compile(r"(?:[A-Z][a-z]?\d*){1,3}\d")


def _words(text: str) -> list[re.Match[str]]:
    return list(re.finditer(r"[^\s]+", text))


def _ends_span(word: str) -> bool:
    bare = word.strip(_PUNCTUATION + ".")
    if not bare or not bare[0].islower():
        return False
    folded = fold_accents(bare).lower()
    return bare.lower() in _BOUNDARY_VI if folded != bare.lower() else folded in _BOUNDARY_WORDS


def _span_end(text: str, start: int, first_word: int = 1) -> int | None:
    """Where the phrase starting at ``start`` ends: before a boundary word or at punctuation."""
    words = [w for w in _words(text) if w.start() >= start]
    end = None
    for n, word in enumerate(words[:MAX_SPAN_WORDS]):
        if n >= first_word and _ends_span(word.group()):
            return end
        end = word.end()
        stripped = word.group().rstrip(_PUNCTUATION + ".")
        if len(stripped) < len(word.group()):
            return word.start() + len(stripped)
    return end if len(words) <= MAX_SPAN_WORDS else None


def switch_named_head(core: str, previous: str) -> str | None:
    """ "Vụ Quản lý các Khu Kinh tế" for "Vụ Kinh tế địa phương và Lãnh thổ": a name with the same
    head noun ("Vụ", "Cục", "Công ty") followed by a capitalised word."""
    words = core.strip(" ?").split()
    if len(words) < 2 or not words[1][:1].isupper():
        return None
    head = words[0]
    for match in re.finditer(rf"(?<!\w){re.escape(head)}\s+(?=[^\W\d_])", previous):
        after = previous[match.end() :]
        if not after[:1].isupper():
            continue  # "Vụ trưởng": a title, not the office
        end = _span_end(previous, match.start(), first_word=2)
        if end is None or previous[match.start() : end].strip() == core.strip(" ?"):
            continue
        return previous[: match.start()] + core.strip(" ?") + previous[end:]
    return None


def switch_measure(core: str, previous: str) -> str | None:
    """What the previous question counted ("bao nhiêu MWh điện", "how much electricity") replaced
    by the follow-up's noun ("nước ngọt", "water")."""
    slot = core.strip(" ?")
    formula = _FORMULA.fullmatch(slot) is not None  # "CO2", "SO2": a thing counted, not a name or a number
    if not slot or len(slot.split()) > MAX_SLOT_WORDS or any(ch in _PUNCTUATION for ch in slot):
        return None
    if not formula and (any(ch.isdigit() for ch in slot) or any(w[:1].isupper() for w in slot.split())):
        return None  # a name is a new subject, not a new thing counted
    match = _MEASURE.search(previous)
    if match is None:
        return None
    if _UNCOUNTED.fullmatch(fold_accents(slot).lower()) and not match.group().lower().startswith("how"):
        # "còn mục đích?" after "… có khoảng bao nhiêu đại biểu?": what it has, not how many.
        before = _APPROXIMATELY.sub("", previous[: match.start()].rstrip())
        # The subject, before its predicate ("Dự án đã hỗ trợ bao nhiêu …" -> "Dự án"), has it.
        predicate = _PREDICATE.search(before)
        return f"{before[: predicate.start()] if predicate else before} có {slot} gì?"
    end = _span_end(previous, match.end(), first_word=1)
    if end is None or end <= match.end() or previous[match.end() : end].strip() == slot:
        return None
    # "thế còn số việc làm?" after "… bao nhiêu hộ?": "bao nhiêu việc làm", not "bao nhiêu số việc làm".
    slot = _NUMBER_OF.sub("", slot) or slot
    return previous[: match.end()] + slot + previous[end:]


_NUMBER_OF = re.compile(r"^(?:số lượng|so luong|số|so|the number of|number of)\s+(?=\S)", re.IGNORECASE)


# A time phrase opening a question before its named subject: "Đến năm 2022 DEEP C …", "Tính đến
# tháng 9/2023 dự án …".
_TIME_OPENING = re.compile(
    r"(?i:(?:tính đến|tinh den|đến|den|vào|vao|trong|từ|tu|năm|nam|tháng|thang)\s+)+(?:\d{1,2}/)*(?:19|20)\d{2}\b,?\s*"
)


def switch_predicate_subject(core: str, previous: str) -> str | None:
    """The common-noun subject of the previous question, before its verb, replaced ("chất thải hữu
    cơ của Novozymes được dùng làm gì?" -> "bùn men … được dùng làm gì?"); a named subject ("KCN
    Hiệp Phước đã …") is not replaced."""
    slot = core.strip(" ?")
    if not slot or len(slot.split()) > MAX_SLOT_WORDS + 3:
        return None
    opening = _CONTEXT_OPENING.match(previous)
    start = opening.end() if opening else 0
    rest = previous[start:]
    predicate = re.search(
        r"\s(?:" + "|".join(re.escape(p) for p in _PREDICATE_STARTS) + r")(?!\w)", rest, re.IGNORECASE
    )
    if predicate is None:
        return None
    time = _TIME_OPENING.match(rest[: predicate.start()])
    if time and years_in(slot) and _only_time(slot):
        # "Đến năm 2022 DEEP C có …" then "hồi mới bắt đầu năm 1997 thì sao?": the time said first
        # gives way, DEEP C stays.
        return previous[:start] + (slot if start else slot[:1].upper() + slot[1:]) + " " + rest[time.end() :].lstrip()
    # After a time said first, the subject is what follows it ("Đến năm 2022 DEEP C có …": DEEP C).
    subject = rest[time.end() if time else 0 : predicate.start()].split()
    if time and subject and subject[0][:1].isupper():
        return None
    # A common noun phrase: lower case after its first word (which opens the sentence), no
    # abbreviation ("KCN"), no name among its first words ("Công ty Sonadezi", "Hiệp Phước").
    if len(subject) < 2 or subject[0].isupper() or (start and not subject[0][:1].islower()):
        return None
    if any(w[:1].isupper() for w in subject[1:3]):
        return None
    if re.search(r"(?<!\w)(?:ở|tại)\s+\S*[A-ZĐ]", " ".join(subject)):
        return None  # "Doanh nghiệp ở KCN Hiệp Phước": the place is what the question is about
    if fold_accents(slot).lower() == fold_accents(" ".join(subject)).lower():
        return None
    lead = slot if start else slot[:1].upper() + slot[1:]
    return previous[:start] + lead + rest[predicate.start() :]


# Words of a time said in words around its year ("hồi mới bắt đầu năm 1997", "back in 2015"), folded.
_TIME_WORDS = frozenset(
    ["nam", "thang", "ngay", "hoi", "moi", "bat", "dau", "cuoi", "den", "tu", "vao", "luc", "khi", "giai", "doan", "thoi", "ky", "ky", "thi", "sao", "con", "the", "nhu", "nao", "in", "by", "as", "of", "from", "until", "since", "the", "year", "early", "late", "start", "end", "at", "back", "around", "about", "what"]
)


def _only_time(slot: str) -> bool:
    """Whether ``slot`` says a time and nothing else ("hồi mới bắt đầu năm 1997"; not "mục tiêu năng
    lượng đến 2030": an attribute with its own year)."""
    words = re.findall(r"[^\W\d_]+", fold_accents(slot).lower())
    return all(w in _TIME_WORDS for w in words)


_LOCATIVE = re.compile(r"(?<!\w)(?:ở|tại|o|tai|in|at)\s+(?=[A-ZĐ])")


def switch_place(core: str, previous: str) -> str | None:
    """ "ở sonadezi long thanh" after "… tại Khu Công nghệ cao TP.HCM có bao nhiêu …": the place
    named after the previous question's last "ở / tại / in / at"."""
    slot = core.strip(" ?")
    matches = list(_LOCATIVE.finditer(previous))
    if not slot or not matches or any(ch.isdigit() for ch in slot):
        return None  # "in the 2020–2023 phase" is a time, not a place
    start = matches[-1].end()
    end = _span_end(previous, start, first_word=1)
    # The name ends with its last capitalised word ("KCN Hiệp Phước gặp khó khăn" -> "KCN Hiệp Phước").
    capitals = [w for w in _words(previous[start:end]) if w.group()[:1].isupper()] if end else []
    end = start + capitals[-1].end() if capitals else None
    if end is None or fold_accents(previous[start:end]).lower() == fold_accents(slot).lower():
        return None
    return previous[:start] + slot + previous[end:]


ABOUT = re.compile(r"(?<!\w)(?:về|ve)(?!\w)", re.IGNORECASE)  # "về" / "ve": what a question is about


def switch_aspect(core: str, previous: str) -> str | None:
    """ "(còn) về pháp lý" after "… gặp khó khăn gì về vốn khi làm cộng sinh?": the aspect named
    after the previous question's last "về" (with the aspects listed after it: "về thể chế, chính
    sách"), replaced; the rest of the question is kept. Without a "về", an aspect of the same kind
    ("hiệu quả kinh tế" -> "hiệu quả về môi trường")."""
    slot = core.strip(" ?")
    if not slot or len(slot.split()) > MAX_SLOT_WORDS or any(ch in _PUNCTUATION for ch in slot):
        return None
    matches = list(ABOUT.finditer(previous))
    if not matches:
        return _switch_kind_of_aspect(slot, previous)
    start = len(previous) - len(previous[matches[-1].end() :].lstrip())
    end = _span_end(previous, start, first_word=1)
    # "về thể chế, chính sách?": the aspects listed run on after a comma.
    while end is not None and previous[end : end + 1] == "," and (more := _span_end(previous, end + 1)) is not None:
        end = more
    if end is None or end <= start or fold_accents(previous[start:end]).lower() == fold_accents(slot).lower():
        return None
    return previous[:start] + slot + previous[end:]


# Aspects a question weighs a result by: one replaces another ("lợi ích kinh tế" -> "lợi ích về nước").
_ASPECT_KINDS = re.compile(
    r"(?<!\w)(?:kinh tế|kinh te|môi trường|moi truong|xã hội|xa hoi|pháp lý|phap ly|tài chính|tai chinh"
    r"|kỹ thuật|ky thuat)(?!\w)",
    re.IGNORECASE,
)


def _switch_kind_of_aspect(slot: str, previous: str) -> str | None:
    """The previous question's aspect ("kinh tế") replaced by ``slot`` said as an aspect ("về môi trường")."""
    match = _ASPECT_KINDS.search(previous)
    if match is None or fold_accents(match.group()).lower() == fold_accents(slot).lower():
        return None
    return f"{previous[: match.start()]}về {slot}{previous[match.end() :]}"


_RANGE = r"(?:19|20)\d{2}\s*[–—-]\s*(?:19|20)?\d{2}"
# A numbered phase with its period ("phase 1 (2014–2019)", "giai đoạn 1 (2014–2019)"), else a period.
_PHASE_PERIOD = re.compile(
    rf"(?:(?:the\s+)?(?:first|second|third)\s+phase\s*\({_RANGE}\)|(?:phase|stage|giai đoạn|giai doan)\s+\d+\s*\({_RANGE}\))",
    re.IGNORECASE,
)


def switch_period(core: str, previous: str) -> str | None:
    """ "and in the 2020–2023 phase?" after "… pilots in phase 1 (2014–2019) of …": the phase asked
    before, with its period, replaced by the new one; else only the period ("2014–2019")."""
    slot = re.sub(r"^(?:in|during|for|trong|vào)\s+", "", core.strip(" ?"), flags=re.IGNORECASE)
    new = re.search(_RANGE, slot)
    if new is None:
        return None
    phase = _PHASE_PERIOD.search(previous)
    if phase is not None:
        return previous[: phase.start()] + slot + previous[phase.end() :]
    old = re.search(_RANGE, previous)
    if old is None or old.group(0) == new.group(0):
        return None
    return previous[: old.start()] + new.group(0) + previous[old.end() :]


# "giai đoạn sau", "the next phase": the period after (or before) the one asked before.
_RELATIVE_PERIOD = re.compile(
    r"^(?:(?:vào|trong|ở|o|vao)\s+)?(?:giai đoạn|giai doan|phase|stage|the (?=\w+ (?:phase|stage|period)))\s*"
    r"(?P<which>sau|tiếp theo|tiep theo|tiếp|tiep|kế tiếp|ke tiep|trước|truoc|next|following|later|previous|earlier)"
    r"(?:\s+(?:phase|stage|period))?$",
    re.IGNORECASE,
)
_BEFORE = frozenset({"truoc", "previous", "earlier"})
_NUMBERED_PHASE = re.compile(
    rf"(?<!\w)(giai đoạn|giai doan|phase|stage)\s+(\d)(?!\d)(?:\s*\({_RANGE}\))?", re.IGNORECASE
)
_PERIOD = re.compile(rf"(?<!\w)(?:(?:giai đoạn|giai doan|phase|stage|period|thời kỳ)\s+)?(?:từ\s+)?{_RANGE}", re.IGNORECASE)


# "lần sau", "lần tiếp theo", "the next time" after "… lần đầu …" / "the first …": the next occurrence.
_NEXT_OCCURRENCE = re.compile(
    r"^(?:(?:vào|vao)\s+)?(?:lần|lan)\s+(?:sau|tiếp theo|tiep theo|kế tiếp|ke tiep|thứ hai|thu hai|2)$",
    re.IGNORECASE,
)
_FIRST_OCCURRENCE = re.compile(r"(?<!\w)(?:lần|lan)\s+(?:đầu tiên|dau tien|đầu|dau|thứ nhất|thu nhat|1)(?!\w)", re.IGNORECASE)


def switch_occurrence(core: str, previous: str) -> str | None:
    """ "còn lần sau thì khi nào?" after "… tổ chức Hội thảo … lần đầu vào năm nào?": the previous
    question of the second time ("… lần thứ hai vào năm nào?")."""
    if not _NEXT_OCCURRENCE.match(core.strip(" ?")):
        return None
    first = _FIRST_OCCURRENCE.search(previous)
    if first is None:
        return None
    said = "lần thứ hai" if has_diacritics(previous) else "lan thu hai"
    return previous[: first.start()] + said + previous[first.end() :]


def switch_relative_period(core: str, previous: str) -> str | None:
    """ "giai đoạn sau thì sao?" after "Giai đoạn 2015–2019, Hòa Khánh … bao nhiêu cơ hội?": the
    previous question of the next period ("Giai đoạn tiếp theo sau 2015–2019, …"); "phase 1" becomes
    "phase 2". The sources write "giai đoạn tiếp", "phase 2 (2020–2023)"."""
    asked = _RELATIVE_PERIOD.match(core.strip(" ?"))
    if asked is None:
        return None
    before = fold_accents(asked.group("which")).lower() in _BEFORE
    english = bool(re.match(r"[a-z]", fold_accents(asked.group("which")).lower())) and asked.group(
        "which"
    ).lower() in {"next", "following", "later", "previous", "earlier"}
    numbered = _NUMBERED_PHASE.search(previous)
    if numbered is not None:
        number = int(numbered.group(2)) + (-1 if before else 1)
        if number < 1:
            return None
        return f"{previous[: numbered.start()]}{numbered.group(1)} {number}{previous[numbered.end() :]}"
    period = _PERIOD.search(previous)
    if period is None:
        return None
    years = re.search(_RANGE, period.group(0))
    assert years is not None
    if english:
        said = f"the phase {'before' if before else 'after'} {years.group(0)}"
    else:
        said = f"giai đoạn {'trước' if before else 'tiếp theo sau'} {years.group(0)}"
    return f"{previous[: period.start()]}{said}{previous[period.end() :]}"


# A numbered part and what it is a part of: "Giai đoạn 1 của dự án KCN sinh thái MPI–UNIDO" (the owner
# ends where the predicate starts).
_PART = re.compile(r"(?<!\w)(giai đoạn|giai doan|phiên|phien|hợp phần|hop phan|phase|session|component|stage)\s+(\d{1,2})(?!\w)", re.IGNORECASE)
# Vietnamese only: an English owner ("of the Viet Nam EIP project") ends at a verb no list foresees.
_OWNER = re.compile(r"\s*(?:\([^)]*\)\s*)?((?:của|cua)\s.+)", re.IGNORECASE)


def _owner_end(owner: str) -> int:
    """Where the owner phrase ends: before the first predicate word (or a comma, or the end)."""
    folded = " " + fold_accents(owner).lower() + " "
    ends = [len(owner)]
    for word in _PREDICATE_STARTS:
        position = folded.find(" " + fold_accents(word) + " ", 1)
        if position > 0:
            ends.append(position - 1)
    comma = owner.find(",")
    if comma > 0:
        ends.append(comma)
    return min(ends)


def complete_part_owner(question: str, previous: str) -> str | None:
    """A question naming another numbered part of what the previous question asked about, without
    saying what it is a part of ("giai doan 2 bat dau tu khi nao?" after "Giai đoạn 1 của dự án KCN
    sinh thái MPI–UNIDO được khởi động vào ngày nào?"): the part with the previous question's owner."""
    before = _PART.search(previous)
    asked = _PART.search(question)
    if before is None or asked is None or before.group(2) == asked.group(2):
        return None
    if fold_accents(before.group(1)).lower() != fold_accents(asked.group(1)).lower():
        return None
    if re.match(r"\s*(?:\([^)]*\)\s*)?(?:của|cua|of)(?!\w)", question[asked.end() :], re.IGNORECASE):
        return None  # it says whose part it is
    owner = _OWNER.match(previous[before.end() :])
    if owner is None:
        return None
    phrase = owner.group(1)[: _owner_end(owner.group(1))].strip()
    if len(phrase.split()) < 2:
        return None
    return question[: asked.end()] + " " + phrase + question[asked.end() :]
