"""Who held an office in the year or at the event asked, and which source or subject a fact is of: a
workshop report's undated sentence is of its year, an office the passages never give (or give only to
a deputy) is refused, "who chaired" asked in English, a source named by a phrase two titles share word for word, a founding date of the
investor in parentheses, a share that counts nothing, an aim stated in English as "launched … to …",
the Saigon Hi-Tech Park (no model: tiny in-memory indexes)."""

from tiny_index import ask_documents, every_line, tiny_snapshot

from kb.answer.constraint_checks import _english_act
from kb.answer.named_source import named_source
from kb.answer.office_holders import office_role_reason
from kb.query.answer_types import answer_type_match
from kb.query.names import name_forms
from kb.query.question_shape import question_shape
from kb.query.unit_counts import counts_unit

PROGRAMME_2018 = (
    "# Hội thảo chuyên gia quốc tế về KCN sinh thái\n\n"
    "Hội thảo do Bộ Kế hoạch và Đầu tư phối hợp với UNIDO tổ chức trong hai ngày 8-9/11/2018.\n\n"
    "## Chương trình\n\n"
    "Bà Nguyễn Thị Bích Ngọc Vụ trưởng Vụ Quản lý các Khu Kinh tế - Bộ Kế hoạch và Đầu tư\n\n"
    "TS Heinz Leuenberger Cố vấn trưởng kỹ thuật của Dự án KCN sinh thái, UNIDO\n"
)
CLOSING_2023 = (
    "# Hội thảo tổng kết dự án KCN sinh thái, TP.HCM, 12/4/2023\n\n"
    "Ngày 12/4, tại TPHCM, Bộ Kế hoạch và Đầu tư và UNIDO phối hợp tổ chức Hội thảo tổng kết Dự án.\n\n"
    "Ông Lê Thành Quân, Vụ trưởng Vụ Quản lý các khu kinh tế, Bộ Kế hoạch và Đầu tư phát biểu tại Hội nghị.\n"
)
KICKOFF_2018 = (
    "# Hội thảo khởi động dự án\n\n"
    "Ông Lê Xuân Thịnh- Phó giám đốc VNCPC phát biểu tại hội thảo khởi động dự án tổ chức tại Tp.HCM.\n\n"
    "Trong hai ngày 20 và 21/6 năm 2018, VNCPC và Sofies đã tổ chức hội thảo khởi động dự án.\n"
)


def _workshops(**documents: tuple[str, str]) -> dict[str, tuple[dict, str]]:
    return {
        doc_id: ({"kind": "workshop", "title": text.splitlines()[0][2:], "issued": issued}, text)
        for doc_id, (issued, text) in documents.items()
    }


def test_an_office_held_in_the_year_asked():
    # The 2023 report's "Vụ trưởng" sentence names no year: it tells of 2023, not of 2018.
    documents = _workshops(programme=("2018-11-08", PROGRAMME_2018), closing=("2023-04-12", CLOSING_2023))
    answer = ask_documents(documents, "Năm 2018 ai giữ chức Vụ trưởng Vụ Quản lý các Khu Kinh tế?")
    assert not answer.refused and "Nguyễn Thị Bích Ngọc" in answer.answer, answer.answer
    answer = ask_documents(documents, "Năm 2023 ai giữ chức Vụ trưởng Vụ Quản lý các Khu Kinh tế?")
    assert not answer.refused and "Lê Thành Quân" in answer.answer, answer.answer


def test_an_office_the_passages_never_give_is_refused():
    documents = _workshops(programme=("2018-11-08", PROGRAMME_2018), closing=("2023-04-12", CLOSING_2023))
    # Only a "Vụ trưởng" at the 2023 workshop: no head of UNIDO's office is named there.
    question = "Tại hội thảo tổng kết năm 2023, ai là trưởng đại diện UNIDO?"
    assert ask_documents(documents, question).refused
    reason = office_role_reason(question, "vi", question_shape(question), every_line(documents), tiny_snapshot(documents))
    assert "trưởng đại diện" in reason, reason
    # The adviser is named in the 2018 programme, as the office is asked in English or in Vietnamese.
    assert question_shape("Who was UNIDO's chief technical adviser in 2018?").role == "chief technical adviser"
    answer = ask_documents(documents, "Năm 2018, ai là cố vấn trưởng kỹ thuật của UNIDO cho Dự án KCN sinh thái?")
    assert not answer.refused and "Heinz Leuenberger" in answer.answer, answer.answer



def test_a_deputy_is_not_the_director():
    documents = _workshops(kickoff=("2018-06-20", KICKOFF_2018))
    answer = ask_documents(documents, "Giam doc VNCPC nam 2018 la ai?")
    assert answer.refused, answer.answer
    # Asked for the deputy, the deputy answers.
    assert question_shape("Who was the VNCPC deputy director in 2018?").role == "deputy director"
    answer = ask_documents(documents, "Ai là phó giám đốc VNCPC năm 2018?")
    assert not answer.refused and "Lê Xuân Thịnh" in answer.answer, answer.answer


def test_a_source_named_by_words_two_titles_share():
    # Both labels hold "tổng", "kết", "dự án", 2023; only the closing workshop's holds "tổng kết".
    snapshot = tiny_snapshot(
        {
            "closing": ({"kind": "workshop", "title": "Hội thảo tổng kết Dự án KCN sinh thái", "issued": "2023-04-12"}, CLOSING_2023),
            "case": (
                {"kind": "case-study", "title": "Dự án KCN sinh thái 2014–2023: kết quả", "issuer": "Tổng hợp từ báo chí", "issued": "2023-09-12"},
                "# Dự án KCN sinh thái\n\nGiai đoạn 1 có tổng vốn khoảng 53 triệu USD.\n",
            ),
        }
    )
    question = "Theo báo cáo tổng kết dự án tháng 4/2023, giai đoạn 1 có tổng vốn bao nhiêu?"
    assert named_source(question, snapshot) == "closing"


def test_a_founding_date_in_parentheses_is_of_the_name_before_them():
    case = (
        "# KCN Nam Cầu Kiền (Hải Phòng)\n\n"
        "- Vị trí: huyện Thủy Nguyên, Hải Phòng; diện tích 263 ha.\n"
        "- Chủ đầu tư: Công ty Cổ phần Shinec (thành lập 2001); Chủ tịch HĐQT: ông Phạm Hồng Điệp.\n"
    )
    documents = {"case": ({"kind": "case-study", "title": "KCN Nam Cầu Kiền (Hải Phòng)"}, case)}
    answer = ask_documents(documents, "KCN Nam Cầu Kiền được thành lập năm nào?")
    assert answer.refused, answer.answer
    answer = ask_documents(documents, "Công ty Shinec được thành lập năm nào?")
    assert not answer.refused and "2001" in answer.answer, answer.answer
    # The park's developer asked: the company named before the parentheses is the one asked.
    answer = ask_documents(documents, "Chủ đầu tư KCN Nam Cầu Kiền là công ty nào, thành lập năm nào?")
    assert not answer.refused and "2001" in answer.answer, answer.answer


def test_a_share_counts_nothing():
    criterion = "toi thieu 90% doanh nghiep trong kcn co nhan thuc ve recp"
    assert not counts_unit(criterion, "doanh nghiep")
    assert counts_unit("ket qua: 72 doanh nghiep o 4 kcn ap dung giai phap recp", "doanh nghiep")
    assert counts_unit(criterion, "%")


def test_an_aim_stated_in_english():
    launched = "2005: South Korea launched a 15-year programme in three stages to transform aged industrial complexes."
    assert answer_type_match(launched, "purpose") == 1.0
    assert answer_type_match("The programme ran from 2005 to date in three stages.", "purpose") == 0.0


def test_the_saigon_hi_tech_park():
    assert "khu cong nghe cao tp hcm" in name_forms("Saigon Hi-Tech")
    assert "khu cong nghe cao tp hcm" in name_forms("SHTP")


def test_who_chaired_asked_in_english():
    # The act asked is raised as a Vietnamese source writes it; "who was …" asks no act.
    question = "Who chaired the online workshop on the eco-industrial park model on 12 November 2021?"
    act = _english_act(question, "en", question_shape(question))
    assert act is not None
    assert act.search("chu tri hoi thao ong le thanh quan, vu truong vu quan ly cac khu kinh te")
    assert not act.search("hoi thao duoc to chuc theo hinh thuc truc tuyen ngay 12 thang 11 nam 2021")
    question = "Who was the director of the project in 2021?"
    assert _english_act(question, "en", question_shape(question)) is None
