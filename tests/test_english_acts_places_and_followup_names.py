"""English questions over the Vietnamese reports: unaccented Vietnamese names, who organised or
developed, where asked of a year, acts a report words many ways; follow-ups that keep a name's
diacritics, ask another person of the same event, or switch the park of a figure (no model: tiny
in-memory indexes)."""

from tiny_index import ask_documents, documents_of, every_line, tiny_snapshot

from kb.answer.act_object import act_object_reason
from kb.answer.constraint_checks import asked_relation, who_relation_reason
from kb.answer.english_lead import english_lead
from kb.answer.place_asked import no_place_reason, places_said
from kb.query.answer_types import answer_target
from kb.query.followup import Turn, rewrite_followup
from kb.query.names import english_question_names, question_names
from kb.query.organisations import asks_developer
from kb.query.places import places_in
from kb.query.question_shape import question_shape
from kb.query.unit_counts import counts_unit

PROJECT = (
    "# Dự án KCN sinh thái MPI–UNIDO tại Việt Nam 2014–2023: kết quả Hiệp Phước, Amata, DEEP C, Trà Nóc\n\n"
    "## C. HÒA KHÁNH (Đà Nẵng) & TRÀ NÓC 1&2 (Cần Thơ)\n\n"
    "- 12 cơ hội cộng sinh công nghiệp đã xác định trong giai đoạn 2015–2019.\n"
    "- KCN Amata Biên Hòa (Đồng Nai) và KCN Hiệp Phước (TP.HCM) tham gia giai đoạn 2.\n"
    "- Các KCN An Phát (Hải Dương), Nam Cầu Kiền được giới thiệu như ví dụ điển hình.\n"
    "\n## E. ĐÌNH VŨ – DEEP C (Hải Phòng)\n\n"
    "- DEEP C: cụm KCN do nhà đầu tư Bỉ (Rent-A-Port) phát triển; khởi đầu từ dự án KCN Đình Vũ năm 1997.\n"
    "- Mục tiêu: đến 2030 DEEP C cung cấp 50% nhu cầu năng lượng trong KCN.\n"
)
CLOSING = (
    "# Hội thảo tổng kết Dự án KCN sinh thái, TP.HCM, 12/4/2023\n\n"
    "Ngày 12/4, tại TPHCM, Bộ Kế hoạch và Đầu tư và UNIDO phối hợp tổ chức Hội thảo tổng kết Dự án.\n"
    "Năm 2016, Bộ Kế hoạch và Đầu tư và UNIDO đã tổ chức Hội thảo chuyên gia quốc tế về KCN sinh thái tại Việt Nam.\n"
)
KICK_OFF = (
    "# Hội thảo khởi động dự án Áp dụng mô hình khu công nghiệp sinh thái\n\n"
    "Trong hai ngày 20 và 21/6 năm 2018, với sự tài trợ của Tổ chức Tài chính Quốc tế (IFC) trực thuộc Nhóm Ngân "
    "hàng thế giới (WB), Công ty TNHH Trung tâm Sản xuất sạch hơn Việt Nam (VNCPC) và Tổ chức Sofies (Thụy Sỹ) đã "
    "tổ chức hội thảo khởi động tại Khu Công nghệ cao Tp.HCM và KCN Sonadezi Long Thành, Đồng Nai.\n"
    "Ông Lê Xuân Thịnh, Phó giám đốc VNCPC phát biểu tại hội thảo khởi động tổ chức tại Tp.HCM.\n"
)



def test_an_unaccented_vietnamese_name_in_an_english_question_keeps_its_first_syllable():
    # "An", "Hai", "Can" are English or Vietnamese common words elsewhere.
    assert english_question_names("Who is the developer of the An Phat eco-industrial park in Hai Duong?") == [
        "An Phat",
        "Hai Duong",
    ]
    assert english_question_names("Which company develops and operates Tra Noc 1&2 Industrial Park in Can Tho?") == [
        "Tra Noc",
        "Can Tho",
    ]
    assert english_question_names("Who led the delegation to Ho Chi Minh City?") == ["Ho Chi Minh"]


def test_the_developer_of_a_park_named_without_diacritics_is_refused_when_no_sentence_names_it():
    documents = documents_of(project=("case-study", "Dự án KCN sinh thái MPI–UNIDO tại Việt Nam 2014–2023", "2023", PROJECT))
    answer = ask_documents(documents, "Who is the developer of the An Phat eco-industrial park in Hai Duong?", "en")
    assert answer.refused and "developer of “An Phat”" in answer.answer, answer.answer
    # "develops" and "operates" ask the developer too, and "Which company develops …?" asks one company.
    assert asks_developer("which company develops and operates tra noc 1&2 industrial park?")
    assert question_shape("Which company develops DEEP C?").kind != "list"
    answer = ask_documents(documents, "Which company develops DEEP C?", "en")
    assert not answer.refused and "Rent-A-Port" in answer.answer, answer.answer


def test_who_organised_asks_an_organisation():
    assert answer_target("Who organised the June 2018 kick-off workshop?") == ("organisation", [])
    assert answer_target("Ai tổ chức hội thảo khởi động tháng 6/2018?") == ("organisation", [])
    documents = documents_of(kick_off=("workshop", "Hội thảo khởi động dự án", "2018-06-20", KICK_OFF))
    answer = ask_documents(documents, "Who organised the June 2018 kick-off workshop?", "en")
    assert not answer.refused and "Sofies" in answer.answer, answer.answer


def test_a_where_question_of_a_year_needs_a_sentence_of_that_year():
    documents = documents_of(closing=("workshop", "Hội thảo tổng kết Dự án KCN sinh thái", "2023-04-12", CLOSING))
    question = "In which city did MPI and UNIDO hold their first international expert workshop in 2016?"
    # "tại TPHCM" is where the 2023 workshop met; the 2016 sentence says only "tại Việt Nam".
    reason = no_place_reason(question, "en", question_shape(question), every_line(documents), tiny_snapshot(documents))
    assert reason == "The passages found do not say where.", reason
    question = "Where was the closing workshop held in 2023?"
    assert no_place_reason(question, "en", question_shape(question), every_line(documents), tiny_snapshot(documents)) == ""


def test_the_places_a_sentence_says_are_where_it_happened():
    assert places_in("tổ chức tại Tp.HCM; Ngày 12/4, tại TPHCM") == ["Tp.HCM", "TPHCM"]
    line = KICK_OFF.splitlines()[2]
    # Switzerland is Sofies' country, not a venue; the venue runs on to its city.
    assert places_said(line) == ["Đồng Nai", "Khu Công nghệ cao Tp.HCM"]
    lead = english_lead("Where was the June 2018 kick-off workshop held?", question_shape("Where was it held?"), [line])
    assert lead == "The documents name Đồng Nai and Khu Công nghệ cao Tp.HCM", lead


def test_acts_a_report_words_many_ways_are_not_refused_for_a_missing_word():
    documents = documents_of(kick_off=("workshop", "Hội thảo khởi động dự án", "2018-06-20", KICK_OFF))
    candidates = every_line(documents)
    # "funded" is written "với sự tài trợ của" here, "hỗ trợ" or "phối hợp" elsewhere: no refusal on the word.
    question = "Who presented the results at the June 2018 kick-off workshop?"
    assert who_relation_reason(question, "en", question_shape(question), candidates) == ""
    # "chaired" is written one way ("chủ trì"): a report that never says it did not tell who chaired.
    question = "Who chaired the June 2018 kick-off workshop?"
    assert who_relation_reason(question, "en", question_shape(question), candidates) != ""


def test_the_role_played_is_the_act_asked():
    question = "Ai dong vai tro dieu phoi, thuc day cong sinh cong nghiep o Han Quoc?"
    assert asked_relation(question, "vi", question_shape(question)) == "dieu phoi"


def test_another_person_of_the_same_event_keeps_the_event():
    history = [Turn("Who represented UNIDO at the November 2021 workshop introducing the eco-industrial park model?")]
    assert rewrite_followup("and who spoke for the ministry?", history) == (
        "Who spoke for the ministry at the November 2021 workshop introducing the eco-industrial park model?",
        True,
    )
    history = [Turn("When was the industrial symbiosis workshop held at Hiep Phuoc Industrial Park?")]
    rewritten, changed = rewrite_followup("how many businesses came?", history)
    assert changed and "Hiep Phuoc" in rewritten and rewritten.endswith("how many businesses came?"), rewritten
    # … answered by the delegates who came from them.
    assert counts_unit("cung dai dien khoang 40 dai bieu den tu cac doanh nghiep hoat dong", "doanh nghiep")
    assert not counts_unit("khoang 40 dai bieu tham du", "doanh nghiep")


def test_an_english_follow_up_keeps_the_name_as_the_sources_write_it():
    answer = "The documents name Lê Thành Quân [1]: “Chủ trì Hội thảo Ông Lê Thành Quân, Vụ trưởng …” [1]"
    history = [Turn("Who chaired the 12 November 2021 workshop?", answer)]
    assert rewrite_followup("what's his position?", history) == ("What's Lê Thành Quân's position?", True)
    answer = "According to the documents: “- Chủ đầu tư: Công ty Cổ phần Shinec (thành lập 2001).” [1]"
    history = [Turn("Công ty nào là chủ đầu tư KCN Nam Cầu Kiền?", answer)]
    # The Vietnamese kind of the company would make the English question read as Vietnamese.
    assert rewrite_followup("when was that company founded?", history) == ("When was Shinec founded?", True)


def test_an_english_month_in_a_vietnamese_question_is_no_name():
    assert question_names("As of September 2023, doanh nghiệp tham gia giai đoạn 1 tiết kiệm được bao nhiêu tiền?") == []


def test_a_figure_asked_of_another_park_is_refused_and_a_source_is_no_park():
    title = "Dự án KCN sinh thái MPI–UNIDO tại Việt Nam 2014–2023: kết quả Hiệp Phước, Amata, DEEP C, Trà Nóc"
    documents = documents_of(project=("case-study", title, "2023", PROJECT))
    answer = ask_documents(documents, "Amata đặt mục tiêu cung cấp bao nhiêu phần trăm nhu cầu năng lượng trong KCN vào năm 2030?")
    assert answer.refused and "Amata" in answer.answer, answer.answer
    # "đáp ứng … nhu cầu" is written "cung cấp … nhu cầu": the same act.
    for act in ("cung cấp", "đáp ứng"):
        answer = ask_documents(documents, f"DEEP C đặt mục tiêu {act} bao nhiêu phần trăm nhu cầu năng lượng trong KCN vào năm 2030?")
        assert not answer.refused and "50%" in answer.answer, answer.answer
    # "Theo số liệu Amata …": whose figures they are, not the park asked.
    answer = ask_documents(documents, "Theo số liệu Amata, DEEP C đặt mục tiêu cung cấp bao nhiêu phần trăm nhu cầu năng lượng vào năm 2030?")
    assert not answer.refused and "50%" in answer.answer, answer.answer


PROGRAMME = (
    "# Hội thảo chuyên gia quốc tế về KCN sinh thái, 8-9/11/2018\n\n"
    "Phiên 3 với chủ đề Quy hoạch và quản lý KCN sinh thái giới thiệu Quy hoạch, quản lý và vận hành KCN hiệu quả - "
    "Trường hợp Sonadezi.\n"
    "Tổng kết và bế mạc Hội thảo sẽ do ông Trần Duy Đông, Vụ trưởng Vụ Kinh tế địa phương và Lãnh thổ, trình bày.\n"
    "Bà Nguyễn Thị Lan, Sonadezi, trình bày kinh nghiệm quản lý KCN tại phiên 4.\n"
)


def test_who_did_an_act_to_a_named_thing_needs_a_person_with_that_name():
    documents = documents_of(programme=("workshop", "Hội thảo chuyên gia quốc tế về KCN sinh thái", "2018-11-08", PROGRAMME))
    lines = every_line(documents)
    question = "Who presented the Sonadezi case study at the November 2018 expert workshop?"
    # The closing speaker presents the closing; the session's line names no one.
    reason = act_object_reason(question, "en", question_shape(question), lines[:3])
    assert reason == "The passages found do not say who presented “Sonadezi case study”.", reason
    # A person named with Sonadezi and the act answers it.
    assert act_object_reason(question, "en", question_shape(question), lines) == ""
    # Who chaired the workshop itself is said without the workshop's name.
    question = "Who chaired the Sonadezi workshop at the November 2018 event?"
    assert act_object_reason(question, "en", question_shape(question), lines[:3]) == ""

