"""Text normalisation for Vietnamese documents and queries.

Everything that enters the knowledge base — file text, queries, UI input — goes through
:func:`normalize_text` so that the same word always has the same code points (NFC), and
invisible characters never split a word. Accent folding (:func:`fold_accents`) lets a
query typed without diacritics ("khu cong nghiep") meet accented text.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that break words or matching: zero-width spaces/joiners, word
# joiner, BOM, soft hyphen, Mongolian vowel separator, and bidi controls.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
# C0 controls except \t \n \f (\r is handled as a line break), DEL, and C1 controls.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Every horizontal space-like character becomes a plain space.
_SPACES_RE = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# A word broken across lines by a hyphen: "environ-\nmental" -> "environmental".
_HYPHEN_BREAK_LOWER_RE = re.compile(r"(?<=[^\W\d_])-\n(?=[a-zà-ỹđ])")
# "NĐ-\nCP", "2018-\n2020": keep the hyphen, drop the break.
_HYPHEN_BREAK_KEEP_RE = re.compile(r"(?<=[\w])-\n(?=[A-ZÀ-ỸĐ0-9])")
_MANY_BLANK_LINES_RE = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """Return ``text`` in the canonical form the knowledge base stores and searches.

    - Unicode NFC (an NFD "công" becomes one code point per letter);
    - zero-width, bidi and control characters removed (form feed ``\\f`` is kept: it marks pages);
    - ``\\r\\n`` / ``\\r`` become ``\\n``; runs of spaces, tabs and exotic spaces become one space;
    - trailing spaces removed; more than one blank line collapsed to one;
    - words hyphenated across a line break are re-joined.

    The function is idempotent: ``normalize_text(normalize_text(x)) == normalize_text(x)``.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE_RE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_RE.sub("", text)
    text = _SPACES_RE.sub(" ", text)
    # Strip spaces around line and page breaks.
    text = re.sub(r" *([\n\f]) *", r"\1", text)
    text = _HYPHEN_BREAK_LOWER_RE.sub("", text)
    text = _HYPHEN_BREAK_KEEP_RE.sub("-", text)
    text = _MANY_BLANK_LINES_RE.sub("\n\n", text)
    text = text.strip(" \n")
    # Removing characters can expose a new NFC composition (e.g. a zero-width space
    # between a letter and its combining mark); normalise once more to stay idempotent.
    return unicodedata.normalize("NFC", text)


def normalize_query(text: str) -> str:
    """Normalise a one-line user input (query, UI field): :func:`normalize_text` on one line."""
    return " ".join(normalize_text(text).split())


# Letters of the foreign names in the case studies that do not decompose into a base letter and a
# mark ("Asnæs", "Ørsted"): folded the way users type them without the letter ("Asnaes", "Orsted").
_FOREIGN = {"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "Oe", "ß": "ss"}
_FOREIGN_LETTERS = str.maketrans(_FOREIGN)
_FOLD_TABLE = str.maketrans({"đ": "d", "Đ": "D", **_FOREIGN})


def fold_accents(text: str) -> str:
    """Remove Vietnamese diacritics: "Khu công nghiệp Đình Vũ" -> "Khu cong nghiep Dinh Vu"."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_TABLE))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def has_diacritics(text: str) -> bool:
    """True when ``text`` contains at least one Vietnamese diacritic (or đ); a foreign letter
    ("Asnæs") is not one."""
    plain = unicodedata.normalize("NFC", text).translate(_FOREIGN_LETTERS)
    return fold_accents(plain) != plain


# Old-style vs new-style tone placement ("hoà" / "hòa", "thuỵ" / "thụy") are both in
# use; search treats them as the same word. Only a syllable-final "oa", "oe", "uy" is
# affected ("hoàng" is written the same way in both styles).
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# "qu" is a consonant: "quý" keeps its mark on "y". In NFD a dot below sorts before a
# circumflex or breve ("ậ" = a + dot + circumflex): a vowel still carrying a mark after the tone
# ("luật", "hoặc") is not a bare "oa"/"uy" and keeps its tone where it is.
_OLD_STYLE_TONE_RE = re.compile(
    r"(?<![qQ])([oOuU])([aAeEyY])([" + _TONE_MARKS + r"])(?![^\W\d_]|[\u0300-\u036f])"
)


def canonical_tone_placement(text: str) -> str:
    """Move a syllable-final tone mark onto the first vowel of "oa", "oe", "uy" ("hoà" -> "hòa")."""
    decomposed = unicodedata.normalize("NFD", text)
    # In NFD the tone mark follows its vowel: o + a + ̀ (old style) -> o + ̀ + a (new style).
    moved = _OLD_STYLE_TONE_RE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


# "i" and "y" alone after h, k, l, m, s, t or qu are one vowel written two ways ("quản lí" / "quản lý",
# "kĩ thuật" / "kỹ thuật", "Thụy Sĩ" / "Thụy Sỹ", "qui định" / "quy định"); the documents mostly write
# "y", users often type "i". Search writes them "y". Only a whole syllable is changed ("khi", "thi",
# "kim" keep their "i").
_I_TO_Y = str.maketrans("iíìỉĩịIÍÌỈĨỊ", "yýỳỷỹỵYÝỲỶỸỴ")
_SYLLABLE_I = re.compile(r"(?<![^\W\d_])([hklmstHKLMST]|[qQ][uU])([iíìỉĩịIÍÌỈĨỊ])(?![^\W\d_])")


def canonical_spelling(text: str) -> str:
    """The one spelling search compares: new-style tone placement ("hoà" -> "hòa") and "y" for the
    syllable-final "i" of "lí", "kĩ", "sĩ", "qui" ("quản lí" -> "quản lý")."""
    text = canonical_tone_placement(text)
    return _SYLLABLE_I.sub(lambda m: m.group(1) + m.group(2).translate(_I_TO_Y), text)
