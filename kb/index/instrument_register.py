"""The legal instruments a knowledge base knows, by number: the manifest's register of instruments
(``[[instrument]]`` in ``corpus/manifest.toml``), completed with the metadata of ingested legal
documents it does not list. Read by the status answers ("Is Decree 82/2018 still in force?") and by
the question's reading ("Decree 82" is 82/2018 when the register knows one Decree 82).
"""

from __future__ import annotations

from kb.index.snapshot import IndexSnapshot
from kb.text.legal_vocabulary import LEGAL_KINDS, canonical_number


def instrument_register(snapshot: IndexSnapshot) -> dict[str, dict[str, str]]:
    """Every instrument the knowledge base knows: the manifest register, completed with the
    metadata of ingested legal documents that the register does not list."""
    register: dict[str, dict[str, str]] = {}
    raw = snapshot.meta.get("instruments") or {}
    if isinstance(raw, dict):
        for number, record in raw.items():
            if isinstance(record, dict):
                register[canonical_number(number)] = {k: str(v or "") for k, v in record.items()}
    for doc in snapshot.documents.values():
        number = doc.info.get("number", "")
        kind = doc.info.get("kind", "")
        if not number or kind not in LEGAL_KINDS or canonical_number(number) in register:
            continue
        register[canonical_number(number)] = {
            "number": canonical_number(number),
            "kind": kind,
            "title": doc.info.get("title", ""),
            "issuer": doc.info.get("issuer", ""),
            "issued": doc.info.get("issued", ""),
            "effective": doc.info.get("effective", ""),
            "status": doc.info.get("status", "") or "unknown",
            "note": "",
        }
    return register


def cached_register(snapshot: IndexSnapshot) -> dict[str, dict[str, str]]:
    """:func:`instrument_register`, read once per index generation."""
    return snapshot.cache.get("instrument_register", lambda: instrument_register(snapshot))
