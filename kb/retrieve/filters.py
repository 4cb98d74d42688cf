"""Which chunks a question may be answered from: document kinds, documents, laws in force."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from kb.index.snapshot import IndexSnapshot


@dataclass(frozen=True)
class RetrievalFilters:
    """Which chunks may be returned."""

    kinds: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    in_force_only: bool = False

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> RetrievalFilters:
        raw = raw or {}
        unknown = set(raw) - {"kinds", "doc_ids", "in_force_only"}
        if unknown:
            raise ValueError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        return cls(
            kinds=tuple(raw.get("kinds") or ()),
            doc_ids=tuple(raw.get("doc_ids") or ()),
            in_force_only=bool(raw.get("in_force_only", False)),
        )

    @property
    def active(self) -> bool:
        return bool(self.kinds or self.doc_ids or self.in_force_only)

    def allowed_docs(self, snapshot: IndexSnapshot) -> set[str]:
        allowed = set()
        for doc_id, doc in snapshot.documents.items():
            if self.kinds and doc.info.get("kind") not in self.kinds:
                continue
            if self.doc_ids and doc_id not in self.doc_ids:
                continue
            status = doc.info.get("status", "")
            if self.in_force_only and (status.startswith("replaced-by") or status == "expired"):
                continue
            allowed.add(doc_id)
        return allowed

    def mask(self, snapshot: IndexSnapshot) -> np.ndarray | None:
        """Per chunk row: allowed or not (None when nothing is filtered)."""
        if not self.active:
            return None
        allowed = self.allowed_docs(snapshot)
        codes = [i for i, doc_id in enumerate(snapshot.documents) if doc_id in allowed]
        return np.isin(snapshot.doc_codes(), np.asarray(codes, dtype=np.int32))
