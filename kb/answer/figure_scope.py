"""Whether the figures found are for what a count or amount question asks: the park or place it
names, and what has been achieved rather than planned.

- :func:`place_value_reason`: a count or amount asked for one park or place ("how many … at
  Amata") when the sentences holding figures give them for other places, or for several parks
  together ("… tại 3 KCN Hiệp Phước, Amata và Đình Vũ");
  or a figure asked for each of several parks ("mỗi KCN Hiệp Phước, Amata, Đình Vũ có bao nhiêu …")
  when the figures are for them together; a park's target is asked like its figure ("What energy
  target has Amata set for 2030?" is not answered by DEEP C's);
- :func:`planned_value_reason`: a figure asked as achieved ("already", "hiện nay", "đến nay") when
  the sentences holding figures state only targets or plans ("Mục tiêu: đến 2030 …", "dự kiến …");
  likewise a goal asked as reached, or a law asked as passed, when only planned (a draft of the kind
  asked answers: not yet).

Each returns the reason to show, or "" when the figures may answer.
"""

from __future__ import annotations

import dataclasses
import re

from kb.answer.citations import text_for
from kb.answer.name_scope import holds_own_value
from kb.answer.qualifier_view import qualifier_view
from kb.answer.refusal_checks import (
    quoted_names,
    relevant_sentences,
    valued_sentences,
)
from kb.answer.sentence_candidates import SentenceCandidate
from kb.index.snapshot import IndexSnapshot
from kb.query.answer_types import holds_date
from kb.query.names import listed_with, name_haystack, place_names, question_names, unmentioned_names
from kb.query.organisations import organisation_abbreviation
from kb.query.places import foreign_place_named, place_named
from kb.query.question_shape import QuestionShape, in_period, relative_period, years_in
from kb.text.legal_vocabulary import KIND_WORDS
from kb.text.normalize import fold_accents

PLACE_CHECKED = ("count", "amount", "date")
NO_PLACE_DATE = {
    "vi": "Các đoạn tìm được không nêu thời điểm riêng cho {names}.",
    "en": "The passages found give no date for {names}.",
}
NO_PLACE_FIGURE = {
    "vi": "Các đoạn tìm được không nêu số liệu riêng cho {names}.",
    "en": "The passages found give no figure for {names} on its own.",
}
TOGETHER = {
    "vi": " Số liệu được nêu chung cho {places}.",
    "en": " The figure given covers {places} together.",
}
NO_EACH_FIGURE = {
    "vi": "Các đoạn tìm được chỉ nêu số liệu chung cho {names}, không nêu riêng từng nơi.",
    "en": "The passages found give one figure for {names} together, not each one's.",
}
# A figure asked for each of the places named: "mỗi KCN …", "từng KCN", "each park", "per park".
_EACH = re.compile(r"\b(?:moi|tung|each|per)\s+(?:kcn|khu cong nghiep|khu|park|industrial park|noi)\b")
# "at Amata industrial park", "at Amata", "Trà Nóc industrial park": the park an English question asks
# about (not "the MPI–UNIDO–SECO" or "the GEIPP eco-industrial park project": its organisers, its
# name; "in Hanoi" often says where an event was, in a spelling the document may not use).
_EN_PLACE = re.compile(
    r"\bat\s+(?:the\s+)?((?:[A-Z][\w&-]*)(?:\s+[A-Z0-9][\w&-]*)*)"
    r"|(?<![\w–-])((?:[A-Z][\w&-]*)(?:\s+[A-Z0-9][\w&-]*)*)\s+(?:industrial (?:park|zone|complex)|eco-industrial park|EIP)\b"
    r"(?!\s+(?:project|programme|program|initiative))"
)
_EVENT_HELD = re.compile(r"\b(?:held|hosted|took place|organi[sz]ed|staged|run)\s*$")  # "kickoff held at …": where
# A name the question insists on the own figure of ("Novo Nordisk itself", "riêng Amata", "bản thân
# Novo Nordisk"): a company as much as a park.
_OWN = re.compile(
    r"((?:[A-ZĐ][\w&-]*)(?:\s+[A-ZĐ0-9][\w&-]*)*)\s+(?:itself|alone|on its own)\b"
    r"|\b(?i:riêng|bản thân)\s+(?:KCN\s+|khu công nghiệp\s+|công ty\s+)?((?:[A-ZĐ][\w&-]*)(?:\s+[A-ZĐ0-9][\w&-]*)*)"
)
# An English question's names that the passages read call parks are places asked (off: measured without).
ENGLISH_PARK_NAMES = True
_NOT_PLACES = frozenset({"vietnam", "viet nam", "vietnamese", "the", "phase", "decree", "circular", "article", "eip", "kcn"})
# What follows a park's name in English: "Hiep Phuoc IZ", "Amata industrial park", "DEEP C IP".
_PARK_WORDS = frozenset({"industrial", "park", "zone", "iz", "ip", "ez", "epz"})
# "at the Nov 2018 workshop", "at the April 2023 closing workshop": a date, not a place.
_MONTH = re.compile(
    r"(?i)(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?$"
)


# A figure for several parks at once ("72 doanh nghiệp ở 4 KCN", "in five parks"): their total, not
# the own figure of a park its heading names.
_SEVERAL_PARKS = re.compile(
    r"(?i)\b(?:[2-9]|\d{2,}|hai|ba|bốn|năm|two|three|four|five|six)\s+"
    r"(?:KCN|khu công nghiệp|(?:eco-)?industrial parks|parks)\b"
)
_PARK_NAMED = re.compile(r"\b(?:KCN|[Kk]hu công nghiệp)[ \t]+((?:[A-ZĐ][\w&-]*)(?:[ \t]+[A-ZĐ0-9][\w&-]*)*)")


def _named_parks(candidates: list[SentenceCandidate], snapshot: IndexSnapshot) -> dict[str, str]:
    """The parks the passages read and their documents' titles name ("KCN Amata", "Khu công nghiệp
    Hiệp Phước"), folded and lower-cased, each with its name as first written (only what was read:
    the cost does not grow with the corpus). Not a short capitalised word after "Khu công nghiệp"
    ("Sinh thái" in a title)."""
    texts = {id(c.document): c.document.content or "" for c in candidates}
    doc_ids = {str(c.document.meta.get("doc_id")) for c in candidates}
    titles = [str(snapshot.documents[d].info.get("title", "")) for d in doc_ids if d in snapshot.documents]
    found: dict[str, str] = {}
    for text in [*texts.values(), *titles]:
        for match in _PARK_NAMED.finditer(text):
            key = fold_accents(match.group(1)).lower()
            if key not in _NOT_PLACES and (" " in key or len(key) > 4):
                found.setdefault(key, match.group(1))
    return found


def passage_parks(candidates: list[SentenceCandidate], snapshot: IndexSnapshot) -> frozenset[str]:
    """The parks the passages read name, folded and lower-cased (:func:`_named_parks`)."""
    return frozenset(_named_parks(candidates, snapshot))


def written_parks(question: str, candidates: list[SentenceCandidate], snapshot: IndexSnapshot) -> list[str]:
    """For a question typed in lower case ("… o hiep phuoc …"): the parks the passages read name
    that it names too, as the passages write them ("Hiệp Phước")."""
    folded = " ".join(fold_accents(question).lower().split())
    named = _named_parks(candidates, snapshot)
    return [name for key, name in named.items() if re.search(rf"\b{re.escape(key)}\b", folded)]


def question_places(question: str, language: str, parks: frozenset[str] = frozenset()) -> list[str]:
    """The parks and places a count or amount question is asked for: "KCN Amata", "ở Hiệp Phước",
    "at Amata industrial park", in English any name ``parks`` holds ("Amata Bien Hoa" for "KCN
    AMATA Biên Hòa"; not the country: every figure of the corpus is Vietnam's), and any
    name whose own figure it insists on ("Novo Nordisk itself", "riêng Amata")."""
    if language != "en":
        names = place_names(question)
        if not names and parks:
            # "Amata đặt mục tiêu … bao nhiêu phần trăm …?" (a switched follow-up): a park the
            # passages name, written without "KCN" before it.
            # Not the source of the figures ("Theo số liệu Amata đưa …", "số liệu AMATA công bố").
            names = [n for n in question_names(question) if _is_park(n, parks) and not _names_source(question, n)]
    else:
        names = [
            (m.group(1) or m.group(2) or "").strip()
            for m in _EN_PLACE.finditer(question)
            if not (m.group(1) and _EVENT_HELD.search(question[: m.start()]))
        ]
        if ENGLISH_PARK_NAMES and parks:
            names += [n for n in question_names(question) if _is_park(n, parks)]
            # "Dinh Vu (DEEP C) - how many …": a park typed first is no sentence word.
            typed = frozenset(fold_accents(n).lower() for n in names)
            names += [p.title() for p in sorted(parks) if _typed_in(p, question) and not _is_park(p, typed)]
    names += [(m.group(1) or m.group(2) or "").strip() for m in _OWN.finditer(question)]
    # Else the place abroad a case study is about ("Ulsan có bao nhiêu doanh nghiệp …?"), in either language.
    names = names or [p for w in re.findall(r"[^\W\d_]+", question) if (p := foreign_place_named(w))]
    keep = []
    for name in names:
        words = name.split()
        while words and fold_accents(words[-1]).lower() in _NOT_PLACES | _PARK_WORDS:
            words.pop()
        # "the IFC-funded eco-industrial park", "a UNIDO-led EIP": a funder, not the park's name.
        words = [] if words and re.search(r"-[a-z]+$", words[-1]) else words
        name = " ".join(words)
        dated = bool(words) and _MONTH.match(words[0]) is not None
        if name and not dated and not re.match(r"\d", name) and fold_accents(name).lower() not in _NOT_PLACES:
            keep.append(name)
    return list(dict.fromkeys(keep))


def _typed_in(name: str, question: str) -> bool:
    """Whether ``question`` names ``name``, however it is typed ("tra noc" for "TRÀ NÓC")."""
    key = " ".join(re.findall(r"\w+", fold_accents(name).lower()))
    return bool(key) and re.search(rf"\b{re.escape(key)}\b", " ".join(re.findall(r"\w+", fold_accents(question).lower()))) is not None


def _called_parks(question: str) -> frozenset[str]:
    """The names the question itself calls parks ("Tra Noc industrial park", "KCN Trà Nóc"), folded
    and lower-cased: parks even when the passages read write them bare ("Trà Nóc 1&2 (Cần Thơ)")."""
    names = [m.group(2) for m in _EN_PLACE.finditer(question) if m.group(2)]
    names += [m.group(1) for m in _PARK_NAMED.finditer(question)]
    return frozenset(fold_accents(n).lower() for n in names)


def _listed_parks(candidates: list[SentenceCandidate], parks: frozenset[str]) -> frozenset[str]:
    """Names the passages list together with a park they call one ("tại 3 khu công nghiệp Hiệp Phước
    (TP.HCM), Amata (Đồng Nai) và Đình Vũ (Hải Phòng)": Đình Vũ too), folded and lower-cased."""
    found: set[str] = set()
    for candidate in candidates:
        for match in _PARK_NAMED.finditer(candidate.text):
            after = candidate.text[match.end() :]
            listed = listed_with(candidate.text[match.start(1) :], match.group(1))
            found.update(fold_accents(n).lower() for n in listed if n in after and not organisation_abbreviation(n))
    return frozenset(found - parks)



_SOURCE_BEFORE = re.compile(r"\b(?:theo|so lieu|nguon|bao cao|tin)\s+$")


def _names_source(question: str, name: str) -> bool:
    """Whether ``name`` is written in ``question`` as whose figures they are ("theo số liệu Amata")."""
    at = question.find(name)
    return at >= 0 and _SOURCE_BEFORE.search(fold_accents(question[:at]).lower()) is not None


def _is_park(name: str, parks: frozenset[str]) -> bool:
    folded = fold_accents(name).lower()
    return any(folded == park or folded.startswith(park + " ") or park.startswith(folded + " ") for park in parks)


# A target asked ("What energy target has Amata set for 2030?", "mục tiêu năng lượng của Amata"): its
# figure must be the park's, not another park's ("Mục tiêu: đến 2030 DEEP C cung cấp 50% …").
_TARGET_ASKED = re.compile(r"\b(?:muc tieu|chi tieu|targets?|goals?)\b")
_BY_YEAR = re.compile(r"(?i)\b(?:đến|by)\s+(?:năm\s+)?20\d\d\b")


def place_value_reason(
    question: str,
    language: str,
    shape: QuestionShape,
    candidates: list[SentenceCandidate],
    snapshot: IndexSnapshot,
) -> str:
    """A count, amount or date asked for a park or place that no relevant sentence holding a figure
    (a date) gives for it: the sentence, its passage's heading, the sentence before it, or a document title about
    that place alone must name it, and not only in a list of other parks the question does not ask
    about ("Of the 217 solutions, how many at Amata?" against "… tại 3 KCN Hiệp Phước, Amata và
    Đình Vũ, trong đó 217 giải pháp …": the total, not Amata's share)."""
    target = shape.kind in ("fact", "definition") and _TARGET_ASKED.search(fold_accents(question).lower()) is not None
    if target:
        shape = dataclasses.replace(shape, kind="count")  # a park's target is its figure ("50% … đến 2030")
    if shape.kind not in PLACE_CHECKED or not candidates:
        return ""
    parks = passage_parks(candidates, snapshot)
    parks = parks | _listed_parks(candidates, parks)
    places = question_places(question, language, parks)
    if not places and question == question.lower():
        places = written_parks(question, candidates, snapshot)
    if not places:
        return ""
    # The sentences giving a number of what is counted (of money, for an amount) when any does:
    # "khoảng 40 đại biểu … KCN Hiệp Phước" gives no number of solutions for Hiệp Phước.
    if shape.kind == "date":
        valued = [c for c in relevant_sentences(candidates) if holds_date(c.text)]
    else:
        valued = valued_sentences(shape, relevant_sentences(candidates))
        # … or naming the place asked and giving a number of what is counted, whatever its coverage ("Tại
        # Khu công nghiệp Sonadezi Long Thành, … gần 50 doanh nghiệp …" beside sentences restating the event).
        named = [c for c in candidates if re.search(r"\d", c.text) and all(_typed_in(p, c.text) for p in places)]
        if len(places) > 1:  # … or one of several places asked, each its own figure
            named += [
                c for c in candidates
                if c not in named and re.search(r"\d", c.text)
                and len(unmentioned_names("", name_haystack([c.text]), names=places)) < len(places)
            ]
        valued += [c for c in valued_sentences(shape, named, only=True) if c not in valued]
    if target:  # the sentences stating a target, not the dates of a visit
        valued = [c for c in valued if _TARGET_ASKED.search(fold_accents(c.text).lower()) or _BY_YEAR.search(c.text)]
    if not valued:
        return ""
    asked = {fold_accents(p).lower() for p in [*places, *question_names(question)]}
    if _EACH.search(fold_accents(question).lower()):
        each = list(dict.fromkeys([*places, *listed_with(question, places[0])]))  # "mỗi KCN A, B, C"
        if len(each) >= 2:
            return _each_place_reason(each, language, shape, valued)
    called = _called_parks(question)
    together: list[str] = []
    own: set[str] = set()
    for candidate in sorted(valued, key=lambda c: -c.score):
        # (An event's date and place: "ngày 24/11/2022 tại KCN Hiệp Phước, Ban Quản lý … phối hợp"
        # lists no parks.)
        # The park asked as the sentence writes it ("DEEP C" or "Đình Vũ"); not a city of its address.
        present = next((p for p in places if _typed_in(p, candidate.text) and _is_park(p, parks | called)), places[0])
        listed = [] if shape.kind == "date" else listed_with(candidate.text, present)
        # Not a park the question names too, typed in lower case ("o hoa khanh va tra noc").
        listed = [n for n in listed if fold_accents(n).lower() not in asked and not _typed_in(n, question)]
        # (Said of it only by its heading or the sentence before: a figure for several parks.)
        several = _SEVERAL_PARKS.search(candidate.text) is not None and bool(
            unmentioned_names("", [candidate.text], names=[p for p in places if _is_park(p, parks | called)])
        )
        if not several and unmentioned_names("", [candidate.text], names=[present]):
            # Said of it only by the item before, which lists it among other parks ("- KCN tham gia:
            # Đình Vũ, Hiệp Phước, …; Hòa Khánh và Trà Nóc …" then "- Kết quả …: 295 giải pháp"): a
            # figure of them all.
            # (A park's address is no list: "huyện Thủy Nguyên, Hải Phòng".)
            several = _is_park(present, parks | called) and any(
                not place_named(n) for n in listed_with(previous_sentence(candidate), present)
            )
        if all(said_of(candidate, place, snapshot) for place in places) and not listed and not several:
            return ""
        if len(places) > 1 and not several:
            # "How many at the Hi-Tech Park and how many at Sonadezi Long Thành?": each its own sentence.
            own.update(p for p in places if p not in own and _own_figure(candidate, p, shape, asked, question, snapshot))
            if len(own) == len(places):
                return ""
        if len(places) == 1 and holds_own_value(candidate.text, places[0], shape):
            return ""  # listed, but with its own figure: "… and Onsan (1,524 ha …)"
        if listed and not together:
            together = [places[0], *listed]
    missing = NO_PLACE_DATE if shape.kind == "date" else NO_PLACE_FIGURE
    reason = text_for(missing, language).format(names=quoted_names(places))
    if together:
        reason += text_for(TOGETHER, language).format(places=", ".join(together))
    return reason


def _own_figure(
    candidate: SentenceCandidate, place: str, shape: QuestionShape, asked: set[str], question: str, snapshot: IndexSnapshot
) -> bool:
    """Whether the sentence gives ``place`` a figure of its own: said of it, not in a list with parks
    the question does not ask about."""
    if not said_of(candidate, place, snapshot):
        return False
    listed = [] if shape.kind == "date" else listed_with(candidate.text, place)
    return not [n for n in listed if fold_accents(n).lower() not in asked and not _typed_in(n, question)]


def _each_place_reason(places: list[str], language: str, shape: QuestionShape, valued: list[SentenceCandidate]) -> str:
    """A figure asked for each of ``places``: "" when a sentence gives each its own, the reason when
    the figures found name the places only together ("… tại 3 KCN Hiệp Phước, Amata và Đình Vũ,
    trong đó 217 giải pháp …")."""
    folded_places = [fold_accents(p).lower() for p in places]
    together = False
    for candidate in valued:
        if all(holds_own_value(candidate.text, place, shape) for place in places):
            return ""
        listed = {fold_accents(n).lower() for n in listed_with(candidate.text, places[0])}
        together = together or all(any(p in n or n in p for n in listed) for p in folded_places[1:])
    return text_for(NO_EACH_FIGURE, language).format(names=quoted_names(places)) if together else ""


def previous_sentence(candidate: SentenceCandidate) -> str:
    """The sentence (or list item, or clause after a colon) before ``candidate`` in its passage."""
    before = (candidate.document.content or "")[max(0, candidate.start - 300) : candidate.start]
    return re.split(r"(?<=[.!?;:])\s+|\n", before.rstrip())[-1] if before.strip() else ""


def said_of(candidate: SentenceCandidate, place: str, snapshot: IndexSnapshot) -> bool:
    """Whether a sentence (its figure, the office holder it names) is about ``place`` (a park, a place,
    an organisation): it, the sentence before it, its passage's heading, or its document's title
    (unless the title lists the name among others) names it."""
    document = candidate.document
    previous = previous_sentence(candidate)
    heading = str(document.meta.get("heading") or "")
    info = snapshot.documents[str(document.meta["doc_id"])].info if document.meta.get("doc_id") in snapshot.documents else {}
    title = str(info.get("title", ""))
    # A title naming the place in a list of parks ("kết quả Hiệp Phước, Amata, DEEP C, …") is not
    # about that place alone.
    # Nor is a title about the place when the passage's heading is the nation's ("Korean national EIP
    # programme" in the Ulsan case study: its figures are the country's).
    national = _NATIONAL.search(fold_accents(heading).lower()) is not None and not _typed_in(place, heading)
    context = [candidate.text, previous, heading] + ([] if listed_with(title, place) or national else [title])
    return not unmentioned_names("", name_haystack(context), names=[place])


_NATIONAL = re.compile(r"\b(?:national|nationwide|quoc gia|toan quoc|ca nuoc)\b")


ONLY_PLANNED_DONE = {
    "vi": "Các đoạn tìm được chỉ nêu kế hoạch, không nói việc này đã hoàn thành.",
    "en": "The passages found give only a plan, not that it was completed.",
}
ONLY_PLANNED = {
    "vi": "Các đoạn tìm được chỉ nêu mục tiêu hoặc kế hoạch, không nêu con số đã đạt được.",
    "en": "The passages found give only a target or plan, not the figure achieved so far.",
}
# A question asking what has been achieved, and a sentence stating a target or plan (folded).
_ACHIEVED = re.compile(
    r"\b(hien nay|hien tai|hien da|den nay|cho den nay|thuc te|da dat|dat duoc|already|so far|to date|today"
    r"|currently|now|actually|achieved)\b"
)
_PLANNED_ASKED = re.compile(r"\b(muc tieu|du kien|ke hoach|target|plan|planned|expected|aim|goal|will)\b")
_PLANNED = re.compile(
    r"\b(muc tieu|du kien|ke hoach|phan dau|dinh huong|se|targets?|aims?|plans?|planned|expected|will|goals?)\b"
)


ONLY_PROPOSED = {
    "vi": "Các đoạn tìm được chỉ nêu số được đề xuất, không nêu số đã thực hiện.",
    "en": "The passages found give the number proposed, not the number implemented.",
}
# "Of the symbiosis solutions proposed, how many had been implemented?", "… bao nhiêu đã được thực hiện?":
# what was done is asked (not "đề xuất thực hiện": what was proposed for doing).
_IMPLEMENTED_ASKED = re.compile(
    r"(?<!de xuat )\b(?:da (?:duoc )?(?:thuc hien|trien khai|ap dung)|lam that|implemented|carried out|put into practice)\b"
)
_PROPOSED = re.compile(r"\b(?:de xuat|proposed|recommended|identified)\b")
_DONE = re.compile(
    r"(?<!de xuat )\b(?:da (?:duoc )?(?:thuc hien|trien khai|ap dung)|duoc (?:thuc hien|trien khai|ap dung)"
    r"|implemented|applied|adopted|carried out)\b"
)


def _only_proposed(sentence: str) -> bool:
    """Whether a sentence gives what was proposed ("đề xuất thực hiện 41 giải pháp") and not what was done."""
    folded = fold_accents(sentence).lower()
    return _PROPOSED.search(folded) is not None and _DONE.search(folded) is None


# Asking whether, or when, something was completed; and a sentence saying something was.
# An act done on a date ("Luật … được thông qua ngày nào?") is asked like a completion: a sentence
# planning the law ("dự kiến thực hiện vào năm 2025") does not date its passing.
_COMPLETION_ASKED = re.compile(
    r"\b(hoan thanh|hoan tat|completed?|finished|done)\b"
    r"|\b(?:thong qua|ban hanh)(?: vao)? (?:ngay|nam|thang|khi|luc) nao\b|\bwhen was\b.*\b(?:passed|adopted|enacted)\b"
    # "… đã được Quốc hội thông qua chưa?", "Has the law been passed?"
    r"|\b(?:thong qua|ban hanh)\s+chua\b|\b(?:been|was|were)\s+(?:passed|adopted|enacted)\b"
)
# Asked whether: "Has … ?", "… chưa?" (not "Căn cứ vào đâu mà … nói đã hoàn thành mục tiêu?").
_ASKS_WHETHER = re.compile(r"^(?:has|have|had|did|does|do|is|are|was|were)\b|\bchua\W*$")
# A target asked as reached ("Has DEEP C already reached its goal of …?", "đã đạt mục tiêu … chưa?"):
# asked whether it was achieved, though the question names the goal.
_TARGET_REACHED = re.compile(
    r"\b(?:reached|achieved|met|attained|hit|dat duoc|da dat|hoan thanh)\s+(?:(?:its|their|the|this|that)\s+)?"
    r"(?:[a-z]+\s+){0,2}(?:goal|target|muc tieu|chi tieu)s?\b"
)
_COMPLETED = re.compile(
    r"\b(hoan thanh|hoan tat|da xong|da dat|completed|finished|achieved|accomplished"
    r"|thong qua|ban hanh|passed|adopted|enacted|issued)\b"
)

# A draft of an instrument, folded ("Dự thảo Nghị định quản lý KCN", "draft circular"); the kinds asked.
_KIND_WORD = "|".join(sorted(map(re.escape, KIND_WORDS), key=len, reverse=True))
_DRAFT = re.compile(rf"\b(?:du thao (?:\w+ )?|draft )({_KIND_WORD})\b")
_INSTRUMENT_KIND = re.compile(rf"\b({_KIND_WORD})\b")


def _drafted(folded_question: str, folded_sentence: str) -> bool:
    """Whether the sentence names a draft of the kind of instrument the question names first (any, when
    it names none: "văn bản đó … đã ban hành chưa?"): it answers whether that was passed."""
    asked = _INSTRUMENT_KIND.search(folded_question)
    kind = KIND_WORDS[asked.group(1)] if asked else ""
    return any(not kind or KIND_WORDS[m.group(1)] == kind for m in _DRAFT.finditer(folded_sentence))


def _of_asked_kind(folded_question: str, sentences: list[str]) -> list[str]:
    """The sentences naming the kind of instrument the question names first ("Luật …" for "luật …
    được thông qua ngày nào?": not a sentence saying something else was "ban hành"); all of them
    when the question names none, or none names it."""
    asked = _INSTRUMENT_KIND.search(folded_question)
    if asked is None:
        return sentences
    kind = KIND_WORDS[asked.group(1)]
    named = [t for t in sentences if any(KIND_WORDS[m.group(1)] == kind for m in _INSTRUMENT_KIND.finditer(t))]
    return named or sentences


def planned_value_reason(question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate]) -> str:
    """A count or amount asked as achieved ("What share does DEEP C already supply?") that the
    relevant sentences holding figures give only as a target or plan ("Mục tiêu: đến 2030 DEEP C
    cung cấp 50% …"): that figure answers another question. Likewise whether or when something was
    completed ("Ninh Bình đã hoàn thành cải tạo KCN Khánh Phú chưa?") when the relevant sentences
    give only a plan ("dự kiến … giai đoạn 2023–2025") and none says anything was completed; and a
    number asked as implemented when the sentences give only what was proposed ("đề xuất thực hiện 41
    giải pháp")."""
    if not candidates:
        return ""
    folded = qualifier_view(question)
    reached = shape.kind == "yes-no" and _TARGET_REACHED.search(folded) is not None and _ASKS_WHETHER.search(folded) is not None
    if shape.kind in ("yes-no", "date") and (reached or (_COMPLETION_ASKED.search(folded) and not _PLANNED_ASKED.search(folded))):
        relevant = _of_asked_kind(folded, [qualifier_view(c.text) for c in relevant_sentences(candidates)])
        if any(_drafted(folded, t) for t in relevant):
            return ""  # "… đã ban hành chưa?" answered by "Dự thảo Nghị định …": not yet, a draft
        if any(_PLANNED.search(t) for t in relevant) and not any(_COMPLETED.search(t) for t in relevant):
            return text_for(ONLY_PLANNED_DONE, language)
        return ""
    if shape.kind not in ("count", "amount"):
        return ""
    valued = valued_sentences(shape, relevant_sentences(candidates))
    if _IMPLEMENTED_ASKED.search(folded) and valued and all(_only_proposed(c.text) for c in valued):
        return text_for(ONLY_PROPOSED, language)
    if not _ACHIEVED.search(folded) or _PLANNED_ASKED.search(folded):
        return ""
    if valued and all(_PLANNED.search(qualifier_view(c.text)) for c in valued):
        return text_for(ONLY_PLANNED, language)
    return ""


NO_PERIOD_FIGURE = {
    "vi": "Các đoạn tìm được không nêu số liệu riêng cho giai đoạn {period} {year}.",
    "en": "The passages found give no figure for the period {period} {year} on its own.",
}
_ONLY = re.compile(r"\b(?:rieng|chi|only|alone|just)\b")
_PERIOD_WORDS = {
    "after": {"vi": "sau năm", "en": "after"},
    "since": {"vi": "từ năm", "en": "since"},
    "before": {"vi": "trước năm", "en": "before"},
}


def period_value_reason(question: str, language: str, shape: QuestionShape, candidates: list[SentenceCandidate]) -> str:
    """A count or amount asked for a period after, since or before a year ("Riêng từ năm 2022 trở đi, …
    bao nhiêu giải pháp?") when no sentence giving that figure names a year within it: "Đến nay, Dự án
    đã hỗ trợ … 663 giải pháp" is the total since the project began, not the part since 2022."""
    period = relative_period(question)
    if period is None or shape.kind not in ("count", "amount"):
        return ""
    if period[0] == "since" and not _ONLY.search(fold_accents(question).lower()):
        return ""  # "Since 2020, how many …": what has been done to date may be all of it
    valued = valued_sentences(shape, relevant_sentences(candidates))
    if not valued or any(in_period(year, period) for c in valued for year in years_in(c.text)):
        return ""
    words = _PERIOD_WORDS[period[0]]["en" if language == "en" else "vi"]
    return text_for(NO_PERIOD_FIGURE, language).format(period=words, year=period[1])
