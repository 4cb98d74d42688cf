"""The corpus manifest: per-document metadata (title, kind, legal number, status, …).

A ``manifest.toml`` lives at the top of a corpus folder (see ``corpus/manifest.toml``).
``[[document]]`` entries describe files by path relative to the manifest; ``[[instrument]]``
entries record the status of legal instruments (e.g. 82/2018/NĐ-CP replaced by
35/2022/NĐ-CP), which any document with that number inherits.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

from kb.text.legal_vocabulary import DOCUMENT_KINDS, canonical_number
from kb.text.normalize import normalize_query

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STATUS_RE = re.compile(r"^(in-force|n/a|unknown|replaced-by: .+|expired)$")


class ManifestError(ValueError):
    """The manifest is malformed; the message names the entry and the field."""


@dataclass(frozen=True)
class DocumentInfo:
    """Metadata of one document. Empty strings mean "not known"."""

    id: str = ""
    title: str = ""
    kind: str = "document"
    number: str = ""
    issuer: str = ""
    issued: str = ""
    effective: str = ""
    status: str = "unknown"
    language: str = ""
    source: str = ""
    reliability: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Instrument:
    """Status record of a legal instrument, whether or not its text is in the corpus."""

    number: str
    kind: str = ""
    title: str = ""
    issuer: str = ""
    issued: str = ""
    effective: str = ""
    status: str = "in-force"
    note: str = ""

    @property
    def replaced_by(self) -> str | None:
        return (
            self.status.removeprefix("replaced-by:").strip()
            if self.status.startswith("replaced-by:")
            else None
        )


@dataclass(frozen=True)
class Manifest:
    root: Path
    documents: dict[str, DocumentInfo]  # key: path relative to root, "/"-separated
    instruments: dict[str, Instrument]  # key: canonical legal number

    def entry_for(self, path: Path) -> DocumentInfo | None:
        try:
            relative = path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None
        return self.documents.get(relative)

    def instrument(self, number: str) -> Instrument | None:
        return self.instruments.get(canonical_number(number)) if number else None


def _check(entry: dict, where: str, field_name: str, pattern: re.Pattern[str] | None = None) -> str:
    value = entry.get(field_name, "")
    if not isinstance(value, str):
        raise ManifestError(f"{where}: field '{field_name}' must be a string, got {type(value).__name__}")
    value = normalize_query(value)
    if value and pattern is not None and not pattern.match(value):
        raise ManifestError(f"{where}: field '{field_name}' has an invalid value {value!r}")
    return value


def load_manifest(path: Path) -> Manifest:
    """Read and validate a manifest file."""
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"{path}: not valid TOML: {exc}") from exc
    documents: dict[str, DocumentInfo] = {}
    seen_ids: set[str] = set()
    for position, entry in enumerate(raw.get("document", []), start=1):
        where = f"{path} [[document]] #{position}"
        rel = _check(entry, where, "path")
        if not rel:
            raise ManifestError(f"{where}: 'path' is required")
        kind = _check(entry, where, "kind") or "document"
        if kind not in DOCUMENT_KINDS:
            raise ManifestError(f"{where}: kind {kind!r} is not one of {', '.join(DOCUMENT_KINDS)}")
        info = DocumentInfo(
            id=_check(entry, where, "id"),
            title=_check(entry, where, "title"),
            kind=kind,
            number=_check(entry, where, "number"),
            issuer=_check(entry, where, "issuer"),
            issued=_check(entry, where, "issued", _DATE_RE),
            effective=_check(entry, where, "effective", _DATE_RE),
            status=_check(entry, where, "status", _STATUS_RE) or "unknown",
            language=_check(entry, where, "language"),
            source=_check(entry, where, "source"),
            reliability=_check(entry, where, "reliability"),
        )
        if info.id:
            if info.id in seen_ids:
                raise ManifestError(f"{where}: duplicate id {info.id!r}")
            seen_ids.add(info.id)
        documents[Path(rel).as_posix()] = info
    instruments: dict[str, Instrument] = {}
    for position, entry in enumerate(raw.get("instrument", []), start=1):
        where = f"{path} [[instrument]] #{position}"
        number = _check(entry, where, "number")
        if not number:
            raise ManifestError(f"{where}: 'number' is required")
        instruments[canonical_number(number)] = Instrument(
            number=number,
            kind=_check(entry, where, "kind"),
            title=_check(entry, where, "title"),
            issuer=_check(entry, where, "issuer"),
            issued=_check(entry, where, "issued", _DATE_RE),
            effective=_check(entry, where, "effective", _DATE_RE),
            status=_check(entry, where, "status", _STATUS_RE) or "in-force",
            note=_check(entry, where, "note"),
        )
    return Manifest(root=path.parent, documents=documents, instruments=instruments)


def find_manifest(path: Path) -> Path | None:
    """The nearest ``manifest.toml`` in ``path`` (a folder) or one of its parents."""
    current = path.resolve()
    if current.is_file():
        current = current.parent
    for folder in (current, *current.parents):
        candidate = folder / "manifest.toml"
        if candidate.is_file():
            return candidate
    return None
