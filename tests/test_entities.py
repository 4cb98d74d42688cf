"""The names a question is about, as the follow-up rules see them (``kb.query.entities.find_entities``;
split from ``tests/test_followup.py``)."""

import pytest

from kb.query.entities import find_entities

HIEP_PHUOC = "KCN Hiệp Phước đã triển khai cộng sinh công nghiệp như thế nào?"
KALUNDBORG = "What did Kalundborg exchange between companies?"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (HIEP_PHUOC, ["KCN Hiệp Phước"]),
        ("khu công nghiệp Hòa Khánh và Sonadezi", ["khu công nghiệp Hòa Khánh", "Sonadezi"]),
        ("DEEP C ở Hải Phòng có gì?", ["DEEP C", "Hải Phòng"]),
        ("Amata có bao nhiêu DN?", ["Amata"]),
        (KALUNDBORG, ["Kalundborg"]),
        ("Hiep Phuoc co gi", ["Hiep Phuoc"]),
        ("Tiêu chí xác định khu công nghiệp sinh thái là gì?", []),
        ("Điều 51 Luật Bảo vệ môi trường", []),
        ("Nghị định 35/2022/NĐ-CP và Thông tư 05/2025/TT-BKHĐT", []),
        ("Còn Trà Nóc thì sao?", ["Trà Nóc"]),
        # An organisation or place written with some syllables in lower case, "Tp.HCM" one name.
        ("Buổi khởi động ở Khu Công nghệ cao Tp.HCM có bao nhiêu doanh nghiệp?", ["Khu Công nghệ cao Tp.HCM"]),
        ("Công ty Cổ phần Shinec thành lập năm nào?", ["Công ty Cổ phần Shinec"]),
        # A park's kind before its name stays its prefix.
        ("Khu công nghiệp Ulsan Mipo rộng bao nhiêu?", ["Khu công nghiệp Ulsan Mipo"]),
        # A spaced dash opens a part of a source's title: "Hội" there is no name (a later "còn bên UNIDO
        # thì ai?" replaced it); a joined dash ("MPI–UNIDO–SECO") is part of the name.
        ("Đẩy mạnh mô hình khu công nghiệp sinh thái — Hội thảo tổng kết (MPI–UNIDO–SECO)", ["MPI–UNIDO–SECO"]),
    ],
)
def test_find_entities(text, names):
    assert find_entities(text) == names
