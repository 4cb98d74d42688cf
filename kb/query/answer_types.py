"""What kind of fact a question asks for (a date, a quantity of something, a person, a purpose)
and whether a sentence holds one."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from kb.query.counted_classes import counted_class, counts_class
from kb.query.definitions import asked_acronym
from kb.query.instruments import event_dates_text, named_instruments
from kb.query.measures import MEASURES
from kb.query.organisations import (
    ORGANISATION_KINDS,
    asks_developer,
    asks_funder,
    asks_organiser,
    names_organisation,
)
from kb.query.person_names import has_person_name, titled_name
from kb.query.terms import vietnamese_equivalents
from kb.query.time_spans import DURATION, DURATION_ASKED, asks_period, states_period
from kb.query.unit_counts import MONEY_WORDS, counts_unit, plural
from kb.text.normalize import fold_accents, normalize_query

# What kind of fact a question asks for, from its question words (matched on folded,
# lower-cased text, so unaccented questions work too). Order matters: "bao lâu" is a
# quantity, "năm nào" a date.
REASON_TYPE = True  # why-questions prefer sentences stating a reason or an aim (off: measured without)
_ANSWER_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Which part of a legal text: "Điều nào quy định …", "khoản mấy", "under which article" (not
    # "điểm nào": "địa điểm nào", "thời điểm nào" ask a place and a time).
    (
        "provision",
        re.compile(
            r"(?<!\w)((?:dieu|khoan|chuong) (?:nao|may|so may|bao nhieu)"
            r"|(?:which|what) (?:article|clause|point|chapter|section|provision)s?)\b"
        ),
    ),
    (
        "date",  # not "đang ở giai đoạn nào": a stage, not a period
        re.compile(
            r"\b(khi nao|bao gio|luc nao|hom nao|ngay may|may gio|(nam|ngay|thang|thoi diem|thoi gian|dip|(?<!dang o )giai doan|thoi ky|gio) nao"
            r"|^when|when (?:was|were|did|does|do|is|are|will|has|have|had)|what (year|date|month)"
            r"|which (year|date|month)|in what year|since when|what time)\b"
        ),
    ),
    (
        "quantity",
        re.compile(
            r"\b(bao nhieu|bao lau|bao xa|how (many|much|long|far|large|big)|what (share|percentage)"
            # "What's the capacity of the plant?": a measure asked without "how much".
            r"|what(?:'s| is| was| are| were) (?:the |its |their )?(?:total |design |treatment )?(capacity|area|size|population))\b"
        ),
    ),
    (
        "person",
        re.compile(
            r"\b(ai|who|whom|ten (la )?gi|ten gi"
            r"|(?:nhung|cac) (?:chuyen gia|dien gia|dai bieu|lanh dao|nguoi|quan chuc) nao"
            r"|which (?:experts|speakers|officials|people|persons|representatives))\b"
        ),
    ),
    # What something is for: a workshop "nhằm mục đích gì", "the stated objectives of …".
    (
        "purpose",
        re.compile(
            r"\b(muc dich|muc tieu|nham (?:muc dich )?(?:gi|lam gi)|nham toi|huong toi dieu gi"
            r"|aims?|purposes?|objectives?|goals?|meant to|intended to|designed to|in order to)\b"
        ),
    ),
)
# Why something was done: "vì sao", "tại sao", "lý do", "why" (asked after the types above: "ai … vì sao"
# asks who).
# … and "chỉ thực sự phát huy vai trò khi nào?", "only when …?", "under what conditions": a condition.
_CONDITION_ASKED = re.compile(
    r"\bkhi nao thi\b[^?,]*\bmoi\b|\bchi\b(?:\s+\S+){1,8}\s+khi nao\b|\bdieu kien (?:gi|nao)\b"
    r"|\b(?:only when|under what conditions?|on what conditions?)\b"
)
_REASON_ASKED = re.compile(r"\b(vi sao|tai sao|vi le gi|ly do|nguyen nhan|why|for what reason)\b")
# How a sentence states a reason or an aim: "Để …, Bộ … tổ chức", "vì …", "nhằm …", "because …".
_REASON = re.compile(
    r"^(?:de|nham)\b|\b(boi vi|because|in order to|so as to)\b"
)
# How a sentence states a purpose ("Hội thảo nhằm …", "với mục tiêu …", "aims to …").
_PURPOSE = re.compile(
    r"\b(nham|muc dich|muc tieu|huong toi|huong den|aims? (?:to|at)|aimed (?:to|at)|in order to|so as to"
    r"|objectives?|purposes?|goals?)\b"
    # English states an aim as what was set up "to" do: "launched a 15-year … Program in three stages
    # to transform aged industrial complexes", "a project to use surface water … to save groundwater".
    r"|\b(?:launched|set up|created|established|introduced|started|built|designed|project|programme|program"
    r"|initiative)\b[^.;:]{0,80}?\bto (?!(?:the|a|an|be|date)\b)[a-z]{3,}"
)
# A part of a legal text named by its number: "Điều 42", "khoản 2", "Article 7".
_PROVISION = re.compile(r"\b(?:dieu|khoan|diem|chuong|article|clause|chapter|section)\s+\d+")
_DIGIT = re.compile(r"\d")
# A day and month, a year or a decade ("the 1980s", "những năm 1990"), a month and year.
_DATE = re.compile(r"\b\d{1,2}\s*[/.–-]\s*\d{1,2}\b|\b(19|20)\d{2}(?:s\b|\b)|\b\d{1,2}\s*[/.–-]\s*(19|20)\d{2}\b")


# "mấy" before a noun after a preposition, or opening the question, is "those" when another word asks
# ("RECP mà mọi người hay nhắc trong mấy dự án … là viết tắt của cái gì?", "Mấy giải pháp … đem lại lợi
# ích gì?"); "Có mấy phiên, mỗi phiên bàn gì?" still counts.
_DETERMINER_MAY = re.compile(r"(?:^|\b(?:trong|ở|của|cho|với|tại|từ)\s+)mấy\s+(?!năm\b)\w")
_OTHER_ASKED = re.compile(r"\b(?:gì|ai|thế nào|ra sao|tại sao|vì sao|chưa)(?!\w)")


def expected_answer_type(question: str) -> str | None:
    """The kind of fact the question asks for: "provision", "date", "quantity", "person", "purpose",
    or None."""
    question = normalize_query(question).lower()
    # Not folded: "máy" (machine) folds to the same "may". "ngày mấy", "khoản mấy" ask which one.
    counts = re.search(r"\bmấy\b", question) and not re.search(r"\b(?:ngày|tháng|điều|khoản|điểm|chương)\s+mấy\b", question)
    if counts and not (_DETERMINER_MAY.search(question) and _OTHER_ASKED.search(question)):
        return "quantity"
    folded = fold_accents(question)
    if _CONDITION_ASKED.search(folded):
        return None  # "khi nào thì … mới …": under what condition, not a time
    for name, pattern in _ANSWER_TYPES:
        if pattern.search(folded):
            return name
    return "reason" if REASON_TYPE and _REASON_ASKED.search(folded) else None


# "bao nhiêu trong số 41 giải pháp", "how many of the 90 companies": the thing counted follows the total.
_QUANTITY_WORD = re.compile(
    r"\b(?:bao nhieu|how many|how much)\s+(?:(?:trong so|trong|of the|out of(?: the)?)\s+[\d.,]+\s+)?"
    r"((?:[^\W_]+\s+){0,1}[^\W_]+)"
)
# What ends the noun phrase after "how much": a verb or a preposition ("how much water was saved in …").
_ENGLISH_PHRASE_ENDS = frozenset(
    [
        *("is", "are", "was", "were", "be", "been", "did", "does", "do", "has", "have", "had"),
        *("will", "would", "can", "could", "should"),
        *("per", "in", "at", "from", "of", "for", "by", "on", "to", "each", "every", "a", "year", "annually"),
        # "how much money went into / got spent on …": the verb ends the thing measured.
        *("into", "went", "goes", "go", "got", "gets", "get", "spent", "put", "poured", "sunk"),
    ]
)
_HOW_MANY_OF = re.compile(r"\bhow many of (?:the |these |those |its |their )?((?:[^\s?]+\s+){0,4}?[^\s?]+s)\b(?:\s+(?:are|were|is|was|have|had|did|do))")
# Words after "bao nhiêu" / "how many" that end what is counted ("bao nhiêu doanh nghiệp đã …",
# "how many employees work …") or are not a thing counted at all ("bao nhiêu và từ đâu").
_NOT_COUNTED = frozenset(
    [
        *("va", "la", "thi", "tu", "de", "da", "duoc", "co", "cua", "cho", "trong", "tai", "o", "den", "nay"),
        *("moi", "hien", "and", "or", "of", "did", "do", "does", "is", "are", "was", "were", "has", "have"),
        *("had", "work", "works", "in", "at", "on", "for", "to"),
        # verbs right after what is counted: "bao nhiêu người tham gia", "công ty tới góp mặt"
        *("tham", "toi", "gop"),
    ]
)
# Written forms of a stop word's folding that start a counted noun: "cơ hội", "cơ quan", "cơ sở";
# "tổ chức" (not the English "to").
_COUNTED_AS_WRITTEN = frozenset({"cơ", "tổ"})
# Typed without diacritics, the nouns such a folding starts.
_FOLDED_NOUNS = {"co": frozenset({"hoi", "quan", "so", "che", "cau"}), "to": frozenset({"chuc"})}
# Asked as an amount of money ("bao nhiêu tiền", "kinh phí bao nhiêu"): any currency counts.
# A share asked without "phần trăm": "tỷ lệ … là bao nhiêu?", "what share / percentage of …".
_SHARE_ASKED = re.compile(r"\bty le\b(?:(?!\?).)*\bbao nhieu\b|\bwhat (?:minimum |maximum |min |max )?(?:share|percentage|proportion)\b|\bbao nhieu\s*%")
# "bao nhiêu phần" asks a share too: "two-thirds", "một nửa" answer it.
_SHARE_WORDS = {"phan tram": "%", "percent": "%", "per cent": "%", "phan": "%"}
# Not a measure: a share of it, or money ("how large was the grant").
_NOT_MEASURE = re.compile(
    r"\b(?:ty le|chiem|phan tram|percent|share|ratio|proportion"
    r"|grants?|budgets?|funds?|investments?|loans?|capital|costs?|" + "|".join(sorted(MONEY_WORDS)) + r")\b|%"
)
# The whole a part is counted of: "of the nearly 50 companies", "trong số gần 50 doanh nghiệp" (folded).
_WHOLE_COUNTED = re.compile(
    r"\b(?:of|out of|among|trong (?:tong )?so|trong)\s+(?:the\s+|cac\s+|nhung\s+)?"
    r"(?:(?:nearly|about|around|almost|some|over|more than|gan|khoang|hon|tren)\s+)?\d[\d.,]*\s+((?:[^\W\d_]+\s*){1,4})"
)


_ATTENDED = frozenset({"attended", "participated", "joined", "came", "registered", "attend", "participate", "join"})

_ENGLISH_WHOLE = re.compile(
    r"^(?:of|out of|among) (?:all )?(?:the|these|those) ((?:[a-z0-9-]+ ){1,4})"
    r"|\bhow many of (?:the|these|those|its|their) ((?:[a-z0-9-]+ ?){1,4})"
)


def quantity_units(question: str) -> list[str]:
    """What a "bao nhiêu …" / "how many …" question counts, folded: "bao nhiêu doanh nghiệp
    đã …" -> "doanh nghiep", "how many employees work …" -> "employees", "phần trăm" -> "%"."""
    written = normalize_query(question).lower()
    folded = fold_accents(written)
    # Typed with diacritics, "có" (has) is not "cơ" of "cơ hội": told apart as written.
    accented = written if len(written) == len(folded) and written != folded else ""
    units: list[str] = []
    for match in _QUANTITY_WORD.finditer(folded):
        words: list[str] = []
        position = match.start(1)
        for word in match.group(1).split():
            position = folded.index(word, position)
            as_written = accented[position : position + len(word)] if accented else word
            position += len(word)
            following = folded[position:].split()[:1]
            if word in _NOT_COUNTED and as_written not in _COUNTED_AS_WRITTEN and not (
                # Typed without diacritics: "co hoi", "co quan", "co so" are nouns, not "có".
                not accented and following and following[0] in _FOLDED_NOUNS.get(word, ())
            ):
                break
            words.append(word)
        english = match.group(0).startswith("how")
        if match.group(0).startswith("how much") and words:
            # "how much flue-gas desulphurisation gypsum was reused", "how much surface water": the
            # noun before the verb is the material measured, the words before it describe it.
            ahead = re.findall(r"[^\W_]+(?:-[^\W_]+)*", folded[match.start(1) :])[:6]
            phrase = list(itertools.takewhile(lambda w: w not in _ENGLISH_PHRASE_ENDS, ahead))
            if phrase:
                words = [phrase[-1].split("-")[-1]]
        if match.group(0).startswith("how many") and words and not plural(words[0]):
            # "how many industrial park infrastructure developers", "how many industrial park and
            # economic zone management boards took part": the first plural noun of the phrase (up to
            # its verb or preposition) is what is counted, the words before it describe it.
            ahead = list(itertools.takewhile(lambda w: w not in _ENGLISH_PHRASE_ENDS, folded[match.start(1) :].split()[:8]))
            first_plural = next((w for w in ahead if plural(w) and w not in _NOT_COUNTED), "")
            if first_plural and first_plural not in words:
                words = [first_plural]
        if english and words and words[0] in _ATTENDED:  # "how many attended?": people
            words = ["participants"]
        if english and len(words) == 2 and not (plural(words[1]) and not plural(words[0])):
            # "how many companies took part": the plural noun ends what is counted; a second word
            # is kept only after an adjective ("how many industrial parks").
            words = words[:1]
        unit = " ".join(words)
        if unit:
            units.append(_SHARE_WORDS.get(unit, unit))
    if not units and expected_answer_type(question) == "quantity" and (whole := _WHOLE_COUNTED.search(folded)):
        # "Of the nearly 50 companies …, how many were foreign-invested?": the whole names what is counted.
        words = [w for w in whole.group(1).split() if w not in _ENGLISH_PHRASE_ENDS]
        english = whole.group(0).startswith(("of", "out", "among"))
        counted = next((w for w in words if plural(w)), "") if english else " ".join(words[:2])
        if counted:
            units.append(counted)
    if not units and expected_answer_type(question) == "quantity" and (whole := _ENGLISH_WHOLE.search(folded)):
        # "Of the RECP solutions already implemented, how many were at Hiep Phuoc?": no number of
        # the whole is written, its first plural noun is what is counted.
        words = (whole.group(1) or whole.group(2)).split()
        counted = next((w for w in itertools.takewhile(lambda w: w not in _ENGLISH_PHRASE_ENDS, words) if plural(w)), "")
        if counted:
            units.append(counted)
    if not units and (part := _HOW_MANY_OF.search(folded)):
        # "How many of Nam Cau Kien's investors are Japanese companies?": the first plural after "of".
        counted = next((w for w in part.group(1).split() if plural(w) and not w.endswith("'s")), "")
        if counted:
            units.append(counted)
    if not units and _SHARE_ASKED.search(folded):
        units.append("%")  # "tỷ lệ … là bao nhiêu?", "what share of …": a percentage or a fraction answers
    if not units and not _NOT_MEASURE.search(folded) and expected_answer_type(question) == "quantity":
        units += [m for m, (asked, _, _) in MEASURES.items() if asked.search(folded)][:1]
    return units


def holds_date(text: str) -> bool:
    """Whether ``text`` gives a date or a year ("70/70 doanh nghiệp" is a ratio, not a day and month)."""
    return any(_plausible_date(m) for m in _DATE.finditer(text))


def _plausible_date(match: re.Match[str]) -> bool:
    day_month = re.fullmatch(r"(\d{1,2})\s*[/.–-]\s*(\d{1,2})", match.group(0))
    if day_month is None:
        return True
    first, second = int(day_month.group(1)), int(day_month.group(2))
    return 1 <= first <= 31 and 1 <= second <= 12


def mentions_unit(folded_text: str, unit: str) -> bool:
    """Whether folded, lower-cased text speaks of ``unit`` at all (money: of money)."""
    if unit in MONEY_WORDS:
        return re.search(r"\b(?:tien|kinh phi|von|chi phi|tiet kiem|dau tu)\b", folded_text) is not None
    if unit in MEASURES:
        return MEASURES[unit][2].search(folded_text) is not None
    return re.search(rf"\b{re.escape(unit)}\b", folded_text) is not None


def unit_words(question: str, unit: str) -> str:
    """``unit`` as the question writes it (with its diacritics): "tien" -> "tiền"."""
    original = normalize_query(question)
    folded = fold_accents(original).lower()
    at = re.search(rf"\b{re.escape(unit)}\b", folded)
    if at is None or len(folded) != len(original):
        return unit
    return original[at.start() : at.end()]


# Units of measure, not things counted: "how many tonnes of CO2" is not answered by "3.600 tấn hóa chất".
_MEASURE_WORDS = frozenset(
    {"%", "tonnes", "tons", "tonne", "ton", "hectares", "hectare", "ha", "kilometres", "metres", "litres", "hours"}
)


@lru_cache(maxsize=256)
def _with_vietnamese(units: tuple[str, ...]) -> tuple[str, ...]:
    """English units with the Vietnamese words a source counts them in ("companies" -> "doanh nghiep")."""
    found = list(units)
    for unit in units:
        if unit.isascii() and unit not in MEASURES and unit not in MONEY_WORDS and unit not in _MEASURE_WORDS:
            singular = unit[:-1] if unit.endswith("s") else unit
            groups = [*vietnamese_equivalents(unit), *vietnamese_equivalents(singular)]
            found += [fold_accents(v).lower() for group in groups for v in group if v]
    return tuple(dict.fromkeys(found))


def answer_type_match(text: str, answer_type: str | None, units: list[str] | None = None) -> float:
    """How surely ``text`` holds a fact of the expected kind: 1.0 (a number followed by the
    counted noun, a date), 0.5 (some number, a capitalised name), 0.0 (none)."""
    if answer_type == "quantity":
        if not _DIGIT.search(text):
            return 0.0
        folded = fold_accents(text).lower()
        if any(counts_unit(folded, unit) for unit in _with_vietnamese(tuple(units or ()))):
            return 1.0
        # "bao nhiêu người dự" is answered for sure by "gần 200 đại biểu": one of the people nouns.
        if any(group and counts_class(folded, [unit], group) for unit, group in ((u, counted_class(u)) for u in units or [])):
            return 1.0
        return 0.5 if _DIGIT.search(_DATE.sub(" ", text)) else 0.0  # "từ tháng 5/2020" counts nothing
    if answer_type == "date":
        return 1.0 if holds_date(event_dates_text(text)) else 0.0
    if answer_type == "duration":
        if not _DIGIT.search(text):
            return 0.0
        return 1.0 if DURATION.search(fold_accents(text).lower()) else 0.5
    if answer_type == "period":  # one day, or a start with no end, is no period
        return 1.0 if states_period(fold_accents(text).lower()) else 0.0
    if answer_type == "instrument date":
        return 1.0 if holds_date(text) else 0.0
    if answer_type == "purpose":
        return 1.0 if _PURPOSE.search(fold_accents(text).lower()) else 0.0
    if answer_type == "reason":
        return 1.0 if _REASON.search(fold_accents(text).lower().strip("-• ")) else 0.0
    if answer_type == "acronym":
        # Spelt out beside it: "sản xuất sạch hơn (RECP)", "GEIPP (Global Eco-Industrial Parks Programme)".
        return 1.0 if any(re.search(rf"\(\s*{re.escape(a)}\s*\)|\b{re.escape(a)}\s*\(", text) for a in units or []) else 0.0
    if answer_type == "provision":
        return 1.0 if _PROVISION.search(fold_accents(text).lower()) else 0.0
    if answer_type == "organisation":
        return 1.0 if names_organisation(text) else 0.0
    if answer_type == "person":
        if titled_name(text):
            return 1.0
        return 0.5 if has_person_name(text) else 0.0
    return 0.0


_FOCUS_VI = re.compile(r"([^\W\d_]+(?: [^\W\d_]+)?) (?:nao|gi)\b")
_FOCUS_EN = re.compile(r"\b(?:which|what) ([a-z-]+(?: [a-z-]+)?)")
_NOT_FOCUS = frozenset(
    [
        # Vietnamese, folded
        "la", "cac", "nhung", "co", "lam", "the", "va", "thi", "duoc", "da", "ve", "cua", "o", "tai", "vao",
        "voi", "cho", "den", "dieu", "ra", "sao", "khi", "luc",
        # English
        "is", "are", "was", "were", "did", "does", "do", "a", "an", "of", "kind", "type",
    ]
)


# Kinds of named thing a "which X" question asks for: the answer names one ("Gyproc", "KCN Amata")
# and need not say the kind itself, unlike a topic asked ("chủ đề gì") that the answer restates.
_NAMED_KINDS = frozenset(
    {
        "cong ty", "doanh nghiep", "to chuc", "co quan", "don vi", "ngan hang", "kcn", "khu cong nghiep",
        "company", "companies", "firm", "firms", "organisation", "organisations", "organization",
        "organizations", "enterprise", "enterprises", "park", "parks", "industrial park", "industrial parks",
        "dia phuong", "tinh", "thanh pho", "locality", "localities", "province", "provinces", "city", "cities",
        "nha may", "plant", "plants", "factory", "factories",
        # "Nhà máy điện nào …", "nhà đầu tư nào …": answered by a name too.
        "nha may dien", "power station", "power plant", "nha dau tu", "chu dau tu", "investor", "investors",
    }
)


_KIND = "|".join(sorted(map(re.escape, _NAMED_KINDS), key=len, reverse=True))
# "Which Kalundborg company …": a name may come between "which" and the kind.
_KIND_ASKED = re.compile(rf"\b({_KIND}) nao\b|\b(?:which (?:[a-z-]+ ){{0,2}}?|what )({_KIND})\b")


# "What is the land lease price …", "Tổng kinh phí … là bao nhiêu" without "how much".
MONEY_ASKED = re.compile(
    # "What were Kalundborg Symbiosis's annual cost savings …?": a possessive in place of "the".
    r"^(?:what (?:is|was|are|were) (?:the |(?:[\w-]+ ){0,2}[\w-]+['’]s )(?:[a-z-]+ ){0,3}"
    r"(?:price|cost|budget|funding|fee|rent|amount|revenue|profit|turnover)\b"
    r"|what (?:did|does|will|would) (?:[\w-]+ ){1,10}cost\b"  # "What did it cost to build …?"
    r"|.*\b(?:kinh phi|so tien|gia thue|tong von|von dieu le|tong (?:muc )?dau tu|ngan sach|doanh thu|loi nhuan)\b.*\b(?:la )?bao nhieu)"
)


def answer_target(question: str) -> tuple[str | None, list[str]]:
    """The kind of fact asked (:func:`answer_kind`) and what a sentence must hold with it: the units
    counted, or the acronym to spell out (kind "acronym")."""
    acronym = asked_acronym(question)
    if acronym:
        return "acronym", [acronym]
    kind, units = answer_kind(question), quantity_units(question)
    folded = fold_accents(normalize_query(question)).lower()
    if kind in ("date", "quantity") and asks_period(folded):
        return "period", []  # "từ tháng nào đến tháng nào?": both ends, or the length
    if kind == "quantity" and not units and DURATION_ASKED.search(folded):
        return "duration", []
    # A park's developer is a company, unless a person is asked too ("… and who heads that company?").
    developer = asks_developer(folded) and len(re.findall(r"\b(?:who|which|what|ai|nao|gi)\b", folded)) <= 1
    if kind == "person" and (asks_funder(folded) or asks_organiser(folded) or developer):
        return "organisation", []
    if kind is None and MONEY_ASKED.search(folded):
        # "What is the total budget of …?" asks a sum without "how much": a sentence with a sum of
        # money answers ("money": any currency the sources write).
        return "quantity", units or ["money"]
    return kind, units


_DATED_INSTRUMENT_ASKED = re.compile(r"\b(ban hanh|hieu luc|issued|signed|effective|in force|(?:take|takes|took) effect)\b")


def answer_kind(question: str) -> str | None:
    """The kind of fact the question asks for (:func:`expected_answer_type`), or "organisation"
    for a "which company / công ty nào" question."""
    kind = expected_answer_type(question)
    if kind == "date" and (_DATED_INSTRUMENT_ASKED.search(fold_accents(question).lower()) or named_instruments(question)):
        return "instrument date"  # when a decree was issued or took effect: its own date answers
    return kind or ("organisation" if asked_kind(question) & ORGANISATION_KINDS else None)


def asked_kind(question: str) -> set[str]:
    """The folded words of the kind of named thing a "which X" question asks for ("Công ty nào mua
    …" -> {"cong", "ty"}; "Which companies …" -> {"companies"}), or an empty set."""
    match = _KIND_ASKED.search(fold_accents(normalize_query(question)).lower())
    return set((match.group(1) or match.group(2)).split()) if match else set()


def focus_words(question: str) -> set[str]:
    """The folded words of the noun the question asks about ("Phiên thứ năm bàn về chủ đề gì?" ->
    {"chu", "de"}; "Which parks were chosen?" -> {"parks"}; "bao nhiêu xã" -> {"xa"}): the part
    of the question an answer must match, as against the context it restates."""
    folded = fold_accents(normalize_query(question)).lower()
    found: list[str] = []
    for match in [*_FOCUS_VI.finditer(folded), *_FOCUS_EN.finditer(folded)]:
        words = match.group(1).split()
        if words[-1] == "la":
            continue  # "X là gì?": the whole question is what is asked
        while words and words[0] in _NOT_FOCUS:
            words = words[1:]
        found += [w for w in words if w not in _NOT_FOCUS]
    for unit in quantity_units(question):
        found += [w for w in unit.split() if w != "%"]
    return set(found)

