import pytest

from kb.answer.llm_answerer import check_markers
from kb.answer.refusal_checks import unit_forms
from kb.index.snapshot import IndexSnapshot
from kb.query.answer_types import (
    answer_kind,
    answer_target,
    answer_type_match,
    asked_kind,
    expected_answer_type,
    mentions_unit,
    quantity_units,
    unit_words,
)
from kb.query.definitions import defines, definition_term
from kb.query.everyday_wordings import in_documents_wording, without_asker_purpose
from kb.query.instruments import mentions_instrument, named_instruments, with_spaced_numbers
from kb.query.language import detect_language
from kb.query.measures import AREA, POWER
from kb.query.names import name_forms, question_names, unmentioned_names
from kb.query.person_names import titled_names
from kb.query.preprocessor import QueryPreprocessor
from kb.query.provisions import parse_provision_reference
from kb.query.question_shape import question_shape
from kb.query.terms import (
    english_equivalents,
    english_synonyms,
    expand_abbreviations,
    translate_terms,
    translate_terms_to_english,
    vietnamese_equivalents,
)
from kb.query.unit_counts import counted_numbers, counts_unit

EMPTY = IndexSnapshot.empty(4)


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Tiêu chí xác định khu công nghiệp sinh thái là gì?", "vi"),
        ("khu cong nghiep sinh thai la gi", "vi"),
        ("cong sinh cong nghiep o Hiep Phuoc nhu the nao", "vi"),
        ("What are the criteria for an eco-industrial park?", "en"),
        ("Which parks took part in the UNIDO project?", "en"),
        # Vietnamese names keep their diacritics in English questions.
        ("According to companies in Hiệp Phước, where does the biggest legal obstacle lie?", "en"),
        ("What is the planned area of Nam Cầu Kiền Industrial Park?", "en"),
        ("Hiệp Phước có bao nhiêu doanh nghiệp?", "vi"),
        ("Được thành lập năm nào?", "vi"),
        ("Đình Vũ", "vi"),
        # Typed without diacritics, a name's syllables do not make an English question Vietnamese.
        ("Who developed Dinh Vu?", "en"),
        ("Dinh Vu do ai phat trien?", "vi"),
        ("Nam Cau Kien rong bao nhieu?", "vi"),
        # No function word either way: words no Vietnamese syllable could be say English; a name
        # alone says nothing.
        ("start date?", "en"),
        ("total budget?", "en"),
        ("tong von?", "vi"),
        ("quy mo?", "vi"),
        ("Amata?", "vi"),
    ],
)
def test_detect_language(question, language):
    assert detect_language(question) == language


def test_abbreviations_expand_both_ways():
    assert "khu công nghiệp" in expand_abbreviations("KCN Hiệp Phước có bao nhiêu DN?")
    assert "doanh nghiệp" in expand_abbreviations("KCN Hiệp Phước có bao nhiêu DN?")
    assert "KCNST" in expand_abbreviations("tiêu chí khu công nghiệp sinh thái")
    # Accent-insensitive on the long form, whole-word on the short form.
    assert "KCN" in expand_abbreviations("khu cong nghiep Amata")
    assert expand_abbreviations("DNA testing") == []


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Điều 9 Nghị định 35/2022", ("9", None, None, "35/2022", "decree")),
        ("khoản 2 Điều 38 NĐ 35/2022/NĐ-CP", ("38", "2", None, "35/2022/NĐ-CP", "decree")),
        ("Điều 51 Luật Bảo vệ môi trường", ("51", None, None, "Luật Bảo vệ môi trường", "law")),
        ("dieu 9 nghi dinh 35/2022", ("9", None, None, "35/2022", "decree")),
        (
            "điểm a khoản 1 Điều 37 Nghị định 35/2022/NĐ-CP quy định gì?",
            ("37", "1", "a", "35/2022/NĐ-CP", "decree"),
        ),
        ("What does Article 37 of Decree 35/2022 say?", ("37", None, None, "35/2022", "decree")),
    ],
)
def test_parse_provision_reference(question, expected):
    ref = parse_provision_reference(question)
    assert (ref.article, ref.clause, ref.point, ref.document, ref.kind) == expected


def test_no_provision_in_an_ordinary_question():
    assert parse_provision_reference("Tiêu chí KCNST là gì?") is None


def test_preprocessor_prepares_every_retriever_input():
    out = QueryPreprocessor(None).run(question="KCN sinh thai la gi")
    assert out["language"] == "vi"
    assert "khu công nghiệp" in out["dense_query"]
    assert {"~khu", "~cong", "~nghiep"} <= set(out["bm25_tokens"])
    assert out["provision"] == {}


def test_check_markers_drops_invalid_and_renumbers():
    cleaned, order = check_markers("Tối thiểu 25% [3]. Theo [9] và [0] thì [1] [3].", source_count=3)
    assert cleaned == "Tối thiểu 25% [1]. Theo và thì [2] [1]."
    assert order == [2, 0]
    assert check_markers("Không có nguồn [7].", 3) == ("Không có nguồn.", [])


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Hội thảo diễn ra vào những ngày nào?", "date"),
        ("Ulsan được chỉ định là khu công nghiệp đặc biệt vào năm nào?", "date"),
        ("hoi thao dien ra khi nao", "date"),
        ("When was the workshop held?", "date"),
        # "when" opening a clause, not the question: the complexes are asked, not a date.
        ("Which complexes served as early pilots when Korea set up its programme?", None),
        ("Có bao nhiêu doanh nghiệp tham gia?", "quantity"),
        ("Dự án kéo dài mấy năm?", "quantity"),
        ("How many solutions were found?", "quantity"),
        ("Ai là trưởng ban quản lý?", "person"),
        ("chuyen gia ky thuat ten la gi", "person"),
        # People asked for as a list: the sentence naming them holds the kind of fact asked.
        ("Những chuyên gia nào tham gia hội thảo?", "person"),
        ("Which experts spoke at the workshop?", "person"),
        # "nhà máy" (plant) folds to the same letters as "mấy" (how many): not a quantity.
        ("Nhiệt thừa của nhà máy điện được dùng làm gì?", None),
        # Why: a sentence stating an aim or a reason ("Để …", "because …") is the kind of fact asked.
        ("Vì sao doanh nghiệp gặp khó khăn?", "reason"),
        ("Hội thảo nhằm mục đích gì?", "purpose"),
        ("What were the stated objectives of the workshop?", "purpose"),
        ("DEEP C đặt mục tiêu cung cấp bao nhiêu phần trăm năng lượng?", "quantity"),
        # What a by-product is used for is not the purpose of an event.
        ("Bùn men thải ra được tận dụng để làm gì?", None),
        # Which part of a legal text: an article or clause number is the answer.
        ("Điều nào của Nghị định 82/2018 quy định tiêu chí KCN sinh thái?", "provision"),
        ("nguong 25% nam o khoan may cua dieu 42", "provision"),
        ("Which article of Decree 35/2022 sets the criteria?", "provision"),
        ("Điều kiện nào để được công nhận?", None),  # "điều kiện" (a condition) is no article
        ("Lễ khởi động diễn ra ở hai địa điểm nào?", None),  # "địa điểm" (a place) is no point of a clause
        ("Hội thảo được tổ chức hôm nào?", "date"),
        ("Hội thảo diễn ra ngày mấy?", "date"),  # "mấy" after "ngày" asks which day, not how many
        # A stage something is at now is no period.
        ("Thông tư hướng dẫn Nghị định 35 đang ở giai đoạn nào?", None),
        ("Dự án thực hiện trong giai đoạn nào?", "date"),
        ("ngưỡng 25% nằm ở khoản mấy của Điều 42?", "provision"),
    ],
)
def test_expected_answer_type(question, expected):
    assert expected_answer_type(question) == expected


def test_answer_type_match_prefers_the_counted_noun():
    units = quantity_units("Dự án đã hỗ trợ bao nhiêu doanh nghiệp và bao nhiêu giải pháp?")
    assert units == ["doanh nghiep", "giai phap"]
    assert (
        answer_type_match("Dự án đã hỗ trợ được 90 doanh nghiệp với 663 giải pháp.", "quantity", units) == 1.0
    )
    # Some number may be the count; a period of years is none ("5/2020" neither: test_figure_evidence.py).
    assert answer_type_match("Khoảng 40 đại diện doanh nghiệp tham gia.", "quantity", units) == 0.5
    assert answer_type_match("Giai đoạn 2014–2019 có nhiều doanh nghiệp tham gia.", "quantity", units) == 0.0
    assert answer_type_match("Nhiều doanh nghiệp tham gia.", "quantity", units) == 0.0
    assert answer_type_match("Trong hai ngày 20 và 21/6 năm 2018", "date") == 1.0
    assert answer_type_match("Hội thảo về KCN sinh thái", "date") == 0.0
    assert answer_type_match("70/70 doanh nghiệp đã đấu nối trạm xử lý nước thải", "date") == 0.0
    assert answer_type_match("Đào tạo trực tuyến 19 và 24/11/2021", "date") == 1.0
    # A name behind a form of address is surely a person; other capitalised runs may be.
    assert answer_type_match("Phát biểu của ông Lê Hoài Quốc, Trưởng ban", "person") == 1.0
    assert answer_type_match("TS Heinz Leuenberger, Cố vấn trưởng kỹ thuật", "person") == 1.0
    assert answer_type_match("TS.Hoài Quốc cho biết định hướng của thành phố", "person") == 1.0
    assert answer_type_match("Đại diện Khu Công nghệ cao tham dự", "person") == 0.5
    assert answer_type_match("Tổ chức Tài chính Quốc tế (IFC) tài trợ", "person") == 0.0
    assert answer_type_match("Hội thảo nhằm trao đổi kinh nghiệm.", "purpose") == 1.0
    assert answer_type_match("The workshop aims to share experience.", "purpose") == 1.0
    assert answer_type_match("Hội thảo có 50 đại biểu.", "purpose") == 0.0
    assert answer_type_match("cần đối chiếu Điều 37, 39 NĐ 35/2022", "provision") == 1.0
    assert answer_type_match("theo khoản 2 của quy định", "provision") == 1.0
    assert answer_type_match("Nghị định 82/2018 quy định tiêu chí", "provision") == 0.0
    # An acronym asked is spelt out beside it, in brackets either way.
    assert answer_target("RECP là viết tắt của khái niệm gì?") == ("acronym", ["RECP"])
    assert answer_target("What is GEIPP in the Vietnamese projects?") == ("acronym", ["GEIPP"])
    assert answer_target("What is the role of MPI?")[0] != "acronym"
    assert answer_target("What does the abbreviation RECP stand for in the workshop material?") == ("acronym", ["RECP"])
    assert answer_target("Chữ viết tắt RECP là gì?") == ("acronym", ["RECP"])
    assert answer_type_match("sử dụng hiệu quả tài nguyên và sản xuất sạch hơn (RECP);", "acronym", ["RECP"]) == 1.0
    assert answer_type_match("GEIPP (Global Eco-Industrial Parks Programme)", "acronym", ["GEIPP"]) == 1.0
    assert answer_type_match("Dự án RECP đã hỗ trợ 90 doanh nghiệp.", "acronym", ["RECP"]) == 0.0
    # The date of a decree a sentence names is not the date of the event it reports.
    dated = "Theo Nghị định số 82/2018/NĐ-CP ngày 22/5/2018, Bộ tổ chức hội thảo."
    assert answer_type_match(dated, "date") == 0.0 and answer_type_match(dated, "instrument date") == 1.0
    assert answer_kind("Hội thảo diễn ra khi nào?") == "date"
    assert answer_kind("Nghị định 82/2018 được ban hành khi nào?") == "instrument date"
    assert answer_kind("When did the decree take effect?") == "instrument date"
    assert answer_type_match("anything", None) == 0.0


def test_the_kind_of_named_thing_a_which_question_asks_for():
    assert asked_kind("Cong ty nao mua thach cao FGD tu Asnaes?") == {"cong", "ty"}
    assert asked_kind("Which companies receive steam from the power station?") == {"companies"}
    assert asked_kind("Dự án thí điểm tại những khu công nghiệp nào?") == {"khu", "cong", "nghiep"}
    assert asked_kind("Du an thi diem o nhung dia phuong nao?") == {"dia", "phuong"}
    assert asked_kind("Phiên thứ năm bàn về chủ đề gì?") == set()  # a topic, restated by its answer


def test_a_count_may_be_given_as_its_change():
    assert counts_unit("participating firms from 90 to 596; average distance", "firms")
    assert counts_unit("so doanh nghiep tang tu 52 len 159", "doanh nghiep")
    assert not counts_unit("firms from the region took part", "firms")
    # An English plural after one adjective ("About 18 physical linkages"), not after two long words.
    assert counts_unit("about 18 physical linkages (1990s description)", "linkages")
    assert not counts_unit("18 companies planned further linkages", "linkages")


def test_vietnamese_terms_translate_to_english_for_english_sources():
    found = translate_terms_to_english(
        "Nhiệt thừa của nhà máy điện ở Kalundborg dùng để sưởi ấm bao nhiêu căn nhà?"
    )
    assert {"waste heat", "power station", "heating", "homes"} <= set(found)
    # Unaccented questions too; the longest phrase wins ("nhà máy điện" is not also "nhà máy").
    unaccented = translate_terms_to_english("thach cao tu khu luu huynh o kalundborg ban cho nha may nao")
    assert {"gypsum", "desulphurisation", "plant"} <= set(unaccented)
    assert translate_terms_to_english("giá vàng hôm nay") == []
    # The words Vietnamese questions use about the English case studies reach them too.
    case_study = translate_terms_to_english("Các đối tác cộng sinh Kalundborg thu được những lợi ích gì hằng năm?")
    assert {"partners", "benefits", "annual"} <= set(case_study)
    assert "handbook" in translate_terms_to_english("so tay trien khai kcn sinh thai gom nhung hop phan nao")
    water = translate_terms_to_english("moi nam kalundborg tiet kiem duoc bao nhieu nuoc ngam nho dung nuoc mat")
    assert {"groundwater", "surface water"} <= set(water)
    # A coal-fired power station and where something began ("Origin 1961: …").
    plant = translate_terms_to_english("Nhà máy nào ở Kalundborg là nhà máy nhiệt điện than lớn nhất Đan Mạch?")
    assert "power station" in plant
    assert {"coal-fired", "coal"} <= set(translate_terms_to_english("nhà máy đốt than dùng bao nhiêu than đá?"))
    assert "origin" in translate_terms_to_english("Kalundborg bắt đầu từ năm nào?")
    # The international framework's words, as Vietnamese questions about it write them.
    framework = translate_terms_to_english("Khung quốc tế đặt ngưỡng định lượng bao nhiêu, do tổ chức nào hợp tác?")
    assert {"thresholds", "numeric", "collaboration"} <= set(framework)
    assert "government" in translate_terms_to_english("Kalundborg có do chính phủ quy hoạch không?")


def test_question_names_skip_the_first_word_and_ordinary_capitals():
    assert question_names("KCN VSIP Bắc Ninh hiện có bao nhiêu doanh nghiệp?") == ["VSIP Bắc Ninh"]
    assert question_names("Nghị định 82/2018 quy định gì về KCN Hiệp Phước?") == ["Hiệp Phước"]
    assert question_names("Thạch cao được bán cho nhà máy nào?") == []
    # Each sentence's first word, and an ordinary noun's first word ("Thông" of "Thông tư").
    two = "Khung quốc tế đánh giá theo những nhóm nào? Bên Thông tư 05/2025 mã hóa các nhóm đó ra sao?"
    assert question_names(two) == []
    assert question_names("Kalundborg có gì? Ulsan Mipo thì sao?") == ["Kalundborg", "Ulsan Mipo"]
    # A first word before a formula is no name's first word ("Lượng" of "Lượng CO2").
    assert question_names("Lượng CO2 giảm được ở Kalundborg là bao nhiêu?") == ["CO2", "Kalundborg"]


def test_unmentioned_names_are_accent_abbreviation_and_language_tolerant():
    texts = ["Korean national EIP programme: Ulsan Mipo, COP 26", "khu công nghiệp Hiệp Phước năm 2022"]
    assert unmentioned_names("Ở Hàn Quốc, Ulsan có bao nhiêu dự án?", texts) == []
    assert unmentioned_names("cong sinh o KCN Hiep Phuoc nam 2022", texts) == []
    assert unmentioned_names("Cam kết tại COP26 là gì?", texts) == []
    assert unmentioned_names("", texts, names=["Ulsan", "Hiep Phuoc", "Kalundborg"]) == ["Kalundborg"]
    assert unmentioned_names("KCN VSIP Bắc Ninh có bao nhiêu doanh nghiệp năm 2020?", texts) == [
        "VSIP Bắc Ninh"
    ]
    # A name of three capitalised words or more is also written by its initials.
    emf = ["Annual combined benefits (EMF case study, based on Kalundborg Symbiosis data): 635,000 t CO2"]
    assert unmentioned_names("Theo Ellen MacArthur Foundation, Kalundborg giảm bao nhiêu CO2?", emf) == []
    assert unmentioned_names("Theo Ellen MacArthur, Kalundborg giảm bao nhiêu CO2?", emf) == ["Ellen MacArthur"]
    # Another abbreviation of the same long form: the question's "TPHCM" is the source's "TP.HCM".
    assert unmentioned_names("Khu công nghệ cao TPHCM có bao nhiêu DN?", ["Khu Công nghệ cao Tp.HCM"]) == []
    # An office in English is its Vietnamese abbreviation too: "CEO" is the source's "TGĐ".
    shinec = ["Chủ đầu tư: Công ty Cổ phần Shinec; Chủ tịch HĐQT kiêm TGĐ: ông Phạm Hồng Điệp"]
    assert unmentioned_names("Who is the Chairman and CEO of Shinec?", shinec, language="en") == []
    # The city's former name, in either language; an abbreviated month is no name.
    hi_tech = ["Tới dự buổi lễ tại Khu Công nghệ cao Tp.HCM có Trưởng Ban Quản lý"]
    assert unmentioned_names("Who heads the Saigon Hi-Tech Park?", hi_tech, language="en") == []
    assert unmentioned_names("Ai đứng đầu Khu công nghệ cao Sài Gòn?", hi_tech) == []
    assert unmentioned_names("Who heads the Hi-Tech Park in HCMC?", hi_tech, language="en") == []
    assert unmentioned_names("How many sessions did the Nov 2018 workshop have?", hi_tech, language="en") == []


def test_preprocessor_translates_vietnamese_questions_for_bm25_only():
    out = QueryPreprocessor(None).run(question="Thạch cao ở Kalundborg được bán cho nhà máy nào?")
    assert "gypsum" in out["translations"] and "gypsum" in out["bm25_tokens"]
    assert "gypsum" not in out["dense_query"]
    assert out["names"] == ["Kalundborg"]
    assert QueryPreprocessor(None).run(question="Which plant buys the gypsum?")["translations"] == []


def test_an_abbreviated_term_is_translated_whole_and_each_english_word_counts_once():
    from kb.query.terms import abbreviations_in_place

    assert abbreviations_in_place("KCN sinh thái ở KCN Hiệp Phước") == (
        "khu công nghiệp sinh thái ở khu công nghiệp Hiệp Phước",
        ["khu công nghiệp"],
    )
    out = QueryPreprocessor(None).run(question="Khung quốc tế về KCN sinh thái do tổ chức nào xây dựng?")
    # "KCN sinh thái" is an eco-industrial park, not any industrial zone or complex.
    assert "eco-industrial park" in out["translations"]
    assert not {"industrial zone", "industrial complex"} & set(out["translations"])
    # The alternatives' shared words are searched once, as one word of the question.
    assert out["bm25_tokens"].count("industrial") == 1


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("Tình thế cấp thiết là gì?", "tình thế cấp thiết"),
        ('Định nghĩa của "Người lao động"?', "người lao động"),
        ("Theo Bộ luật Dân sự 2015, lợi tức được hiểu như thế nào?", "lợi tức"),
        ("Thế nào là khu công nghiệp sinh thái?", "khu công nghiệp sinh thái"),
        ("khu cong nghiep sinh thai la gi", "khu cong nghiep sinh thai"),
        # The reverse question asks for the term, and a long clause is no term.
        ("Tài sản mà chủ sở hữu đã từ bỏ quyền sở hữu được gọi là gì?", None),
        ("chuyen gia ky thuat quoc gia cua UNIDO o hoi thao Hiep Phuoc ten la gi", None),
        ("Ai là trưởng ban quản lý?", None),
    ],
)
def test_definition_term(question, term):
    assert definition_term(question) == term


def test_defines_needs_the_term_to_open_a_clause():
    article = (
        "Điều 2. Giải thích từ ngữ\n1. Khu công nghiệp là khu vực …\n2. Khu công nghiệp sinh thái là khu …"
    )
    assert defines(article, "khu công nghiệp sinh thái")
    assert defines(article, "khu cong nghiep sinh thai")  # typed without diacritics
    assert not defines("Bảo vệ khu công nghiệp sinh thái là nhiệm vụ chung.", "khu công nghiệp sinh thái")
    assert not defines(article, "tình thế cấp thiết")


@pytest.mark.parametrize(
    ("question", "units"),
    [
        ("Đến nay cả nước có bao nhiêu KCN đã được cấp Giấy chứng nhận?", ["kcn"]),
        ("How many employees work at the Gyproc plant?", ["employees"]),
        ("giam duoc bao nhieu CO2 moi nam", ["co2"]),
        ("Trạm xử lý có công suất bao nhiêu m3/ngày đêm?", ["m3"]),
        ("tối thiểu bao nhiêu phần trăm diện tích đất", ["%"]),
        # The total quoted before what is counted: "bao nhiêu trong số 41 giải pháp".
        ("Đã có bao nhiêu trong số 41 giải pháp được thực hiện?", ["giai phap"]),
        ("How many of the 90 companies cut their costs?", ["companies"]),
        # "cơ hội" is not "có" (has), which ends what is counted.
        ("Hội thảo xác định được bao nhiêu cơ hội cộng sinh?", ["co hoi"]),
        ("Có bao nhiêu doanh nghiệp có kế hoạch tham gia?", ["doanh nghiep"]),
        ("hoi thao xac dinh duoc bao nhieu co hoi cong sinh", ["co hoi"]),  # typed without diacritics
        # Not a counted noun: "bao nhiêu và từ những nguồn nào".
        ("Phần viện trợ là bao nhiêu và từ những nguồn nào?", []),
    ],
)
def test_quantity_units_name_what_is_counted(question, units):
    assert quantity_units(question) == units


def test_counts_unit_needs_a_number_of_that_unit():
    assert counts_unit("tham du co gan 200 dai bieu", "dai bieu")
    assert counts_unit("giam 635,000 t co2 moi nam", "co2")  # one short word between
    assert counts_unit("150,000 t fgd gypsum reused", "gypsum")  # two short words between
    assert counts_unit("danh toi thieu 25% dien tich", "%")
    assert counts_unit("tiet kiem 32,86 ty dong", "tien")  # money: any currency
    assert not counts_unit("cac dai bieu da thao luan nam 2023", "dai bieu")
    assert not counts_unit("du an do seco tai tro", "tien")
    assert mentions_unit("cac dai bieu da thao luan", "dai bieu")
    assert unit_words("Hội thảo có bao nhiêu đại biểu?", "dai bieu") == "đại biểu"


def test_named_instruments_are_numbers_not_months():
    named = named_instruments("Theo Nghị định 35/2022/NĐ-CP, tại hội thảo tháng 11/2018 …")
    assert [(i.key, i.text, i.kind) for i in named] == [("35/2022/nd-cp", "35/2022/NĐ-CP", "decree")]
    assert named[0].certain
    # A bare number without a kind may be a date range or a score: not certain.
    (bare,) = named_instruments("giai đoạn 82/2018 là gì")
    assert not bare.certain
    assert named_instruments("ngày 15/7/2022 có gì") == []
    assert mentions_instrument("Nghị định số 82/2018/NĐ-CP ngày 22/5/2018", "82/2018")
    assert mentions_instrument("Thông tư 5/2025/TT-BKHĐT", "05/2025")
    assert not mentions_instrument("Nghị định 182/2018", "82/2018")


def test_a_kind_typed_against_the_number_names_the_instrument():
    out = QueryPreprocessor(None).run(question="nd82/2018 con hieu luc khong, bi thay boi van ban nao?")
    assert out["question"].startswith("nd 82/2018 con hieu luc")
    (named,) = named_instruments(out["question"])
    assert (named.key, named.kind) == ("82/2018", "decree")
    assert with_spaced_numbers("NĐ35 và TT05/2025 quy định gì?") == "NĐ 35 và TT 05/2025 quy định gì?"
    # Not a word that merely ends in those letters, nor a date.
    assert with_spaced_numbers("Standard 2020, ngày 15/7/2022") == "Standard 2020, ngày 15/7/2022"


def test_english_inflections_match_without_merging_vietnamese_syllables():
    from kb.answer.evidence import _stem_alternatives, english_stem

    assert english_stem("industries") == "industri" and ("industri",) in _stem_alternatives(("industry",))
    assert english_stem("consumed") == "consum" and ("consum",) in _stem_alternatives(("consume",))
    assert english_stem("exchanges") == english_stem("exchange"[:-1] + "es") == "exchang"
    assert english_stem("process") == "process" and english_stem("processes") == "process"
    # Vietnamese syllables never end in s, d or "ing": folded or not, they stay as they are.
    assert [english_stem(s) for s in ("nghiep", "thong", "nghe", "công", "ulsan")] == [
        "nghiep", "thong", "nghe", "công", "ulsan"
    ]


def test_the_noun_a_question_asks_about():
    from kb.query.answer_types import focus_words

    assert focus_words("Phiên thứ năm của hội thảo bàn về chủ đề gì?") == {"chu", "de"}
    assert focus_words("Những phòng nào của HEPZA cử người dự hội thảo?") == {"phong"}
    assert focus_words("KCN Nam Cầu Kiền trải trên bao nhiêu xã?") == {"xa"}
    assert focus_words("Which parks were chosen as pilots?") == {"parks"}
    # "X là gì?" asks about all of X: no word of it weighs more.
    assert focus_words("Tiêu chí xác định KCN sinh thái là gì?") == set()


@pytest.mark.parametrize(
    ("question", "language", "reworded"),
    [
        ("KCN Nam Cầu Kiền rộng bao nhiêu?", "vi", "KCN Nam Cầu Kiền có diện tích bao nhiêu?"),
        ("Năm 2003 Ulsan có bao nhiêu dân?", "vi", "Năm 2003 Ulsan có dân số bao nhiêu?"),
        ("Ai trả tiền cho dự án?", "vi", "Ai tài trợ cho dự án?"),
        ("nam cau kien rong bao nhieu", "vi", "nam cau kien co dien tich bao nhieu"),  # stays unaccented
        ("How big is Onsan?", "en", "How large is Onsan?"),
        ("Who paid for the project?", "en", "Who funded the project?"),
        # A fraction is the percentage the documents write ("tối thiểu 25% diện tích đất").
        ("What must at least a quarter of the land be used for?", "en", "What must at least 25% of the land be used for?"),
        ("ong ay giu chuc vu gi?", "vi", "ong ay la ai?"),  # the sources give a position after the name
        ("Hội thảo có chừng bao nhiêu người?", "vi", "Hội thảo có khoảng bao nhiêu người?"),
        ("Hội thảo ở Hiệp Phước có mục đích gì?", "vi", "Hội thảo ở Hiệp Phước nhằm mục đích gì?"),
        (
            "Buổi khởi động hồi tháng 6/2018 có bao nhiêu công ty tới góp mặt?",
            "vi",
            "Buổi khởi động tháng 6/2018 có bao nhiêu công ty tới dự?",
        ),
        # "nhân rộng" (to replicate) is not asked as an area; nothing else changes.
        ("Mô hình được nhân rộng ở đâu?", "vi", "Mô hình được nhân rộng ở đâu?"),
        # What holds someone back is the difficulties they meet ("khó khăn", "rào cản" in the sources).
        (
            "What's holding companies in Hiep Phuoc back from doing industrial symbiosis?",
            "en",
            "What are the difficulties of companies in Hiep Phuoc in doing industrial symbiosis?",
        ),
        ("What holds firms back?", "en", "What are the difficulties of firms?"),
        ("ai đứng ra tổ chức hội thảo?", "vi", "ai tổ chức hội thảo?"),
        ("Who is holding the workshop?", "en", "Who is holding the workshop?"),
    ],
)
def test_everyday_wordings_become_the_documents_wording(question, language, reworded):
    assert in_documents_wording(question, language) == reworded


def test_an_area_is_counted_in_area_units():
    assert quantity_units("KCN Nam Cầu Kiền có diện tích bao nhiêu?") == [AREA]
    assert quantity_units("How large is Onsan?") == [AREA]
    assert quantity_units("Diện tích cây xanh chiếm bao nhiêu?") == []  # a share, not an area
    assert quantity_units("How large was the grant portion of the project?") == []  # money, not an area
    assert quantity_units("Diện tích đất bao nhiêu ha?") == ["ha"]
    assert counts_unit("dien tich quy hoach 263 ha, tren dia ban 4 xa", AREA)
    assert counts_unit("onsan (1,524 ha: non-ferrous metals)", AREA)
    assert not counts_unit("tren 40% dien tich dat danh cho cong vien", AREA)
    # The preprocessor searches and answers the documents' wording.
    assert QueryPreprocessor().run("KCN Nam Cầu Kiền rộng bao nhiêu?")["question"] == (
        "KCN Nam Cầu Kiền có diện tích bao nhiêu?"
    )


def test_how_much_measures_the_noun_before_the_verb():
    assert quantity_units("How much flue-gas desulphurisation gypsum was reused at Kalundborg in 2010?") == ["gypsum"]
    assert quantity_units("How much surface water was used?") == ["water"]
    assert quantity_units("How much CO2 did they cut per year?") == ["co2"]
    # "symbiosis" ends in s without being a plural: the plural noun after it is what is counted.
    assert quantity_units("How many symbiosis solutions were proposed?") == ["symbiosis solutions"]
    # Up to two short words between the number and the noun, when counting as when finding it.
    text = "2010 results: 150,000 t fgd gypsum reused"
    assert counts_unit(text, "gypsum") and counted_numbers(text, "gypsum") == {"150000"}


def test_a_capacity_is_counted_in_power_units():
    assert quantity_units("Nha may dien o Kalundborg cong suat bao nhieu?") == [POWER]
    assert quantity_units("Nhà máy điện Asnæs có công suất bao nhiêu MW?") == ["mw"]  # the unit named
    assert counts_unit("asnaes power station (largest coal-fired plant in denmark; 1,500 mw per [k6])", POWER)
    assert not counts_unit("surplus heat from the power plant heats ~3,500 homes", POWER)
    # A capacity over an area is a capacity.
    assert quantity_units("Công suất điện mặt trời trên diện tích mái là bao nhiêu?") == [POWER]


def test_a_which_company_question_asks_for_an_organisation_named_in_the_answer():
    assert answer_kind("Chủ đầu tư KCN Nam Cầu Kiền là công ty nào?") == "organisation"
    assert answer_kind("Which company buys the gypsum?") == "organisation"
    assert answer_kind("Ai tài trợ dự án?") == "person"  # as before: a who-question
    assert answer_type_match("- Chủ đầu tư: Công ty Cổ phần Shinec (thành lập 2001).", "organisation") == 1.0
    assert answer_type_match("sold to Gyproc wallboard plant", "organisation") == 1.0
    # Vietnamese syllables name places more often than firms; a formula is no name.
    assert answer_type_match("KCN sinh thái đầu tiên ở Việt Nam, do người Việt Nam làm chủ đầu tư.", "organisation") == 0.0
    assert answer_type_match("Gypsum (SO2 + CaCO3 → CaSO4).", "organisation") == 0.0
    # Charter capital is an amount of money.
    assert question_shape("Công ty Cổ phần Shinec có vốn điều lệ bao nhiêu?").kind == "amount"
    # "What did it cost to build …?" asks an amount of money as "how much" does.
    assert question_shape("What did it cost to build the 1961 pipeline from Lake Tissø?").kind == "amount"
    assert question_shape("What did the workshop discuss?").kind != "amount"


def test_a_name_may_open_a_vietnamese_question():
    # The first word is capitalised anyway: a name when the next word is capitalised too, or when no
    # Vietnamese syllable spells it (tests/test_referents.py).
    assert question_names("Hàn Quốc khởi động chương trình KCN sinh thái quốc gia năm nào?") == ["Hàn Quốc"]
    assert question_names("Theo Ellen MacArthur Foundation, Kalundborg giảm bao nhiêu nước?") == [
        "Ellen MacArthur Foundation",
        "Kalundborg",
    ]
    assert question_names("Kalundborg có bao nhiêu đối tác?") == ["Kalundborg"]
    assert question_names("Hải có bao nhiêu đối tác?") == []


def test_the_first_syllables_of_a_capitalised_common_noun_are_no_names():
    # "Trung tâm Cộng sinh Kalundborg": an English source never writes "Trung" or "Cộng", and
    # counting them as names missing from it ranked it below every Vietnamese report.
    question = "Theo người đứng đầu Trung tâm Cộng sinh Kalundborg năm 2015, động lực chính là gì?"
    assert question_names(question) == ["Kalundborg"]
    assert question_names("Bộ Kế hoạch và Đầu tư hỗ trợ KCN Hiệp Phước thế nào?") == ["Hiệp Phước"]
    # After a form of address or a place word, one syllable is a name.
    assert question_names("Theo ông Quân, dự án đạt kết quả gì?") == ["Quân"]
    assert question_names("Dự án có hoạt động tại Huế không?") == ["Huế"]


def test_a_short_vietnamese_unit_is_counted_in_english_sources():
    assert "year" in unit_forms("nam") and "tonnes" in unit_forms("tan")
    assert counts_unit("launched a 15-year national programme", "year")
    assert counts_unit("over 3 years", "year")


def test_an_organisation_s_vietnamese_name_matches_its_english_form_and_initials():
    forms = name_forms("Quỹ Ellen MacArthur")
    assert "ellen macarthur foundation" in forms and "emf" in forms  # the case study writes "EMF"
    # A verb after what is counted ends it: "bao nhiêu người tham gia" counts people.
    assert quantity_units("Hội thảo có chừng bao nhiêu người tham gia?") == ["nguoi"]


def test_a_name_is_translated_as_a_whole_never_by_its_parts():
    assert "korea" in name_forms("Hàn Quốc")
    # "Symbiosis" alone is "cộng sinh", which every Vietnamese report mentions: not this name.
    assert name_forms("Kalundborg Symbiosis") == ("kalundborg symbiosis",)
    assert unmentioned_names("", ["Hội thảo về cộng sinh công nghiệp"], names=["Kalundborg Symbiosis"])
    # A place's kind is no part of its name: "Ho Chi Minh City" is "TP. Hồ Chí Minh", "TP.HCM".
    assert {"ho chi minh", "hcm"} <= set(name_forms("Ho Chi Minh City"))


def test_english_counts_the_plural_noun_asked_and_units_written_as_symbols_or_words():
    assert quantity_units("How many industrial park infrastructure developers took part?") == ["developers"]
    assert quantity_units("How much water did Kalundborg Symbiosis save?") == ["water"]  # not "symbiosis"
    assert counts_unit("a 15-year programme in three stages", "stages")
    # "Is Vietnam planning a law …": what the sources say "dự kiến", not "kế hoạch" (in every "Bộ Kế hoạch và
    # Đầu tư" sentence).
    assert "dự kiến" in translate_terms("Is Vietnam planning a dedicated law?")
    assert "kế hoạch" not in translate_terms("Is Vietnam planning a dedicated law?")
    # "Điều" is an article before its number only: "Điều gì khiến …" asks what made something happen.
    assert ["article"] in english_equivalents("Điều 42 quy định gì?")
    assert ["article"] not in english_equivalents("Điều gì khiến Ulsan phải cải tạo các KCN?")
    assert english_equivalents("khoản vay ưu đãi") == []
    # Renovating industrial parks is a domain term both ways ("cải tạo các KCN thành KCN sinh thái").
    assert ["renovation", "renovating", "renovate", "renovated"] in english_equivalents("cải tạo các KCN")
    # "how many phases" is counted by "three stages": both are "giai đoạn".
    assert {"stages", "phase"} <= set(unit_forms("phases"))
    assert english_synonyms("companies") and "company" in english_synonyms("companies")
    assert english_synonyms("giai đoạn") == []  # English words only
    assert "t" in unit_forms("tonnes")  # "635,000 t CO2"
    assert "viet nam" in name_forms("Vietnam")


def test_a_count_of_people_in_a_report_on_another_place_does_not_answer():
    from tiny_index import retrieved, tiny_snapshot

    from kb.answer.extractive_answerer import ExtractiveAnswerer

    snapshot = tiny_snapshot(
        {
            "kal": ({"kind": "case-study", "title": "Kalundborg Symbiosis"}, "Asnæs power station (1,500 MW) sells steam to Novo Nordisk."),
            "vn": ({"kind": "case-study", "title": "Dự án KCN sinh thái"}, "Hơn 3.100 cán bộ quản lý, kỹ thuật được đào tạo."),
        }
    )
    answer = ExtractiveAnswerer(snapshot).run(
        question="How many employees work at the Asnæs power station in Kalundborg?",
        language="en",
        documents=retrieved(snapshot, list(range(len(snapshot.chunks))), dense=0.9),
    )["answer"]
    assert answer.refused, answer.answer


def test_titled_names_are_the_capitalised_words_after_a_title():
    assert titled_names("Hội thảo do ông Lê Thành Quân, Vụ trưởng, chủ trì.") == ["Lê Thành Quân"]
    # A dash glued to the name ends it, as a spaced one does.
    assert titled_names("Ông Lê Xuân Thịnh- Phó giám đốc VNCPC phát biểu.") == ["Lê Xuân Thịnh"]
    assert titled_names("Chủ tịch HĐQT kiêm TGĐ: ông Phạm Hồng Điệp [N2].") == ["Phạm Hồng Điệp"]
    assert titled_names("ông ấy giữ chức vụ gì") == []  # lower-case words are no name


def test_a_term_joined_to_a_name_by_a_hyphen_is_translated():
    assert "tài trợ" in translate_terms("Which parks did the SECO-funded project pilot?")
    # Not a term joined to a lower-case word: "eco-industrial park" is one term, not "industrial park".
    assert translate_terms("eco-industrial park") == ["khu công nghiệp sinh thái"]


def test_a_workshop_and_a_law_named_in_english_reach_their_vietnamese_wording():
    # "the closing workshop" is the project's "hội thảo tổng kết", not a closing ceremony ("bế mạc").
    terms = translate_terms("At the closing workshop, when was the Law on Industrial Parks and Economic Zones expected?")
    assert "hội thảo tổng kết" in terms and "bế mạc" not in terms and "khu kinh tế" in terms


def test_a_vietnamese_administrative_term_reaches_its_english_wording():
    assert "metropolitan city" in translate_terms_to_english("ulsan tro thanh thanh pho truc thuoc trung uong nam nao")


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (
            "What holds firms back? I need the main difficulties for a training slide.",
            "What holds firms back? I need the main difficulties.",
        ),
        ("Cần trích dẫn cho công văn: tiêu chí nằm ở điều mấy?", "tiêu chí nằm ở điều mấy?"),
        ("Vì sao gọi là KCN sinh thái? Cần mấy ý chính cho slide tập huấn.", "Vì sao gọi là KCN sinh thái? Cần mấy ý chính."),
        ("vi sao goi la kcn sinh thai, de lam bai giang", "vi sao goi la kcn sinh thai,"),
        # A training asked about stays.
        ("Buổi tập huấn ở Hiệp Phước hướng dẫn gì?", "Buổi tập huấn ở Hiệp Phước hướng dẫn gì?"),
        ("What was presented in the training session?", "What was presented in the training session?"),
        ("What was said in the presentation on symbiosis?", "What was said in the presentation on symbiosis?"),
    ],
)
def test_what_the_asker_will_do_with_the_answer_is_not_asked_about(question, asked):
    assert without_asker_purpose(question) == asked
    # It is not searched either: "tập huấn" / "training" would find the training session.
    prepared = QueryPreprocessor(None).run(question=question)
    assert ("tập huấn" in prepared["question"]) == ("tập huấn" in asked)


def test_a_park_developed_by_a_company_is_its_developer():
    # "Which company developed Nam Cau Kien" is answered by "Chủ đầu tư: Công ty Cổ phần Shinec".
    options = [o for group in vietnamese_equivalents("Which company developed Nam Cau Kien industrial park?") for o in group]
    assert "chủ đầu tư" in options and "phát triển" in options, options
