"""Detect (and convert) Vietnamese text in the legacy TCVN3 (ABC) and VNI font encodings.

Before Unicode, Vietnamese documents were typed with "font encodings": the bytes are
ordinary 8-bit characters and a special font (.VnTime for TCVN3, VNI-Times for VNI) draws
them as Vietnamese letters. Read without that font — as Windows-1252/Latin-1 bytes, or as
the text a PDF extractor returns for such a font — the text becomes mojibake:

- TCVN3 (ABC, TCVN 5712:1993 VN3): one byte per letter, lower case only (upper case
  needs a second font, .VnTimeH). "Khu công nghiệp sinh thái" reads "Khu c«ng nghiÖp
  sinh th¸i": Latin-1 *symbols* (« ¸ µ ¶ · ¹ ¨ © ª ¬ ® § …) and *upper-case* accented
  letters (Ö Ò Õ Ê Ç …) sit inside lower-case words.
- VNI (VNI Windows): a base letter followed by a separate byte for the diacritic(s).
  "Khu công nghiệp sinh thái" reads "Khu coâng nghieäp sinh thaùi": a vowel followed by
  an accented Latin-1 letter that plays the role of the mark (ù ø û õ ï for the tones,
  â á à å ã ä for circumflex+tone, ê é è ú ü ë for breve+tone).

Detection (:func:`detect_legacy_encoding`) counts the words that show these patterns and
confirms the guess by converting the text with the encoding's table: the result must be
made of valid Vietnamese syllables. Text that already contains Vietnamese-only Unicode
letters (ơ, ư, ă, đ, ạ … ỹ) is genuine Unicode and never reported, so Unicode Vietnamese,
Windows-1258 text decoded with the cp1258 codec, English, and French or German with a few
accents are left alone.

Thresholds (at most the first :data:`SAMPLE_CHARS` characters are examined):

- a word "shows the pattern" of an encoding when it matches that encoding's signature
  (see ``_TCVN3_SIGN_RE`` and ``_VNI_SIGN_RE``);
- at least :data:`MIN_HITS` such words, or 2 when they are half of all words (short titles);
- they are at least :data:`MIN_HIT_RATIO` of all words that contain a letter;
- fewer words contain genuine Vietnamese-only letters than show the pattern;
- after conversion, at least :data:`MIN_VALID_SYLLABLE_SHARE` of the converted words that
  carry diacritics are valid Vietnamese syllables;
- text that is really UTF-8 read as Windows-1252 ("cÃ´ng") is not reported.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "MIN_HITS",
    "MIN_HIT_RATIO",
    "MIN_VALID_SYLLABLE_SHARE",
    "SAMPLE_CHARS",
    "convert_tcvn3_to_unicode",
    "convert_vni_to_unicode",
    "decode_tcvn3_letters",
    "decode_vni_letters",
    "describe_legacy_encoding",
    "detect_legacy_encoding",
    "encode_tcvn3",
    "encode_vni",
    "has_vietnamese_only_letters",
    "legacy_candidates",
    "looks_vietnamese",
    "restore_upper_case_words",
    "shows_legacy_signature",
    "vietnamese_syllable_share",
]

SAMPLE_CHARS = 200_000
MIN_HITS = 3
MIN_HIT_RATIO = 0.10
MIN_VALID_SYLLABLE_SHARE = 0.7

# --------------------------------------------------------------------------------------
# Code tables
# --------------------------------------------------------------------------------------

# TCVN3 (ABC): Unicode letter -> byte of the .VnTime font. Bytes 0xA1-0xFF are the same
# characters in Windows-1252 and Latin-1, so chr(byte) is what a reader without the font sees.
# Rows: toneless, then grave, acute, hook, tilde, dot below where they exist.
_TCVN3_ROWS: tuple[tuple[str, str], ...] = (
    ("àáảãạ", "b5 b8 b6 b7 b9"),
    ("ăằắẳẵặ", "a8 bb be bc bd c6"),
    ("âầấẩẫậ", "a9 c7 ca c8 c9 cb"),
    ("đ", "ae"),
    ("èéẻẽẹ", "cc d0 ce cf d1"),
    ("êềếểễệ", "aa d2 d5 d3 d4 d6"),
    ("ìíỉĩị", "d7 dd d8 dc de"),
    ("òóỏõọ", "df e3 e1 e2 e4"),
    ("ôồốổỗộ", "ab e5 e8 e6 e7 e9"),
    ("ơờớởỡợ", "ac ea ed eb ec ee"),
    ("ùúủũụ", "ef f3 f1 f2 f4"),
    ("ưừứửữự", "ad f5 f8 f6 f7 f9"),
    ("ỳýỷỹỵ", "fa fd fb fc fe"),
    ("ĂÂĐÊÔƠƯ", "a1 a2 a7 a3 a4 a5 a6"),
)
_TCVN3_UNICODE = "".join(letters for letters, _ in _TCVN3_ROWS)
_TCVN3_BYTES = b"".join(bytes.fromhex(codes) for _, codes in _TCVN3_ROWS)
_TCVN3_CHARS = _TCVN3_BYTES.decode("latin-1")
assert len(_TCVN3_UNICODE) == len(_TCVN3_CHARS) == len(set(_TCVN3_CHARS))
UNICODE_TO_TCVN3: dict[str, str] = dict(zip(_TCVN3_UNICODE, _TCVN3_CHARS, strict=True))
TCVN3_TO_UNICODE: dict[str, str] = {v: k for k, v in UNICODE_TO_TCVN3.items()}
_TCVN3_DECODE_TABLE = str.maketrans(TCVN3_TO_UNICODE)

# VNI Windows: each Vietnamese letter is a base letter plus a "mark" byte, except ơ, ư, đ and
# the toned i / ỵ, which have one byte of their own. Rows: toneless, acute, grave, hook,
# tilde, dot below.
_VNI_ROWS_LOWER: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("aáàảãạ", ("a", "aù", "aø", "aû", "aõ", "aï")),
    ("âấầẩẫậ", ("aâ", "aá", "aà", "aå", "aã", "aä")),
    ("ăắằẳẵặ", ("aê", "aé", "aè", "aú", "aü", "aë")),
    ("eéèẻẽẹ", ("e", "eù", "eø", "eû", "eõ", "eï")),
    ("êếềểễệ", ("eâ", "eá", "eà", "eå", "eã", "eä")),
    ("oóòỏõọ", ("o", "où", "oø", "oû", "oõ", "oï")),
    ("ôốồổỗộ", ("oâ", "oá", "oà", "oå", "oã", "oä")),
    ("ơớờởỡợ", ("ô", "ôù", "ôø", "ôû", "ôõ", "ôï")),
    ("uúùủũụ", ("u", "uù", "uø", "uû", "uõ", "uï")),
    ("ưứừửữự", ("ö", "öù", "öø", "öû", "öõ", "öï")),
    ("iíìỉĩị", ("i", "í", "ì", "æ", "ó", "ò")),
    ("yýỳỷỹỵ", ("y", "yù", "yø", "yû", "yõ", "î")),
    ("đ", ("ñ",)),
)
UNICODE_TO_VNI: dict[str, str] = {}
for _letters, _codes in _VNI_ROWS_LOWER:
    for _letter, _code in zip(_letters, _codes, strict=True):
        if _letter != _code:
            UNICODE_TO_VNI[_letter] = _code
            UNICODE_TO_VNI[_letter.upper()] = _code.upper()
VNI_TO_UNICODE: dict[str, str] = {v: k for k, v in UNICODE_TO_VNI.items()}
assert len(VNI_TO_UNICODE) == len(UNICODE_TO_VNI)
_VNI_DECODE_RE = re.compile("|".join(sorted(map(re.escape, VNI_TO_UNICODE), key=len, reverse=True)))

# --------------------------------------------------------------------------------------
# Signatures
# --------------------------------------------------------------------------------------

_LETTER = r"[^\W\d_]"
# TCVN3 letters that a Latin-1 reader sees as symbols. "µ" (micro sign) only counts after a
# letter, so units such as "µg/m3" do not look like TCVN3.
_TCVN3_SYMBOLS = "".join(sorted(ch for ch in _TCVN3_CHARS if not unicodedata.category(ch).startswith("L")))
_TCVN3_SYMBOLS_AFTER = _TCVN3_SYMBOLS + "µª"
_TCVN3_SYMBOLS_BEFORE = _TCVN3_SYMBOLS + "ª"
# TCVN3 lower-case letters that a Latin-1 reader sees as upper-case accented letters.
_TCVN3_UPPER = "".join(sorted(ch for ch in _TCVN3_CHARS if ch.isupper()))
# TCVN3 lower-case letters that a Latin-1 reader sees as lower-case accented letters
# (they stand out inside upper-case words written with the .VnTimeH font: "CéNG HßA").
_TCVN3_LOWER = "".join(sorted(ch for ch in _TCVN3_CHARS if ch.islower() and ch != "µ"))
_TCVN3_SIGN_RE = re.compile(
    f"{_LETTER}[{re.escape(_TCVN3_SYMBOLS_AFTER)}]"
    f"|[{re.escape(_TCVN3_SYMBOLS_BEFORE)}]{_LETTER}"
    f"|[a-zß-öø-ÿ][{re.escape(_TCVN3_UPPER)}]"
    f"|[A-Z][{re.escape(_TCVN3_LOWER)}][A-Z]"
)
# VNI: a vowel followed by the byte of a tone / circumflex / breve mark, or a word that starts
# with "ñ" (đ) followed by a vowel.
_VNI_SIGN_RE = re.compile(
    "[aeouyôö][ùøûõï]|[aeo][âáàåãä]|a[êéèúüë]"
    "|[AEOUYÔÖ][ÙØÛÕÏ]|[AEO][ÂÁÀÅÃÄ]|A[ÊÉÈÚÜË]"
    f"|(?<!{_LETTER})[ñÑ][aeiouyôöAEIOUYÔÖ]"
)

# Letters that exist in Vietnamese but not in Latin-1: their presence means real Unicode
# (or correctly decoded Windows-1258) Vietnamese.
_VIETNAMESE_ONLY_RE = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")
_HAS_LETTER_RE = re.compile(_LETTER)
_UTF8_MOJIBAKE_RE = re.compile(
    "[ÃÄÆá][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)

# --------------------------------------------------------------------------------------
# Vietnamese syllables
# --------------------------------------------------------------------------------------

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_ONSETS = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d",
    "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
]  # fmt: skip
_NUCLEI = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao",
    "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "oo",
    "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "ưa", "ưi", "ươ", "ưu", "uy", "yê",
    "iêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu", "yêu",
]  # fmt: skip
_CODAS = ["ch", "ng", "nh", "c", "m", "n", "p", "t"]


def _alternation(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


_SYLLABLE_RE = re.compile(
    f"(?:{_alternation(_ONSETS)})?(?:{_alternation(_NUCLEI)})(?:{_alternation(_CODAS)})?"
)
_WORD_RE = re.compile(f"{_LETTER}+")


def _is_vietnamese_syllable(word: str) -> bool:
    """True when the (lower-case, NFC) ``word`` is a well-formed Vietnamese syllable."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = sum(decomposed.count(mark) for mark in _TONE_MARKS)
    if tones > 1:
        return False
    toneless = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return _SYLLABLE_RE.fullmatch(toneless) is not None


def vietnamese_syllable_share(text: str) -> tuple[int, float]:
    """Return ``(n, share)``: the number of words with non-ASCII letters and the share of them
    that are valid Vietnamese syllables ("nghiệp" is, "nghiÖp", "café" and "où" are not)."""
    words = [w for w in _WORD_RE.findall(unicodedata.normalize("NFC", text).lower()) if not w.isascii()]
    if not words:
        return 0, 0.0
    valid = sum(1 for w in words if _is_vietnamese_syllable(w))
    return len(words), valid / len(words)


def looks_vietnamese(text: str) -> bool:
    """True when ``text`` reads as Vietnamese with diacritics.

    At least 70% of the words that carry non-ASCII letters must be valid Vietnamese
    syllables, and at least one word in ten of them must contain a letter that exists only
    in Vietnamese (ơ, ư, ă, đ, ạ … ỹ). Used to accept Windows-1258 bytes; French or German
    text decoded with the wrong code page fails it.
    """
    text = unicodedata.normalize("NFC", text[:SAMPLE_CHARS])
    count, share = vietnamese_syllable_share(text)
    if count == 0 or share < MIN_VALID_SYLLABLE_SHARE:
        return False
    specific = sum(1 for w in _WORD_RE.findall(text) if _VIETNAMESE_ONLY_RE.search(w))
    return specific >= max(1, count // 10)


# --------------------------------------------------------------------------------------
# Conversion
# --------------------------------------------------------------------------------------

_TOKEN_SPLIT_RE = re.compile(r"(\s+)")


def _caps_kind(word: str) -> int:
    """2: all-caps word (two or more ASCII capitals, no ASCII lower case); 1: a single ASCII
    capital and no ASCII lower case ("X" + a converted letter); 0: anything else."""
    ascii_letters = [ch for ch in word if ch.isascii() and ch.isalpha()]
    if not ascii_letters or not all(ch.isupper() for ch in ascii_letters):
        return 0
    return 2 if len(ascii_letters) >= 2 else 1


def _has_converted_letter(word: str) -> bool:
    return any(ch.isalpha() and not ch.isascii() for ch in word)


def _restore_line(words: list[str], only: set[int] | None, offset: int) -> None:
    def allowed(i: int) -> bool:
        return only is None or offset + i in only

    ascii_letters = [ch for word in words for ch in word if ch.isascii() and ch.isalpha()]
    if len(ascii_letters) >= 3 and all(ch.isupper() for ch in ascii_letters):
        # The whole line was typed in an upper-case font ("LƯU Ý", "VÍ DỤ ÁP DỤNG").
        for i, word in enumerate(words):
            if allowed(i):
                words[i] = word.upper()
        return
    kinds = [_caps_kind(w) for w in words]
    # A neighbour typed in an upper-case font: all-caps with converted letters ("CộNG" -> "CỘNG");
    # a plain ASCII abbreviation ("TP.") says nothing about the next word ("TP. Hồ Chí Minh").
    strong = [k == 2 and _has_converted_letter(w) for k, w in zip(kinds, words, strict=True)]
    for i, (word, kind) in enumerate(zip(words, kinds, strict=True)):
        if not word.isupper() and kind == 2 and allowed(i):
            words[i] = word.upper()
    # Words that cannot tell by themselves — one ASCII capital ("Ví", "Dụ") or no ASCII letter at
    # all ("ý") — follow an upper-case neighbour, and the run carries on from word to word
    # ("VÍ DỤ ÁP DỤNG", "LƯU Ý"); "Ví dụ" in a sentence has no such neighbour and stays.
    changed = True
    while changed:
        changed = False
        for i, (word, kind) in enumerate(zip(words, kinds, strict=True)):
            if strong[i] or not allowed(i):
                continue
            no_ascii = kind == 0 and _has_converted_letter(word) and not any(ch.isascii() and ch.isalpha() for ch in word)
            if kind != 1 and not no_ascii:
                continue
            if (i > 0 and strong[i - 1]) or (i + 1 < len(words) and strong[i + 1]):
                words[i] = word.upper()
                strong[i] = changed = True


def restore_upper_case_words(text: str, only: set[int] | None = None) -> str:
    """Upper-case words typed in an upper-case legacy font ("CộNG HòA Xã" -> "CỘNG HÒA XÃ").

    Legacy upper-case fonts (.VnTimeH, VNI-Times upper case) reuse the lower-case codes for
    toned letters, so converted titles come out in mixed case. A line whose ASCII letters are all
    capitals is upper-cased whole; elsewhere a word whose ASCII letters are all capitals is
    upper-cased, and a word with a single ASCII capital ("Xã") only next to an all-caps word with
    converted letters, since "Xã" is also ordinary sentence case.

    :param only: Positions of the words (0-based, white-space separated, over the whole text) that
        may change, e.g. the converted words of a text that is partly Unicode already; None: every word.
    """
    out: list[str] = []
    offset = 0
    for line in text.split("\n"):
        parts = _TOKEN_SPLIT_RE.split(line)
        words = parts[0::2]
        _restore_line(words, only, offset)
        offset += len(words)
        parts[0::2] = words
        out.append("".join(parts))
    return "\n".join(out)


def decode_tcvn3_letters(text: str) -> str:
    """The TCVN3 table applied letter by letter (no case restoration, no normalisation)."""
    return text.translate(_TCVN3_DECODE_TABLE)


def decode_vni_letters(text: str) -> str:
    """The VNI table applied to each letter + mark sequence (no case restoration, no normalisation)."""
    return _VNI_DECODE_RE.sub(lambda m: VNI_TO_UNICODE[m.group(0)], text)


def convert_tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 (ABC) mojibake ("Khu c«ng nghiÖp") to Unicode ("Khu công nghiệp").

    ``text`` is the legacy bytes read as Windows-1252/Latin-1, or a PDF's text for a .VnTime
    font. Characters outside the TCVN3 table are kept. Words typed in the upper-case font
    (.VnTimeH) are upper-cased as a whole. The result is NFC.
    """
    return unicodedata.normalize("NFC", restore_upper_case_words(decode_tcvn3_letters(text)))


def convert_vni_to_unicode(text: str) -> str:
    """Convert VNI Windows mojibake ("Khu coâng nghieäp") to Unicode ("Khu công nghiệp").

    ``text`` is the legacy bytes read as Windows-1252/Latin-1. The result is NFC.
    """
    return unicodedata.normalize("NFC", restore_upper_case_words(decode_vni_letters(text)))


def encode_tcvn3(text: str) -> bytes:
    """Encode Unicode Vietnamese as TCVN3 (ABC) bytes (lower-case toned letters only).

    Upper-case toned letters have no TCVN3 code in the lower-case font; they are written
    with the lower-case code, as the upper-case .VnTimeH font expects. Other characters are
    written in Windows-1252 ("?" when they have no code there). Mainly for tests.
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = UNICODE_TO_TCVN3.get(ch) or UNICODE_TO_TCVN3.get(ch.lower())
        out.append(code if code is not None else ch)
    return "".join(out).encode("cp1252", errors="replace")


def encode_vni(text: str) -> bytes:
    """Encode Unicode Vietnamese as VNI Windows bytes (other characters in Windows-1252, "?"
    when they have no code there). Mainly for tests."""
    converted = "".join(UNICODE_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
    return converted.encode("cp1252", errors="replace")


# --------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------

_CONVERTERS = {"TCVN3": convert_tcvn3_to_unicode, "VNI": convert_vni_to_unicode}
_SIGNS = {"TCVN3": _TCVN3_SIGN_RE, "VNI": _VNI_SIGN_RE}


def _is_utf8_mojibake(text: str) -> bool:
    """True when ``text`` is UTF-8 bytes that were decoded as Windows-1252 or Latin-1."""
    if not _UTF8_MOJIBAKE_RE.search(text):
        return False
    for codec in ("cp1252", "latin-1"):
        try:
            text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        return True
    return False


def legacy_candidates(text: str) -> dict[str, int]:
    """Every legacy encoding that ``text`` passes the thresholds for, with its number of signature
    words (usually one; two means the text reads as both). Empty for Unicode, English, etc."""
    if not text or text.isascii():
        return {}
    sample = unicodedata.normalize("NFC", text[:SAMPLE_CHARS])
    words = [w for w in sample.split() if _HAS_LETTER_RE.search(w)]
    if not words or _is_utf8_mojibake(sample):
        return {}
    native = sum(1 for w in words if _VIETNAMESE_ONLY_RE.search(w))
    found: dict[str, int] = {}
    for name, sign in _SIGNS.items():
        hit_words = [w for w in words if sign.search(w)]
        hits = len(hit_words)
        if hits < 2 or (hits < MIN_HITS and hits * 2 < len(words)):
            continue
        if hits / len(words) < MIN_HIT_RATIO or native >= hits:
            continue
        count, share = vietnamese_syllable_share(_CONVERTERS[name](" ".join(hit_words)))
        if count == 0 or share < MIN_VALID_SYLLABLE_SHARE:
            continue
        found[name] = hits
    return found


def shows_legacy_signature(word: str, name: str) -> bool:
    """True when ``word`` has the mojibake pattern of the legacy encoding ``name``."""
    return _SIGNS[name].search(word) is not None


def has_vietnamese_only_letters(text: str) -> bool:
    """True when ``text`` holds a letter that exists only in Unicode Vietnamese (ơ, ư, ă, đ, ạ … ỹ)."""
    return _VIETNAMESE_ONLY_RE.search(text) is not None


def detect_legacy_encoding(text: str) -> str | None:
    """Return "TCVN3" or "VNI" when ``text`` is mojibake of that legacy font encoding, else None.

    Works on text extracted from a PDF/DOCX/HTML and on bytes decoded as Windows-1252 or
    Latin-1. Never fires on Unicode Vietnamese (with or without NFC), Windows-1258 text
    decoded with the cp1258 codec, English, or European text with a few accents. See the
    module docstring for the thresholds.
    """
    candidates = legacy_candidates(text)
    return max(candidates, key=lambda name: candidates[name]) if candidates else None


_DESCRIPTIONS = {
    "TCVN3": 'the legacy TCVN3 (ABC) Vietnamese font encoding (.VnTime fonts; it shows as "c«ng nghiÖp")',
    "VNI": 'the legacy VNI Vietnamese font encoding (VNI-Times fonts; it shows as "coâng nghieäp")',
}


def describe_legacy_encoding(name: str) -> str:
    """A short English description of a legacy encoding name returned by :func:`detect_legacy_encoding`."""
    return _DESCRIPTIONS.get(name, f"the legacy {name} encoding")
