"""Status questions ("còn hiệu lực không?") are recognised and answered from the register.

The answers over real indexes (demo corpus + an ingested decree) are tested in test_ask.py;
here: recognising the question, and the register logic on an index that holds only a register.
"""

from __future__ import annotations

import pytest

from kb.answer.cited_answer import format_date
from kb.answer.instrument_status import InstrumentStatus, status_request
from kb.index.snapshot import IndexSnapshot


@pytest.mark.parametrize(
    ("question", "numbers", "kind", "asks_date"),
    [
        (
            "Nghị định 82/2018/NĐ-CP bị thay thế bởi văn bản nào và từ ngày nào?",
            ("82/2018/nd-cp",),
            "decree",
            True,
        ),
        ("nghi dinh 82/2018 con hieu luc khong", ("82/2018",), "decree", False),
        ("Is Decree 82/2018 still in force?", ("82/2018",), "decree", False),
        ("thong tu 5/2025/TT-BKHDT co hieu luc tu ngay nao", ("05/2025/tt-bkhdt",), "circular", True),
        ("When did Decree 35/2022 take effect?", ("35/2022",), "decree", True),
        ("Nghị định 35/2022 thay thế nghị định nào?", ("35/2022",), "decree", False),
        ("Nghị định 35/2022 có thay thế Nghị định 82/2018 không?", ("35/2022", "82/2018"), "decree", False),
        ("Văn bản 82/2018 đã hết hiệu lực chưa?", ("82/2018",), None, False),
        ("Can we still cite Decree 82/2018 as the current legal basis?", ("82/2018",), "decree", False),
        ("NĐ 82/2018 còn dùng được không?", ("82/2018",), "decree", False),
    ],
)
def test_status_questions_are_recognised(question, numbers, kind, asks_date):
    request = status_request(question)
    assert request is not None
    assert request.numbers == numbers
    assert request.kind == kind
    assert request.asks_date is asks_date


@pytest.mark.parametrize(
    "question",
    [
        "Nghị định 82/2018 quy định gì về KCN sinh thái?",  # content, not status
        "Điều 4 Nghị định 35/2022 còn hiệu lực không?",  # a provision: looked up instead
        "Khu công nghiệp sinh thái là gì?",
        "Quy định nào về KCN sinh thái đang có hiệu lực?",  # no instrument named
        "Quy định áp dụng từ ngày 15/7/2022 còn hiệu lực không?",  # a date, not a legal number
    ],
)
def test_other_questions_are_not_status_questions(question):
    assert status_request(question) is None


def _register_only(**instruments: dict[str, str]) -> IndexSnapshot:
    return IndexSnapshot.empty(meta={"instruments": instruments})


REGISTER = {
    "10/2015/NĐ-CP": {
        "number": "10/2015/NĐ-CP",
        "kind": "decree",
        "issued": "2015-01-10",
        "effective": "2015-03-01",
        "status": "replaced-by: 20/2019/NĐ-CP",
    },
    "20/2019/NĐ-CP": {
        "number": "20/2019/NĐ-CP",
        "kind": "decree",
        "effective": "2019-06-01",
        "status": "replaced-by: 30/2023/NĐ-CP",
    },
    "30/2023/NĐ-CP": {
        "number": "30/2023/NĐ-CP",
        "kind": "decree",
        "effective": "2023-07-01",
        "status": "in-force",
    },
    "10/2015/TT-BTC": {"number": "10/2015/TT-BTC", "kind": "circular", "effective": "", "status": "unknown"},
}


def test_replacement_chain_ends_at_the_instrument_in_force():
    snapshot = _register_only(**REGISTER)
    answer = InstrumentStatus(snapshot).run(
        question="Nghị định 10/2015 còn hiệu lực không?", language="vi")["answer"]
    assert not answer.refused
    first = answer.answer.split("\n")[0]
    assert first.startswith(
        "Nghị định 10/2015/NĐ-CP không còn hiệu lực: đã được thay thế bởi Nghị định 20/2019/NĐ-CP"
    )
    assert "có hiệu lực từ ngày 1/6/2019" in first
    assert "văn bản hiện hành là Nghị định 30/2023/NĐ-CP" in first
    # "Thông tư 10/2015" shares the number's first part: the question said "Nghị định".
    assert "Thông tư" not in first
    assert answer.citations == []  # nothing but the register: nothing to cite, and the note says so
    assert "danh mục văn bản pháp luật" in answer.answer


def test_unrecorded_status_and_unknown_instruments_are_refused_saying_why():
    snapshot = _register_only(**REGISTER)
    status = InstrumentStatus(snapshot)
    unrecorded = status.run(question="Thông tư 10/2015 còn hiệu lực không?", language="vi")
    assert unrecorded["answer"].refused
    assert "không ghi tình trạng hiệu lực của Thông tư 10/2015/TT-BTC" in unrecorded["answer"].answer
    unknown = status.run(question="Is Decree 99/2020 still in force?", language="en")
    assert unknown["answer"].refused
    assert "has no record of Decree 99/2020" in unknown["answer"].answer
    assert "Decree 30/2023/NĐ-CP" in unknown["answer"].answer  # what it does know
    assert status.run(question="Kalundborg là gì?", language="vi")["answer"] is None


def test_english_status_answer_and_what_an_instrument_replaced():
    snapshot = _register_only(**REGISTER)
    answer = InstrumentStatus(snapshot).run(
        question="When did Decree 30/2023 take effect?", language="en")["answer"]
    assert not answer.refused
    assert answer.answer.startswith("Decree 30/2023/NĐ-CP is in force since 1 July 2023 (1/7/2023).")
    assert "It replaces Decree 20/2019/NĐ-CP." in answer.answer


def test_dates_are_written_the_way_each_language_writes_them():
    assert format_date("2022-07-15", "vi") == "15/7/2022"
    assert format_date("2022-07-15", "en") == "15 July 2022 (15/7/2022)"
    assert format_date("", "vi") == ""
    assert format_date("2022-13-01", "en") == "2022-13-01"
