"""The shape of the answer a question asks for, and the constraints the answer must meet.

- ``kind``: ``list`` ("gồm những …", "các tiêu chí … là gì", "which parks …"), ``why`` ("vì sao",
  "lợi ích", "khó khăn", "how did …"), ``count`` / ``amount`` ("bao nhiêu doanh nghiệp", "kinh phí
  bao nhiêu", "how much funding"), ``date``, ``duration``, ``who``, ``where``, ``definition``,
  ``comparison``, ``yes-no`` or ``fact``;
- ``years``: years the question names ("năm 2020", "in 2020"): a figure for another year is no answer;
- ``stated``: numbers the question itself states ("trong 217 giải pháp …, Amata có bao nhiêu"):
  a total the question quotes is not the share it asks for;
- ``role``: for "who" questions, the office asked ("tổng giám đốc"): a deputy is not the director.

All matching is on folded, lower-cased text, so unaccented questions work the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.query.answer_types import MONEY_ASKED, expected_answer_type, quantity_units
from kb.query.definitions import definition_term
from kb.text.normalize import fold_accents, normalize_query

KINDS = (
    "list",
    "why",
    "count",
    "amount",
    "date",
    "duration",
    "who",
    "where",
    "definition",
    "comparison",
    "yes-no",
    "fact",
)

# Verbs in -s after "which <noun>": "Which company buys the gypsum?" asks for one company, not a list.
_VERBS_IN_S = (
    "buys|makes|uses|sells|supplies|provides|receives|gets|runs|leads|owns|says|gives|produces|needs"
    "|takes|covers|requires|sets|hosts|funds|finances|operates|manages|builds|chairs|represents|sponsors"
    "|develops|implements|organises|organizes|coordinates|presents|signs|supports|plans|invests|issues"
    "|regulates|oversees|certifies|approves|treats|offers"
)
# "Kể giúp mình các tiêu chí …", "kể hết ra", "kể ra những …": asked to tell them all (not "kể từ",
# since, nor "kể cả", including).
_TELL_THEM = r"ke (?:(?:giup|gium|cho) (?:minh|toi|em|tui|chung toi) )?(?:cac|nhung|het|ra)\b"
_TELL_ALL = re.compile(r"\b(ke ten|liet ke|" + _TELL_THEM + ")")
# After a count, each item asked too: "mỗi phiên bàn chủ đề gì", "đó là những KCN nào", "what was each
# one about", "what were they" (not "mỗi năm … bao nhiêu", nor "which one fell on the second day").
_EACH_ITEM = re.compile(
    r"\bmoi (?:[^\W_]+ ){1,4}?(?:gi|nao)\b(?<!khi nao)(?<!nam nao)(?<!luc nao)|\b(?:do|chung) la nhung\b"
    r"|\beach (?:one )?(?:was |is |were )?about\b|\bwhat (?:was|is) each\b|\bwhat (?:were|are) they\b"
    r"|\bwhich ones\b|\b(?:name|list) them\b"
)
_COUNT_WORD = re.compile(r"\b(?:bao nhieu|may|how many)\b")


def _each_item_asked(folded: str) -> bool:
    """Whether a count question asks for every item after the count ("có mấy phiên, mỗi phiên bàn
    chủ đề gì?"); not when the count is asked of each ("mỗi KCN có bao nhiêu giải pháp và đó là …")."""
    count = _COUNT_WORD.search(folded)
    if count is None or re.search(r"\b(?:moi|tung|each|per)\b", folded[: count.start()]):
        return False
    return any(m.start() > count.start() for m in _EACH_ITEM.finditer(folded))


_LIST = re.compile(
    r"\b(gom nhung|bao gom|gom cac|ke ten|liet ke|" + _TELL_THEM +
    r"|nhung (?:[^\W_]+[ ,]+){0,8}?(?:nao|gi)\b|cac (?:[^\W_]+[ ,]+){1,8}?(?:nao|la gi)\b|co nhung\b"
    r"|which (?:[a-z-]+ ){0,2}(?!(?:" + _VERBS_IN_S + r")\b)[a-z-]{3,}s\b(?<!\bis)(?<!\bwas)(?<!\bhas)(?<!\bdoes)"
    r"|what (?:[a-z-]+ ){0,2}[a-z-]{3,}s (?:did|do|does|were|are|have|has|had)\b"
    # "What parks got picked …", "what companies took part": the plural named, then what befell them.
    r"|what (?:[a-z-]+ ){0,2}[a-z-]{3,}s(?<!ss) (?:got|get|took|take|went|joined|signed|received|won|came)\b"
    r"|what (?:were|are) the (?:[a-z-]+ ){0,3}(?:[a-z-]{3,}s|criteria)\b|who (?:were|are) the|list the|name the"
    # "chủ đề 5 phiên ngày thứ nhất là gì?", "4 nhóm yêu cầu gồm gì": a number of items, each asked.
    r"|(?:[2-9]|1[0-2]|hai|ba|bon|sau|bay|tam|chin|muoi) (?:phien|hop phan|tieu chi|nhom|buoc|muc tieu|noi dung"
    r"|linh vuc|tru cot|cap do|bac)\b[^?]*\b(?:la gi|gom|nao)\b)"
)
# A term asked "là gì" that names items, not a concept ("tiêu chí …", "các bước …"): a list is asked.
# Not one of them named by what it is about or its place: "tiêu chí về dịch vụ cơ bản", "tiêu chí thứ ba".
_LIST_HEAD = re.compile(
    r"(?:cac|nhung) (?:tieu chi|dieu kien|yeu cau|nhiem vu|hop phan|nguyen tac|buoc)\b"
    r"|(?:tieu chi|dieu kien|yeu cau|nhiem vu|hop phan|nguyen tac)\b(?! (?:ve|thu|so|nay|do)\b)"
)
_WHY = re.compile(
    r"\b(vi sao|tai sao|ly do|nguyen nhan|loi ich|kho khan|thach thuc|vuong mac|rao can|bai hoc|tac dong"
    r"|y nghia|nhu the nao|bang cach nao|ra sao|why|what (?:benefits|difficulties|challenges|obstacles|lessons"
    r"|barriers|reasons|advantages|problems)|how (?:did|does|do|can|could|was|were|is|are)\b"
    # "the main difficulties", "what's holding firms back": difficulties asked in other words.
    r"|difficulties|challenges|obstacles|barriers|hurdles|hold(?:s|ing)? (?:[a-z']+ ){1,6}back"
    # What made something happen: "Điều gì khiến Ulsan phải …", "what led Korea to …".
    r"|(?:dieu gi|yeu to nao|dong luc nao|gi) (?:da )?(?:khien|thuc day|dan den)"
    r"|what (?:made|led|drove|prompted|caused|pushed|motivated))"
)
# A why-word inside a list question ("những khó khăn nào", "which obstacles") still asks for a list.
_LIST_WORDS = re.compile(r"\b(nhung [^?]*\b(?:nao|gi)\b|cac [^?]*\bnao\b|gom|ke ten|liet ke|which|" + _TELL_THEM + ")")
# Not "where did things stand with the draft?" (how far it had got: a status, not a place).
_WHERE = re.compile(
    r"\b(o dau|tai dau|noi nao|dia diem nao|dia diem|where(?!(?: [a-z0-9'-]+){1,8} stand(?:s|ing)?\b)"
    r"|which (?:city|province|place|location))\b"
)
_COMPARISON = re.compile(r"\b(so voi|khac nhau|khac gi|so sanh|giong nhau|compared? (?:to|with)|difference|differ)\b")
_YES_NO = re.compile(
    r"(\bco (?:[^\W_]+ )+(?:khong|chua)\s*\??$|\bda (?:[^\W_]+ )+chua\s*\??$|\b(?:phai|dung) khong\s*\??$"
    r"|^(?:is|are|was|were|does|do|did|has|have|had|can|could|will|should)\b)"
)
_DURATION = re.compile(r"\b(bao lau|trong bao lau|mat bao lau|how long|keo dai (?:bao lau|may))\b")
_MONEY = re.compile(
    r"\b(bao nhieu tien|so tien|kinh phi|ngan sach|tong von|von dau tu|von dieu le|tong (?:muc )?dau tu|chi phi"
    r"|doanh thu|loi nhuan|revenues?|profits?|turnover"
    r"|gia thue|tai tro bao nhieu"
    # "riêng GEF đóng góp bao nhiêu?" ends on it: an amount given ("đóng góp bao nhiêu ý kiến" counts).
    r"|(?:dong gop|vien tro|dau tu|chi) bao nhieu(?=\s*[?.!]*\s*$)"
    # Not land "for lease / for rent" (the land offered, not a price), nor a name ("Rent-A-Port").
    r"|how much (?:\S+ ){0,2}(?:money|funding|cash|capital)|how much (?:\S+ ){0,4}invest\w*|funding|budget|cost|grant|price|(?<!for )(?:lease|rent)(?!-)|fee)\b"
)
_CURRENCY_UNIT = r"\b(?:usd|eur|euro|dong|vnd|dollars?)\b"
_MONEY_DONE = re.compile(r"\bhow much\b(?:\s+\S+){0,10}?\s+(?:save|saved|spend|spent|earn|earned|raise|raised)\b")
# A sum asked to be broken down ("How was the USD 4.55 million grant split between GEF, SECO and
# UNIDO?", "4,55 triệu USD được phân bổ cho các nhà tài trợ thế nào?"): the parts are amounts asked.
SPLIT_ASKED = re.compile(
    r"\b(?:split|divided|broken down|allocated|shared)\b.*\b(?:between|among|across)\b|\bbreakdown\b"
    r"|\bphan bo\b|\bchia (?:cho|giua|ra)\b|\bmoi (?:ben|nha tai tro|to chuc) (?:dong gop|tai tro|chi)\b"
)
_SUM_STATED = re.compile(r"(?:usd|eur|\$|€)\s*\d|\d[\d.,]*\s*(?:nghin |ngan |trieu |ty |million |billion )?(?:dong|vnd|usd|eur|euro|dollars?)\b")
# Not "1990s", nor the year of a date written with hyphens ("12-6-2019"); both years of "2014-2019".
_YEAR = re.compile(r"(?<![\d/.])(?<!(?<!\b(?:19|20)\d\d)-)((?:19|20)\d{2})(?![\d/]|s\b|'s)")
_STATED = re.compile(r"(?<![\w/.])(\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)(?![\w/])")
ROLE = re.compile(
    r"\b((?:pho |deputy |vice )?(?:tong giam doc|giam doc|chu tich|truong ban|truong doan|truong dai dien|vu truong|bo truong|thu truong"
    r"|truong phong|chu nhiem|co van truong ky thuat|ceo|director|chairman|head|president|minister"
    r"|(?:chief )?technical advis[eo]r))\b"
)


@dataclass(frozen=True)
class QuestionShape:
    """What an answer to the question must look like (see the module docstring)."""

    kind: str
    units: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    stated: tuple[str, ...] = ()
    role: str = ""

    @property
    def typed(self) -> bool:
        """A question whose answer is a value of a kind (number, amount, date, person, place)."""
        return self.kind in ("count", "amount", "date", "duration", "who", "where")


def _folded(question: str) -> str:
    return fold_accents(normalize_query(question)).lower()


def question_shape(question: str) -> QuestionShape:
    """The :class:`QuestionShape` of ``question``."""
    folded = _folded(question)
    years = question_years(question)
    stated = tuple(
        dict.fromkeys(n for n in (_digits(m) for m in _STATED.findall(folded)) if n and n not in years)
    )
    typed = expected_answer_type(question)
    if typed == "date" and re.search(r"\b(bao nhieu|how many|how much)\b", folded):
        typed = "quantity"  # "how many hectares … when it started": the count is asked
    units = tuple(quantity_units(question))
    if (term := definition_term(question)) and _LIST_HEAD.match(fold_accents(term)):
        kind = "list"  # "Tiêu chí xác định KCN sinh thái là gì?": every criterion, not a definition
    elif term:
        kind = "definition"
    elif _DURATION.search(folded):
        kind = "duration"
    elif typed == "date":
        kind = "date"
    elif _TELL_ALL.search(folded):
        kind = "list"  # "… có bao nhiêu thì kể hết": however many, all of them
    elif SPLIT_ASKED.search(folded) and _SUM_STATED.search(folded):
        kind = "amount"  # a sum of money broken down: its parts are amounts, however asked ("mỗi loại bao nhiêu")
    elif typed == "quantity" and _each_item_asked(folded):
        kind = "list"  # "có mấy phiên, mỗi phiên bàn chủ đề gì?": the count and every item
    elif typed == "quantity" or (typed is None and MONEY_ASKED.search(folded)):
        # "đóng góp bao nhiêu trong 4,55 triệu USD": what is counted is money.
        money_counted = bool(units) and all(re.search(_CURRENCY_UNIT, u) for u in units)
        # "How much did the companies save?": nothing measured named, a sum of money saved or spent.
        money_done = not units and _MONEY_DONE.search(folded) is not None
        kind = "amount" if _MONEY.search(folded) or money_counted or money_done else "count"
    elif _WHY.search(folded) and not _LIST_WORDS.search(folded):
        kind = "why"
    elif _LIST.search(folded):
        kind = "list"
    elif typed == "person":
        kind = "who"
    elif _WHERE.search(folded):
        kind = "where"
    elif _COMPARISON.search(folded):
        kind = "comparison"
    elif _WHY.search(folded):
        kind = "why"
    elif _YES_NO.search(folded):
        kind = "yes-no"
    else:
        kind = "fact"
    role = ""
    if kind == "who":
        match = ROLE.search(folded)
        role = match.group(1) if match else ""
    return QuestionShape(kind, units, years, stated if kind in ("count", "amount") else (), role)


# The year of a month or a day written with it ("tháng 11/2018", "ngày 24/11/2022", "8-9/11/2018",
# "tính đến 9/2023"; not an instrument's number: "Thông tư 05/2025", "NĐ 82/2018").
_DATED_YEAR = re.compile(
    r"(?<![\d/.-])(?:\d{1,2}[-–])?(?:\d{1,2}/)?(?:0?[1-9]|1[0-2])/((?:19|20)\d{2})(?![\d/])"
)
# Words before an instrument's number, folded ("Thông tư 05/2025", "NĐ số 82/2018"): no date follows them.
INSTRUMENT_BEFORE = re.compile(r"(?:nghi dinh|thong tu|quyet dinh|nd|tt|qd|decree|circular|so|no\.?)\s*$")


def question_years(question: str) -> tuple[str, ...]:
    """The years a question names ("năm 2019", "in 2019", "tháng 11/2018", "ngày 24/11/2022"; not
    "1990s" nor "những năm 1990", not "35/2022")."""
    folded = _folded(question)
    dated = [m.group(1) for m in _DATED_YEAR.finditer(folded) if not INSTRUMENT_BEFORE.search(folded[: m.start()])]
    # "đầu những năm 2000", "thập niên 1990" name a decade, like "the 2000s": no year of their own (but
    # "những năm 2019–2020", "các năm 2019" are years).
    years = [
        m.group(1)
        for m in _YEAR.finditer(folded)
        if not (m.group(1).endswith("0") and _DECADE_BEFORE.search(folded[: m.start()]))
    ]
    return tuple(dict.fromkeys([*years, *dated]))


_DECADE_BEFORE = re.compile(r"\b(?:nhung nam|thap nien|thap ky)\s*$")


# A period before or after a year ("sau năm 2019", "từ năm 2022 trở đi", "since 2021", "before 2020";
# folded): not that year itself.
_RELATIVE_YEAR = re.compile(
    r"\b(?:(?P<after>(?:tu |ke tu )?sau (?:nam )?|after |later than )"
    r"|(?P<since>(?:ke )?tu (?:nam )?(?=(?:19|20)\d\d (?:tro di|tro ve sau|den nay))|since (?:the year )?)"
    r"|(?P<before>truoc (?:nam )?|before |prior to |until |den truoc (?:nam )?))((?:19|20)\d\d)\b"
)


def relative_period(question: str) -> tuple[str, str] | None:
    """How a question's period stands to the year it names: ("after" | "since" | "before", year), or
    None ("Riêng từ năm 2022 trở đi …" -> ("since", "2022"))."""
    match = _RELATIVE_YEAR.search(_folded(question))
    if match is None:
        return None
    return next(k for k in ("after", "since", "before") if match.group(k) is not None), match.group(4)


def in_period(year: str, period: tuple[str, str]) -> bool:
    """Whether ``year`` falls in a :func:`relative_period`."""
    relation, bound = period
    return year > bound if relation == "after" else year >= bound if relation == "since" else year < bound


def _digits(number: str) -> str:
    """A number as its digits only ("4,55" -> "455", "1.700" -> "1700"), for comparing mentions."""
    return re.sub(r"\D", "", number)


def numbers_in(text: str) -> set[str]:
    """The numbers written in ``text``, as digits only (see :func:`_digits`)."""
    return {d for d in (_digits(m) for m in _STATED.findall(fold_accents(text))) if d}


def years_in(text: str) -> list[str]:
    """The years written in ``text`` ("năm 2017", "2014–2019", "tính đến 9/2023", "12/6/2019"), in
    order; not the year of an instrument's number ("Nghị định 82/2018", "Thông tư 05/2025")."""
    found = [(m.start(), m.group(1)) for m in _YEAR.finditer(text)]
    folded = fold_accents(text).lower()
    if len(folded) == len(text):  # offsets shared: the dated years go in their places
        found += [
            (m.start(1), m.group(1))
            for m in _DATED_YEAR.finditer(folded)
            if not INSTRUMENT_BEFORE.search(folded[max(0, m.start() - 24) : m.start()])
        ]
    return [year for _, year in sorted(found)]


def mentions_year(text: str, year: str) -> bool:
    return re.search(rf"(?<!\d){year}(?!\d)", text) is not None


# "tiêu chí thứ 5", "yêu cầu thứ hai", "the fifth criterion", "criterion 5": one item of a list, by its
# place (folded). Sessions and phases are numbered parts, not list items.
_ITEM_HEADS = r"(?:tieu chi|muc|yeu cau|buoc|giai phap|nguyen tac|dieu kien|noi dung|nhiem vu|hop phan|chi so)"
# Ordinal words, folded ("thứ nhất", "thứ năm", "fifth"): also the numbers of parts (constraint checks).
ORDINAL_WORDS = {
    "nhat": 1, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
    "chin": 9, "muoi": 10,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10,
}  # fmt: skip
# "tiêu chí thứ 5", "tiêu chí thứ năm", "tiêu chí 5" (not "tiêu chí 82/2018", "mục 2.3").
_ITEM_VI = re.compile(rf"\b{_ITEM_HEADS}\s+(?:thu\s+(\d{{1,2}}|[a-z]+)\b|(\d{{1,2}})\b(?![/.,]\d))")
_EN_HEADS = r"(?:criterion|criteria|item|step|requirement|condition|principle|component|indicator)"
_ITEM_EN = re.compile(
    rf"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{{1,2}}(?:st|nd|rd|th))\s+{_EN_HEADS}\b"
    rf"|\b{_EN_HEADS}\s+(?:no\.?\s*)?(\d{{1,2}})\b"
)
# "… the criteria in Decree 82's list — is there a sixth?": the ordinal alone ends the question.
_ITEM_EN_TRAILING = re.compile(
    rf"\b{_EN_HEADS}\b.*\b(?:a|an|the)\s+(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    rf"|\d{{1,2}}(?:st|nd|rd|th))(?:\s+one)?\s*[?.!]*\s*$"
)


def asked_item_kind(question: str) -> str:
    """What the list item a question asks for is ("tiêu chí thứ 5" -> "tieu chi", folded), "" when
    the question names none or says it in English."""
    match = _ITEM_VI.search(_folded(question))
    return match.group(0).rsplit(" thu ", 1)[0] if match else ""


def asked_item(question: str) -> int | None:
    """The place of the one list item a question asks for ("tiêu chí thứ 5" -> 5), None when none."""
    folded = _folded(question)
    match = _ITEM_VI.search(folded)
    if match:
        word = match.group(1) or match.group(2)
        return int(word) if word.isdigit() else ORDINAL_WORDS.get(word)
    match = _ITEM_EN.search(folded) or _ITEM_EN_TRAILING.search(folded)
    if match:
        word = next(group for group in match.groups() if group)
        return int(re.sub(r"\D", "", word)) if word[:1].isdigit() else ORDINAL_WORDS.get(word)
    return None
