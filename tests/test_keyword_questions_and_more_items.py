"""Questions typed as keywords or naming an instrument without its year; several places or a
distance asked; a condition asked with "khi nào"; the other items of a list under a heading after
"còn … nào khác?"; follow-ups switching the attribute of a named park or pointing at the titled
project an answer named (no model: tiny in-memory indexes)."""

from tiny_index import ask_documents, quoted_answer, tiny_snapshot

from kb.answer.cited_answer import format_date
from kb.answer.continuation import continue_answer
from kb.answer.person_scope import organisation_asked
from kb.config import REPO_ROOT
from kb.index.instrument_register import instrument_register
from kb.query.answer_types import expected_answer_type, quantity_units
from kb.query.bare_questions import as_question
from kb.query.followup import Turn, rewrite_followup
from kb.query.instruments import with_instrument_years
from kb.query.preprocessor import QueryPreprocessor
from kb.query.question_shape import question_shape

KALUNDBORG = (
    "# Kalundborg Symbiosis (Denmark)\n\n"
    "Classic exchanges\n"
    "- Surplus heat from the power plant heats ~3,500 homes and a fish farm; fish-farm sludge sold as fertiliser.\n"
    "- Steam from the power plant sold to Novo Nordisk and the refinery.\n"
    "- Flue-gas desulphurisation gypsum sold to Gyproc wallboard plant.\n"
    "- Fly ash and clinker used for road building and cement; yeast slurry from insulin production used for biogas.\n"
)
PHASES = (
    "# Ulsan\n\n"
    "Korean national EIP programme\n"
    "- 2005: South Korea launched a 15-year National Eco-Industrial Park Development Program in three stages.\n"
    "- Phase 2 scaled up IS regionally. Comparing phase 1 and phase 2: operating IS projects rose from 52 to 159.\n"
    "- Early pilot set-up: six industrial complexes as pilots, e.g., Banwol & Sihwa and Onsan.\n"
)
PARKS = (
    "# Dự án KCN sinh thái tại Việt Nam\n\n"
    "D. NAM CẦU KIỀN (Hải Phòng)\n"
    "- Vị trí, quy mô: diện tích quy hoạch 263 ha, trên địa bàn 4 xã thuộc huyện Thủy Nguyên, Hải Phòng, cách trung "
    "tâm thành phố ~12 km.\n\n"
    "E. AMATA (Đồng Nai)\n"
    "- KCN Amata Biên Hòa có 40 doanh nghiệp tham gia đánh giá RECP.\n"
)


def test_more_after_one_item_of_a_list_under_a_heading_gives_the_other_items():
    quote = "- Steam from the power plant sold to Novo Nordisk and the refinery."
    snapshot, first = quoted_answer(KALUNDBORG, "Ở Kalundborg, hơi nước từ nhà máy điện được bán cho những ai?", quote)
    more = continue_answer(snapshot, first, "còn trao đổi nào khác không?", "vi")
    assert more is not None and more.answer.startswith("Các mục khác trong cùng danh sách của nguồn:"), more.answer
    # The items before the one quoted as well as those after it.
    assert "3,500 homes" in more.answer and "Gyproc" in more.answer and "yeast slurry" in more.answer, more.answer
    assert "Novo Nordisk" not in more.answer
    # Items about something else than what was asked are not "more": the source is said to move on.
    quote = PHASES[PHASES.index("- 2005") : PHASES.index("\n- Early")]
    snapshot, first = quoted_answer(PHASES, "How did Korea's national EIP programme change from phase 1 to phase 2?", quote, "en")
    more = continue_answer(snapshot, first, "what else changed?", "en")
    assert more is not None and not more.answer.startswith("The other items"), more.answer


def test_a_follow_up_asks_another_attribute_of_the_park_the_question_opened_with():
    history = [Turn("KCN Nam Cầu Kiền rộng bao nhiêu ha?", "- Vị trí, quy mô: diện tích quy hoạch 263 ha [1]", [])]
    assert rewrite_followup("cách trung tâm bao xa?", history) == ("KCN Nam Cầu Kiền cách trung tâm bao xa?", True)


def test_that_project_is_the_titled_project_the_answer_named():
    answer = (
        "Hội thảo này nằm trong khuôn khổ Dự án “Triển khai Khu công nghiệp sinh thái tại Việt Nam theo hướng tiếp "
        "cận từ Chương trình Khu công nghiệp sinh thái toàn cầu”, góp phần quan trọng. [1]"
    )
    history = [Turn("Hội thảo 12/11/2021 nằm trong khuôn khổ dự án nào?", answer, [])]
    rewritten, changed = rewrite_followup("dự án đó do ai tài trợ?", history)
    assert changed and rewritten.startswith("Dự án “Triển khai Khu công nghiệp sinh thái tại Việt Nam"), rewritten
    assert rewritten.endswith("” do ai tài trợ?"), rewritten


def test_a_distance_asked_is_a_number_of_kilometres():
    assert quantity_units("KCN Nam Cầu Kiền cách trung tâm bao xa?") == ["khoang cach"]
    assert quantity_units("How far is Nam Cau Kien from the city centre?") == ["khoang cach"]
    documents = {"parks": ({"kind": "case-study", "title": "Dự án KCN sinh thái tại Việt Nam"}, PARKS)}
    answer = ask_documents(documents, "KCN Nam Cầu Kiền cách trung tâm thành phố bao xa?")
    assert not answer.refused and "~12 km" in answer.answer, answer.answer
    # No distance is written for Amata: its sentence's number counts firms.
    answer = ask_documents(documents, "KCN Amata cách trung tâm thành phố bao xa?")
    assert answer.refused, answer.answer


def test_a_figure_asked_of_two_places_is_answered_by_each_one_s_own_sentence():
    # The kick-off report of the corpus: each place's figure in a sentence of its own.
    text = next((REPO_ROOT / "corpus" / "workshops").glob("2018-06-20_*.txt")).read_text(encoding="utf-8")
    title = "Hội thảo khởi động dự án “Áp dụng mô hình khu công nghiệp sinh thái” — TP.HCM và Sonadezi Long Thành"
    documents = {"kickoff": ({"kind": "workshop", "title": title}, "# Hội thảo khởi động\n\n" + text)}
    question = "June 2018 kick-off workshop: how many companies attended at Saigon Hi-Tech Park and how many at Sonadezi Long Thành?"
    answer = ask_documents(documents, question, "en")
    assert not answer.refused and "40 doanh nghiệp" in answer.answer and "50 doanh nghiệp" in answer.answer, answer.answer
    # A place no sentence gives a figure for is still refused.
    answer = ask_documents(documents, "How many companies attended at Sonadezi Long Thành and how many at Amata?", "en")
    assert answer.refused and "Amata" in answer.answer, answer.answer


def test_keyword_questions_are_asked_in_full():
    assert as_question("công suất nhà máy điện Asnæs", "vi") == "công suất nhà máy điện Asnæs là bao nhiêu?"
    # Typed without diacritics, "nha may" is a plant, not "mấy" (how many).
    assert as_question("cong suat nha may dien asnaes kalundborg", "vi") == (
        "cong suat nha may dien asnaes kalundborg la bao nhieu?"
    )
    assert as_question("Phase 2 EIP project (SECO, 2020–2023) — total budget?", "en") == (
        "What is the total budget of Phase 2 EIP project (SECO, 2020–2023)?"
    )
    assert as_question("Kalundborg — partners", "en") == "Kalundborg — partners"  # nothing asked of it


def test_only_when_asks_a_condition_not_a_date():
    assert expected_answer_type("Mô hình KCN sinh thái chỉ thực sự phát huy vai trò khi nào?") is None
    assert expected_answer_type("Under what conditions does the model pay off?") is None
    assert expected_answer_type("Hội thảo diễn ra khi nào?") == "date"


def test_an_instrument_named_without_its_year_is_the_register_s():
    register = {"82/2018/NĐ-CP": {"kind": "decree"}, "35/2022/NĐ-CP": {"kind": "decree"}}
    assert with_instrument_years("Decree 82 EIP criterion on industrial symbiosis?", register) == (
        "Decree 82/2018 EIP criterion on industrial symbiosis?"
    )
    assert with_instrument_years("Theo NĐ 35, KCN sinh thái là gì?", register) == "Theo NĐ 35/2022, KCN sinh thái là gì?"
    assert with_instrument_years("Thông tư 82 quy định gì?", register) == "Thông tư 82 quy định gì?"  # no such circular
    snapshot = tiny_snapshot(
        {"nd82": ({"kind": "summary", "title": "Tiêu chí theo NĐ 82/2018"}, "# Tiêu chí\n\nNội dung.\n")},
        instruments={"82/2018/NĐ-CP": {"number": "82/2018/NĐ-CP", "kind": "decree", "status": "in-force"}},
    )
    assert "82/2018/NĐ-CP" in instrument_register(snapshot)
    query = QueryPreprocessor(snapshot=snapshot).run(question="Decree 82 EIP criterion on industrial symbiosis?")
    # Searched as the decree it is: passages of documents never naming 82/2018 rank lower.
    assert "82" in query["names"]  # its number: sources write "Nghị định 82-CP" too
    assert query["question"] == "Decree 82 EIP criterion on industrial symbiosis?"  # answered as asked


def test_an_english_date_is_also_written_as_the_sources_write_it():
    assert format_date("2022-07-15", "en") == "15 July 2022 (15/7/2022)"
    assert format_date("2022-07-15", "vi") == "15/7/2022"


def test_who_signed_on_behalf_of_an_organisation_asks_a_person():
    question = "Ai ký thỏa thuận cộng sinh công nghiệp – đô thị ngày 12/9/2023 thay mặt Công an quận Hải An?"
    assert organisation_asked(question) == "Công an quận Hải An"
    text = (
        "# Dự án KCN sinh thái tại Việt Nam\n\n"
        "- 12/9/2023: ký thỏa thuận hợp tác cộng sinh công nghiệp – đô thị giữa Công ty CP KCN Đình Vũ và Công an quận "
        "Hải An (Hải Phòng); MPI, UNIDO, Ban quản lý KKT Hải Phòng (HEZA) tổ chức.\n"
    )
    documents = {"project": ({"kind": "case-study", "title": "Dự án KCN sinh thái tại Việt Nam"}, text)}
    answer = ask_documents(documents, question)
    assert answer.refused and "Công an quận Hải An" in answer.answer, answer.answer


def test_a_number_of_items_asked_with_la_gi_is_a_list():
    assert question_shape("Hội thảo chuyên gia quốc tế 8-9/11/2018: chủ đề 5 phiên ngày thứ nhất là gì?").kind == "list"
    assert question_shape("Khung quốc tế có 4 nhóm yêu cầu nào?").kind == "list"
    assert question_shape("Năm 2018 có bao nhiêu phiên?").kind == "count"  # "năm" is the year here


def test_a_follow_up_after_which_park_asks_about_the_park_the_answer_named():
    first = "KCN nào ở Hải Phòng tự giới thiệu là “KCN sinh thái đầu tiên của cả nước”?"
    # The cited document's title names the park (the chat passes its names with the turn).
    history = [Turn(first, "- Tự giới thiệu là KCN sinh thái đầu tiên của cả nước. [1]", ["KCN Nam Cầu Kiền", "Hải Phòng"])]
    assert rewrite_followup("chủ đầu tư là ai?", history) == ("KCN Nam Cầu Kiền: chủ đầu tư là ai?", True)


def test_a_park_written_with_its_own_head_replaces_the_park_and_its_prefix():
    history = [Turn("Buổi khởi động dự án ở KCN Sonadezi Long Thành tháng 6/2018 có bao nhiêu doanh nghiệp dự?", "…", [])]
    assert rewrite_followup("còn ở Khu Công nghệ cao TP.HCM?", history)[0] == (
        "Buổi khởi động dự án ở Khu Công nghệ cao TP.HCM tháng 6/2018 có bao nhiêu doanh nghiệp dự?"
    )
    # "Khu" of "Khu công nghiệp Amata" written with a capital is the park's kind, not a second name.
    assert rewrite_followup("còn ở Khu công nghiệp Amata?", history)[0] == (
        "Buổi khởi động dự án ở KCN Amata tháng 6/2018 có bao nhiêu doanh nghiệp dự?"
    )
