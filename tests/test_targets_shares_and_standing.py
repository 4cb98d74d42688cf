"""What two read report sets showed: a status asked with "where did things stand", a park's target that is
another park's, an occupancy rate answered with green space, a share of land asked in English, a date of an
upgrade never given, a goal asked as reached or a law as passed when only planned, a section of another
phase, the reasons before a why's sentence, "được hiểu là thế nào" (no model: tiny in-memory indexes)."""

from tiny_index import ask_documents, documents_of, every_line, tiny_snapshot

from kb.answer.asked_kind import prefer_asked_words, several_asked
from kb.answer.developer_scope import developer_reason
from kb.answer.event_dates import undated_event_reason
from kb.answer.figure_scope import planned_value_reason
from kb.answer.share_base import share_base_reason
from kb.query.answer_types import quantity_units
from kb.query.question_shape import question_shape

PROJECT = (
    "# Dự án KCN sinh thái MPI–UNIDO tại Việt Nam 2014–2023\n\n"
    "## A. GIAI ĐOẠN 1 (2014–2019): Dự án Triển khai sáng kiến KCN sinh thái, MPI + UNIDO\n\n"
    "- KCN thí điểm: Khánh Phú & Gián Khẩu (Ninh Bình), Hòa Khánh (Đà Nẵng), Trà Nóc 1&2 (Cần Thơ).\n"
    "- Kết quả công bố 12/6/2019: 72 doanh nghiệp ở 4 KCN áp dụng giải pháp RECP.\n\n"
    "## B. GIAI ĐOẠN 2 (2020–2023/24): Dự án GEIPP, SECO tài trợ, MPI + UNIDO\n\n"
    "- KCN thí điểm: Đình Vũ – DEEP C (Hải Phòng), Hiệp Phước (TP.HCM), Amata Biên Hòa (Đồng Nai).\n"
    "- Mục tiêu: đến 2030 DEEP C cung cấp 50% nhu cầu năng lượng trong KCN.\n"
    "- 12/9/2023: khảo sát thực địa chuyển đổi KCN sinh thái tại KCN AMATA Biên Hòa (Đồng Nai).\n"
    "- Hạ tầng môi trường: nâng công suất trạm xử lý nước thải Hiệp Phước lên 6.000 m3/ngày đêm, tổng đầu tư "
    "60 tỷ đồng (tin báo, không rõ ngày).\n"
)
NAM_CAU_KIEN = (
    "# KCN Nam Cầu Kiền (Hải Phòng)\n\n"
    "- Tỷ lệ đất xanh/công cộng: trên 40% diện tích đất dành cho công viên, cây xanh, đất công cộng.\n"
    "- Cộng sinh công nghiệp: chuỗi doanh nghiệp cộng sinh gồm ngành thép, nhựa và công nghiệp phụ trợ, để đầu "
    "ra của doanh nghiệp này thành đầu vào của doanh nghiệp khác.\n"
    "- Đại diện Nam Cầu Kiền tham dự lễ ký thỏa thuận cộng sinh công nghiệp tại Hải Phòng ngày 12/9/2023.\n"
)
CLOSING = (
    "# Hội thảo tổng kết Dự án KCN sinh thái, TP.HCM, 12/4/2023\n\n"
    "Bộ Kế hoạch và Đầu tư đang trong quá trình lấy ý kiến tham vấn Dự thảo Thông tư hướng dẫn Nghị định "
    "35/2022/NĐ-CP, trong đó áp dụng thử nghiệm bộ 23 chỉ số. Đồng thời tiến tới việc xây dựng Luật Khu công "
    "nghiệp, Khu kinh tế dự kiến thực hiện vào năm 2025.\n"
)
KICK_OFF = (
    "# Hội thảo khởi động dự án tại Khu Công nghệ cao Tp.HCM\n\n"
    "Phát biểu tại lễ khởi động, TS. Lê Hoài Quốc cho biết định hướng của Tp.HCM là xây dựng một thành phố "
    "thông minh (Smart City), xanh và phát triển bền vững. Trong đó, xây dựng các khu công nghiệp thành mô hình "
    "các khu sinh thái là ưu tiên hàng đầu. Thời gian tới, BQL Khu Công nghệ cao Tp.HCM cam kết phối hợp chặt chẽ "
    "với dự án, nhằm nhanh chóng chuyển đổi thành khu công nghiệp sinh thái.\n\n"
    "Tại Khu công nghiệp Sonadezi Long Thành, gần 50 doanh nghiệp đã tới tham dự.\n"
)


def _project():
    return documents_of(project=("case-study", "Dự án KCN sinh thái MPI–UNIDO tại Việt Nam 2014–2023", "2023", PROJECT))


def test_where_things_stood_asks_a_status_not_a_place():
    question = "At the April 2023 closing workshop, where did things stand with the draft circular guiding Decree 35/2022?"
    assert question_shape(question).kind != "where"
    assert question_shape("Where was the closing workshop held?").kind == "where"
    documents = documents_of(closing=("workshop", "Hội thảo tổng kết Dự án KCN sinh thái", "2023-04-12", CLOSING))
    answer = ask_documents(documents, question, "en")
    assert not answer.refused and "lấy ý kiến tham vấn" in answer.answer, answer.answer


def test_a_park_target_of_another_park_is_refused():
    for question, language in (
        ("What energy target has Amata Bien Hoa set for 2030?", "en"),
        ("Mục tiêu năng lượng của Amata đến 2030 là gì?", "vi"),
    ):
        answer = ask_documents(_project(), question, language)
        assert answer.refused and "Amata" in answer.answer, answer.answer
    answer = ask_documents(_project(), "Mục tiêu năng lượng của DEEP C đến 2030 là gì?")
    assert not answer.refused and "50%" in answer.answer, answer.answer


def test_a_count_of_a_whole_named_without_its_number_is_of_its_noun():
    assert quantity_units("Of the RECP solutions already implemented, how many were at Hiep Phuoc?") == ["solutions"]
    assert quantity_units("How many of the RECP solutions proposed were for companies in Hiep Phuoc alone?") == ["solutions"]


def test_an_occupancy_rate_is_not_answered_by_green_space_nor_land_by_firms():
    documents = documents_of(park=("case-study", "KCN Nam Cầu Kiền (Hải Phòng)", "2023", NAM_CAU_KIEN))
    lines = every_line(documents)
    for question in (
        "Tỷ lệ lấp đầy của KCN Nam Cầu Kiền hiện nay là bao nhiêu phần trăm?",
        "ty le lap day kcn nam cau kien la bao nhieu %",
    ):
        reason = share_base_reason(question, "vi", question_shape(question), lines)
        assert "lấp đầy" in reason or "lap day" in reason, reason
    question = "Tỷ lệ đất cây xanh của KCN Nam Cầu Kiền là bao nhiêu phần trăm?"
    assert share_base_reason(question, "vi", question_shape(question), lines) == ""
    # An English share of land: the sentence of the 40% writes "đất".
    question = "What minimum share of Nam Cau Kien's land is green space?"
    assert share_base_reason(question, "en", question_shape(question), lines) == ""
    question = "What share of Nam Cau Kien's firms take part in symbiosis?"
    assert share_base_reason(question, "en", question_shape(question), lines) == "The passages found give no percentage of “firms”."


def test_the_date_of_an_upgrade_never_given_is_refused():
    question = "When was the Hiep Phuoc wastewater treatment plant upgraded to 6,000 m3 per day?"
    reason = undated_event_reason(question, "en", question_shape(question), every_line(_project()), tiny_snapshot(_project()))
    assert reason == "The passages found do not date the upgrade.", reason
    question = "Khi nào DEEP C đặt mục tiêu năng lượng?"  # no upgrade asked
    assert undated_event_reason(question, "vi", question_shape(question), every_line(_project()), tiny_snapshot(_project())) == ""


def test_a_goal_asked_as_reached_or_a_law_as_passed_when_only_planned():
    lines = every_line(_project())
    question = "Has DEEP C already reached its goal of supplying half of the park's energy needs?"
    reason = planned_value_reason(question, "en", question_shape(question), lines)
    assert reason == "The passages found give only a plan, not that it was completed.", reason
    # Not a why-question that quotes the claim ("… nói đã hoàn thành mục tiêu?").
    question = "Căn cứ vào đâu mà dự án nói đã hoàn thành mục tiêu đến 2030 của DEEP C?"
    assert planned_value_reason(question, "vi", question_shape(question), lines) == ""
    closing = every_line(documents_of(closing=("workshop", "Hội thảo tổng kết", "2023-04-12", CLOSING)))
    question = "Luật Khu công nghiệp, Khu kinh tế đã được Quốc hội thông qua chưa?"
    assert planned_value_reason(question, "vi", question_shape(question), closing), "a law only planned"
    # A draft of the kind asked answers whether it was issued: not yet.
    question = "Thông tư hướng dẫn Nghị định 35/2022 đã ban hành chưa?"
    assert planned_value_reason(question, "vi", question_shape(question), closing) == ""


def test_a_sentence_under_the_heading_of_another_phase_is_lowered():
    lines = [c for c in every_line(_project()) if "KCN thí điểm" in c.text]
    assert len(lines) == 2
    first, second = lines
    before = (first.score, second.score)
    prefer_asked_words("Dự án GEIPP (2020–2023) thí điểm tại những KCN nào?", lines)
    assert first.score < before[0] and second.score == before[1]


def test_a_why_answer_takes_the_reasons_leading_up_to_its_sentence():
    documents = documents_of(kick_off=("workshop", "Hội thảo khởi động dự án", "2018-06-20", KICK_OFF))
    answer = ask_documents(documents, "Vì sao BQL Khu công nghệ cao TP.HCM cam kết chuyển đổi thành KCN sinh thái?")
    assert not answer.refused and "ưu tiên hàng đầu" in answer.answer, answer.answer


def test_how_something_is_understood_at_a_park_is_its_labelled_line():
    documents = documents_of(park=("case-study", "KCN Nam Cầu Kiền (Hải Phòng)", "2023", NAM_CAU_KIEN))
    answer = ask_documents(documents, "Cong sinh cong nghiep o KCN Nam Cau Kien duoc hieu la the nao?")
    assert not answer.refused and "đầu vào của doanh nghiệp khác" in answer.answer, answer.answer


def test_parks_or_developers_asked_of_the_eip_model_ask_no_developer():
    question = "Apart from the pilot parks, which parks or developers have moved toward the EIP model with their own money?"
    assert developer_reason(question, "en", every_line(_project()), tiny_snapshot(_project())) == ""


HIEP_PHUOC = (
    "# Cộng sinh công nghiệp trong KCN Hiệp Phước, 24/11/2022\n\n"
    "Đánh giá những khó khăn, thách thức khi triển khai cộng sinh công nghiệp tại KCN Hiệp Phước, bên cạnh khó "
    "khăn về nguồn vốn, đa số các ý kiến mà doanh nghiệp đưa ra đều nhấn mạnh khó khăn chính về rào cản cơ sở "
    "pháp lý, liên quan đến việc chuyển giao chất thải của nhà máy này làm nguyên liệu cho nhà máy khác.\n\n"
    "Ngoài ra, để giải quyết một trong những khó khăn của các doanh nghiệp trong KCN Hiệp Phước về nguồn vốn, Hội "
    "thảo cũng đã tổ chức chương trình tập huấn công cụ tài chính hỗ trợ doanh nghiệp thực hành cộng sinh công "
    "nghiệp trong thực tế.\n"
)


def test_what_makes_something_hard_asks_its_difficulties():
    for question in (
        "What did companies in Hiep Phuoc say was making it hard to put industrial symbiosis into practice?",
        "What made implementing the SECO-funded eco-industrial park project harder?",
        "Why haven't companies in the same park managed to team up for industrial symbiosis?",
    ):
        assert several_asked(question) == "difficulty", question
    assert several_asked("What makes the park attractive?") == ""
    documents = documents_of(hiep_phuoc=("workshop", "Cộng sinh công nghiệp trong KCN Hiệp Phước", "2022-11-24", HIEP_PHUOC))
    question = "What did companies in Hiep Phuoc say was making it hard to put industrial symbiosis into practice in the park?"
    answer = ask_documents(documents, question, "en")
    assert not answer.refused and "rào cản cơ sở pháp lý" in answer.answer, answer.answer

