"""What a sentence must say to answer: who a given name is, an act of the part asked, an article
cited for the thing asked, a date that is not a decree's number, a figure of the substance asked
(no model)."""

from tiny_index import answer_from

from kb.answer.short_names import introduces, short_names
from kb.query.instruments import without_instrument_numbers

REPORT = (
    "# Hội thảo khởi động dự án khu công nghiệp sinh thái\n\n"
    "Hội thảo sẽ do lãnh đạo Bộ Kế hoạch và Đầu tư chủ trì, với sự tham gia của các nhà tài trợ. "
    "Phiên 3 với chủ đề “Quy hoạch và quản lý KCN sinh thái” giới thiệu khung quốc tế về KCN sinh thái. "
    "Phiên 4 bàn về cộng sinh công nghiệp. Chủ trì phiên 4 là ông Trần Duy Đông, Vụ trưởng Vụ Kinh tế địa phương. "
    "Tại KCN Sonadezi Long Thành, ông Phạm Anh Tuấn – Tổng Giám đốc cùng gần 50 doanh nghiệp đã tới tham dự. "
    "Trong bài phát biểu chào mừng, ông Tuấn cho biết: Sonadezi Long Thành là một trong những khu công "
    "nghiệp hình thành đầu tiên trong cả nước.\n"
)
FACT_SHEET = (
    "# Tiêu chí khu công nghiệp sinh thái\n\n"
    "TIÊU CHÍ XÁC ĐỊNH KHU CÔNG NGHIỆP SINH THÁI THEO NGHỊ ĐỊNH 82/2018/NĐ-CP (Điều 42)\n\n"
    "Nghị định 82/2018/NĐ-CP quy định khái niệm, tiêu chí KCN sinh thái và phân công trách nhiệm của các Bộ "
    "hướng dẫn phát triển KCN sinh thái. "
    "KCN Nam Cầu Kiền tự giới thiệu là KCN sinh thái đầu tiên, cần đối chiếu với danh sách KCN được cấp "
    "Giấy chứng nhận KCN sinh thái theo NĐ 35/2022.\n"
)
CASE = (
    "# Kalundborg Symbiosis\n\n"
    "Fly ash and clinker are used for road building and cement [K6]. "
    "The 2010 results of the symbiosis: 150,000 t FGD gypsum reused, replacing imported natural gypsum.\n"
)




def test_a_given_name_alone_and_the_sentence_that_names_the_person_in_full():
    assert short_names("Trong bài phát biểu chào mừng, ông Tuấn cho biết: …") == ["Tuấn"]
    assert short_names("ông Lê Xuân Thịnh cho biết") == []  # named in full
    assert introduces("ông Phạm Anh Tuấn – Tổng Giám đốc cùng 50 doanh nghiệp", "Tuấn")
    assert not introduces("ông Phạm Anh Tuấn – Tổng Giám đốc", "Thịnh")


def test_a_speaker_called_by_the_given_name_is_answered_with_who_he_is():
    answer = answer_from(REPORT, "Ai là người phát biểu chào mừng và giữ chức vụ gì?")
    assert not answer.refused, answer.answer
    assert "Phạm Anh Tuấn" in answer.answer and "Tổng Giám đốc" in answer.answer, answer.answer
    assert answer.answer.index("Phạm Anh Tuấn") < answer.answer.index("ông Tuấn cho biết")  # source order


def test_who_chaired_a_session_is_not_who_chaired_the_workshop():
    answer = answer_from(REPORT, "Who chaired Session 3 of the workshop?", "en")
    assert answer.refused and "chaired Session 3" in answer.answer, answer.answer
    session = answer_from(REPORT, "Ai chủ trì phiên 4 của hội thảo?")
    assert not session.refused and "Trần Duy Đông" in session.answer, session.answer
    workshop = answer_from(REPORT, "Ai chủ trì hội thảo?")
    assert not workshop.refused and "lãnh đạo Bộ Kế hoạch và Đầu tư" in workshop.answer, workshop.answer


def test_an_article_cited_for_something_else_does_not_say_which_article_is_asked():
    question = "Điều nào của Nghị định 82/2018/NĐ-CP phân công trách nhiệm của các Bộ hướng dẫn phát triển khu công nghiệp sinh thái?"
    answer = answer_from(FACT_SHEET, question)
    assert answer.refused and "điều, khoản" in answer.answer, answer.answer
    criteria = answer_from(FACT_SHEET, "Tiêu chí xác định khu công nghiệp sinh thái theo NĐ 82/2018 nằm ở điều nào?")
    assert not criteria.refused and "Điều 42" in criteria.answer, criteria.answer


def test_a_decrees_number_is_no_date():
    assert "2022" not in without_instrument_numbers("được cấp Giấy chứng nhận theo NĐ 35/2022")
    assert "22/5/2018" in without_instrument_numbers("Nghị định số 82/2018/NĐ-CP ngày 22/5/2018")
    answer = answer_from(FACT_SHEET, "KCN Nam Cầu Kiền được cấp Giấy chứng nhận KCN sinh thái theo NĐ 35/2022 vào ngày nào?")
    assert answer.refused, answer.answer


def test_a_figure_of_another_substance_does_not_answer_the_quantity_asked():
    answer = answer_from(CASE, "Năm 2010 Kalundborg tái sử dụng bao nhiêu tấn tro bay?")
    assert answer.refused and "tấn tro bay" in answer.answer, answer.answer
    gypsum = answer_from(CASE, "Năm 2010 Kalundborg tái sử dụng bao nhiêu tấn thạch cao?")
    assert not gypsum.refused and "150,000 t" in gypsum.answer, gypsum.answer


def test_a_substance_with_a_digit_is_measured_whole():
    # "tấn CO2" measures CO2, not "co": the sentence giving "635,000 t CO2" answers.
    from kb.answer.measured_substance import _substance

    assert _substance("Mỗi năm Kalundborg giảm được bao nhiêu tấn CO2?") == ("tan", "co2")
    text = "# Kalundborg\n\n- Annual combined benefits: EUR 24 million bottom-line savings; 635,000 t CO2.\n"
    answer = answer_from(text, "Mỗi năm cộng sinh Kalundborg giảm được bao nhiêu tấn CO2?")
    assert not answer.refused and "635,000 t CO2" in answer.answer, answer.answer
