"""What exactly a question asks and whether the passages give it: an abbreviation's long form, what a
named person proposed, a district, which of two is larger, one member's part in English, a meeting's
form (no model: tiny in-memory indexes)."""

from haystack import Document
from tiny_index import ask_documents

from kb.answer.acronyms import asked_acronym, expands
from kb.answer.asked_details import asked_detail
from kb.answer.asked_kind import ATTRIBUTE_BONUS, asked_attribute, prefer_asked_words
from kb.answer.compared_values import compared_names
from kb.answer.member_alone import member_asked_alone
from kb.answer.sentence_candidates import SentenceCandidate
from kb.answer.speech import asks_speech

HIEP_PHUOC_2022 = (
    "# Cộng sinh công nghiệp trong KCN Hiệp Phước\n\n"
    "Tham gia Hội thảo có đại diện các phòng thuộc HEPZA và các cơ quan quản lý nhà nước về môi trường.\n\n"
    "Ban Quản lý các khu chế xuất và công nghiệp TP. Hồ Chí Minh (HEPZA) phối hợp với UNIDO tổ chức Hội thảo.\n\n"
    "Đa số ý kiến doanh nghiệp nhấn mạnh rào cản pháp lý về chuyển giao chất thải giữa các nhà máy.\n\n"
    "Ông Giang Ngọc Phương – Phó Tổng Giám đốc Công ty Cổ phần KCN Hiệp Phước cũng tham dự.\n\n"
    "Dự án được triển khai tại các KCN thí điểm: KCN Hiệp Phước (TP. Hồ Chí Minh), KCN Trà Nóc 1&2 (Cần Thơ).\n"
)
WORKSHOP = {"ws-2022": ({"kind": "workshop", "title": "Cộng sinh công nghiệp trong KCN Hiệp Phước"}, HIEP_PHUOC_2022)}


def test_the_abbreviation_whose_long_form_is_asked():
    assert asked_acronym("HEPZA là viết tắt của cơ quan nào?") == "HEPZA"
    assert asked_acronym("Trong bản tin tháng 6/2018 của IFC, cụm viết tắt RE-CP dùng để chỉ điều gì?") == "RE-CP"
    assert asked_acronym("What does NREC stand for - the partner of VNCPC?") == "NREC"
    assert asked_acronym("KICOX là tổ chức nào?") == "KICOX"
    assert asked_acronym("HEPZA tổ chức hội thảo khi nào?") == ""
    assert expands("KICOX", "regional centres (Korea Industrial Complex Corporation – KICOX) act as facilitators")
    assert expands("HEPZA", "Ban Quản lý các khu chế xuất và công nghiệp TP. Hồ Chí Minh (HEPZA) phối hợp")
    assert not expands("NREC", "Hiệp Phước: VNCPC, NREC thực hiện.")


def test_the_sentence_writing_the_long_form_answers():
    # The attendance sentence shares more words with the question ("HEPZA", "cơ quan"); the one writing
    # the long form answers it, even when the passages' words alone decide (a low dense similarity).
    for dense in (0.9, 0.1):
        answer = ask_documents(WORKSHOP, "HEPZA là viết tắt của cơ quan nào?", dense=dense)
        assert not answer.refused and "Ban Quản lý các khu chế xuất" in answer.answer, answer.answer


def test_an_abbreviation_never_written_out_is_refused():
    text = "# Hiệp Phước\n\nĐánh giá RECP tại Hiệp Phước: VNCPC, NREC thực hiện trong năm 2019.\n"
    documents = {"case": ({"kind": "case-study", "title": "Dự án tại Hiệp Phước"}, text)}
    answer = ask_documents(documents, "What does NREC stand for?", "en")
    assert answer.refused and "mention NREC but do not give its full name" in answer.answer, answer.answer


def test_what_a_named_person_proposed_needs_his_words():
    assert asks_speech("Ông Giang Ngọc Phương đã đề xuất cách nào để tháo gỡ rào cản pháp lý?")
    assert asks_speech("Bà Nguyễn Thị Bích Ngọc đã khuyến nghị gì tại Hội thảo?")
    question = "Ông Giang Ngọc Phương đã đề xuất cách nào để tháo gỡ rào cản pháp lý về chuyển giao chất thải?"
    answer = ask_documents(WORKSHOP, question)
    assert answer.refused and "Giang Ngọc Phương nhưng không nêu nội dung phát biểu" in answer.answer, answer.answer


def test_a_district_asked_needs_one_named():
    answer = ask_documents(WORKSHOP, "KCN Trà Nóc 1&2 nằm ở quận nào của TP Cần Thơ?")
    assert answer.refused and "không nêu quận" in answer.answer, answer.answer
    # "cơ quan nào", "địa phương nào" ask no district.
    asked = ask_documents(WORKSHOP, "HEPZA phối hợp với cơ quan nào tổ chức Hội thảo?")
    assert not asked.refused and "UNIDO" in asked.answer, asked.answer
    # A smaller place before the city in parentheses names the district, anywhere in the document.
    case = "# Dự án\n\nD. HIỆP PHƯỚC (Nhà Bè, TP.HCM)\n\nKCN Hiệp Phước có 18 doanh nghiệp tham gia đánh giá RECP.\n"
    documents = {"case": ({"kind": "case-study", "title": "Dự án KCN sinh thái"}, case)}
    named = ask_documents(documents, "KCN Hiệp Phước nằm ở huyện nào của TP.HCM?")
    assert not named.refused, named.answer


def test_which_of_two_is_larger_needs_a_figure_of_each():
    assert compared_names("KCN Hiệp Phước hay KCN Amata có nhiều doanh nghiệp hơn?") == ["Hiệp Phước", "Amata"]
    assert compared_names("Is Nam Cau Kien larger than Hiep Phuoc?") == ["Nam Cau Kien", "Hiep Phuoc"]
    assert compared_names("KCN Amata có bao nhiêu doanh nghiệp?") == []
    report = "# Tổng kết\n\nDự án đã hỗ trợ 90 doanh nghiệp tại 3 KCN Hiệp Phước, Amata và Đình Vũ.\n"
    documents = {"ws-2023": ({"kind": "workshop", "title": "Hội thảo tổng kết"}, report)}
    answer = ask_documents(documents, "KCN Hiệp Phước hay KCN Amata có nhiều doanh nghiệp được hỗ trợ hơn?")
    assert answer.refused and "không nêu riêng con số của" in answer.answer, answer.answer
    ulsan = "# Ulsan\n\nEarly pilots: Ulsan Mipo (4,033 ha; 1,000 firms), Banwol & Sihwa (3,180 ha; 5,400 SMEs).\n"
    documents = {"ulsan": ({"kind": "case-study", "title": "Ulsan"}, ulsan)}
    answered = ask_documents(documents, "Which was larger among the early pilots, Banwol & Sihwa or Ulsan Mipo?", "en")
    assert not answered.refused and "4,033 ha" in answered.answer, answered.answer


def test_one_members_part_asked_in_english():
    question = "Of the symbiosis solutions the project proposed, how many were for Hoa Khanh?"
    assert member_asked_alone(question) == "Hoa Khanh"
    assert member_asked_alone("Of the 90 firms, how many were in the Amata park?") == "Amata"
    report = (
        "# Tổng kết\n\nDự án đã đề xuất 41 giải pháp cộng sinh công nghiệp cho 5 khu công nghiệp (Hiệp Phước, "
        "Amata, Đình Vũ, Hòa Khánh và Trà Nóc).\n"
    )
    documents = {"ws-2023": ({"kind": "workshop", "title": "Hội thảo tổng kết"}, report)}
    answer = ask_documents(documents, question, "en")
    assert answer.refused and "Hoa Khanh" in answer.answer, answer.answer


def test_a_meetings_form_named_asks_its_form():
    assert asked_attribute("Hội thảo ngày 12/11/2021 có phải họp trực tiếp ở Hà Nội không?") == "hinh thuc"
    assert asked_attribute("Was the November 2021 workshop held online?") == "hinh thuc"
    opening = "Ngày 12 tháng 11 năm 2021 tại Hà Nội, Bộ Kế hoạch và Đầu tư tổ chức Hội thảo."
    form = "Hội thảo được tổ chức theo hình thức trực tuyến."
    candidates = [
        SentenceCandidate(Document(content=t), 0, i, t, 0.5, set(), 0.5, s)
        for i, (t, s) in enumerate([(opening, 1.0), (form, 0.9)])
    ]
    prefer_asked_words("Hội thảo có phải họp trực tiếp ở Hà Nội không?", candidates)
    assert candidates[1].score == 0.9 + ATTRIBUTE_BONUS


def test_a_website_or_a_year_of_birth_asked_needs_one_written():
    assert asked_detail("Trang web của dự án là gì?") == "web"
    assert asked_detail("Ông Lê Thành Quân sinh năm bao nhiêu?") == "birth"
    assert asked_detail("How old is Heinz Leuenberger?") == "birth"
    assert asked_detail("Công ty Shinec thành lập năm nào?") == ""
    answer = ask_documents(WORKSHOP, "Trang web của HEPZA là gì?")
    assert answer.refused and "không nêu địa chỉ trang web" in answer.answer, answer.answer
    born = ask_documents(WORKSHOP, "Ông Giang Ngọc Phương sinh năm bao nhiêu?")
    assert born.refused and "không nêu năm sinh hay tuổi" in born.answer, born.answer
    sourced = HIEP_PHUOC_2022 + "\nNguồn: HEPZA, https://www.hepza.hochiminhcity.gov.vn/\n"
    documents = {"ws-2022": ({"kind": "workshop", "title": "Cộng sinh công nghiệp trong KCN Hiệp Phước"}, sourced)}
    answered = ask_documents(documents, "Trang web của HEPZA là gì?")
    assert not answered.refused and "https://www.hepza" in answered.answer, answered.answer


def test_a_sentence_meeting_the_question_only_in_what_it_says_to_check_is_no_answer():
    case = (
        "# KCN Nam Cầu Kiền\n\n"
        "- Vị trí, quy mô: diện tích quy hoạch 263 ha, trên địa bàn 4 xã thuộc huyện Thủy Nguyên, Hải Phòng.\n"
        '- Tự giới thiệu là "KCN sinh thái đầu tiên của cả nước" [N2] — là khẳng định truyền thông, cần đối chiếu '
        "với danh sách KCN được cấp Giấy chứng nhận KCN sinh thái theo NĐ 35/2022.\n"
    )
    documents = {"nck": ({"kind": "case-study", "title": "KCN Nam Cầu Kiền"}, case)}
    answer = ask_documents(documents, "KCN Nam Cầu Kiền đã được cấp Giấy chứng nhận KCN sinh thái chưa?")
    assert answer.refused and "cần được đối chiếu, không khẳng định" in answer.answer, answer.answer
    assert "[N2]" not in answer.answer.split("\n")[1]  # the note is quoted without the source's markers
    # What the sentence states (the claim itself) is still answered by it.
    claim = ask_documents(documents, "KCN Nam Cầu Kiền tự giới thiệu là gì?")
    assert not claim.refused and "KCN sinh thái đầu tiên của cả nước" in claim.answer, claim.answer
    # Asked what is to be checked, the hedge answers.
    check = ask_documents(documents, "Khẳng định KCN sinh thái đầu tiên cần đối chiếu với danh sách nào?")
    assert not check.refused and "Giấy chứng nhận" in check.answer, check.answer


def test_a_question_typed_with_i_finds_the_documents_y():
    report = "# Hội thảo\n\nTham dự có ông Lê Hoài Quốc, Trưởng Ban Quản lý Khu Công nghệ cao TP.HCM.\n"
    documents = {"ws": ({"kind": "workshop", "title": "Hội thảo"}, report)}
    answer = ask_documents(documents, "Trưởng ban quản lí khu công nghệ cao là ai?", dense=0.1)
    assert not answer.refused and "Lê Hoài Quốc" in answer.answer, answer.answer
