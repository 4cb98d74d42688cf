"""Text in the legacy TCVN3 (ABC) or VNI font encodings converted to Unicode, word by word.

:func:`convert_legacy_text` decides, for a whole extracted text, whether and what to convert:

- **the text is legacy** (:func:`ingest.legacy_encoding.legacy_candidates` names one
  encoding): every paragraph is converted with that encoding's table, except paragraphs that
  hold Vietnamese-only Unicode letters (ơ, ư, ă, đ, ạ … ỹ), which are Unicode and treated as below;
- **a mix of Unicode and legacy text** (a Unicode file into which an old paragraph was pasted):
  the paragraphs that read as legacy on their own are converted, and inside the other paragraphs
  only the words that show the encoding's pattern, are no Vietnamese syllable as they stand and
  become one when converted (at least :data:`MIN_LEGACY_WORDS` of them when no paragraph reads as
  legacy); Unicode words are never touched (the TCVN3 table would turn "công" into "cụng", VNI
  the old-style "hoà" into "hồ");
- **ambiguous**: the text (or its paragraphs) reads as both TCVN3 and VNI, so converting with
  either table could corrupt it: :class:`LegacyEncodingAmbiguousError` says so, and the file is
  refused with that reason.

Words typed in upper-case legacy fonts (.VnTimeH) are upper-cased as in
:func:`ingest.legacy_encoding.convert_tcvn3_to_unicode`. The result is NFC.

Usage::

    text, conversion = convert_legacy_text("Khu c«ng nghiÖp sinh th¸i")
    # "Khu công nghiệp sinh thái", LegacyConversion(encoding="TCVN3", words=3, mixed=False, ...)
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ingest.legacy_encoding import (
    decode_tcvn3_letters,
    decode_vni_letters,
    detect_legacy_encoding,
    has_vietnamese_only_letters,
    legacy_candidates,
    restore_upper_case_words,
    shows_legacy_signature,
    vietnamese_syllable_share,
)

__all__ = [
    "AMBIGUITY_RATIO",
    "MIN_LEGACY_WORDS",
    "LegacyConversion",
    "LegacyEncodingAmbiguousError",
    "convert_legacy_text",
]

AMBIGUITY_RATIO = 0.5
"""When the text reads as both encodings and the weaker one has at least this share of the stronger
one's signature words (or paragraphs), the encoding is ambiguous."""

MIN_LEGACY_WORDS = 2
"""Legacy words needed, when no paragraph reads as legacy on its own, to convert them."""

_DECODERS = {"TCVN3": decode_tcvn3_letters, "VNI": decode_vni_letters}
_TOKEN_SPLIT_RE = re.compile(r"(\s+)")
_PARAGRAPH_SPLIT_RE = re.compile(r"(\n+|\f)")


class LegacyEncodingAmbiguousError(ValueError):
    """The text reads as TCVN3 and as VNI: converting it could corrupt it."""


@dataclass(frozen=True)
class LegacyConversion:
    """What :func:`convert_legacy_text` converted.

    :param encoding: "TCVN3" or "VNI".
    :param words: Words converted.
    :param mixed: True when the rest of the text was Unicode already (a mixed file).
    :param paragraphs: Paragraphs (lines) in which something was converted.
    :param total_paragraphs: Paragraphs (lines) with letters.
    """

    encoding: str
    words: int
    mixed: bool
    paragraphs: int
    total_paragraphs: int


def _ambiguous(counts: dict[str, int], what: str) -> LegacyEncodingAmbiguousError | None:
    if len(counts) < 2:
        return None
    weak, strong = sorted(counts.values())
    if weak < AMBIGUITY_RATIO * strong:
        return None
    return LegacyEncodingAmbiguousError(
        f"its {what} read as both legacy encodings, TCVN3 ({counts.get('TCVN3', 0)}) and VNI "
        f"({counts.get('VNI', 0)}), so either conversion could corrupt it"
    )


def _valid(word: str) -> bool:
    count, share = vietnamese_syllable_share(word)
    return count > 0 and share == 1.0


def _legacy_word(word: str, encoding: str) -> bool:
    """A word inside Unicode text that is really legacy: it shows the encoding's pattern, is no
    Vietnamese syllable as it stands, and becomes one when converted ("c«ng" -> "công"; but
    "hoà", old-style Unicode, stays: VNI would read it as "hồ")."""
    return shows_legacy_signature(word, encoding) and not _valid(word) and _valid(_DECODERS[encoding](word))


def _word_evidence(text: str) -> dict[str, int]:
    """Per encoding, the words of ``text`` (outside Unicode Vietnamese words) that are legacy."""
    words = [w for w in text.split() if not w.isascii() and not has_vietnamese_only_letters(w)]
    return {name: n for name in _DECODERS if (n := sum(1 for w in words if _legacy_word(w, name)))}


def convert_legacy_text(text: str) -> tuple[str, LegacyConversion | None]:
    """Convert the TCVN3 or VNI parts of ``text`` to Unicode (see the module docstring).

    :param text: Extracted text, not yet normalised (TCVN3 "ư" is a soft hyphen, which
        normalisation would remove).
    :returns: The text (NFC where converted; unchanged when there is nothing to convert) and what
        was converted, or None.
    :raises LegacyEncodingAmbiguousError: The text reads as both encodings.
    """
    candidates = legacy_candidates(text)
    error = _ambiguous(candidates, "words")
    if error is not None:
        raise error
    paragraphs = _PARAGRAPH_SPLIT_RE.split(text)
    if candidates:
        encoding = max(candidates, key=lambda name: candidates[name])
        legacy_paragraphs = set(range(0, len(paragraphs), 2))
        mixed = False
    else:
        by_paragraph = {
            i: detect_legacy_encoding(paragraphs[i])
            for i in range(0, len(paragraphs), 2)
            if not paragraphs[i].isascii()
        }
        counts = Counter(name for name in by_paragraph.values() if name is not None)
        if not counts:
            # Legacy words inside Unicode paragraphs only: enough of them, of one encoding.
            evidence = _word_evidence(text)
            counts = Counter({name: n for name, n in evidence.items() if n >= MIN_LEGACY_WORDS})
            if not counts:
                return text, None
        error = _ambiguous(dict(counts), "paragraphs")
        if error is not None:
            raise error
        encoding = counts.most_common(1)[0][0]
        legacy_paragraphs = {i for i, name in by_paragraph.items() if name == encoding}
        mixed = True
    decode = _DECODERS[encoding]
    converted_words = 0
    touched = 0
    total = 0
    for i in range(0, len(paragraphs), 2):
        paragraph = paragraphs[i]
        if any(ch.isalpha() for ch in paragraph):
            total += 1
        if paragraph.isascii():
            continue
        # A paragraph with Vietnamese-only Unicode letters is Unicode: only its words that show the
        # legacy pattern and convert into valid syllables are converted.
        native = has_vietnamese_only_letters(paragraph)
        mixed = mixed or native
        whole = i in legacy_paragraphs and not native
        parts = _TOKEN_SPLIT_RE.split(paragraph)
        changed: set[int] = set()
        for j in range(0, len(parts), 2):
            word = parts[j]
            if word.isascii() or has_vietnamese_only_letters(word):
                continue
            if not whole and not _legacy_word(word, encoding):
                continue
            new = decode(word)
            if new != word:
                parts[j] = new
                changed.add(j // 2)
        if changed:
            converted_words += len(changed)
            touched += 1
            # A legacy paragraph may be upper-cased as a whole (upper-case font); in a Unicode one only
            # the converted words may change.
            restored = restore_upper_case_words("".join(parts), None if whole else changed)
            paragraphs[i] = unicodedata.normalize("NFC", restored)
    if not converted_words:
        return text, None
    conversion = LegacyConversion(encoding, converted_words, mixed, touched, total)
    return "".join(paragraphs), conversion
