"""How a question asks for an organisation and how a sentence names one.

A "which company / công ty nào" question, and a funder asked ("do ai tài trợ?", "who funded …?"),
are answered by an organisation's name, not a person's: "Công ty Cổ phần Shinec", "SECO",
"Rent-A-Port".
"""

from __future__ import annotations

import re

from kb.query.entities import scan_entities, vietnamese_syllables
from kb.query.terms import abbreviation_table
from kb.text.normalize import fold_accents

# The words of a kind asked for whose answer names an organisation ("công ty nào", "which company").
ORGANISATION_KINDS = frozenset(
    {
        "cong", "ty", "doanh", "nghiep", "to", "chuc", "co", "quan", "don", "vi", "ngan", "hang",
        "company", "companies", "firm", "firms", "organisation", "organisations", "organization",
        "organizations", "enterprise", "enterprises",
        # A plant is answered by its operator's name ("nhà máy nào mua thạch cao?" -> "Gyproc").
        "nha", "may", "plant", "plants", "factory", "factories", "station", "stations", "refinery", "refineries",
        # An investor is a company ("nhà đầu tư nào phát triển DEEP C?" -> "Rent-A-Port").
        "dau", "investor", "investors",
    }
)
# How a source writes an organisation's name: "Công ty Cổ phần Shinec", "Tập đoàn …", "… JSC".
# The kind a Vietnamese company's name opens with ("Công ty Cổ phần", "Tập đoàn").
COMPANY_KIND = r"(?:Công ty|Tập đoàn)(?:\s+(?:Cổ phần|cổ phần|CP|TNHH|Trách nhiệm hữu hạn))?"
COMPANY_NAME = re.compile(
    r"(?<!\w)(" + COMPANY_KIND + r"(?:\s+(?:[A-ZĐ][\w&-]*|công nghiệp)){1,6})"
    r"|\b[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*\s+(?:JSC|Co\.|Ltd|Corporation|Group)\b"
)
# Who funded it: a donor is an organisation ("do ai tài trợ", "who funded", "nhà tài trợ là ai").
_FUNDER_ASKED = re.compile(
    r"\b(?:(?:do|boi) ai (?:tai tro|cap von|ho tro tai chinh)|ai (?:tai tro|cap von)|nha tai tro (?:la ai|nao)"
    r"|who (?:funded|funds|financed|finances|sponsored|sponsors|paid for)|funded by whom|which donors?)\b"
)


# Who organised or carried it out: an event's organisers and a project's implementers are
# organisations ("VNCPC và Tổ chức Sofies đã tổ chức hội thảo"), not the officials who spoke there.
_ORGANISER_ASKED = re.compile(
    r"\b(?:who (?:co-?)?(?:organi[sz]ed|organi[sz]es|hosted|hosts|implemented|implements|ran)"
    r"|(?:do|boi) ai (?:to chuc|trien khai|thuc hien)|ai (?:dung ra )?to chuc)\b"
)


def asks_organiser(folded_question: str) -> bool:
    """Whether a folded, lower-cased question asks who organised, hosted or implemented something."""
    return _ORGANISER_ASKED.search(folded_question) is not None


def asks_funder(folded_question: str) -> bool:
    """Whether a folded, lower-cased question asks who funded something: a donor is an organisation."""
    return _FUNDER_ASKED.search(folded_question) is not None


# "Chủ đầu tư KCN Nam Cầu Kiền là ai?", "Who developed DEEP C?": a park's developer is a company.
_DEVELOPER_ASKED = re.compile(
    r"\b(?:chu dau tu|nha dau tu|developers?|developed|develops|investors?|operators?)\b"
    # "Which company invests in the Nam Cau Kien industrial park?": its investor.
    r"|\b(?:company|firm|corporation|who)\s+(?:invests|invested|has invested)\s+in\b"
    # "Which company is behind the Nam Cau Kien industrial park?": who stands behind a park develops it.
    r"|\b(?:company|firm|corporation|who|who's)\s+(?:is\s+|was\s+)?behind\s+(?:the\s+)?(?:[\w-]+\s+){0,5}"
    r"(?:parks?|zones?|estates?|kcn)\b"
)


def asks_developer(folded_question: str) -> bool:
    """Whether a folded, lower-cased question names a park's developer (asked with "who" / "là ai")."""
    return _DEVELOPER_ASKED.search(folded_question) is not None


def names_organisation(text: str) -> bool:
    """Whether ``text`` names an organisation: "Công ty …", or a name that is not Vietnamese
    syllables ("Gyproc", "SECO", "Rent-A-Port"; not "Việt Nam", nor a formula "CO2")."""
    if COMPANY_NAME.search(text):
        return True
    return any(
        not vietnamese_syllables(e.name)
        and not (e.name.isupper() and len(e.name) <= 3)  # "KCN", "TGĐ": not the organisation asked
        and not text[e.end : e.end + 1].isdigit()  # "CaCO3"
        and not (" " not in e.name and e.name[1:].islower() and at_sentence_start(text, e.start))  # "Gypsum (…)"
        for e in scan_entities(text)
    )


def at_sentence_start(text: str, start: int) -> bool:
    """Whether ``start`` opens a sentence, line or list item of ``text``."""
    if re.search(r"(?:^|\s)[-–•*]\s*[“\"'(]?$", text[:start]):
        return True  # a list item, also when the lines were joined ("Classic exchanges - Surplus heat …")
    before = text[:start].rstrip(" \n“\"'(")
    return not before or before[-1] in ".?!:;"


_ORGANISATION_STARTS = ("bo ", "cuc ", "tong cuc ", "ban ", "to chuc ", "trung tam ", "vien ", "quy ", "ngan hang ", "cong ty ")


def organisation_abbreviation(name: str) -> bool:
    """Whether ``name`` is the abbreviation of an organisation (kb/data/abbreviations.toml: "SECO",
    "VNCPC", "MPI"), not of a park or a term: what a park listed with others, or a name switched in a
    follow-up, is told apart by."""
    return any(fold_accents(e).lower().startswith(_ORGANISATION_STARTS) for e in abbreviation_table().get(name, []))
