"""A value beside a name in a list belongs to that name (kb/answer/name_scope.py), on tiny indexes."""

from __future__ import annotations

from tiny_index import retrieved, tiny_snapshot

from kb.answer.extractive_answerer import ExtractiveAnswerer
from kb.answer.name_scope import NAMED_VALUE_BONUS, holds_own_value, list_item, prefer_named_values
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.question_shape import question_shape

PARTNERS = (
    "Classic partners: Asnaes power station (coal-fired; 1,500 MW), Statoil refinery, Novo Nordisk, Gyproc "
    "(plasterboard), plus the municipality.\n\n"
    "Pilots, e.g., Banwol & Sihwa (3,180 ha; ~5,400 SMEs: textiles, dyeing), Ulsan Mipo (4,033 ha: automobiles) "
    "and Onsan (1,524 ha: non-ferrous metals).\n\n"
    "Steam networking (Hyosung Yongyeon plants: PP plant since 1991 – 300,000 t/yr; TPA plant – 420,000 t/yr; "
    "450 employees) shows symbiosis as an advantage."
)


def _ask(snapshot, question, language="en"):
    rows = list(range(len(snapshot.chunks)))
    return ExtractiveAnswerer(snapshot).run(
        question=question, language=language, documents=retrieved(snapshot, rows, dense=0.9)
    )["answer"]


def test_the_list_item_a_name_heads():
    text = PARTNERS.split("\n\n")[0]
    statoil = list_item(text, text.index("Statoil"), text.index("Statoil") + 7)
    assert statoil is not None and statoil[0] == "Statoil refinery"
    asnaes = list_item(text, text.index("Asnaes"), text.index("Asnaes") + 6)
    assert asnaes is not None and asnaes[0].startswith("Asnaes power station (coal-fired; 1,500 MW)")
    size = question_shape("How large is Onsan?")
    pilots = PARTNERS.split("\n\n")[1]
    assert holds_own_value(pilots, "Onsan", size) and not holds_own_value(text, "Statoil", size)
    # A name introducing the list heads no item of it.
    steam = PARTNERS.split("\n\n")[2]
    assert list_item(steam, steam.index("Hyosung"), steam.index("Hyosung") + 7) is None


def test_a_figure_of_another_item_does_not_answer_for_a_name_listed_beside_it():
    snapshot = tiny_snapshot({"cs": ({"kind": "case-study", "title": "Symbiosis case studies"}, PARTNERS)})
    # A place said as where the thing asked is ("at Kalundborg") is not what is asked about.
    plus = PARTNERS.replace("plus the municipality", "plus Kalundborg municipality")
    at = tiny_snapshot({"cs": ({"kind": "case-study", "title": "Symbiosis case studies"}, plus)})
    station = _ask(at, "What is the capacity of the power station at Kalundborg?")
    assert not station.refused and "1,500 MW" in station.answer, station.answer
    statoil = _ask(snapshot, "What is the processing capacity of the Statoil refinery?")
    assert statoil.refused and "“Statoil”" in statoil.answer, statoil.answer
    # The item asked and a place named after "in" are not a group asked together.
    inside = _ask(at, "What is the processing capacity of the Statoil refinery in the Kalundborg symbiosis?")
    assert inside.refused, inside.answer
    asnaes = _ask(snapshot, "What is the capacity of the Asnaes power station?")
    assert not asnaes.refused and "1,500 MW" in asnaes.answer, asnaes.answer
    onsan = _ask(snapshot, "How many SMEs are located in Onsan?")
    assert onsan.refused and "“Onsan”" in onsan.answer, onsan.answer
    banwol = _ask(snapshot, "How many SMEs are located in Banwol & Sihwa?")
    assert not banwol.refused and "5,400 SMEs" in banwol.answer, banwol.answer
    # Asked two things, one of which its own item gives: answered.
    both = _ask(snapshot, "How large is Onsan and how many SMEs does it host?")
    assert not both.refused and "1,524 ha" in both.answer, both.answer
    # The name introduces the list: the whole list is about it.
    staff = _ask(snapshot, "How many employees do the Hyosung Yongyeon plants have?")
    assert not staff.refused and "450 employees" in staff.answer, staff.answer


def test_a_clause_cut_by_commas_is_no_list_of_values():
    text = "In 2005, South Korea launched a national eco-industrial park programme, then scaled it up."
    snapshot = tiny_snapshot({"kr": ({"kind": "case-study", "title": "Korean programme"}, text)})
    answer = _ask(snapshot, "In what year did South Korea launch its national eco-industrial park programme?")
    assert not answer.refused and "2005" in answer.answer, answer.answer


def test_organisers_listed_together_decide_nothing():
    text = "Nhiệm vụ đánh giá lại (11/2020–11/2021, SECO; đối tác SOFIES, VNCPC, CL2B): khảo sát 12 giải pháp cộng sinh."
    snapshot = tiny_snapshot({"vn": ({"kind": "case-study", "title": "Dự án KCN sinh thái"}, text)})
    answer = _ask(snapshot, "Nhiệm vụ đánh giá lại do SECO tài trợ khảo sát bao nhiêu giải pháp cộng sinh?", "vi")
    assert not answer.refused and "12 giải pháp" in answer.answer, answer.answer


def test_names_asked_as_a_group_take_the_value_of_their_list():
    text = (
        "Đến nay, Dự án đã hỗ trợ được 90 doanh nghiệp với 663 giải pháp RECP tại 3 khu công nghiệp Hiệp Phước "
        "(TP.HCM), Amata (Đồng Nai) và Đình Vũ (Hải Phòng), trong đó 217 giải pháp đã được thực hiện."
    )
    snapshot = tiny_snapshot({"ws": ({"kind": "workshop", "title": "Hội thảo tổng kết"}, text)})
    group = _ask(snapshot, "Trong các giải pháp RECP ở Hiệp Phước, Amata và Đình Vũ, bao nhiêu giải pháp đã được thực hiện?", "vi")
    assert not group.refused and "217 giải pháp" in group.answer, group.answer
    # Typed without diacritics, the same.
    plain = _ask(snapshot, "Trong cac giai phap RECP du an de xuat o Hiep Phuoc, Amata va Dinh Vu, bao nhieu giai phap da duoc thuc hien?", "vi")
    assert not plain.refused and "217 giải pháp" in plain.answer, plain.answer


def test_the_sentence_giving_the_name_its_own_value_leads():
    text = (
        "Korean national EIP programme: in 2005 South Korea launched a 15-year eco-industrial park programme "
        "for aged industrial complexes.\n\n"
        "Early pilot set-up: six industrial parks/complexes as pilots, e.g., Banwol & Sihwa (3,180 ha; ~5,400 SMEs), "
        "Ulsan Mipo (4,033 ha: automobiles) and Onsan (1,524 ha: non-ferrous metals)."
    )
    snapshot = tiny_snapshot({"kr": ({"kind": "case-study", "title": "Korean programme"}, text)})
    answer = _ask(snapshot, "How large is the Onsan industrial complex, one of Korea's early eco-industrial park pilots?")
    assert not answer.refused and "1,524 ha" in answer.answer, answer.answer


def test_prefer_named_values_raises_only_the_sentence_giving_the_name_its_value():
    context = SentenceCandidate(None, 0, 0, "In 2005 South Korea launched a 15-year programme for old complexes.", 0.7)
    own = SentenceCandidate(None, 0, 1, PARTNERS.split("\n\n")[1], 0.6)
    context.score, own.score = 0.9, 0.8
    question = "How large is the Onsan industrial complex?"
    prefer_named_values(question, question_shape(question), [context, own])
    assert NAMED_VALUE_BONUS > 0 and context.score == 0.9 and own.score == 0.8 + NAMED_VALUE_BONUS
