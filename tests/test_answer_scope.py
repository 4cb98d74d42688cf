"""Checks of what an answer is for: a person for an organisation, a count for a qualifier, an
article for "ở điều nào", a year written with its month (no model)."""

from answer_texts import answer_from
from haystack import Document
from tiny_index import retrieved, tiny_snapshot

from kb.answer.count_qualifier import qualified_count
from kb.answer.extractive_answerer import ExtractiveAnswerer
from kb.answer.member_alone import member_alone_reason
from kb.answer.per_unit import per_unit_asked
from kb.answer.person_scope import organisation_asked
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.answer_types import quantity_units
from kb.query.question_shape import question_shape, years_in
from kb.query.unit_counts import counts_unit

REPORT = (
    "# Hội thảo giới thiệu mô hình khu công nghiệp sinh thái\n\n"
    "Hội thảo do Bộ Kế hoạch và Đầu tư phối hợp với UNIDO và SECO tổ chức tại Hà Nội. "
    "Ông Lê Thành Quân, Vụ trưởng Vụ Quản lý các khu kinh tế, phát biểu khai mạc hội thảo. "
    "Tham gia hội thảo có ông Giang Ngọc Phương, Phó Tổng Giám đốc Công ty Cổ phần KCN Hiệp Phước. "
    "Khu công nghiệp đã thu hút hơn 50 nhà đầu tư trong và ngoài nước. "
    "Kết quả tính đến 9/2023: khoảng 295 giải pháp được đề xuất cho 37 doanh nghiệp. "
    "Kế hoạch hoạt động cho giai đoạn 2024–2025 đang được các bên xây dựng.\n"
)


def _answer(text: str, question: str, language: str = "vi", kind: str = "workshop"):
    """The answer to ``question`` from one document holding ``text`` (retrieved as its first chunk)."""
    snapshot = tiny_snapshot({"doc": ({"kind": kind, "title": "Tài liệu"}, text)})
    documents = retrieved(snapshot, [0], dense=0.9)
    return ExtractiveAnswerer(snapshot).run(question=question, language=language, documents=documents)["answer"]


def _ask(question: str, language: str = "vi"):
    snapshot = tiny_snapshot({"hoi-thao": ({"kind": "workshop", "title": "Hội thảo giới thiệu mô hình"}, REPORT)})
    documents = retrieved(snapshot, [0], dense=0.9)
    return ExtractiveAnswerer(snapshot).run(question=question, language=language, documents=documents)["answer"]


def test_the_organisation_a_person_is_asked_for():
    assert organisation_asked("Who spoke on behalf of SECO at the workshop, and what was their job?") == "SECO"
    question = "Bên Công ty Cổ phần KCN Hiệp Phước thì ai dự hội thảo, chức vụ gì?"
    assert organisation_asked(question) == "Công ty Cổ phần KCN Hiệp Phước"
    assert organisation_asked("Hội thảo do SECO tài trợ?") is None  # no person asked
    assert organisation_asked("Bên UNIDO: ai phát biểu tại hội thảo?") == "UNIDO"
    # "… là ai?", "tên là gì?", "who represented …" ask for a person too.
    assert organisation_asked("Đại diện SECO phát biểu tại hội thảo ngày 12/11/2021 là ai?") == "SECO"
    assert organisation_asked("Who represented IFC at the June 2018 kick-off workshop?") == "IFC"
    assert organisation_asked("Vị lãnh đạo UNIDO chủ trì hội thảo tên là gì?") == "UNIDO"
    assert organisation_asked("Bà Lê Thanh Thảo là ai?") is None  # no organisation asked for
    # The head of an organisation's office is a person of it.
    assert organisation_asked("Ai là người đứng đầu văn phòng UNIDO tại Việt Nam phát biểu?") == "UNIDO"


def test_no_person_named_for_the_organisation_asked_is_a_refusal():
    answer = _ask("Who spoke on behalf of SECO at the workshop, and what was their job?", "en")
    assert answer.refused and "name no person" in answer.answer, answer.answer


def test_the_person_named_with_the_organisation_answers():
    answer = _ask("Bên Công ty Cổ phần KCN Hiệp Phước thì ai dự hội thảo, chức vụ gì?")
    assert not answer.refused and "Giang Ngọc Phương" in answer.answer, answer.answer


def test_the_person_named_with_the_organisation_answers_however_little_of_the_setting_it_repeats():
    report = (
        "Ngày 12 tháng 11 năm 2021 tại Hà Nội, Bộ Kế hoạch và Đầu tư phối hợp với UNIDO và SECO tổ chức "
        "Hội thảo giới thiệu mô hình khu công nghiệp sinh thái tại Việt Nam. "
        "Bà Lê Thanh Thảo, trưởng đại diện UNIDO tại Việt Nam cho biết: “UNIDO cam kết đồng hành cùng Chính phủ.”\n"
    )
    question = "Tại hội thảo giới thiệu mô hình khu công nghiệp sinh thái ngày 12/11/2021, ai là người đại diện UNIDO phát biểu?"
    assert organisation_asked(question) == "UNIDO"
    answer = _answer(report, question)
    assert not answer.refused and "Lê Thanh Thảo" in answer.answer, answer.answer


def test_a_population_counts_people():
    text = "Ulsan designated a special industrial zone in 1962; population 85,000 (1962) → 1,070,000 (2003).\n"
    answer = _answer(text, "Dân số thành phố Ulsan năm 2003 là bao nhiêu người?", kind="case-study")
    assert not answer.refused and "1,070,000 (2003)" in answer.answer, answer.answer


def test_a_figure_asked_of_one_member_alone_needs_a_sentence_naming_it():
    from kb.answer.member_alone import member_asked_alone

    assert member_asked_alone("Trong 663 giải pháp, riêng KCN Amata có bao nhiêu giải pháp?") == "Amata"
    assert member_asked_alone("loi ich rieng cua novo nordisk la bao nhieu tien") == "novo nordisk"
    assert member_asked_alone("How much of the grant came from GEF alone?") == "GEF"
    assert member_asked_alone("Riêng tiết kiệm nước và năng lượng là bao nhiêu?") == ""  # a part, no member
    text = (
        "Dự án đã đề xuất 663 giải pháp RECP tại 3 khu công nghiệp thí điểm. "
        "Các doanh nghiệp ở KCN Amata tham gia tích cực vào dự án. "
        "Riêng KCN Đình Vũ có 120 giải pháp được đề xuất.\n"
    )
    amata = _answer(text, "Trong 663 giải pháp RECP, riêng KCN Amata có bao nhiêu giải pháp?")
    assert amata.refused and "Amata" in amata.answer and "con số chung" in amata.answer, amata.answer
    dinh_vu = _answer(text, "Trong 663 giải pháp RECP, riêng KCN Đình Vũ có bao nhiêu giải pháp?")
    assert not dinh_vu.refused and "120 giải pháp" in dinh_vu.answer, dinh_vu.answer


def test_a_count_for_a_qualifier_the_sentences_never_name_is_a_refusal():
    assert qualified_count("Đã thu hút được bao nhiêu nhà đầu tư Nhật Bản?") == ("nhà đầu tư", "Nhật Bản")
    assert qualified_count("Có bao nhiêu doanh nghiệp ở Amata?") is None  # a place: other checks
    answer = _ask("Khu công nghiệp đã thu hút được bao nhiêu nhà đầu tư Nhật Bản?")
    assert answer.refused and "Nhật Bản" in answer.answer, answer.answer
    overall = _ask("Khu công nghiệp đã thu hút được bao nhiêu nhà đầu tư?")
    assert not overall.refused and "50 nhà đầu tư" in overall.answer, overall.answer


def test_which_article_is_not_answered_by_a_sentence_that_cites_none():
    answer = _ask("Việc tổ chức hội thảo giới thiệu mô hình được quy định ở điều nào?")
    assert answer.refused and "điều, khoản" in answer.answer, answer.answer


def test_a_year_written_with_its_month_is_a_year_but_an_instruments_number_is_not():
    assert years_in("Kết quả tính đến 9/2023: khoảng 295 giải pháp") == ["2023"]
    assert years_in("công bố 12/6/2019, sau năm 2017") == ["2019", "2017"]
    assert years_in("Nghị định 82/2018/NĐ-CP và Thông tư 05/2025") == []
    # A span of days before the month: "8-9/11/2018" is 2018 (its date was taken for the asked year's).
    assert years_in("dự kiến diễn ra trong hai ngày 8-9/11/2018.") == ["2018"]


def test_a_figure_of_another_year_does_not_answer_the_year_asked():
    answer = _ask("Tính đến cuối năm 2024 đã có bao nhiêu giải pháp được đề xuất?")
    assert answer.refused and "2023" in answer.answer, answer.answer


def test_a_count_for_a_group_the_sentences_never_name_is_a_refusal():
    assert qualified_count("Có bao nhiêu chỉ số thuộc nhóm môi trường?") == ("chỉ số", "thuộc nhóm môi trường")
    assert qualified_count("co bao nhieu doanh nghiep thuoc nganh det may o amata") == (
        "doanh nghiep",
        "thuoc nganh det may",
    )
    answer = _ask("Khu công nghiệp đã thu hút bao nhiêu nhà đầu tư thuộc ngành dệt may?")
    assert answer.refused and "thuộc ngành dệt may" in answer.answer, answer.answer


def test_what_a_donor_contributed_is_an_amount_of_money():
    assert question_shape("Trong phần viện trợ, riêng GEF đóng góp bao nhiêu?").kind == "amount"
    # Followed by what is counted, it is a count.
    assert question_shape("SECO đóng góp bao nhiêu ý kiến?").kind == "count"
    answer = _ask("Trong hội thảo, riêng SECO đóng góp bao nhiêu?")
    assert answer.refused and "không nêu số tiền" in answer.answer, answer.answer


def test_a_share_asked_is_answered_by_a_fraction_in_words():
    assert quantity_units("35 khu phức hợp quốc gia chiếm bao nhiêu phần?") == ["%"]
    assert counts_unit("35 large national complexes on two-thirds of industrial-park land", "%")
    assert counts_unit("chiem mot nua dien tich", "%") and counts_unit("chiem 2/3 dien tich", "%")
    assert not counts_unit("cong bo 12/6/2019", "%")
    text = "# Hàn Quốc\n\nKorea then had 504 industrial parks, 35 large national complexes on two-thirds of industrial-park land.\n"
    snapshot = tiny_snapshot({"kr": ({"kind": "case", "title": "Korean national EIP programme"}, text)})
    answer = ExtractiveAnswerer(snapshot).run(
        question="35 khu phức hợp quốc gia lớn của Hàn Quốc chiếm bao nhiêu phần đất khu công nghiệp?",
        language="vi",
        documents=retrieved(snapshot, [0], dense=0.9),
    )["answer"]
    assert not answer.refused and "two-thirds" in answer.answer, answer.answer


def test_a_section_number_or_another_noun_is_no_count_of_what_is_asked():
    # "3.1 Environmental requirements" numbers a section; "four performance categories" counts categories.
    assert not counts_unit("3.1 environmental requirements, 3.2 economic requirements", "requirements")
    assert not counts_unit("the framework's four performance categories", "performance requirements")
    assert counts_unit("it sets 12 performance requirements", "performance requirements")
    # Thousands written with a dot are whole numbers.
    assert counts_unit("1.700 doanh nghiep", "doanh nghiep") and counts_unit("gan 3.600 tan hoa chat", "tan")


def test_organisations_are_counted_in_either_typing():
    # "tổ chức" folds to "to chuc", whose "to" is not the English preposition.
    assert quantity_units("Hội thảo có đại biểu từ bao nhiêu tổ chức quốc tế?") == ["to chuc"]
    assert quantity_units("hoi thao co bao nhieu to chuc quoc te tham du") == ["to chuc"]
    assert quantity_units("How many delegates came to the workshop?") == ["delegates"]


def test_an_english_count_is_of_the_plural_noun_ending_its_phrase():
    # The words before it describe it, however many ("industrial park and economic zone management").
    question = "How many industrial park and economic zone management boards took part, and from which region?"
    assert quantity_units(question) == ["boards"]
    assert quantity_units("How many ha of land were set aside?") == ["ha"]  # the phrase ends at "of"


def test_a_missing_area_is_named_in_the_answers_language():
    # "How big" asks an area the question never names: the refusal says "area", not "dien tich".
    park = "Onsan hosts non-ferrous metal and steel plants; the area of the complex is planned to grow.\n"
    refused = _answer(park, "How big is Onsan?", language="en", kind="case-study")
    assert refused.refused and "“area”" in refused.answer and "dien tich" not in refused.answer, refused.answer


def test_a_rate_asked_without_per_cent_is_a_share():
    # "tỷ lệ … là bao nhiêu", "what share of …": answered by a percentage or a fraction, as "bao nhiêu %".
    assert quantity_units("Ở KCN DEEP C, tỷ lệ diện tích dành cho cây xanh và hạ tầng dùng chung là bao nhiêu?") == ["%"]
    assert quantity_units("What share of DEEP C's land is reserved for green space?") == ["%"]
    # A rate of something counted is a count of it.
    assert quantity_units("tỷ lệ doanh nghiệp tham gia là bao nhiêu doanh nghiệp") == ["doanh nghiep"]


WORKSHOP_TWO_SITES = (
    "Trong hai ngày 20 và 21/6 năm 2018, VNCPC và Sofies đã tổ chức hội thảo khởi động dự án “Áp dụng mô hình "
    "khu công nghiệp sinh thái”, tại Khu Công nghệ cao Tp.HCM và Khu Công nghiệp Sonadezi Long Thành (Đồng Nai). "
    "Hội thảo khởi động dự án “Áp dụng mô hình khu công nghiệp sinh thái” được tổ chức tại Tp.HCM ngày 20/6. "
    "Tại Khu công nghiệp Sonadezi Long Thành, ông Phạm Anh Tuấn – Tổng Giám đốc cùng gần 50 doanh nghiệp "
    "trong và ngoài nước đang hoạt động tại đây đã tới tham dự.\n"
)


def test_a_sentence_naming_the_place_asked_counts_however_little_of_the_setting_it_repeats():
    # The sentences restating the workshop cover more of the question; the one counting the companies at
    # the place asked is the answer, not a reason to say that no number is given.
    answer = _answer(
        WORKSHOP_TWO_SITES,
        "Hội thảo khởi động dự án “Áp dụng mô hình khu công nghiệp sinh thái” tại Sonadezi Long Thành tháng "
        "6/2018 có bao nhiêu doanh nghiệp tham dự?",
    )
    assert not answer.refused and "gần 50 doanh nghiệp" in answer.answer, answer.answer
    # A country is no such place: every report is about it, and a count of pilot parks "tại Việt Nam" does
    # not count the certified ones.
    text = (
        "Danh sách KCN được cấp Giấy chứng nhận KCN sinh thái theo Nghị định cần được đối chiếu khi xét KCN sinh "
        "thái. Tại Việt Nam, dự án hỗ trợ 5 KCN thí điểm.\n"
    )
    country = _answer(text, "Việt Nam có bao nhiêu KCN được cấp giấy chứng nhận KCN sinh thái?")
    assert country.refused and "có nói đến “KCN” nhưng không nêu con số" in country.answer, country.answer


def test_a_part_of_a_whole_the_question_states_is_smaller_than_the_whole():
    from kb.answer.stated_whole import stated_whole

    funding = "Dự án có tổng vốn ~53 triệu USD, trong đó 4,55 triệu USD viện trợ không hoàn lại từ GEF, SECO và UNIDO.\n"
    question = "Trong 4,55 triệu USD viện trợ không hoàn lại, SECO đóng góp bao nhiêu?"
    refused = _answer(funding, question)
    assert refused.refused and "chỉ nêu tổng 4,55 triệu" in refused.answer, refused.answer
    # A smaller amount may be the part asked.
    answered = _answer(funding.replace(".\n", "; SECO đóng góp 1,2 triệu USD.\n"), question)
    assert not answered.refused and "1,2 triệu USD" in answered.answer, answered.answer
    # A period or a year is no whole; a number of the thing counted is.
    assert stated_whole("Trong 3 năm, có bao nhiêu doanh nghiệp tham gia?", question_shape("Trong 3 năm, có bao nhiêu doanh nghiệp tham gia?")) is None
    counted = "Trong 217 giải pháp đã thực hiện, KCN Amata có bao nhiêu giải pháp?"
    assert stated_whole(counted, question_shape(counted)) == 217
    # A sum asked to be broken down between its givers: the parts are smaller amounts.
    split = "How was the USD 4.55 million grant split between GEF, SECO and UNIDO?"
    assert question_shape(split).kind == "amount" and stated_whole(split, question_shape(split)) == 4_550_000
    refused = _answer(funding, split, language="en")
    assert refused.refused and "only the total of USD 4.55 million" in refused.answer, refused.answer
    answered = _answer(funding.replace(".\n", "; SECO đóng góp 1,2 triệu USD.\n"), split, language="en")
    assert not answered.refused and "1,2 triệu USD" in answered.answer, answered.answer
    # The sum written again in another currency is not a part of it; a "how much each" is an amount.
    savings = "Năm 2017 hợp phần RECP giúp doanh nghiệp tiết kiệm 32,86 tỷ đồng (tương đương 1.448.215 USD).\n"
    by_kind = "Khoản tiết kiệm 32,86 tỷ đồng đó chia ra theo điện, nước, hóa chất thì mỗi loại được bao nhiêu?"
    assert question_shape(by_kind).kind == "amount"
    refused = _answer(savings, by_kind)
    assert refused.refused and "chỉ nêu tổng 32,86 tỷ đồng" in refused.answer, refused.answer


def test_a_date_asked_of_an_act_is_the_date_of_the_sentence_saying_it():
    from kb.answer.constraint_checks import dated_act

    question = "Dự án KCN sinh thái giữa Bộ Kế hoạch và Đầu tư với UNIDO được khởi động ngày nào, ở đâu?"
    assert dated_act(question, "vi", question_shape(question)) == "khoi dong"
    snapshot = tiny_snapshot(
        {
            "summary": ({"kind": "workshop", "title": "Hội thảo tổng kết"}, "Ngày 12/4, tại TPHCM, Bộ Kế hoạch và Đầu tư "
                        "và UNIDO phối hợp tổ chức Hội thảo tổng kết Dự án KCN sinh thái.\n"),
            "project": ({"kind": "case-study", "title": "Dự án"}, "Giai đoạn 1 của dự án: khởi động 17/10/2014 tại Hà "
                        "Nội, thí điểm tại Cần Thơ và Đà Nẵng.\n"),
        }
    )
    documents = retrieved(snapshot, [0, 1], dense=0.9)
    answer = ExtractiveAnswerer(snapshot).run(question=question, language="vi", documents=documents)["answer"]
    assert not answer.refused and "khởi động 17/10/2014 tại Hà Nội" in answer.answer, answer.answer


def test_a_list_of_parks_written_with_kcn_is_a_list_of_the_parks_asked():
    from kb.answer.refusal_checks import unit_forms

    assert "kcn" in unit_forms("parks") and "khu cong nghiep" in unit_forms("parks")
    texts = {
        "tong-ket": ({"kind": "workshop", "title": "Tổng kết"}, "Dự án đã hỗ trợ 90 doanh nghiệp tại 3 khu công nghiệp được lựa chọn thí điểm."),
        "du-an": (
            {"kind": "factsheet", "title": "Dự án"},
            "Dự án triển khai thí điểm với các KCN: KCN DEEP C (Hải Phòng), KCN Amata (Đồng Nai), KCN Hiệp Phước.",
        ),
    }
    answer = answer_from(texts, "Which parks were selected as pilots for the project?")
    assert not answer.refused, answer.answer  # was: "how many parks there are (3), not which"


def test_a_source_the_document_cites_in_its_notes_is_no_name_it_fails_to_mention():
    from kb.answer.extractive_answerer import ExtractiveAnswerer

    text = (
        "Kalundborg Symbiosis (Denmark)\n\n"
        "- Annual combined benefits for partners (EMF case study) [K1]: EUR 24 million bottom-line savings."
    )
    question = "Theo case study của Ellen MacArthur, các đối tác ở Kalundborg tiết kiệm được bao nhiêu tiền mỗi năm?"

    def answer(source_header: str = ""):
        snapshot = tiny_snapshot({"kal": ({"kind": "case-study", "title": "Kalundborg Symbiosis"}, text)})
        if source_header:
            snapshot.documents["kal"].extra["source_header"] = source_header
        documents = retrieved(snapshot, list(range(len(snapshot.chunks))), dense=0.9)
        return ExtractiveAnswerer(snapshot).run(question=question, language="vi", documents=documents)["answer"]

    unsourced = answer()
    assert unsourced.refused and "Ellen MacArthur" in unsourced.answer, unsourced.answer
    # The source notes ("# [K1] Ellen MacArthur Foundation case study: https://…") name it.
    sourced = answer("# [K1] Ellen MacArthur Foundation case study: https://example.org/k1")
    assert not sourced.refused and "EUR 24 million" in sourced.answer, sourced.answer


def test_an_average_or_a_per_firm_figure_needs_a_sentence_giving_one():
    assert per_unit_asked("Trung bình mỗi doanh nghiệp tiết kiệm được bao nhiêu tiền?") == "doanh nghiep"
    assert per_unit_asked("How much did each company save?") == "company"
    assert per_unit_asked("Dự án tiết kiệm bao nhiêu mỗi năm?") is None  # a yearly figure is a total
    total = "Năm 2017, hợp phần RECP đã giúp các doanh nghiệp tham gia tiết kiệm 32,86 tỷ đồng.\n"
    per_firm = _answer(total, "Năm 2017, trung bình mỗi doanh nghiệp tham gia RECP tiết kiệm được bao nhiêu tiền?")
    assert per_firm.refused and "con số tổng" in per_firm.answer, per_firm.answer
    english = _answer(total, "On average, how much did each company in the RECP component save in 2017?", "en")
    assert english.refused and "per company" in english.answer, english.answer
    given = total + "Trung bình mỗi doanh nghiệp tiết kiệm khoảng 450 triệu đồng.\n"
    answered = _answer(given, "Năm 2017, trung bình mỗi doanh nghiệp tham gia RECP tiết kiệm được bao nhiêu tiền?")
    assert not answered.refused and "450 triệu đồng" in answered.answer, answered.answer


def test_an_office_asked_is_held_by_a_person_the_passages_name():
    attended = "Đoàn công tác Ban quản lý các KCN Phú Thọ tham dự Hội thảo tổng kết dự án ngày 12/4/2023.\n"
    question = "Trưởng đoàn công tác Ban quản lý các KCN Phú Thọ dự hội thảo tổng kết là ai?"
    assert question_shape(question).role == "truong doan"
    unnamed = _answer(attended, question)
    assert unnamed.refused and "không nêu tên người" in unnamed.answer, unnamed.answer
    named = _answer(attended + "Ông Nguyễn Văn Hùng, Trưởng đoàn công tác Ban quản lý các KCN Phú Thọ, phát biểu.\n", question)
    assert not named.refused and "Nguyễn Văn Hùng" in named.answer, named.answer


def test_a_member_named_beside_dates_only_has_no_figure_of_its_own():
    def reason(*texts):
        candidates = [SentenceCandidate(Document(content=t), 0, i, t, 0.5, set(), 0.5, 0.5) for i, t in enumerate(texts)]
        return member_alone_reason(question, "vi", question_shape(question), candidates)

    question = "Riêng tại KCN Hiệp Phước, dự án đã hỗ trợ bao nhiêu doanh nghiệp?"
    total = "Kết quả tính đến 9/2023: khoảng 295 giải pháp RECP đề xuất cho 37 doanh nghiệp."
    dates = "D. HIỆP PHƯỚC: đào tạo RECP cho doanh nghiệp (trực tuyến 19 và 24/11/2021)."
    assert "con số chung" in reason(total, dates)
    assert reason(total, dates, "Riêng KCN Hiệp Phước có 12 doanh nghiệp tham gia đánh giá RECP.") == ""


def test_a_member_named_in_a_list_of_members_has_no_figure_of_its_own():
    def reason(*texts):
        candidates = [SentenceCandidate(Document(content=t), 0, i, t, 0.5, set(), 0.5, 0.5) for i, t in enumerate(texts)]
        return member_alone_reason(question, "vi", question_shape(question), candidates)

    question = "trong cac giai phap cong sinh du an de xuat, rieng KCN Hoa Khanh duoc bao nhieu giai phap?"
    listed = (
        "Dự án đã đề xuất thực hiện 41 giải pháp cộng sinh công nghiệp cho 5 khu công nghiệp (Hiệp Phước, "
        "Amata, Đình Vũ, Hòa Khánh và Trà Nóc)."
    )
    assert "Hoa Khanh" in reason(listed) and "con số chung" in reason(listed)
    assert reason(listed, "Riêng KCN Hòa Khánh có 9 giải pháp cộng sinh được đề xuất.") == ""
