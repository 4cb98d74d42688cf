"""What ``ask`` returns: an answer with numbered citations, as objects and as JSON."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def format_date(iso: str, language: str = "vi") -> str:
    """ "2022-07-15" -> "15/7/2022" (vi) or "15 July 2022 (15/7/2022)" (en); anything else unchanged.

    The English form carries the date as the Vietnamese sources write it too, so that a reader can
    find it in the decree or quote it next to a Vietnamese citation."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso.strip())
    if not match:
        return iso
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        return iso
    written = f"{day}/{month}/{year}"
    return f"{day} {_MONTHS_EN[month - 1]} {year} ({written})" if language == "en" else written


@dataclass
class Citation:
    """One numbered source: ``quote`` is a verbatim span of the indexed chunk text."""

    marker: int
    doc_id: str
    title: str
    kind: str
    source: str  # file path or address
    locator: str  # "Điều 9, khoản 2", "tr. 3", a heading
    page: int | None
    quote: str
    chunk_id: str = ""
    provision_path: str = ""
    status: str = ""
    reliability: str = ""
    passage: str = ""  # the whole chunk the quote comes from (for showing it in context)

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    language: str
    citations: list[Citation] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    mode: str = "extractive"

    def to_json(self) -> dict[str, object]:
        return {
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "language": self.language,
            "citations": [c.to_json() for c in self.citations],
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
            "notes": list(self.notes),
            "mode": self.mode,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Answer:
        """The inverse of :meth:`to_json` (used to restore a chat thread from its history)."""
        known = {f for f in Citation.__dataclass_fields__}
        citations = [
            Citation(**{k: v for k, v in c.items() if k in known})  # type: ignore[union-attr]
            for c in data.get("citations") or []  # type: ignore[union-attr]
        ]
        return cls(
            question=str(data.get("question", "")),
            answer=str(data.get("answer", "")),
            refused=bool(data.get("refused", False)),
            language=str(data.get("language", "vi")),
            citations=citations,
            timings_ms=dict(data.get("timings_ms") or {}),  # type: ignore[arg-type]
            notes=[str(n) for n in data.get("notes") or []],  # type: ignore[union-attr]
            mode=str(data.get("mode", "extractive")),
        )
