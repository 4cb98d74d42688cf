"""Names in a follow-up typed in lower case, written as the conversation's sources write them (no model)."""

from tiny_index import tiny_snapshot

from kb.query.name_case import corpus_names_written, known_names, restore_name_case, with_corpus_names
from kb.query.preprocessor import QueryPreprocessor

SOURCES = [
    "Dự án hỗ trợ KCN Hiệp Phước, KCN Amata (Đồng Nai) và Đình Vũ – DEEP C. Bà Lê Thanh Thảo, trưởng đại diện UNIDO.",
    "Early pilots: Banwol & Sihwa, Ulsan Mipo (4,033 ha) and Onsan. Trung tâm Sản xuất sạch hơn Việt Nam (VNCPC).",
    "B. GIAI ĐOẠN 2 (2020–2023): trong bài phát biểu, ông Tuấn cho biết",
]


def test_the_names_a_text_writes():
    names = known_names(SOURCES)
    assert names["amata"] == "Amata" and names["ulsan mipo"] == "Ulsan Mipo" and names["unido"] == "UNIDO"
    assert names["hiep phuoc"] == "Hiệp Phước"
    # Not a heading's capitals, nor a word that is also a Vietnamese syllable typed without accents.
    assert "giai doan" not in names and "trung" not in names and "tuan" not in names


def test_a_lower_case_follow_up_gets_the_names_back():
    names = known_names(SOURCES)
    assert restore_name_case("the con kcn amata?", names) == "the con kcn Amata?"
    assert restore_name_case("con ulsan mipo", names) == "con Ulsan Mipo"
    assert restore_name_case("con ben unido ai phat bieu", names) == "con ben UNIDO ai phat bieu"
    assert restore_name_case("con o hiep phuoc thi sao", names) == "con o Hiệp Phước thi sao"
    # Typed with accents, a word written with accents in a name is left as typed ("trung tâm", "hiệp phước").
    assert restore_name_case("cách trung tâm bao xa?", names) == "cách trung tâm bao xa?"
    assert restore_name_case("còn kcn amata?", names) == "còn kcn Amata?"
    assert restore_name_case("còn Ulsan Mipo?", names) == "còn Ulsan Mipo?"  # already written so


def test_the_capitalised_start_of_a_common_noun_is_no_name():
    # "Khu Công nghệ cao", "Khu công nghiệp Sinh thái" in an answer: "khu cong nghiep sinh thai la gi"
    # is asked anew, not about a park called "Khu Công".
    names = known_names(["Tới dự có Trưởng Ban Quản lý Khu Công nghệ cao Tp.HCM và KCN Amata."])
    assert "khu cong" not in names and names["amata"] == "Amata"
    assert restore_name_case("khu cong nghiep sinh thai la gi", names) == "khu cong nghiep sinh thai la gi"


def test_a_lower_case_unaccented_question_gets_the_documents_acronyms_back():
    snapshot = tiny_snapshot(
        {
            "ws": ({"title": "Hội thảo 2021"}, "Bà Lê Thanh Thảo, trưởng đại diện UNIDO, phát biểu. Dự án do SECO tài trợ."),
            "cs": ({"title": "Kalundborg"}, "A TAC reviews the plans. Kalundborg Symbiosis began in 1961. Hợp tác chặt chẽ."),
        }
    )
    names = corpus_names_written(snapshot)
    assert names["unido"] == "UNIDO" and names["seco"] == "SECO"
    # Only acronyms: a word written in capitals by one source only ("Kalundborg" stays as typed), and
    # none that is a Vietnamese syllable without its accents ("tac" of "hợp tác" is no "TAC").
    assert "kalundborg" not in names and "tac" not in names
    assert with_corpus_names("ai dai dien unido phat bieu", snapshot) == "ai dai dien UNIDO phat bieu"
    assert with_corpus_names("doi tac nao do seco tai tro", snapshot) == "doi tac nao do SECO tai tro"
    # Typed with accents or a capital, the question is the user's own writing.
    assert with_corpus_names("đại diện unido là ai?", snapshot) == "đại diện unido là ai?"
    assert with_corpus_names("Ai dai dien unido?", snapshot) == "Ai dai dien unido?"
    prepared = QueryPreprocessor(snapshot).run(question="ai dai dien unido phat bieu")
    assert prepared["names"] == ["UNIDO"] and prepared["question"] == "ai dai dien UNIDO phat bieu"
