"""Questions about events and countries: another country's figure, a country asked, a time of day,
which event, the attribute asked, a report's dateline (no model: tiny in-memory indexes)."""

from haystack import Document
from tiny_index import ask_documents

from kb.answer.asked_kind import ATTRIBUTE_BONUS, asked_attribute, prefer_asked_words
from kb.answer.country_scope import countries_in, foreign_countries
from kb.answer.event_introduction import asks_event
from kb.answer.sentence_candidates import SentenceCandidate

VIETNAM_PROJECT = (
    "# Dự án KCN sinh thái tại Việt Nam\n\n"
    "Kết quả công bố 12/6/2019: 72 doanh nghiệp ở 4 KCN áp dụng giải pháp RECP, tiết kiệm trên 6,5 triệu "
    "USD/năm nhờ chương trình KCN sinh thái quốc gia.\n"
)
KOREA = (
    "# Korean national EIP programme\n\n"
    "South Korea launched a 15-year National Eco-Industrial Park Development Program in three stages.\n"
)
KOREA_SAVINGS = "The Korean programme saved 60 million USD a year in phase 2.\n"
REPORT_2023 = (
    "# Đẩy mạnh triển khai mô hình khu công nghiệp sinh thái\n\n"
    "12 04 2023\n\n"
    "Ngày 12/4, tại TPHCM, Bộ Kế hoạch và Đầu tư và UNIDO phối hợp tổ chức Hội thảo tổng kết Dự án khu công "
    "nghiệp sinh thái.\n\n"
    "Phát biểu tại Hội thảo, ông Lê Thành Quân, Vụ trưởng Vụ Quản lý các khu kinh tế, cho biết Dự án được "
    "triển khai từ tháng 5/2020 tại năm thành phố.\n"
)
REPORT_2021 = (
    "# Hội thảo giới thiệu mô hình khu công nghiệp sinh thái\n\n"
    "Hội thảo được tổ chức theo hình thức trực tuyến vào 13h30 đến 17h00, ngày 12 tháng 11 năm 2021. "
    "Bà Lê Thanh Thảo, trưởng đại diện UNIDO tại Việt Nam, phát biểu khai mạc.\n"
)


_ask = ask_documents


def test_the_countries_a_question_names():
    assert foreign_countries("Chương trình KCN sinh thái quốc gia của Hàn Quốc tiết kiệm bao nhiêu?") == ["Hàn Quốc"]
    assert foreign_countries("How much did Korea's programme save?") == ["Korea"]
    assert foreign_countries("chuong trinh cua han quoc tiet kiem bao nhieu") == ["han quoc"]
    assert foreign_countries("Dự án ở Việt Nam tiết kiệm bao nhiêu?") == []  # every report is about it
    # Folded, "thái lần" is "Thái Lan"; typed with its own marks it is no country.
    assert foreign_countries("hội thảo lần đầu vào năm nào, thái lần này?") == []
    # A one-syllable country is also a given name ("ông Đức"): only a source's capitalised one counts.
    assert foreign_countries("ông Đức phát biểu gì?") == []
    assert countries_in("cụm KCN do nhà đầu tư Bỉ (Rent-A-Port) phát triển", short=True) == ["Bỉ"]


def test_a_figure_asked_of_another_country_needs_a_document_about_it():
    vietnam = {"vn-project": ({"kind": "case-study", "title": "Dự án KCN sinh thái tại Việt Nam"}, VIETNAM_PROJECT)}
    korea = {"korea": ({"kind": "case-study", "title": "Korean national EIP programme"}, KOREA)}
    question = "Chương trình KCN sinh thái quốc gia của Hàn Quốc giúp tiết kiệm được bao nhiêu tiền mỗi năm?"
    # Korea is mentioned (its programme's start), but the only amount saved is the Vietnamese project's.
    answer = _ask({**vietnam, **korea}, question)
    assert answer.refused and "Hàn Quốc" in answer.answer and "không nói về" in answer.answer, answer.answer
    saved = {"korea": ({"kind": "case-study", "title": "Korean national EIP programme"}, KOREA + KOREA_SAVINGS)}
    answered = _ask({**vietnam, **saved}, question)
    assert not answered.refused and "60 million USD" in answered.answer, answered.answer
    # The home country is no such name: the Vietnamese project's figure answers for Viet Nam.
    home = _ask(vietnam, "Chương trình KCN sinh thái ở Việt Nam giúp tiết kiệm được bao nhiêu tiền mỗi năm?")
    assert not home.refused and "6,5 triệu" in home.answer, home.answer


def test_a_country_asked_needs_a_sentence_naming_one():
    expert = "# Hội thảo chuyên gia\n\nTS Heinz Leuenberger là Cố vấn trưởng kỹ thuật của Dự án KCN sinh thái, UNIDO.\n"
    documents = {"experts": ({"kind": "workshop", "title": "Hội thảo chuyên gia"}, expert)}
    answer = _ask(documents, "What country is Heinz Leuenberger from?", "en")
    assert answer.refused and "name no country" in answer.answer, answer.answer
    investor = "# DEEP C\n\nDEEP C là cụm KCN do nhà đầu tư Bỉ (Rent-A-Port) phát triển tại Hải Phòng.\n"
    named = _ask({"deep-c": ({"kind": "case-study", "title": "DEEP C"}, investor)}, "Nhà đầu tư Rent-A-Port đến từ nước nào?")
    assert not named.refused and "Bỉ" in named.answer, named.answer


def test_a_time_of_day_asked_needs_one_written():
    documents = {"ws-2023": ({"kind": "workshop", "title": "Hội thảo tổng kết"}, REPORT_2023)}
    answer = _ask(documents, "Hội thảo tổng kết Dự án khu công nghiệp sinh thái bắt đầu lúc mấy giờ?")
    assert answer.refused and "không nêu giờ" in answer.answer, answer.answer
    documents = {"ws-2021": ({"kind": "workshop", "title": "Hội thảo giới thiệu mô hình"}, REPORT_2021)}
    answered = _ask(documents, "Hội thảo ngày 12 tháng 11 năm 2021 được tổ chức vào mấy giờ?")
    assert not answered.refused and "13h30 đến 17h00" in answered.answer, answered.answer


def test_which_event_is_answered_with_the_reports_opening_sentence():
    assert asks_event("Ông ấy còn phát biểu ở hội thảo nào khác của dự án không?")
    assert asks_event("Which event did Ankit Kapasi attend, and when?")
    assert not asks_event("Hội thảo diễn ra ở đâu?")
    documents = {"ws-2023": ({"kind": "workshop", "title": "Hội thảo tổng kết"}, REPORT_2023)}
    answer = _ask(documents, "Ông Lê Thành Quân còn phát biểu ở hội thảo nào khác của dự án không?")
    assert not answer.refused and "Hội thảo tổng kết Dự án" in answer.answer, answer.answer
    assert answer.answer.index("Ngày 12/4") < answer.answer.index("Phát biểu tại Hội thảo"), answer.answer
    # The dateline ("12 04 2023") has no words: it introduces nothing.
    assert "12 04 2023" not in answer.answer, answer.answer


def test_a_dateline_is_no_answer_sentence():
    documents = {"ws-2023": ({"kind": "workshop", "title": "Hội thảo tổng kết"}, REPORT_2023)}
    answer = _ask(documents, "Hội thảo tổng kết Dự án khu công nghiệp sinh thái năm 2023 diễn ra vào ngày nào, ở đâu?")
    assert not answer.refused and "Ngày 12/4, tại TPHCM" in answer.answer, answer.answer
    assert "12 04 2023" not in answer.answer, answer.answer


def test_the_attribute_asked_ranks_the_sentence_naming_it():
    assert asked_attribute("Hội thảo ngày 12/11/2021 tổ chức theo hình thức nào?") == "hinh thuc"
    assert asked_attribute("Ông ấy giữ chức vụ nào?") == "chuc vu"
    # A date, a place, a member of the list or the park itself is no attribute.
    assert asked_attribute("Hội thảo diễn ra vào năm nào?") == ""
    assert asked_attribute("Những khu công nghiệp nào được chọn làm thí điểm?") == ""
    assert asked_attribute("NĐ 82/2018 còn những tiêu chí KCN sinh thái nào nữa?") == ""
    opening = "Ngày 12 tháng 11 năm 2021, Bộ Kế hoạch và Đầu tư tổ chức Hội thảo giới thiệu mô hình KCN sinh thái."
    form = "Hội thảo được tổ chức theo hình thức trực tuyến, với gần 200 đại biểu."
    candidates = [SentenceCandidate(Document(content=t), 0, i, t, 0.5, set(), 0.5, s) for i, (t, s) in enumerate(
        [(opening, 1.0), (form, 0.9)]
    )]
    prefer_asked_words("Hội thảo ngày 12/11/2021 tổ chức theo hình thức nào?", candidates)
    assert candidates[1].score == 0.9 + ATTRIBUTE_BONUS and candidates[1].score > candidates[0].score
