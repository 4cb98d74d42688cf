"""Chat questions typed as bare noun phrases; figures of a part asked of a whole the question quotes,
of a nation asked of its city, of a later or earlier period, of a rate of something else; a year's
dated figure over undated ones; a length of time; a reason drawn with "Vì vậy"; a follow-up that asks
the same question of another organisation (no model: tiny in-memory indexes)."""

from tiny_index import ask_documents, every_line

from kb.answer.figure_text import holds_figure
from kb.answer.sentence_candidates import prefer_asked_years
from kb.query.bare_questions import as_question
from kb.query.followup import Turn, rewrite_followup
from kb.query.question_shape import in_period, question_shape, relative_period
from kb.query.time_spans import states_period

PHASES = (
    "# Dự án KCN sinh thái tại Việt Nam 2014–2023\n\n"
    "A. GIAI ĐOẠN 1 (2014–2019): Dự án triển khai sáng kiến KCN sinh thái, MPI + UNIDO\n"
    "- Khởi động 17/10/2014 tại Hà Nội; tổng vốn ~53 triệu USD, trong đó 4,55 triệu USD viện trợ không hoàn lại "
    "từ GEF, SECO và UNIDO.\n\n"
    "B. GIAI ĐOẠN 2 (2020–2023): Triển khai KCN sinh thái theo Chương trình toàn cầu (GEIPP), SECO tài trợ\n"
    "- KCN tham gia: Đình Vũ – DEEP C (Hải Phòng), Hiệp Phước (TP.HCM), Amata Biên Hòa (Đồng Nai).\n"
)
CLOSING = (
    "# Hội thảo tổng kết Dự án KCN sinh thái\n\n"
    "Dự án do SECO tài trợ được phê duyệt và triển khai thực hiện từ tháng 5/2020 đến nay. "
    "Đến nay, Dự án đã hỗ trợ được 90 doanh nghiệp với 663 giải pháp hiệu quả tài nguyên và sản xuất sạch hơn, "
    "trong đó 217 giải pháp đã được thực hiện.\n"
    "Ngày 12/9/2023, đoàn khảo sát thực địa tại KCN AMATA Biên Hòa và Fleming Vietnam (Đồng Nai), có MPI, UNIDO, "
    "Ban quản lý các KCN Đồng Nai (DIZA), SECO.\n"
)
ULSAN = (
    "# Ulsan and the Korean national eco-industrial park programme\n\n"
    "## Korean national EIP programme\n\n"
    "- 2005: South Korea launched a National Eco-Industrial Park Development Program; regional EIP centres (e.g., "
    "Ulsan EIP Center) act as facilitators.\n"
    "- Phase 2 scaled up IS regionally (connecting multiple complexes). Comparing phase 1 and phase 2: operating IS "
    "projects rose from 52 to 159; participating firms from 90 to 596.\n\n"
    "## Ulsan\n\n"
    "Ulsan designated a special industrial zone in 1962; population 85,000 (1962).\n"
)
KALUNDBORG = (
    "# Kalundborg Symbiosis (Denmark)\n\n"
    "Quantified benefits\n"
    "- 2010 results: 3 million m3 water saved through reuse/recycling.\n"
    "- Annual combined benefits for partners (EMF case study): EUR 24 million bottom-line savings; 635,000 t CO2; "
    "3.6 million m3 water.\n"
)
KICKOFF = (
    "# Hội thảo khởi động dự án KCN sinh thái (IFC, VNCPC, Sofies)\n\n"
    "Tại Khu công nghiệp Sonadezi Long Thành, ông Phạm Anh Tuấn – Tổng Giám đốc cùng gần 50 doanh nghiệp trong và "
    "ngoài nước đang hoạt động tại đây đã tới tham dự. Trong bài phát biểu chào mừng, ông Tuấn cho biết: Sonadezi "
    "Long Thành là một trong những khu công nghiệp hình thành đầu tiên trong cả nước. Xây dựng Khu công nghiệp Sinh "
    "thái là hướng đi đúng đắn và phù hợp với định hướng của Tập đoàn Sonadezi. Vì vậy, Công ty CP Sonadezi Long "
    "Thành và các công ty trong khu công nghiệp rất ủng hộ và mong muốn tham gia dự án này.\n"
)


def _project() -> dict[str, tuple[dict, str]]:
    return {
        "project": ({"kind": "case-study", "title": "Dự án KCN sinh thái tại Việt Nam 2014–2023"}, PHASES),
        "closing": ({"kind": "workshop", "title": "Hội thảo tổng kết Dự án KCN sinh thái"}, CLOSING),
    }


def test_a_bare_noun_phrase_is_asked_as_the_question_it_stands_for():
    assert as_question("Budget of phase 2 of the Vietnam EIP project?", "en") == (
        "What is the budget of phase 2 of the Vietnam EIP project?"
    )
    assert as_question("Number of firms in the Ulsan EIP?", "en") == "How many firms in the Ulsan EIP?"
    assert as_question("Kalundborg water savings in 2020?", "en") == "How much water was saved by Kalundborg in 2020?"
    assert as_question("RECP meaning?", "en") == "What is RECP?"
    assert as_question("Kinh phí giai đoạn 2?", "vi") == "Kinh phí giai đoạn 2 là bao nhiêu?"
    # A phrase that names no value asked, or a question already, stays as typed.
    assert as_question("Pilot parks of the SECO-funded project?", "en") == "Pilot parks of the SECO-funded project?"
    assert as_question("tiêu chí KCN sinh thái", "vi") == "tiêu chí KCN sinh thái"
    # "Budget of phase 2?" is an amount asked: phase 1's budget is not phase 2's; phase 1's answers for itself.
    answer = ask_documents(_project(), "Budget of phase 2 of the Vietnam EIP project?", "en")
    assert answer.refused, answer.answer
    answer = ask_documents(_project(), "Budget of phase 1 of the Vietnam EIP project?", "en")
    assert not answer.refused and "53 triệu USD" in answer.answer, answer.answer


def test_a_part_of_a_whole_the_question_quotes_is_not_the_whole():
    shape = question_shape("SECO dong gop bao nhieu trong 4,55 trieu USD vien tro khong hoan lai cua giai doan 1?")
    assert shape.kind == "amount"  # what is counted is money
    question = "Of the nearly 50 companies at the Sonadezi Long Thanh kickoff, how many were foreign-invested?"
    assert question_shape(question).units == ("companies",)
    documents = {"kickoff": ({"kind": "workshop", "title": "Hội thảo khởi động"}, KICKOFF)}
    answer = ask_documents(documents, question, "en")
    assert answer.refused, answer.answer
    answer = ask_documents(_project(), "Trong 4,55 triệu USD viện trợ không hoàn lại, SECO đóng góp bao nhiêu?")
    assert answer.refused, answer.answer


def test_a_nation_s_figure_is_not_its_city_s():
    documents = {"ulsan": ({"kind": "case-study", "title": "Ulsan and the Korean national eco-industrial park programme"}, ULSAN)}
    answer = ask_documents(documents, "Number of firms in the Ulsan EIP?", "en")
    assert answer.refused and "Ulsan" in answer.answer, answer.answer
    answer = ask_documents(documents, "Ulsan có bao nhiêu doanh nghiệp tham gia cộng sinh công nghiệp?")
    assert answer.refused, answer.answer
    # The city's own section answers for it.
    answer = ask_documents(documents, "How many people lived in Ulsan in 1962?", "en")
    assert not answer.refused and "85,000" in answer.answer, answer.answer


def test_a_figure_of_the_whole_project_is_not_a_later_period_s():
    assert relative_period("Riêng từ năm 2022 trở đi, dự án đã triển khai bao nhiêu giải pháp?") == ("since", "2022")
    assert relative_period("Sau năm 2019 dự án đạt thêm gì?") == ("after", "2019")
    assert relative_period("How many firms joined before 2020?") == ("before", "2020")
    assert relative_period("Từ năm 2020 đến 2023 có bao nhiêu doanh nghiệp?") is None  # a span, both ends
    assert in_period("2023", ("after", "2019")) and not in_period("2019", ("after", "2019"))
    answer = ask_documents(_project(), "Riêng từ năm 2022 trở đi, dự án đã thực hiện được bao nhiêu giải pháp?")
    assert answer.refused and "2022" in answer.answer, answer.answer
    # "Since" the start, all that was done to date may be it.
    answer = ask_documents(_project(), "Since 2020, how many companies has the SECO-funded EIP project supported?", "en")
    assert not answer.refused and "90 doanh nghiệp" in answer.answer, answer.answer


def test_a_rate_of_something_else_is_refused():
    criteria = (
        "# Tiêu chí KCN sinh thái (tóm tắt)\n\n"
        "Tối thiểu 20% doanh nghiệp trong KCN áp dụng các giải pháp sản xuất sạch hơn để giảm chất thải, tái sử "
        "dụng chất thải và phế liệu.\n"
        "Dành tối thiểu 25% diện tích đất KCN cho cây xanh, giao thông và khu vực dùng chung.\n"
    )
    documents = {"criteria": ({"kind": "factsheet", "title": "Tiêu chí KCN sinh thái"}, criteria)}
    question = "Theo tiêu chí KCN sinh thái, tỷ lệ chất thải rắn tối thiểu phải được tái chế là bao nhiêu?"
    answer = ask_documents(documents, question)
    assert answer.refused and "chất thải rắn" in answer.answer, answer.answer
    answer = ask_documents(documents, "Tỷ lệ doanh nghiệp áp dụng sản xuất sạch hơn tối thiểu là bao nhiêu?")
    assert not answer.refused and "20%" in answer.answer, answer.answer


def test_names_and_formulas_are_no_figures():
    # Folded, "Công ty", "Hải Phòng" and "từ" read as the numbers "ty", "hai", "tu"; "CO2" holds a digit.
    assert not holds_figure("Công ty CP Khí công nghiệp Ninh Bình sản xuất CO2 hóa lỏng từ khí thải ở Hải Phòng.", ())
    assert holds_figure("Có ba doanh nghiệp tham gia.", ())
    assert holds_figure("Three firms took part.", ())
    assert holds_figure("635,000 t CO2", ())
    project = {
        "project": (
            {"kind": "case-study", "title": "Dự án KCN sinh thái"},
            "# Dự án KCN sinh thái\n\n- Ví dụ cộng sinh tại KCN Khánh Phú (Ninh Bình): Công ty CP Khí công nghiệp "
            "Ninh Bình sản xuất CO2 hóa lỏng từ khí thải của Nhà máy Đạm Ninh Bình.\n",
        )
    }
    answer = ask_documents(project, "How much CO2 does Cong ty CP Khi cong nghiep Ninh Binh produce a year?", "en")
    assert answer.refused, answer.answer


def test_the_year_s_dated_figure_wins_over_undated_ones():
    documents = {"kalundborg": ({"kind": "case-study", "title": "Kalundborg Symbiosis (Denmark)"}, KALUNDBORG)}
    lines = [c for c in every_line(documents) if "m3" in c.text]
    prefer_asked_years(lines, ("2010",), figures=True)
    dated, undated = sorted(lines, key=lambda c: "2010" not in c.text)
    assert dated.score > undated.score, [(c.text, c.score) for c in lines]
    # Not for a question asking no figure: the year may be said around the sentence that answers.
    lines = [c for c in every_line(documents) if "m3" in c.text]
    prefer_asked_years(lines, ("2010",))
    assert len({c.score for c in lines}) == 1


def test_a_length_of_time_is_not_a_date_written_out():
    assert not states_period("ngay 12 thang 11 nam 2021 tai ha noi, bo ke hoach va dau tu to chuc hoi thao")
    assert states_period("thoi gian thuc hien du an la 3 nam (tu thang 5/2020 den thang 5/2023)")
    text = (
        "# Dự án KCN sinh thái\n\n"
        "Ngày 12 tháng 11 năm 2021 tại Hà Nội, Bộ Kế hoạch và Đầu tư phối hợp với UNIDO và SECO tổ chức hội thảo "
        "giới thiệu dự án KCN sinh thái do SECO tài trợ.\n\n"
        "Dự án KCN sinh thái do Bộ Kế hoạch và Đầu tư phối hợp với UNIDO thực hiện, từ nguồn tài trợ của SECO; thời "
        "gian thực hiện là 3 năm (từ tháng 5/2020 đến tháng 5/2023).\n"
    )
    documents = {"project": ({"kind": "workshop", "title": "Dự án KCN sinh thái"}, text)}
    answer = ask_documents(documents, "du an KCN sinh thai do SECO tai tro thuc hien trong bao lau, tu khi nao den khi nao?")
    assert not answer.refused and "3 năm" in answer.answer, answer.answer


def test_a_reason_drawn_with_vi_vay_answers_why():
    documents = {"kickoff": ({"kind": "workshop", "title": "Hội thảo khởi động"}, KICKOFF)}
    answer = ask_documents(documents, "Why was Sonadezi Long Thanh so keen to join the EIP project?", "en")
    assert not answer.refused and "hướng đi đúng đắn" in answer.answer, answer.answer


def test_the_same_question_of_another_organisation():
    first = "Ai là đại diện của Sofies tại hội thảo cộng sinh công nghiệp ở KCN Hiệp Phước tháng 11/2022?"
    assert rewrite_followup("Còn bên VNCPC thì ai?", [Turn(first)])[0] == (
        "Ai là đại diện của VNCPC tại hội thảo cộng sinh công nghiệp ở KCN Hiệp Phước tháng 11/2022?"
    )
    # An office written with capitals is no name to replace.
    assert rewrite_followup("còn Shinec thì ai?", [Turn("Ai là Tổng Giám đốc Sonadezi Long Thành?")])[0] == (
        "Ai là Tổng Giám đốc Shinec?"
    )
    # An organisation listed with parks is no park: the SECO-funded project's figure answers.
    answer = ask_documents(_project(), "How many companies has the SECO-funded EIP project supported?", "en")
    assert not answer.refused and "90 doanh nghiệp" in answer.answer, answer.answer


def test_a_reason_asked_in_vietnamese_reaches_an_english_driver():
    from kb.query.terms import translate_terms_to_english

    assert "driver" in translate_terms_to_english("Doanh nghiệp ở Kalundborg tham gia cộng sinh chủ yếu vì lý do gì?")
