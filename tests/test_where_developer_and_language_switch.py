"""A place, a developer, a count of a year, an act asked in English: refused when the sentences read do
not hold it; a budget asked without "how much", how a park does symbiosis, qualifiers in parentheses;
a Vietnamese question typed after an English one, "its" after a name of the question's own (no model:
tiny in-memory indexes)."""

from tiny_index import ask_documents, documents_of, every_line, tiny_snapshot

from kb.answer.asked_kind import asked_attributes
from kb.answer.evidence import EvidenceScorer
from kb.answer.refusal_checks import value_reason
from kb.answer.stated_numbers import stated_numbers
from kb.query.answer_types import answer_target
from kb.query.everyday_wordings import in_documents_wording
from kb.query.followup import Turn, rewrite_followup
from kb.query.language import detect_language
from kb.query.name_case import with_conversation_names
from kb.query.names import question_names
from kb.query.question_shape import question_shape

ANNOUNCEMENT = (
    "# Hội thảo chuyên gia quốc tế về cơ hội, thách thức và rào cản phát triển KCN sinh thái\n\n"
    "Hội thảo do Bộ Kế hoạch và Đầu tư phối hợp với UNIDO tổ chức, dự kiến diễn ra trong hai ngày 8-9/11/2018.\n"
    "Tại Hội thảo, các đại biểu sẽ thảo luận về tiêu chuẩn, cơ hội, thách thức và rào cản phát triển KCN sinh thái "
    "tại Việt Nam.\n"
)
ONLINE = (
    "# Hội thảo giới thiệu mô hình KCN sinh thái\n\n"
    "Ngày 12 tháng 11 năm 2021 tại Hà Nội, Bộ Kế hoạch và Đầu tư phối hợp với UNIDO tổ chức Hội thảo giới thiệu mô "
    "hình KCN sinh thái.\n"
    "Chủ trì Hội thảo: ông Lê Thành Quân, Vụ trưởng Vụ Quản lý các khu kinh tế.\n"
)
HIEP_PHUOC = (
    "# Cộng sinh công nghiệp trong KCN Hiệp Phước\n\n"
    "Hội thảo ngày 24/11/2022 có khoảng 40 đại biểu từ các doanh nghiệp trong KCN Hiệp Phước.\n"
    "Tham gia Hội thảo có đại diện HEPZA; Ông Giang Ngọc Phương, Phó Tổng Giám đốc Công ty Cổ phần KCN Hiệp "
    "Phước; bà Nguyễn Trâm Anh, Chuyên gia UNIDO.\n"
)
NAM_CAU_KIEN = (
    "# KCN Nam Cầu Kiền (Hải Phòng)\n\n"
    "- Chủ đầu tư: Công ty Cổ phần Shinec (thành lập 2001).\n"
    "- Vị trí, quy mô: diện tích quy hoạch 263 ha, trên địa bàn 4 xã thuộc huyện Thủy Nguyên, Hải Phòng.\n"
    "- Cộng sinh công nghiệp: chuỗi doanh nghiệp cộng sinh gồm ngành thép, nhựa và công nghiệp phụ trợ.\n"
    '- Tự giới thiệu là "KCN sinh thái đầu tiên của cả nước", do người Việt Nam làm chủ đầu tư.\n'
    "- Hợp tác Nhật Bản: Hải Phòng và Kitakyushu hợp tác triển khai 15 dự án thí điểm, trong đó có KCN Nam Cầu Kiền.\n"
    "- Khoảng cách: KCN Nam Cầu Kiền cách trung tâm thành phố ~12 km.\n"
)
PROJECT = (
    "# Dự án KCN sinh thái tại Việt Nam 2014–2023\n\n"
    'A. GIAI ĐOẠN 1 (2014–2019): Dự án "Triển khai sáng kiến KCN sinh thái", MPI + UNIDO; tổng vốn ~53 triệu USD.\n'
    "- Ninh Bình dự kiến đầu tư cải tạo hạ tầng KCN Khánh Phú thành KCN sinh thái giai đoạn 2023–2025.\n"
    "- Kết quả: 62 giải pháp cộng sinh công nghiệp; dự kiến giảm 87 nghìn tấn CO2 tương đương mỗi năm.\n"
)
ULSAN = (
    "# Ulsan and the Korean national eco-industrial park programme\n\n"
    "- Phase 2 scaled up IS regionally (connecting multiple complexes, large projects).\n"
    "- Steam networking case (Hyosung plants: PP plant 300,000 t/yr; TPA plant 420,000 t/yr) in Ulsan.\n"
)



def test_a_where_question_is_refused_when_no_sentence_says_where():
    documents = documents_of(
        announcement=("workshop", "Hội thảo chuyên gia quốc tế về cơ hội, thách thức và rào cản phát triển KCN sinh thái",
                      "2018-11-08", ANNOUNCEMENT),
    )
    # Its title's "thách thức" does not make the question a why: it ends asking where.
    question = "Hội thảo chuyên gia quốc tế về cơ hội, thách thức và rào cản phát triển KCN sinh thái (8-9/11/2018) tổ chức ở đâu?"
    answer = ask_documents(documents, question)
    assert answer.refused and "không nêu địa điểm" in answer.answer, answer.answer
    online = documents_of(online=("workshop", "Hội thảo giới thiệu mô hình KCN sinh thái", "2021-11-12", ONLINE))
    answer = ask_documents(online, "Hội thảo giới thiệu mô hình KCN sinh thái ngày 12/11/2021 tổ chức ở đâu?")
    assert not answer.refused and "tại Hà Nội" in answer.answer, answer.answer


def test_the_developer_asked_of_a_park_is_named_by_a_sentence_about_that_park():
    documents = documents_of(
        park=("case-study", "KCN Nam Cầu Kiền (Hải Phòng)", "2023", NAM_CAU_KIEN),
        project=("case-study", "Dự án KCN sinh thái tại Việt Nam 2014–2023", "2023", PROJECT),
    )
    answer = ask_documents(documents, "Who is the developer (chủ đầu tư) of Khánh Phú industrial park in Ninh Bình?", "en")
    assert answer.refused and "developer of “Khánh Phú”" in answer.answer, answer.answer
    # The item labelled "Chủ đầu tư" answers, not the one saying who "làm chủ đầu tư" in general.
    answer = ask_documents(documents, "Chủ đầu tư KCN Nam Cầu Kiền là ai?")
    assert not answer.refused and "Shinec" in answer.answer, answer.answer


def test_how_a_park_does_symbiosis_is_the_item_labelled_with_it():
    documents = documents_of(park=("case-study", "KCN Nam Cầu Kiền (Hải Phòng)", "2023", NAM_CAU_KIEN))
    for question in (
        "KCN Nam Cầu Kiền làm cộng sinh công nghiệp như thế nào?",
        "KCN Nam Cầu Kiền (Hải Phòng) triển khai cộng sinh công nghiệp theo cách nào?",
    ):
        answer = ask_documents(documents, question)
        assert not answer.refused and "thép, nhựa và công nghiệp phụ trợ" in answer.answer, (question, answer.answer)
        # "làm" and "cách" ask how: "do người Việt Nam làm chủ đầu tư", "cách trung tâm" do not answer;
        # "như thế nào" asks no attribute named "như thế".
        terms, _ = EvidenceScorer.for_snapshot(tiny_snapshot(documents)).query_terms(question)
        assert not {t.word for t in terms} & {"làm", "cách"}, [t.word for t in terms]
        assert asked_attributes(question) == (), asked_attributes(question)


def test_a_count_asked_of_a_year_is_refused_when_every_figure_comes_from_another_year():
    documents = documents_of(
        announcement=("workshop", "Hội thảo chuyên gia quốc tế về KCN sinh thái, 8-9/11/2018", "2018-11-08", ANNOUNCEMENT),
        hiep_phuoc=("workshop", "Cộng sinh công nghiệp trong KCN Hiệp Phước, 24/11/2022", "2022-11-24", HIEP_PHUOC),
    )
    question = "How many delegates took part in the international expert workshop in November 2018?"
    # Every line read as relevant: the only count of delegates is the 2022 workshop's.
    reason = value_reason(question, "en", question_shape(question), every_line(documents), tiny_snapshot(documents))
    assert reason == "The passages found say nothing for 2018.", reason
    answer = ask_documents(documents, "Hội thảo ở KCN Hiệp Phước năm 2022 có bao nhiêu đại biểu?")
    assert not answer.refused and "40 đại biểu" in answer.answer, answer.answer


def test_an_act_asked_in_english_needs_a_sentence_saying_it():
    documents = documents_of(hiep_phuoc=("workshop", "Cộng sinh công nghiệp trong KCN Hiệp Phước", "2022-11-24", HIEP_PHUOC))
    answer = ask_documents(documents, "Who chaired the Hiep Phuoc industrial symbiosis workshop in November 2022?", "en")
    # The participants it lists did not chair it.
    assert answer.refused and "who chaired" in answer.answer, answer.answer
    online = documents_of(online=("workshop", "Hội thảo giới thiệu mô hình KCN sinh thái", "2021-11-12", ONLINE))
    answer = ask_documents(online, "Who chaired the workshop introducing the eco-industrial park model in November 2021?", "en")
    assert not answer.refused and "Lê Thành Quân" in answer.answer, answer.answer
    # "ai chi trả" is asked as the sources write it.
    assert "ai tài trợ" in in_documents_wording("Năm 1961 ai xây đường ống và ai chi trả?", "vi")


def test_a_budget_asked_without_how_much_is_answered_by_the_sum_of_money():
    assert answer_target("What is the total budget of Phase 1 EIP project?") == ("quantity", ["money"])
    # "Phase 1", "GIAI ĐOẠN 1" number a part of what is asked: no name.
    assert "Phase" not in question_names("What is the total budget of Phase 1 EIP project (2014–2019)?")
    assert question_names("A. GIAI ĐOẠN 1 (2014–2019): Dự án Triển khai sáng kiến") == []
    documents = documents_of(
        project=("case-study", "Dự án KCN sinh thái tại Việt Nam 2014–2023", "2023", PROJECT),
        ulsan=("case-study", "Ulsan and the Korean national eco-industrial park programme", "2015", ULSAN),
    )
    for question in ("What is the total budget of Phase 1 EIP project (2014–2019)?", "What is the total budget of the Phase 1 project?"):
        answer = ask_documents(documents, question, "en")
        assert not answer.refused and "53 triệu USD" in answer.answer, answer.answer
        assert "Phase 2 scaled up" not in answer.answer, answer.answer


def test_a_figure_of_a_place_abroad_comes_from_the_documents_about_it():
    documents = documents_of(
        project=("case-study", "Dự án KCN sinh thái tại Việt Nam 2014–2023", "2023", PROJECT),
        ulsan=("case-study", "Ulsan and the Korean national eco-industrial park programme", "2015", ULSAN),
    )
    answer = ask_documents(documents, "How many tonnes of CO2 does Ulsan's steam network save each year?", "en")
    # The Vietnamese project's "87 nghìn tấn CO2" is not Ulsan's.
    assert answer.refused and "87" not in answer.answer.split("\n")[0], answer.answer


def test_a_full_vietnamese_question_after_an_english_one_is_asked_as_typed():
    history = [Turn("What is the total budget of the phase 1 eco-industrial park project?")]
    question = "Tổng vốn dự án KCN sinh thái giai đoạn 1 là bao nhiêu?"
    assert rewrite_followup(question, history) == (question, False)
    # A short one still leans on it.
    assert rewrite_followup("còn giai đoạn 2?", history)[1]


def test_its_after_a_name_of_the_question_is_that_name():
    history = [Turn("Hội thảo ngày 12/11/2021 tổ chức ở đâu?", "Ngày 12 tháng 11 năm 2021 tại Hà Nội [1]", ["Việt Nam"])]
    question = "Where does the Kalundborg refinery get its surface water from?"
    assert rewrite_followup(question, history) == (question, False)
    history = [Turn("How much CO2 does Kalundborg save each year?")]
    assert rewrite_followup("What are its main partners?", history) == ("What are Kalundborg's main partners?", True)


def test_it_after_a_developer_question_is_the_park_not_its_developer():
    answer = (
        "According to the documents: “E. ĐÌNH VŨ – DEEP C (Hải Phòng) - DEEP C: cụm KCN do nhà đầu tư Bỉ "
        "(Rent-A-Port) phát triển; khởi đầu từ dự án KCN Đình Vũ năm 1997.” [1]"
    )
    history = [Turn("Who developed the DEEP C industrial zones in Hải Phòng?", answer, [])]
    assert rewrite_followup("nó bắt đầu từ năm nào?", history) == ("DEEP C bắt đầu từ năm nào?", True)


def test_a_list_items_first_word_is_no_name():
    assert question_names("- Other reported figures: 4 million m3 groundwater saved") == []
    assert question_names("- Ulsan Mipo (4,033 ha: automobiles)") == ["Ulsan Mipo"]
    # So "any other …?" after an answer quoting that item is not read as naming "Other".
    texts = ["- Other reported figures: 4 million m3 groundwater saved per year"]
    assert with_conversation_names("any other by-product exchanges?", texts) == "any other by-product exchanges?"


def test_an_english_possessive_in_a_question_read_as_vietnamese_names_the_name():
    documents = documents_of(
        vncpc=(
            "workshop",
            "Hội thảo khởi động dự án IFC, VNCPC",
            "2018-06-20",
            "# Hội thảo khởi động\n\nTrong năm 2017, Hợp phần đào tạo năng lực và tư vấn RECP do VNCPC thực hiện giúp "
            "các doanh nghiệp tiết kiệm 32,86 tỷ đồng.\n",
        )
    )
    question = "How much did businesses save in 2017 under VNCPC's RECP component (Hợp phần đào tạo năng lực và tư vấn RECP)?"
    # Read as Vietnamese (its parenthesis is), as the language detector reads it.
    assert detect_language(question) == "vi"
    answer = ask_documents(documents, question, "vi")
    assert not answer.refused and "32,86 tỷ đồng" in answer.answer, answer.answer


def test_a_number_the_question_states_points_at_the_sentence_writing_it():
    assert stated_numbers("What did the 217 RECP solutions that were actually put in place bring to the companies?") == ["217"]
    # Years, dates and the numbers of instruments or parts count nothing.
    assert stated_numbers("Nghị định 82/2018 ngày 22/5/2018, phiên 5, Decree 82, phase 2") == []
    assert stated_numbers("tiết kiệm 1.448.215 USD năm 2017") == ["1.448.215"]
    documents = documents_of(
        kickoff=(
            "workshop",
            "Hội thảo khởi động dự án RECP",
            "2018-06-20",
            "# Hội thảo khởi động\n\nCác doanh nghiệp chia nhóm thảo luận và đưa ra được rất nhiều các giải pháp RECP hữu "
            "ích giúp các công ty cắt giảm chi phí sản xuất.\n",
        ),
        closing=(
            "workshop",
            "Hội thảo tổng kết dự án",
            "2023-04-12",
            "# Hội thảo tổng kết\n\nDự án đã hỗ trợ 90 doanh nghiệp với 663 giải pháp RECP, trong đó 217 giải pháp đã được "
            "thực hiện góp phần tiết kiệm năng lượng và đem lại lợi ích kinh tế cho các doanh nghiệp.\n",
        ),
    )
    answer = ask_documents(documents, "What did the 217 RECP solutions that were actually put in place bring to the companies?", "en")
    assert not answer.refused and "217 giải pháp" in answer.answer, answer.answer


def test_a_company_switched_in_replaces_the_company_not_the_town():
    history = [Turn("What does the Gyproc plant in Kalundborg get from the power station?")]
    assert rewrite_followup("what about Novozymes?", history) == (
        "What does the Novozymes plant in Kalundborg get from the power station?",
        True,
    )
    # A Vietnamese park's name replaces the place, as before.
    history = [Turn("At Kalundborg, what happens to Novozymes' organic waste?")]
    assert rewrite_followup("what about Nam Cau Kien?", history)[0].startswith("At Nam Cau Kien,")


def test_the_thing_switched_in_is_asked_about_not_counted():
    history = [Turn("How many homes does surplus heat from the Kalundborg power plant heat?")]
    assert rewrite_followup("what about the gypsum?", history) == ("What about the gypsum in Kalundborg?", True)
    # Another thing measured still replaces what was measured.
    history = [Turn("How much energy did Kalundborg save in 2010?")]
    assert rewrite_followup("what about water?", history) == ("How much water did Kalundborg save in 2010?", True)


def test_revenue_asked_is_an_amount_of_money():
    assert question_shape("Doanh thu của DEEP C năm 2022 là bao nhiêu?").kind == "amount"
    # A possessive in place of "the": the savings asked are money too.
    assert question_shape("What were Kalundborg Symbiosis's annual cost savings in 2020?").kind == "amount"
    documents = documents_of(project=("case-study", "Dự án KCN sinh thái tại Việt Nam 2014–2023", "2023", PROJECT + (
        "- DEEP C: cụm KCN do nhà đầu tư Bỉ (Rent-A-Port) phát triển; đến 2022 có >3.400 ha đất công nghiệp cho thuê.\n"
    )))
    answer = ask_documents(documents, "Đến năm 2022, DEEP C có bao nhiêu doanh thu cho thuê?")
    assert answer.refused and "không nêu số tiền" in answer.answer, answer.answer


def test_the_level_of_place_asked_is_the_one_a_line_must_name():
    documents = documents_of(park=("case-study", "KCN Nam Cầu Kiền (Hải Phòng)", "2023", NAM_CAU_KIEN))
    # "4 xã thuộc huyện Thủy Nguyên" names the district, not the communes.
    answer = ask_documents(documents, "kcn nam cau kien nam tren dia ban 4 xa nao cua huyen thuy nguyen")
    assert answer.refused and "không nêu xã" in answer.answer, answer.answer
    answer = ask_documents(documents, "KCN Nam Cầu Kiền thuộc huyện nào?")
    assert not answer.refused and "huyện Thủy Nguyên" in answer.answer, answer.answer
    # "… diễn ra tại thành phố nào?" asks where as "ở đâu?" does.
    documents = documents_of(announcement=("workshop", "Hội thảo chuyên gia quốc tế về KCN sinh thái", "2018-11-08", ANNOUNCEMENT))
    answer = ask_documents(documents, "Hội thảo chuyên gia quốc tế về KCN sinh thái tháng 11/2018 diễn ra tại thành phố nào?")
    assert answer.refused and "không nêu địa điểm" in answer.answer, answer.answer
