"""Shared pieces of the format converters: the result type and the final checks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import ConversionError
from ingest.legacy_encoding import describe_legacy_encoding, detect_legacy_encoding
from kb.text.normalize import normalize_text


@dataclass(frozen=True)
class ExtractedText:
    """The text of one file.

    :param text: Normalised text (:func:`kb.text.normalize.normalize_text`). For PDFs, pages
        are separated by a form feed ``"\\f"``, so ``text.count("\\f") == page_count - 1``.
        Headings from DOCX, HTML and Markdown are Markdown ATX lines ("# …", "## …").
    :param page_count: Number of pages (PDF), else None.
    :param title: The document's own title when it has a meaningful one, else None.
    """

    text: str
    page_count: int | None = None
    title: str | None = None


def read_bytes(path: Path, what: str) -> bytes:
    """Read a whole file, turning OS errors into a :class:`ConversionError`.

    :param path: The file.
    :param what: A short name of the format for messages, e.g. "PDF".
    """
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ConversionError(f"File not found: check that {path.name} still exists at {path}.") from None
    except IsADirectoryError:
        raise ConversionError(f"{path.name} is a folder, not a {what} file.") from None
    except PermissionError:
        raise ConversionError(
            f"{what} file cannot be read (permission denied): give the knowledge-base user read access to it."
        ) from None
    except OSError as exc:
        raise ConversionError(
            f"{what} file cannot be read ({exc.strerror or exc}): copy it again and retry."
        ) from None


def legacy_encoding_error(name: str, where: str) -> ConversionError:
    """The error for text in a legacy Vietnamese font encoding.

    :param name: "TCVN3" or "VNI".
    :param where: What contains the text, e.g. "PDF text" or "Text file".
    """
    converter = "TCVN3 (ABC)" if name == "TCVN3" else "VNI Windows"
    return ConversionError(
        f"{where} is in {describe_legacy_encoding(name)}, not Unicode: convert it to Unicode first "
        f"(e.g. UniKey's converter, source {converter}, destination Unicode) and ingest the result."
    )


def check_legacy_encoding(raw_text: str, where: str) -> None:
    """Raise a :class:`ConversionError` when ``raw_text`` is TCVN3 or VNI mojibake.

    Call it on the text *before* :func:`normalize_text`: TCVN3 writes "ư" as byte 0xAD,
    which reads as a soft hyphen and is removed by normalisation.
    """
    name = detect_legacy_encoding(raw_text)
    if name is not None:
        raise legacy_encoding_error(name, where)


def finish_text(raw_text: str, where: str, empty_reason: str | None = None) -> str:
    """Legacy-encoding check, normalisation and the "no text" check shared by all formats.

    :param raw_text: The extracted text.
    :param where: What contains the text, for messages, e.g. "Word document".
    :param empty_reason: Message when nothing is left after normalisation (default: "<where>
        contains no text …").
    :returns: The normalised text.
    :raises ConversionError: Legacy encoding, or nothing left after normalisation.
    """
    check_legacy_encoding(raw_text, where)
    text = normalize_text(raw_text)
    if not text.replace("\f", "").strip():
        raise ConversionError(
            empty_reason or f"{where} contains no text: check that the right file was supplied."
        )
    return text


_MEANINGLESS_TITLE_RE = re.compile(
    r"^(untitled|no title|title|document\s*\d*|doc\d*|new document|slide\s*\d+|presentation\d*|"
    r"book\d*|pdf|microsoft word|word|none|null|unknown|anonymous|\W*)$",
    re.IGNORECASE,
)
_FILE_NAME_TITLE_RE = re.compile(
    r"\.(docx?|pdf|rtf|odt|txt|html?|xlsx?|pptx?|indd|tex|dvi|ps|qxd|p65)\s*$", re.IGNORECASE
)
_APP_PREFIX_RE = re.compile(r"^(microsoft\s+(word|powerpoint|excel)\s*-\s*)", re.IGNORECASE)


def clean_title(title: object) -> str | None:
    """Return a normalised title, or None when it is empty or says nothing.

    Rejected: "untitled", "Document1", "Microsoft Word - baocao.doc" and other application or
    file names, titles without at least three letters, and titles in a legacy font encoding.
    """
    if not isinstance(title, str):
        return None
    text = " ".join(normalize_text(title).split())
    text = _APP_PREFIX_RE.sub("", text).strip()
    if not text or _MEANINGLESS_TITLE_RE.match(text) or _FILE_NAME_TITLE_RE.search(text):
        return None
    if sum(ch.isalpha() for ch in text) < 3 or detect_legacy_encoding(title) is not None:
        return None
    return text
