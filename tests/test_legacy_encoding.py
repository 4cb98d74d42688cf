"""Detection and conversion of the legacy TCVN3 (ABC) and VNI Vietnamese font encodings."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.legacy_encoding import (
    convert_tcvn3_to_unicode,
    convert_vni_to_unicode,
    detect_legacy_encoding,
    encode_tcvn3,
    encode_vni,
    looks_vietnamese,
    vietnamese_syllable_share,
)

VI = (
    "Khu công nghiệp sinh thái là khu công nghiệp có các doanh nghiệp tham gia vào hoạt động sản xuất "
    "sạch hơn và sử dụng hiệu quả tài nguyên, có sự liên kết, hợp tác trong sản xuất để thực hiện hoạt "
    "động cộng sinh công nghiệp. Điều 42 Nghị định 82/2018/NĐ-CP quy định về quản lý khu công nghiệp và "
    "khu kinh tế; người được hưởng ưu đãi phải đáp ứng đủ tiêu chí."
)
TITLE_CAPS = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
ENGLISH = (
    "An eco-industrial park is a community of businesses that cooperate with each other and with the "
    "local community to efficiently share resources, leading to economic gains and environmental quality."
)
FRENCH_GERMAN = (
    "Où est l'aéroport ? Le goût du café était très naïf, déjà à Noël. Ça coûte cher, dit-il à l'hôtel "
    "près de la gare. Die Größe der Straße ist »schön«, sagte er. Héroïque, aïeul, aérien, coûteux."
)


def cp1258_bytes(text: str) -> bytes:
    """Encode Vietnamese the way Windows-1258 does: precomposed where the code page has the
    letter, else base letter (â, ê, ơ, …) followed by a combining tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out += base.encode("cp1258") + "".join(c for c in decomposed if c in tones).encode("cp1258")
    return bytes(out)


def test_sample_mojibake_looks_as_documented() -> None:
    assert encode_tcvn3("Khu công nghiệp sinh thái").decode("cp1252") == "Khu c«ng nghiÖp sinh th¸i"
    assert encode_vni("Khu công nghiệp sinh thái").decode("cp1252") == "Khu coâng nghieäp sinh thaùi"


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_tcvn3_detected_on_bytes_read_as_western(codec: str) -> None:
    assert detect_legacy_encoding(encode_tcvn3(VI).decode(codec)) == "TCVN3"
    assert detect_legacy_encoding(encode_tcvn3(TITLE_CAPS + ". " + VI).decode(codec)) == "TCVN3"


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_vni_detected_on_bytes_read_as_western(codec: str) -> None:
    assert detect_legacy_encoding(encode_vni(VI).decode(codec)) == "VNI"
    assert detect_legacy_encoding(encode_vni(TITLE_CAPS).decode(codec)) == "VNI"


def test_short_titles_are_detected() -> None:
    assert detect_legacy_encoding("Khu c«ng nghiÖp sinh th¸i") == "TCVN3"
    assert detect_legacy_encoding("Khu coâng nghieäp sinh thaùi") == "VNI"
    assert detect_legacy_encoding("Th«ng t­") == "TCVN3"  # "Thông tư": 2 of 2 words


def test_tcvn3_without_soft_hyphen_is_still_detected() -> None:
    # "ư" is byte 0xAD (soft hyphen), which text cleaners often drop.
    assert detect_legacy_encoding(encode_tcvn3(VI).decode("latin-1").replace("\xad", "")) == "TCVN3"


@pytest.mark.parametrize(
    "text",
    [
        VI,
        unicodedata.normalize("NFD", VI),
        TITLE_CAPS,
        ENGLISH,
        FRENCH_GERMAN,
        "hoà hợp, toà nhà, khoá học, thuý, quá, quân, tuân thủ",  # old-style tone placement
        VI.encode("utf-8").decode("cp1252", errors="replace"),  # UTF-8 read as Windows-1252
        VI.encode("utf-8").decode("latin-1"),
        "PM10 50 µg/m3, PM2.5 25 µg/m3, SO2 350 µg, NO2 200 µg/m³; Windows® Office®, © 2023.",
        "",
        "12345 67890",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert detect_legacy_encoding(text) is None


def test_windows_1258_decoded_text_is_not_legacy() -> None:
    data = cp1258_bytes(VI)
    assert data != VI.encode("utf-8")
    decoded = data.decode("cp1258")
    assert "\u0323" in decoded  # combining dot below: cp1258 really decomposes tones
    assert detect_legacy_encoding(decoded) is None
    assert unicodedata.normalize("NFC", decoded) == VI


def test_conversion_round_trips() -> None:
    text = TITLE_CAPS + ". " + VI + " Xã Tân Lập, xã Đình Vũ."
    assert convert_tcvn3_to_unicode(encode_tcvn3(text).decode("latin-1")) == text
    assert convert_vni_to_unicode(encode_vni(text).decode("cp1252")) == text


def test_syllable_share_and_looks_vietnamese() -> None:
    count, share = vietnamese_syllable_share(VI)
    assert count > 20 and share > 0.9
    assert looks_vietnamese(VI)
    assert looks_vietnamese(cp1258_bytes(VI).decode("cp1258"))
    assert not looks_vietnamese(ENGLISH)
    assert not looks_vietnamese(FRENCH_GERMAN)
    assert not looks_vietnamese(encode_tcvn3(VI).decode("cp1258"))
    assert not looks_vietnamese(encode_vni(VI).decode("cp1258"))


_WORDS = VI.replace(".", " ").replace(",", " ").replace(";", " ").split()


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40))
def test_random_vietnamese_is_never_legacy_and_its_encodings_never_get_the_wrong_name(
    words: list[str],
) -> None:
    text = " ".join(words)
    assert detect_legacy_encoding(text) is None
    assert detect_legacy_encoding(unicodedata.normalize("NFD", text)) is None
    assert detect_legacy_encoding(cp1258_bytes(text).decode("cp1258")) is None
    # Some words carry no visible sign (e.g. "chí" is "chí" in VNI), so short samples may go undetected.
    assert detect_legacy_encoding(encode_vni(text).decode("cp1252")) in ("VNI", None)
    assert detect_legacy_encoding(encode_tcvn3(text).decode("cp1252")) in ("TCVN3", None)
