"""Who holds an office: a person named with a title, of the organisation asked (no model)."""

from answer_texts import answer_from
from tiny_index import retrieved, tiny_snapshot

from kb.answer.extractive_answerer import ExtractiveAnswerer
from kb.answer.office_holders import office_names
from kb.query.names import question_names
from kb.query.question_shape import question_shape

CASE = (
    "Chủ đầu tư KCN Nam Cầu Kiền là Công ty Cổ phần Shinec; Chủ tịch HĐQT kiêm TGĐ: ông Phạm Hồng Điệp. "
    "Tới dự lễ khởi động tại Khu Công nghệ cao Tp.HCM có Trưởng Ban Quản lý PGS.TS Lê Hoài Quốc. "
    "Hội đồng quản trị Công ty CP Sonadezi Long Thành và các doanh nghiệp trong khu công nghiệp ủng hộ dự án. "
    "Ban Quản lý các khu chế xuất và công nghiệp TP.HCM (HEPZA) phối hợp tổ chức hội thảo."
)


def _ask(question: str, text: str = CASE, kind: str = "case-study", title: str = "Dự án khu công nghiệp sinh thái"):
    snapshot = tiny_snapshot({"doc": ({"kind": kind, "title": title}, text)})
    rows = list(range(len(snapshot.chunks)))
    return ExtractiveAnswerer(snapshot).run(question=question, language="vi", documents=retrieved(snapshot, rows, dense=0.9))[
        "answer"
    ]


def test_the_organisation_of_an_office_is_the_name_written_after_it():
    def names(question):
        return office_names(question, question_shape(question))

    assert names("Ai giữ chức Chủ tịch HĐQT kiêm Tổng giám đốc của Shinec, chủ đầu tư KCN Nam Cầu Kiền?") == ["Shinec"]
    # Not the city of the workshop, named before the office.
    assert names("Tại hội thảo ở Hà Nội, ai là trưởng đại diện UNIDO tại Việt Nam?") == ["UNIDO", "Việt Nam"]
    assert names("Trưởng ban Ban Quản lý các khu chế xuất và công nghiệp TP.HCM (HEPZA) là ai?")[-2:] == ["TP.HCM", "HEPZA"]
    assert names("Người đứng đầu Công ty CP KCN Đình Vũ là ai?") == ["Đình Vũ"]
    # An office written capitalised names no one: the sources write "TGĐ".
    assert "Tổng" not in question_names("Ai là Chủ tịch HĐQT kiêm Tổng Giám đốc của Công ty Shinec?")
    # English: the organisation after "of" (a letter ending its name), not the setting's place.
    english = lambda question: office_names(question, question_shape(question), "en")  # noqa: E731
    assert english("Who is the CEO of the company that develops DEEP C?") == ["DEEP C"]
    assert english("Who was the VNCPC deputy director who spoke at the workshop in Ho Chi Minh City?") == []


def test_an_english_office_holder_is_a_person_of_the_organisation_asked():
    texts = {
        "deep-c": ({"kind": "case-study", "title": "Hải Phòng"}, "DEEP C là cụm KCN do nhà đầu tư Bỉ phát triển."),
        "sonadezi": (
            {"kind": "workshop", "title": "Khởi động"},
            "Tại KCN Sonadezi Long Thành, ông Phạm Anh Tuấn – Tổng Giám đốc công ty phát triển KCN tiếp đoàn.",
        ),
    }
    answer = answer_from(texts, "Who is the CEO of the company that develops DEEP C?")
    assert answer.refused and "not those of “DEEP C”" in answer.answer, answer.answer


def test_an_office_holder_is_a_person_of_the_organisation_asked():
    own = _ask("Ai là Chủ tịch HĐQT kiêm Tổng giám đốc của Công ty Shinec?")
    assert not own.refused and "Phạm Hồng Điệp" in own.answer, own.answer
    # Another board's head, in a sentence sharing "Trưởng Ban Quản lý" with the question.
    # Every name is in the documents (no other check refuses): the office holder decides.
    other = _ask("Trưởng ban Ban Quản lý các khu chế xuất và công nghiệp TP.HCM (HEPZA) là ai?")
    assert other.refused and "nhưng không phải của “Ban Quản”, “TP.HCM”, “HEPZA”" in other.answer, other.answer
    # The company is named, but no person with it.
    nobody = _ask("Chủ tịch hội đồng quản trị của Công ty CP Sonadezi Long Thành là ai?")
    assert nobody.refused and "không nêu tên người được hỏi" in nobody.answer, nobody.answer


UNIDO_WORKSHOP = (
    "Ngày 12 tháng 11 năm 2021 tại Hà Nội, Bộ Kế hoạch và Đầu tư phối hợp với Tổ chức Phát triển Công nghiệp "
    "Liên Hợp Quốc (UNIDO) tổ chức “Hội thảo giới thiệu mô hình Khu công nghiệp sinh thái tại Việt Nam”. "
    "Bà Lê Thanh Thảo, trưởng đại diện UNIDO tại Việt Nam cho biết: “UNIDO cam kết hỗ trợ.” "
    "Ông Lê Xuân Thịnh- Phó giám đốc VNCPC phát biểu tại hội thảo."
)


def _ask_workshop(question: str):
    return _ask(question, UNIDO_WORKSHOP, "workshop", "Hội thảo giới thiệu mô hình")


def test_a_sentence_naming_the_organisation_asked_counts_however_little_of_the_setting_it_repeats():
    # The opening sentence restates the workshop asked about; the one naming UNIDO's head says little
    # else of the question, yet names the person asked.
    head = _ask_workshop(
        "Ai là người đứng đầu văn phòng UNIDO tại Việt Nam phát biểu tại hội thảo giới thiệu mô hình KCN sinh "
        "thái năm 2021?"
    )
    assert not head.refused and "Lê Thanh Thảo" in head.answer, head.answer
    # The deputy named with the organisation asked is not its director.
    director = _ask_workshop("Giám đốc VNCPC vào thời điểm năm 2021 là ai?")
    assert director.refused, director.answer
