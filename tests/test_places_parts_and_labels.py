"""A figure of another place, another part or another year is no answer; a labelled list item holds
the attribute asked; follow-ups that ask for the other parts, the industries "there" or another
attribute with its own year (no model: tiny in-memory indexes)."""

from tiny_index import ask_documents, every_line, tiny_snapshot

from kb.answer.asked_kind import asked_attributes
from kb.answer.country_scope import country_candidates, foreign_countries
from kb.answer.office_holders import office_year_reason
from kb.answer.part_value import part_value_reason
from kb.answer.sentence_candidates import english_counts
from kb.query.followup import Turn, rewrite_followup
from kb.query.names import english_question_names
from kb.query.question_shape import question_shape

PHASES = (
    "# Dự án KCN sinh thái tại Việt Nam 2014–2023\n\n"
    "A. GIAI ĐOẠN 1 (2014–2019): Dự án triển khai sáng kiến KCN sinh thái, MPI + UNIDO\n"
    "- Khởi động 17/10/2014 tại Hà Nội; tổng vốn ~53 triệu USD, trong đó 4,55 triệu USD viện trợ không hoàn lại.\n"
    "- KCN thí điểm: Khánh Phú & Gián Khẩu (Ninh Bình), Hòa Khánh (Đà Nẵng), Trà Nóc 1&2 (Cần Thơ).\n"
    "- Kết quả công bố 12/6/2019: 72 doanh nghiệp ở 4 KCN áp dụng giải pháp RECP, tiết kiệm trên 6,5 triệu USD/năm; "
    "giảm 32 nghìn tấn CO2/năm.\n\n"
    "B. GIAI ĐOẠN 2 (2020–2023): Triển khai KCN sinh thái theo Chương trình toàn cầu (GEIPP), SECO tài trợ\n"
    "- KCN tham gia: Đình Vũ – DEEP C (Hải Phòng), Hiệp Phước (TP.HCM), Amata Biên Hòa (Đồng Nai).\n"
    "- Kết quả tính đến 9/2023: 62 giải pháp cộng sinh công nghiệp; dự kiến giảm 87 nghìn tấn CO2 tương đương.\n"
)
ULSAN = (
    "# Ulsan and the Korean national eco-industrial park programme\n\n"
    "Ulsan designated a special industrial zone in 1962; population 85,000 (1962).\n\n"
    "Comparing phase 1 and phase 2: operating IS projects rose from 52 to 159; participating firms from 90 to 596.\n"
)
KALUNDBORG = (
    "# Kalundborg Symbiosis (Denmark)\n\n"
    "Annual combined benefits for partners (EMF case study): EUR 24 million bottom-line savings; 635,000 t CO2; "
    "3.6 million m3 water.\n"
)


def _cases() -> dict[str, tuple[dict, str]]:
    return {
        "project": ({"kind": "case-study", "title": "Dự án KCN sinh thái tại Việt Nam 2014–2023"}, PHASES),
        "ulsan": ({"kind": "case-study", "title": "Ulsan and the Korean national eco-industrial park programme"}, ULSAN),
        "kalundborg": ({"kind": "case-study", "title": "Kalundborg Symbiosis (Denmark)"}, KALUNDBORG),
    }



def test_a_labelled_item_holds_the_attribute_asked():
    # The section's heading and first item repeat the phase; the item labelled "Kết quả" gives them.
    answer = ask_documents(_cases(), "Giai đoạn 1 của dự án KCN sinh thái đã mang lại những kết quả gì?")
    assert not answer.refused and "72 doanh nghiệp" in answer.answer, answer.answer
    assert asked_attributes("Giai đoạn 1 đã mang lại những kết quả gì?")[:2] == ("ket qua", "results")
    assert asked_attributes("What benefits did the solutions bring?")[0] == "loi ich"
    assert asked_attributes("Where exactly is Nam Cau Kien industrial park?")[0] == "vi tri"
    # "Where is …?" is answered by the item labelled "Vị trí", not by one naming the park and its city.
    park = (
        "# KCN Nam Cầu Kiền (Hải Phòng)\n\n"
        "- Hợp tác Nhật Bản: năm 2014 Hải Phòng và TP Kitakyushu ký biên bản hỗ trợ xây dựng KCN sinh thái Nam Cầu Kiền.\n"
        "- Vị trí, quy mô: diện tích quy hoạch 263 ha, thuộc huyện Thủy Nguyên, Hải Phòng, cách trung tâm ~12 km.\n"
    )
    documents = {"park": ({"kind": "case-study", "title": "KCN Nam Cầu Kiền (Hải Phòng)"}, park)}
    answer = ask_documents(documents, "Where exactly is Nam Cau Kien industrial park?")
    assert not answer.refused and "huyện Thủy Nguyên" in answer.answer, answer.answer


def test_a_figure_of_a_place_abroad_comes_from_a_document_about_it():
    # The Vietnamese project's CO2 figures are Viet Nam's, not Ulsan's.
    question = "How many tonnes of CO2 does Ulsan's industrial symbiosis save each year?"
    assert foreign_countries(question) == ["Ulsan"]
    answer = ask_documents(_cases(), question)
    assert answer.refused and "Ulsan" in answer.answer, answer.answer
    # Kalundborg's own figure, written "635,000 t CO2", answers a question counting "tấn".
    answer = ask_documents(_cases(), "Mỗi năm cộng sinh Kalundborg giúp giảm bao nhiêu tấn CO2?")
    assert not answer.refused and "635,000 t CO2" in answer.answer, answer.answer


def test_a_measure_no_sentence_writes_is_refused():
    # "bao nhiêu m3 nước": the Ulsan passages hold numbers, none of them in m3.
    answer = ask_documents(_cases(), "Các doanh nghiệp ở Ulsan tiết kiệm được bao nhiêu m3 nước mỗi năm?")
    assert answer.refused and "m3" in answer.answer, answer.answer
    # Kalundborg's is written with its scale: "3.6 million m3 water".
    answer = ask_documents(_cases(), "Cộng sinh Kalundborg tiết kiệm được bao nhiêu m3 nước mỗi năm?")
    assert not answer.refused and "3.6 million m3" in answer.answer, answer.answer


def test_a_year_asked_of_a_place_abroad_is_read_in_its_documents():
    # "2020" is in the Vietnamese project's passages, not in Kalundborg's.
    question = "How much water did Kalundborg Symbiosis save in 2020?"
    answer = ask_documents(_cases(), question)
    assert answer.refused and "2020" in answer.answer, answer.answer
    kept, reason = country_candidates(question, "en", question_shape(question), every_line(_cases()), tiny_snapshot(_cases()))
    assert not reason and {c.document.meta["doc_id"] for c in kept} == {"kalundborg"}


def test_a_figure_of_the_parks_listed_in_the_item_before_is_not_one_parks():
    # "- KCN thí điểm: …, Hòa Khánh (Đà Nẵng), …" then "- Kết quả …: giảm 32 nghìn tấn CO2": the four parks'.
    answer = ask_documents(_cases(), "How much CO2 did Hoa Khanh industrial park cut on its own during phase 1?")
    assert answer.refused and "Hoa Khanh" in answer.answer, answer.answer
    assert question_shape("What's the capacity of the wastewater plant at Amata?").kind == "count"


def test_a_figure_of_another_numbered_part_is_refused():
    answer = ask_documents(_cases(), "What was the budget of phase 2 of the EIP project?")
    assert answer.refused, answer.answer
    question = "What was the budget of phase 2 of the EIP project?"
    reason = part_value_reason(question, "en", question_shape(question), every_line(_cases()))
    assert "GIAI ĐOẠN 1" in reason and "phase 2" in reason, reason
    # Phase 1's budget is phase 1's answer.
    question = "What was the budget of phase 1 of the EIP project?"
    assert part_value_reason(question, "en", question_shape(question), every_line(_cases())) == ""


PROGRAMME_2018 = (
    "# Hội thảo chuyên gia quốc tế về KCN sinh thái\n\n"
    "Hội thảo do Bộ Kế hoạch và Đầu tư phối hợp với UNIDO tổ chức trong hai ngày 8-9/11/2018.\n\n"
    "Tổng kết và bế mạc Hội thảo do ông Trần Duy Đông - Vụ trưởng Vụ Kinh tế địa phương và Lãnh thổ - Bộ Kế hoạch "
    "và Đầu tư.\n"
)
CLOSING_2023 = (
    "# Hội thảo tổng kết dự án KCN sinh thái, TP.HCM, 12/4/2023\n\n"
    "Ông Lê Thành Quân, Vụ trưởng Vụ Quản lý các khu kinh tế, Bộ Kế hoạch và Đầu tư phát biểu tại Hội nghị.\n"
)
INTRODUCTION_2021 = (
    "# Hội thảo giới thiệu mô hình KCN sinh thái, 12/11/2021\n\n"
    "Chủ trì Hội thảo ông Lê Thành Quân, Vụ trưởng Vụ Quản lý các khu kinh tế, Giám đốc Dự án đã phát biểu.\n"
)


def _workshops() -> dict[str, tuple[dict, str]]:
    reports = {"programme": ("2018-11-08", PROGRAMME_2018), "closing": ("2023-04-12", CLOSING_2023)}
    reports["introduction"] = ("2021-11-12", INTRODUCTION_2021)
    return {
        doc_id: ({"kind": "workshop", "title": text.splitlines()[0][2:], "issued": issued}, text)
        for doc_id, (issued, text) in reports.items()
    }


def test_an_office_named_only_in_another_years_report_is_refused():
    # The department's head is named in the 2018 programme only: 2023's is another question.
    question = "Năm 2023 ai là Vụ trưởng Vụ Kinh tế địa phương và Lãnh thổ?"
    assert ask_documents(_workshops(), question).refused
    reason = office_year_reason(question, "vi", question_shape(question), every_line(_workshops()), tiny_snapshot(_workshops()))
    assert "2018" in reason and "2023" in reason, reason
    answer = ask_documents(_workshops(), "Năm 2018 ai là Vụ trưởng Vụ Kinh tế địa phương và Lãnh thổ?")
    assert not answer.refused and "Trần Duy Đông" in answer.answer, answer.answer
    # A span asked covers the reports of the years between it.
    answer = ask_documents(_workshops(), "Ai là Giám đốc Dự án giai đoạn 2020–2023?")
    assert not answer.refused and "Lê Thành Quân" in answer.answer, answer.answer


def test_english_park_abbreviations_and_counts():
    assert english_question_names("What obstacles did companies in Hiep Phuoc IP face?") == ["Hiep Phuoc"]
    assert english_counts("What did the 217 RECP solutions bring?") == ["217"]
    assert english_counts("the 12 November 2021 workshop on the 2020–2023 project") == []


def test_followups_asking_the_other_parts_there_and_another_attribute():
    first = "Phiên 1 và phiên 2 của hội thảo chuyên gia quốc tế tháng 11/2018 có chủ đề gì?"
    rewritten, _ = rewrite_followup("còn các phiên khác thì sao?", [Turn(first)])
    assert rewritten == "Các phiên khác của hội thảo chuyên gia quốc tế tháng 11/2018 có chủ đề gì?", rewritten
    rewritten, _ = rewrite_followup("what industries are there?", [Turn("How large is the Ulsan Mipo complex?")])
    assert "there in Ulsan Mipo" in rewritten, rewritten
    first = "Đến năm 2022 DEEP C có bao nhiêu ha đất công nghiệp cho thuê?"
    rewritten, _ = rewrite_followup("còn mục tiêu năng lượng đến 2030?", [Turn(first)])
    assert "DEEP C" in rewritten and "mục tiêu năng lượng đến 2030" in rewritten.lower(), rewritten
    assert "ha" not in rewritten.split(), rewritten
    # A time alone still replaces the time said first.
    rewritten, _ = rewrite_followup("hồi mới bắt đầu năm 1997 thì sao?", [Turn(first)])
    assert rewritten.startswith("Hồi mới bắt đầu năm 1997 DEEP C có bao nhiêu ha"), rewritten
