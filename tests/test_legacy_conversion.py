"""TCVN3 (ABC) and VNI text converted to Unicode: complete tables, both cases, every tone, mixed
files, and refusal only when the encoding is ambiguous."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.errors import ConversionError
from ingest.formats import extract_txt
from ingest.legacy_conversion import LegacyEncodingAmbiguousError, convert_legacy_text
from ingest.legacy_encoding import (
    TCVN3_TO_UNICODE,
    UNICODE_TO_TCVN3,
    UNICODE_TO_VNI,
    VNI_TO_UNICODE,
    convert_tcvn3_to_unicode,
    convert_vni_to_unicode,
    encode_tcvn3,
    encode_vni,
)

TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
BASES = "aăâeêioôơuưy"
# Every toned and toneless Vietnamese vowel (12 bases × 6) and đ, lower case.
LOWER = sorted({unicodedata.normalize("NFC", base + tone) for base in BASES for tone in ("", *TONES)} | {"đ"})
NON_ASCII_LOWER = [ch for ch in LOWER if not ch.isascii()]

# Real words with each colliding letter (ă â đ ê ô ơ ư) under all five tones, and the bare letter.
COLLIDING_WORDS = {
    "ă": "ăn nằm cắt thẳng ẵm mặt",
    "â": "tâm cần cấp chuẩn dẫn luật",
    "đ": "đất đai đồng",
    "ê": "bên về kế để dễ nghiệp",
    "ô": "công đồng số tổ mỗi hộ",
    "ơ": "hơn người lớn ở vỡ hợp",
    "ư": "như từ cứu sử những thực",
}
SENTENCE = (
    "Khu công nghiệp sinh thái ở Hiệp Phước đã hợp tác với các doanh nghiệp để sử dụng chung nước thải."
)


def test_tables_are_complete_and_one_to_one() -> None:
    assert len(NON_ASCII_LOWER) == 12 * 6 - 6 + 1 - 0  # a e i o u y are ASCII when toneless
    # TCVN3: every non-ASCII lower-case letter, and the seven upper-case base letters of the font.
    assert set(NON_ASCII_LOWER) <= set(UNICODE_TO_TCVN3)
    assert {"Ă", "Â", "Đ", "Ê", "Ô", "Ơ", "Ư"} <= set(UNICODE_TO_TCVN3)
    assert len(TCVN3_TO_UNICODE) == len(UNICODE_TO_TCVN3) == 67 + 7
    # VNI: every non-ASCII letter in both cases; "í" and "ì" are the same byte as in Windows-1252.
    same = {"í", "ì", "Í", "Ì"}
    for ch in NON_ASCII_LOWER:
        for letter in (ch, ch.upper()):
            assert letter in UNICODE_TO_VNI or (
                letter in same and encode_vni(letter) == letter.encode("cp1252")
            )
    assert len(VNI_TO_UNICODE) == len(UNICODE_TO_VNI) == 2 * 67 - len(same)


def test_every_letter_round_trips_in_both_cases() -> None:
    lower = " ".join(LOWER)
    upper = " ".join(ch.upper() for ch in LOWER)
    assert convert_vni_to_unicode(encode_vni(lower).decode("cp1252")) == lower
    assert convert_vni_to_unicode(encode_vni(upper).decode("cp1252")) == upper
    assert convert_tcvn3_to_unicode(encode_tcvn3(lower).decode("cp1252")) == lower
    # TCVN3 (.VnTime / .VnTimeH) has no codes for toned capitals: upper-case text is written with
    # the lower-case codes in an upper-case font, and comes back upper case within all-caps words.
    caps_words = " ".join("T" + ch.upper() + "NG" for ch in LOWER)
    assert convert_tcvn3_to_unicode(encode_tcvn3(caps_words).decode("cp1252")) == caps_words
    bare_capitals = "Ăn Âm Đất Êm Ôm Ơn Ưu"
    assert convert_tcvn3_to_unicode(encode_tcvn3(bare_capitals).decode("cp1252")) == bare_capitals


@pytest.mark.parametrize("letter", list(COLLIDING_WORDS))
@pytest.mark.parametrize(("encoder", "name"), [(encode_tcvn3, "TCVN3"), (encode_vni, "VNI")])
def test_colliding_letters_with_all_tones_in_a_sentence(letter: str, encoder, name: str) -> None:
    text = f"{SENTENCE} Các từ: {COLLIDING_WORDS[letter]}. CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    converted, conversion = convert_legacy_text(encoder(text).decode("cp1252"))
    assert converted == text
    assert conversion is not None and conversion.encoding == name and not conversion.mixed


def test_vni_sentence_case_capitals_with_tones() -> None:
    text = "Ấn Độ, Ở đây, Ứng dụng, Ước tính, Ổn định, Ẩn, Ý kiến, Ở Hải Phòng. " + SENTENCE
    converted, conversion = convert_legacy_text(encode_vni(text).decode("cp1252"))
    assert converted == text and conversion is not None and conversion.encoding == "VNI"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(" ".join(COLLIDING_WORDS.values()).split() + SENTENCE[:-1].split()),
        min_size=8,
        max_size=40,
    )
)
def test_random_text_round_trips_through_both_encodings(words: list[str]) -> None:
    text = " ".join(words) + ". " + SENTENCE
    for encoder in (encode_tcvn3, encode_vni):
        converted, conversion = convert_legacy_text(encoder(text).decode("cp1252"))
        assert converted == text and conversion is not None


def test_unicode_text_is_left_alone() -> None:
    for text in (
        SENTENCE,
        unicodedata.normalize("NFD", SENTENCE),
        "An eco-industrial park, Kalundborg.",
        "café où",
    ):
        assert convert_legacy_text(text) == (text, None)


def test_mixed_unicode_and_legacy_paragraphs() -> None:
    legacy = encode_vni("Điều 9. Điều kiện đầu tư hạ tầng khu công nghiệp sinh thái").decode("cp1252")
    old_style = "KCN Hoà Khánh hoà hợp, khoá học, toà nhà."  # VNI would read "oà" as "ồ": kept
    text = f"{SENTENCE}\n{legacy}\n{old_style}"
    converted, conversion = convert_legacy_text(text)
    assert converted == f"{SENTENCE}\nĐiều 9. Điều kiện đầu tư hạ tầng khu công nghiệp sinh thái\n{old_style}"
    assert conversion is not None and conversion.mixed and conversion.paragraphs == 1
    assert conversion.total_paragraphs == 3


def test_legacy_words_inside_a_unicode_paragraph() -> None:
    tcvn3 = encode_tcvn3("khu công nghiệp sinh thái").decode("cp1252")
    text = f"Theo báo cáo, {tcvn3} đã được công nhận ở Việt Nam."
    converted, conversion = convert_legacy_text(text)
    assert converted == "Theo báo cáo, khu công nghiệp sinh thái đã được công nhận ở Việt Nam."
    assert conversion is not None and conversion.mixed


def test_text_that_reads_as_both_encodings_is_refused(tmp_path: Path) -> None:
    tcvn3 = encode_tcvn3(SENTENCE).decode("cp1252")
    vni = encode_vni(SENTENCE).decode("cp1252")
    with pytest.raises(LegacyEncodingAmbiguousError, match=r"TCVN3 .* and VNI"):
        convert_legacy_text(f"{tcvn3}\n{vni}\n{tcvn3}\n{vni}")
    path = tmp_path / "both.txt"
    path.write_text(f"{tcvn3}\n{vni}\n{tcvn3}\n{vni}", encoding="utf-8")
    with pytest.raises(ConversionError) as info:
        extract_txt(path)
    assert "cannot be told apart" in info.value.reason and "UniKey" in info.value.reason
    assert len(info.value.reason.splitlines()) == 1


@pytest.mark.parametrize("encoder", [encode_tcvn3, encode_vni])
def test_upper_case_lines_and_abbreviations_keep_their_case(encoder) -> None:
    """A line typed in an upper-case font comes back upper case whole ("LƯU Ý", "VÍ DỤ ÁP DỤNG");
    an ASCII abbreviation before a sentence-case word does not upper-case it ("TP. Hồ Chí Minh")."""
    text = f"LƯU Ý: ĐÂY LÀ VÍ DỤ ÁP DỤNG\n{SENTENCE} Hội thảo tại TP. Hồ Chí Minh và Hà Nội."
    converted, _ = convert_legacy_text(encoder(text).decode("cp1252"))
    assert converted == text
    # Upper-case words inside a sentence-case line (found by the documents benchmark): the words
    # that cannot tell by themselves follow the run of upper-case words; "Ví dụ" stays.
    mixed = "# LƯU Ý: Đây KHÔNG phải toàn văn.\nVÍ DỤ ÁP DỤNG: mục tiêu dự án. Ví dụ khác ở Hà Nội."
    converted, _ = convert_legacy_text(encoder(mixed).decode("cp1252"))
    assert converted == mixed
