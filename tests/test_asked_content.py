"""What the question asks for decides the answer: a list the documents only count is refused, what a
person said is quoted where the report gives it, and the checks do not mistake a name, a standing or
a modifier for what is asked (no model)."""

from tiny_index import answer_from, retrieved, tiny_snapshot

from kb.answer.constraint_checks import asked_relation
from kb.answer.extractive_answerer import ExtractiveAnswerer
from kb.answer.figure_scope import question_places, written_parks
from kb.answer.refusal_checks import unit_forms
from kb.answer.speech import asks_speech
from kb.answer.unlisted_count import asked_things
from kb.query.answer_types import answer_type_match, expected_answer_type
from kb.query.names import question_names
from kb.query.question_shape import question_shape

SUMMARY = (
    "# Hội thảo tổng kết dự án\n\n"
    "Với những kết quả đạt được, Bộ Kế hoạch và Đầu tư đang lấy ý kiến Dự thảo Thông tư, trong đó áp dụng "
    "thử nghiệm bộ 23 chỉ số khu công nghiệp sinh thái của Việt Nam. "
    "Dự án gồm các hợp phần: chính sách, kỹ thuật và truyền thông.\n\n"
    "Giai đoạn 2 có 5 KCN thí điểm, KCN tham gia: Đình Vũ, Hiệp Phước, Amata Biên Hòa và Sonadezi.\n"
)
KICK_OFF = (
    "# Hội thảo khởi động dự án\n\n"
    "Tới dự buổi lễ khởi động tại Khu Công nghệ cao Tp.HCM có Trưởng Ban Quản lý PGS.TS Lê Hoài Quốc cùng "
    "đại diện của 40 doanh nghiệp.\n\n"
    "Dự án do IFC tài trợ và VNCPC thực hiện trong ba năm.\n\n"
    "Phát biểu tại lễ khởi động TS.Hoài Quốc cho biết thành phố hướng tới xây dựng một thành phố thông minh "
    "(Smart City). Xây dựng các khu sinh thái là ưu tiên hàng đầu.\n\n"
    "Ông Lê Xuân Thịnh- Phó giám đốc VNCPC phát biểu tại hội thảo khởi động dự án “Áp dụng mô hình khu công "
    "nghiệp sinh thái” tổ chức tại Tp.HCM.\n"
)
PARK = (
    "# KCN Nam Cầu Kiền\n\n"
    "- Tỷ lệ đất xanh/công cộng: trên 40% diện tích đất dành cho công viên, cây xanh, đất công cộng, hạ tầng.\n"
    "- TS Heinz Leuenberger, Cố vấn trưởng kỹ thuật của Dự án KCN sinh thái, UNIDO.\n"
)
PARKS = (
    "# Kết quả dự án\n\n"
    "Dự án đề xuất 13 cơ hội cộng sinh công nghiệp cho 5 KCN: KCN Hiệp Phước, KCN Amata, KCN Đình Vũ, "
    "KCN Hòa Khánh và KCN Trà Nóc.\n"
)
CASE = (
    "# Kalundborg Symbiosis\n\n"
    "Driver quoted by the Symbiosis Centre head (2015): reducing production costs and securing resources; "
    ">30 delegations from 20 countries visited the symbiosis.\n"
)




def test_the_things_a_list_question_asks_for():
    assert asked_things("Bộ 23 chỉ số gồm những chỉ số cụ thể nào?") == "chi so"
    assert asked_things("các dự án thí điểm còn lại là những dự án nào?") == "du an"
    assert asked_things("Which projects were piloted?") == "projects"
    assert asked_things("Hội thảo bàn những gì?") == ""  # no kind of thing: any content


def test_a_list_the_documents_only_count_is_refused_saying_so():
    answer = answer_from(SUMMARY, "Bộ 23 chỉ số KCN sinh thái trong dự thảo Thông tư gồm những chỉ số cụ thể nào?")
    assert answer.refused, answer.answer
    assert "23 chỉ số" in answer.answer and "không liệt kê" in answer.answer, answer.answer
    listed = answer_from(SUMMARY, "Dự án gồm những hợp phần nào?")
    assert not listed.refused and "truyền thông" in listed.answer, listed.answer
    counted_and_listed = answer_from(SUMMARY, "Giai đoạn 2 chọn những KCN nào để thí điểm?")
    assert not counted_and_listed.refused and "Hiệp Phước" in counted_and_listed.answer, counted_and_listed.answer


OPPORTUNITIES = (
    "# Hòa Khánh và Trà Nóc\n\n"
    "Kết quả ở Hòa Khánh và Trà Nóc:\n"
    "- 12 cơ hội cộng sinh công nghiệp đã xác định trong giai đoạn 2015–2019; trong 12 cơ hội, 2 cơ hội đang "
    "triển khai.\n"
    "- Tập huấn cho 118 người từ 26 doanh nghiệp.\n\n"
    "# Giai đoạn 2\n\n"
    "Giai đoạn 2 có 5 KCN thí điểm:\n"
    "- KCN Đình Vũ (Hải Phòng)\n- KCN Hiệp Phước (TP.HCM)\n- KCN Amata (Đồng Nai)\n"
    "- KCN Hòa Khánh (Đà Nẵng)\n- KCN Trà Nóc (Cần Thơ)\n"
)


def test_a_list_far_shorter_than_the_number_the_question_states_is_not_the_list_asked():
    # Two bullets about the 12 opportunities are not the 12 opportunities.
    answer = answer_from(OPPORTUNITIES, "12 cơ hội cộng sinh công nghiệp ở Hòa Khánh và Trà Nóc là những cơ hội nào?")
    assert answer.refused, answer.answer
    assert "12 cơ hội" in answer.answer and "không liệt kê" in answer.answer, answer.answer
    # Five parks stated, five listed: the list is given.
    parks = answer_from(OPPORTUNITIES, "5 KCN thí điểm của giai đoạn 2 là những KCN nào?")
    assert not parks.refused and "Amata" in parks.answer and "Trà Nóc" in parks.answer, parks.answer


def test_what_a_person_said_is_quoted_where_the_report_gives_it():
    assert asks_speech("Trưởng Ban Quản lý đã nói gì khi dự lễ khởi động?")
    assert asks_speech("What did the UNIDO representative propose?")
    assert not asks_speech("Ai phát biểu khai mạc hội thảo?")
    answer = answer_from(KICK_OFF, "Trưởng Ban Quản lý Khu Công nghệ cao Tp.HCM đã nói gì khi dự lễ khởi động?")
    assert not answer.refused, answer.answer
    assert "Smart City" in answer.answer and "ưu tiên hàng đầu" in answer.answer, answer.answer


def test_a_person_named_only_as_having_spoken_gives_no_answer_to_what_he_said():
    answer = answer_from(KICK_OFF, "What did VNCPC's deputy director Le Xuan Thinh propose in his speech?", "en")
    assert answer.refused and "do not say what was said" in answer.answer, answer.answer
    presented = answer_from(PARK, "TS Heinz Leuenberger trình bày tham luận gì tại hội thảo?")
    assert presented.refused and "Heinz Leuenberger" in presented.answer, presented.answer
    spoken = answer_from(KICK_OFF, "Ông Lê Hoài Quốc đã nói gì tại lễ khởi động?")
    assert not spoken.refused and "Smart City" in spoken.answer, spoken.answer


def test_who_someone_is_in_a_project_is_a_standing_not_an_act():
    shape = question_shape("TS Heinz Leuenberger là ai trong dự án KCN sinh thái?")
    assert asked_relation("TS Heinz Leuenberger là ai trong dự án KCN sinh thái?", "vi", shape) == ""
    answer = answer_from(PARK, "TS Heinz Leuenberger là ai trong dự án KCN sinh thái?")
    assert not answer.refused and "Cố vấn trưởng kỹ thuật" in answer.answer, answer.answer


def test_between_whom_is_no_act_asked():
    question = "Hôm 12/9/2023 ở Hải Phòng có ký thỏa thuận cộng sinh gì, giữa những ai với nhau?"
    shape = question_shape(question)
    assert asked_relation(question, "vi", shape) == ""  # "với nhau" (each other) is no act
    assert asked_relation("Ai chủ trì hội thảo?", "vi", question_shape("Ai chủ trì hội thảo?")) == "chu tri"
    signed = (
        "- 12/9/2023: ký thỏa thuận hợp tác cộng sinh công nghiệp – đô thị giữa Công ty CP KCN Đình Vũ và Công an"
        " quận Hải An (Hải Phòng)."
    )
    answer = answer_from(signed, question, "vi")
    assert not answer.refused and "Công an quận Hải An" in answer.answer, answer.answer


def test_a_share_asked_in_lower_case_is_checked_by_its_verb_not_the_name_before_it():
    answer = answer_from(PARK, "nam cau kien danh bao nhieu phan tram dat cho cay xanh cong cong")
    assert not answer.refused and "40%" in answer.answer, answer.answer


def test_a_count_of_modified_things_is_a_count_of_the_things():
    assert "delegations" in unit_forms("foreign delegations")
    answer = answer_from(CASE, "How many foreign delegations came to study Kalundborg in 2015?", "en")
    assert not answer.refused and ">30 delegations" in answer.answer, answer.answer


def test_the_countrys_adjective_is_no_place_asked():
    question = "How many Vietnamese eco-industrial park indicators does the draft circular pilot?"
    assert question_places(question, "en") == []


def test_a_park_named_in_lower_case_is_checked_like_one_written_with_capitals():
    snapshot = tiny_snapshot({"doc": ({"kind": "workshop", "title": "Tài liệu"}, PARKS)})
    documents = retrieved(snapshot, [0], dense=0.9)
    answerer = ExtractiveAnswerer(snapshot)
    typed = "o kcn hiep phuoc co bao nhieu co hoi cong sinh cong nghiep"
    answer = answerer.run(question=typed, language="vi", documents=documents)["answer"]
    assert answer.refused and "Hiệp Phước" in answer.answer, answer.answer
    accented = "Ở KCN Hiệp Phước có bao nhiêu cơ hội cộng sinh công nghiệp?"
    assert answerer.run(question=accented, language="vi", documents=documents)["answer"].refused
    candidates = [type("C", (), {"document": d})() for d in documents]
    assert written_parks(typed, candidates, snapshot) == ["Hiệp Phước"]


WORKSHOP_2018 = (
    "# Hội thảo chuyên gia quốc tế\n\n"
    "Năm 2016, Bộ Kế hoạch và Đầu tư và UNIDO đã tổ chức Hội thảo chuyên gia quốc tế về KCN sinh thái tại "
    "Việt Nam, hội thảo năm 2016 là hoạt động nổi bật của dự án.\n\n"
    "Hội thảo năm 2018 gồm sáu phiên.\n\n"
    "Để thảo luận các nội dung cần thiết tiếp theo và hướng dẫn các quy định của Nghị định 82/2018, Bộ Kế "
    "hoạch và Đầu tư và UNIDO tổ chức hội thảo năm 2018.\n"
)


def test_a_why_question_prefers_the_sentence_stating_the_aim():
    assert expected_answer_type("Vì sao Bộ và UNIDO vẫn tổ chức thêm hội thảo năm 2018?") == "reason"
    assert answer_type_match("Để thảo luận các nội dung tiếp theo, Bộ tổ chức hội thảo.", "reason") == 1.0
    assert answer_type_match("Bộ tổ chức hội thảo do UNIDO tài trợ.", "reason") == 0.0
    answer = answer_from(WORKSHOP_2018, "Sau hội thảo năm 2016, vì sao Bộ Kế hoạch và Đầu tư và UNIDO vẫn tổ chức hội thảo năm 2018?")
    assert not answer.refused and "Để thảo luận" in answer.answer, answer.answer


def test_a_quotation_running_over_sentences_is_quoted_whole():
    support = " ".join(["hỗ trợ doanh nghiệp về tư vấn giải pháp kỹ thuật và tài chính xanh"] * 6)
    hope = " ".join(["thu hút nguồn lực từ các bên có liên quan"] * 6)
    text = (
        "# Hội thảo giới thiệu mô hình\n\n"
        f"Bà Lê Thanh Thảo, trưởng đại diện UNIDO cho biết: “Chúng tôi cam kết {support}. "
        f"Chúng tôi hy vọng mô hình mới sẽ {hope}, đặc biệt là đầu tư của khu vực tư nhân.”\n"
    )
    answer = answer_from(text, "Trưởng đại diện UNIDO hứa hỗ trợ doanh nghiệp những gì và kỳ vọng gì?")
    assert not answer.refused and "đầu tư của khu vực tư nhân" in answer.answer, answer.answer



def test_an_english_share_counts_in_the_vietnamese_phrasing_of_the_question():
    # A percentage is written alike in both languages: the Vietnamese sentence holding "25%" covers it.
    from kb.answer.evidence import EvidenceScorer
    from kb.answer.sentence_candidates import question_phrasings

    scorer = EvidenceScorer.for_snapshot(tiny_snapshot({"doc": ({"kind": "summary", "title": "Tiêu chí"}, SUMMARY)}))
    question = "What must at least 25% of an eco-industrial park's land be set aside for?"
    vietnamese = question_phrasings(question, "en", scorer)[1][0]
    assert any(term.syllables[:1] == ("25",) for term in vietnamese), [t.word for t in vietnamese]


def test_a_figure_asked_for_each_park_is_refused_when_given_for_the_parks_together():
    together = (
        "# Tổng kết dự án\n\n"
        "Dự án đã hỗ trợ 90 doanh nghiệp với 663 giải pháp tại 3 khu công nghiệp Hiệp Phước (TP.HCM), Amata "
        "(Đồng Nai) và Đình Vũ (Hải Phòng), trong đó 217 giải pháp đã được thực hiện.\n"
    )
    asked = "Mỗi KCN Hiệp Phước, Amata, Đình Vũ có bao nhiêu giải pháp đã thực hiện?"
    assert question_names(asked) == ["Hiệp Phước", "Amata", "Đình Vũ"]  # "Mỗi" opens the question, names nothing
    answer = answer_from(together, asked)
    assert answer.refused and "không nêu riêng từng nơi" in answer.answer, answer.answer
    # Each park with its own figure: answered.
    each = together + "\nHiệp Phước có 80 giải pháp, Amata có 70 giải pháp và Đình Vũ có 67 giải pháp đã thực hiện.\n"
    assert not answer_from(each, asked).refused


PILOTS = (
    "# Giai đoạn 2\n\n"
    "Các KCN thí điểm của giai đoạn 2:\n"
    "- KCN DEEP C (Hải Phòng)\n- KCN Amata (Đồng Nai)\n- KCN Hiệp Phước (TP.HCM)\n"
)


def test_a_list_asked_besides_what_the_question_names_is_refused_when_nothing_else_is_listed():
    # Besides the three parks the list holds there is nothing: refused; besides two of them, the third answers.
    counted = answer_from(PILOTS, "Ngoài 3 KCN đầu, giai đoạn 2 còn những KCN thí điểm nào khác?")
    assert counted.refused and "chỉ liệt kê 3 mục" in counted.answer, counted.answer
    named = answer_from(PILOTS, "Ngoài DEEP C, Amata và Hiệp Phước, giai đoạn 2 còn những KCN thí điểm nào khác?")
    assert named.refused and "“DEEP C”" in named.answer, named.answer
    # A park the question does not name: the list answers it.
    other = answer_from(PILOTS, "Ngoài DEEP C và Amata, giai đoạn 2 còn những KCN thí điểm nào khác?")
    assert not other.refused and "Hiệp Phước" in other.answer, other.answer


def test_a_list_asked_for_a_year_the_document_never_mentions_is_refused():
    benefits = (
        "# Lợi ích\n\n"
        "Các đối tác tiết kiệm được:\n- 3 triệu m3 nước (2010)\n- 635.000 tấn CO2\n- 100 GWh năng lượng\n"
    )
    assert answer_from(benefits, "Các đối tác tiết kiệm được những gì trong năm 2022?").refused
    assert not answer_from(benefits, "Các đối tác tiết kiệm được những gì trong năm 2010?").refused


def test_who_did_an_act_is_answered_from_an_english_source_saying_it_in_english():
    history = (
        "# Kalundborg: history & actors\n\n"
        "- Origin 1961: project to use surface water from Lake Tissø for a new oil refinery to save groundwater;"
        " the municipality built the pipeline, the refinery financed it.\n"
    )
    answer = answer_from(history, "Năm 1961 ở Kalundborg, ai tài trợ đường ống lấy nước mặt từ hồ Tissø?")
    assert not answer.refused and "the refinery financed it" in answer.answer
    # Said in neither language, the act is still not answered by the names beside it.
    led = answer_from(history, "Năm 1961 ai dẫn đầu dự án lấy nước mặt từ hồ Tissø?")
    assert led.refused


ADVISER = (
    "# Hội thảo\n\n"
    "Bà Lê Thanh Thảo, trưởng đại diện UNIDO tại Việt Nam, cho biết UNIDO có tư vấn giải pháp kỹ thuật cho khu"
    " công nghiệp sinh thái, với sự tham gia của Tổ chức Phát triển Công nghiệp Liên Hợp Quốc.\n\n"
    "TS Heinz Leuenberger Cố vấn trưởng kỹ thuật của Dự án KCN sinh thái, UNIDO\n"
)


def test_an_english_questions_vietnamese_terms_keep_their_diacritics_and_short_forms():
    # Folded, "cố vấn trưởng kỹ thuật" would be found in "có … tư vấn … trưởng … kỹ thuật"; "eco-industrial
    # park" is also "KCN sinh thái".
    from kb.answer.evidence import EvidenceScorer
    from kb.answer.sentence_candidates import question_phrasings, sentence_candidates
    from kb.query.terms import expand_abbreviations, translate_terms

    snapshot = tiny_snapshot({"ws": ({"kind": "workshop", "title": "Hội thảo"}, ADVISER)})
    scorer = EvidenceScorer.for_snapshot(snapshot)
    question = "Who was UNIDO's chief technical adviser for the eco-industrial park project?"
    expansions = expand_abbreviations(question) + translate_terms(question)
    phrasings = question_phrasings(question, "en", scorer, expansions)
    candidates = sentence_candidates(retrieved(snapshot, [0]), scorer, phrasings)
    covered = {c.text[:8]: c.covered for c in candidates}
    assert "cố vấn trưởng kỹ thuật" not in covered["Bà Lê Th"], covered
    assert {"cố vấn trưởng kỹ thuật", "khu công nghiệp sinh thái"} <= covered["TS Heinz"], covered
    # UNIDO and its long form are one term, not one plus six words of "Tổ chức Phát triển …".
    terms = phrasings[1][0]
    assert [t.word for t in terms if "unido" in {s for option in (t.syllables, *t.alternatives) for s in option}] == [
        "Tổ chức Phát triển Công nghiệp Liên Hợp Quốc"
    ], [t.word for t in terms]
    assert not any(t.word in ("liên_hợp_quốc", "phát_triển") for t in terms), [t.word for t in terms]


def test_a_figure_for_several_parks_under_one_parks_heading_is_not_its_own():
    # "72 doanh nghiệp ở 4 KCN" under a heading naming Trà Nóc is the four parks' total.
    text = (
        "# Dự án KCN sinh thái\n\n"
        "## C. HÒA KHÁNH (Đà Nẵng) & TRÀ NÓC 1&2 (Cần Thơ)\n\n"
        "Kết quả công bố 12/6/2019: 72 doanh nghiệp ở 4 KCN áp dụng giải pháp RECP, tiết kiệm trên 6,5 triệu"
        " USD/năm.\n\n"
        "## D. Các KCN\n\nKCN Trà Nóc và KCN Hòa Khánh là KCN thí điểm.\n"
    )
    answer = answer_from(text, "Bao nhiêu doanh nghiệp ở KCN Trà Nóc áp dụng giải pháp RECP?")
    assert answer.refused, answer.answer
    # The park's own figure is an answer.
    # Said of it by the line before, where the passages write the park bare ("Trà Nóc 1&2"): a park
    # by the question's own words ("Tra Noc industrial park").
    bare = (
        "# Dự án KCN sinh thái\n\n## A. GIAI ĐOẠN 1\n\n- KCN thí điểm: Hòa Khánh (Đà Nẵng), Trà Nóc 1&2 (Cần Thơ).\n"
        "- Kết quả công bố 12/6/2019: 72 doanh nghiệp ở 4 KCN áp dụng giải pháp RECP.\n"
    )
    english = answer_from(bare, "Of the 72 companies that adopted RECP, how many were in Tra Noc industrial park?", "en")
    assert english.refused, english.answer
    own = text + "\n## E. Trà Nóc\n\nTại KCN Trà Nóc, 20 doanh nghiệp áp dụng giải pháp RECP.\n"
    assert not answer_from(own, "Bao nhiêu doanh nghiệp ở KCN Trà Nóc áp dụng giải pháp RECP?").refused
