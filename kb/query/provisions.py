"""A provision named in a question: "khoản 2 Điều 38 NĐ 35/2022/NĐ-CP", "Điều 51 Luật Bảo vệ
môi trường", "dieu 9 nghi dinh 35/2022", "Article 37 of Decree 35/2022"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.text.legal_vocabulary import KIND_NAMES_VI, named_kind
from kb.text.normalize import fold_accents, normalize_query


@dataclass(frozen=True)
class ProvisionReference:
    """A provision named in a question; ``document`` is a legal number (maybe partial) or a name."""

    article: str
    clause: str | None = None
    point: str | None = None
    document: str | None = None  # "35/2022/NĐ-CP", "35/2022", "Luật Bảo vệ môi trường"
    kind: str | None = None  # decree | circular | law | …

    def describe(self) -> str:
        parts = []
        if self.point:
            parts.append(f"điểm {self.point}")
        if self.clause:
            parts.append(f"khoản {self.clause}")
        parts.append(f"Điều {self.article}")
        if self.document:
            label = KIND_NAMES_VI.get(self.kind or "", "") if "/" in self.document else ""
            parts.append(f"{label} {self.document}".strip())
        return " ".join(parts)


_NUM = r"(\d+[a-z]?)"
# Work on folded, lower-cased text so that "dieu 9", "Điều 9" and "ĐIỀU 9" all match.
_ARTICLE = re.compile(r"\b(?:dieu|article|art\.)\s*" + _NUM + r"\b")
_CLAUSE = re.compile(r"\b(?:khoan|clause|paragraph)\s*" + _NUM + r"\b")
_POINT = re.compile(r"\b(?:diem|point)\s*([a-z])\b")
_LEGAL_NUMBER = re.compile(r"\b(\d{1,4})\s*/\s*(\d{4})(?:\s*/\s*([a-z0-9\-&]+))?")
_LAW_NAME = re.compile(
    r"\b((?:bo )?luat [a-z ,]+?)(?=\s*(?:\bnam\b|\d|\?|\.|,|$|\bso\b|\bdieu\b|\bkhoan\b|\bdiem\b|\bthi\b|\bquy dinh\b))"
)


def parse_provision_reference(question: str) -> ProvisionReference | None:
    """The provision a question names, or None. Needs at least an article number."""
    original = normalize_query(question)
    text = fold_accents(original).lower()
    article = _ARTICLE.search(text)
    if not article:
        return None
    clause = _CLAUSE.search(text)
    point = _POINT.search(text)
    document: str | None = None
    kind: str | None = None
    number = _LEGAL_NUMBER.search(text)
    if number:
        document = f"{number.group(1)}/{number.group(2)}"
        if number.group(3):
            # Recover the accented suffix ("NĐ-CP") from the original text at the same offsets.
            suffix = (
                original[number.start(3) : number.end(3)] if len(original) == len(text) else number.group(3)
            )
            document += "/" + suffix.upper()
    kind = named_kind(text)
    if document is None:
        law = _LAW_NAME.search(text)
        if law:
            name = law.group(1).strip(" ,")
            if len(original) == len(text):
                name = original[law.start(1) : law.start(1) + len(name)]
            document = name
            kind = "law"
    return ProvisionReference(
        article=article.group(1),
        clause=clause.group(1) if clause else None,
        # Read the letter from the original: folding would turn "điểm đ" into "d".
        point=(original[point.start(1)] if len(original) == len(text) else point.group(1)).lower()
        if point
        else None,
        document=document,
        kind=kind,
    )




def cites_provision(text: str, reference: str) -> bool:
    """Whether ``text`` names the provision ``reference`` describes ("Điều 42 Nghị định 82/2018"):
    its article by number and, when the reference names one, its instrument's number."""
    folded = fold_accents(text).lower()
    wanted = fold_accents(reference).lower()
    article = re.search(r"\bdieu\s+(\d+)", wanted)
    if article is None or not re.search(rf"\bdieu\s+{article.group(1)}\b", folded):
        return False
    number = re.search(r"\b(\d{1,4})(?:\s*/\s*((?:19|20)\d{2}))?", wanted[article.end() :])
    if number is None:
        return True
    year = rf"\s*/\s*{number.group(2)}" if number.group(2) else ""
    return re.search(rf"(?<![\d/]){number.group(1)}{year}(?!\d)", folded) is not None


# What a provision itself says or holds ("Điều 37 quy định gì?", "có mấy khoản", "What does Article 9
# say?"), folded: only its text answers that, never a document citing it.
_PROVISION_TEXT_ASKED = re.compile(
    r"\b(quy dinh (?:gi|nhung gi|the nao|nhu the nao|ve gi)|noi (?:gi|ve gi)|noi dung|co (?:may|bao nhieu)"
    r"|gom (?:nhung|may|bao nhieu)|what does|says?|contains?|how many (?:clauses|points))\b"
)


def asks_provision_text(question: str) -> bool:
    """Whether ``question`` asks what a provision says or holds, rather than about something it sets."""
    return _PROVISION_TEXT_ASKED.search(fold_accents(normalize_query(question)).lower()) is not None
