"""The sentences holding what a question asks for: several difficulties or lessons, a time of day.

"Doanh nghiệp ở KCN Hiệp Phước gặp những khó khăn gì?" is answered by the sentence that names the
difficulties ("bên cạnh khó khăn về nguồn vốn, … khó khăn chính về rào cản cơ sở pháp lý"), not by
one that mentions a difficulty on the way to something else ("để giải quyết một trong những khó
khăn … về nguồn vốn, Hội thảo đã tổ chức tập huấn"): both cover the question alike.
:func:`prefer_naming_several` raises the score of a sentence that names the asked kind at least
twice, counting no mention that is the object of a remedy ("để giải quyết … khó khăn"), and
lowers one that names it only so.

"Hội thảo … họp online hay trực tiếp, từ mấy giờ?", "at what time of day …" is answered by the
sentence giving the hours ("vào 13h30 đến 17h00, ngày 12 tháng 11"), not by the one restating the
date: :func:`prefer_clock_time` raises the sentences that write a time of day; "tổ chức theo hình thức
nào?" by the one naming "hình thức": :func:`prefer_asked_attribute`.

Matching is on accent-folded, lower-cased text, so unaccented questions work the same; an English
question is matched by its English words, its Vietnamese sources by theirs.
"""

from __future__ import annotations

import re

from kb.answer.acronyms import prefer_expansion
from kb.answer.asked_details import prefer_asked_detail
from kb.answer.citations import text_for
from kb.answer.counted_unit import prefer_counted_unit
from kb.answer.refusal_checks import relevant_sentences
from kb.answer.section_period import prefer_asked_period
from kb.answer.sentence_candidates import SentenceCandidate
from kb.answer.shaped_answers import CONCLUDES
from kb.answer.stated_numbers import prefer_stated_numbers
from kb.index.snapshot import IndexSnapshot
from kb.query.names import listed_with, question_names
from kb.query.organisations import asks_developer
from kb.query.places import place_named, places_in
from kb.query.question_shape import question_shape
from kb.text.normalize import fold_accents

NAMING_SEVERAL_BONUS = 0.15  # added to a sentence naming the asked kind at least twice
MIN_MENTIONS = 2

# What a question asks for, folded: its kind's words in a question, then in a sentence.
_KINDS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "difficulty": (
        re.compile(
            r"\b(kho khan|thach thuc|rao can|vuong mac|tro ngai|bat cap|difficult\w*|challenges?|obstacles?"
            r"|barriers?|hurdles?"
            # "vướng những gì", "bị vướng" (not "mét vuông": folded alike)
            r"|vuong (?:nhung gi|gi|cho nao)|bi vuong"
            # "What made it hard for companies … to …?", "what's holding firms back", "why haven't they managed to …?"
            r"|hard(?:er)? (?:to|for)|(?:mak(?:e|es|ing)|made) (?:[\w'–-]+ ){0,10}?hard(?:er)?"
            r"|hold(?:s|ing)? (?:[\w']+ ){1,5}back|held (?:[\w']+ ){1,5}back"
            r"|why (?:haven't|hasn't|didn't|don't|doesn't|can't|couldn't|isn't|aren't|wasn't|weren't))\b"
        ),
        re.compile(
            r"\b(kho khan|thach thuc|rao can|vuong mac|tro ngai|bat cap|han che|difficult\w*|challenges?"
            r"|obstacles?|barriers?|hurdles?|constraints?)\b"
        ),
    ),
    "lesson": (
        re.compile(r"\b(bai hoc|lessons?)\b"),
        re.compile(r"\b(bai hoc|kinh nghiem|lessons?)\b"),
    ),
}
# A mention that is what a remedy acts on ("để giải quyết một trong những khó khăn", "to overcome
# the barriers"): the sentence is about the remedy.
_REMEDY = re.compile(
    r"\b(?:de |nham )?(?:giai quyet|khac phuc|thao go|vuot qua|go bo|xu ly|ho tro|overcome|address|tackle"
    r"|remove|solve)\s+(?:(?:mot|trong|nhung|cac|so|one|of|the|these|those)\s+){0,4}$"
)


def _folded(text: str) -> str:
    return " ".join(fold_accents(text).lower().split())


def several_asked(question: str) -> str:
    """What the question asks for ("difficulty", "lesson"), "" when none of these."""
    folded = _folded(question)
    for kind, (asked, _) in _KINDS.items():
        if asked.search(folded):
            return kind
    return ""


def mentions(text: str, kind: str) -> int:
    """How many times ``text`` names ``kind``, not counting what a remedy acts on."""
    folded = _folded(text)
    return sum(1 for m in _KINDS[kind][1].finditer(folded) if not _REMEDY.search(folded[max(0, m.start() - 40) : m.start()]))


# Places asked in the plural ("In which cities and provinces …?", "ở những tỉnh, thành phố nào?").
_PLACES_ASKED = re.compile(
    r"\b(?:which|what) (?:[a-z]+ )?(?:cities|provinces|localities|regions|locations)\b"
    r"|\b(?:nhung|cac) (?:tinh|thanh pho|dia phuong|tinh thanh)\b[^?]*\bnao\b"
)


def prefer_naming_several(question: str, candidates: list[SentenceCandidate]) -> None:
    """Raise, in place, the score of the sentences naming at least :data:`MIN_MENTIONS` of what
    the question asks for (see the module docstring); for places asked in the plural, the
    sentences naming the most of them ("tại các thành phố Hải Phòng, Đà Nẵng, TP.HCM, Đồng Nai và
    Cần Thơ" over three parks' provinces in parentheses)."""
    if _PLACES_ASKED.search(_folded(question)):
        counts = [len(set(places_in(c.text))) for c in candidates]
        most = max(counts, default=0)
        for candidate, count in zip(candidates, counts, strict=True):
            if most >= 3 and count == most:
                candidate.score += NAMING_SEVERAL_BONUS
    kind = several_asked(question)
    if not kind:
        return
    for candidate in candidates:
        named = mentions(candidate.text, kind)
        if named >= MIN_MENTIONS:
            candidate.score += NAMING_SEVERAL_BONUS
        elif not named and _KINDS[kind][1].search(_folded(candidate.text)):
            # It names the kind only as what a remedy acts on: it is about the remedy.
            candidate.score -= NAMING_SEVERAL_BONUS


CLOCK_TIME_BONUS = 0.2  # added to a sentence writing a time of day when the question asks one
_CLOCK_ASKED = re.compile(r"\b(?:may gio|luc nao gio|khung gio|gio nao|what time|time of day|which hours|what hours)\b")
_CLOCK = re.compile(r"(?<![\d/.,])(?:[01]?\d|2[0-3])\s*(?:h\s*[0-5]?\d?|:[0-5]\d|gio)(?![\w/])")


# A time of day or a span of them as written ("13h30 đến 17h00", "9:00 - 11:30", "8 giờ").
CLOCK_SPAN = re.compile(
    r"(?<![\d/.,])(?:[01]?\d|2[0-3])\s*(?:h\s*[0-5]?\d?|:[0-5]\d|giờ)(?![\w/])"
    r"(?:\s*(?:đến|tới|-|–|to)\s*(?:[01]?\d|2[0-3])\s*(?:h\s*[0-5]?\d?|:[0-5]\d|giờ)(?![\w/]))?"
)


def asks_clock_time(question: str) -> bool:
    """Whether the question asks at what time of day ("từ mấy giờ", "what time")."""
    return _CLOCK_ASKED.search(_folded(question)) is not None


def prefer_clock_time(question: str, candidates: list[SentenceCandidate]) -> None:
    """Raise, in place, the score of the sentences writing a time of day ("13h30", "9:00", "8 giờ")
    when the question asks at what time."""
    if not asks_clock_time(question):
        return
    for candidate in candidates:
        if _CLOCK.search(_folded(candidate.text)):
            candidate.score += CLOCK_TIME_BONUS


NO_CLOCK_TIME = {
    "vi": "Các đoạn tìm được không nêu giờ (chỉ nêu ngày, nếu có).",
    "en": "The passages found give no time of day (a date at most).",
}


def clock_time_reason(question: str, language: str, candidates: list[SentenceCandidate]) -> str:
    """Why the relevant sentences do not answer a question asking at what time of day ("" when one
    writes a time, or the question asks none): "what time did it start and finish?" is not answered
    by the workshop's date."""
    if not asks_clock_time(question) or not candidates:
        return ""
    # Any sentence of the relevant sentences' reports: the hours may be a sentence away from the
    # words the question shares with the report ("… theo hình thức trực tuyến vào 13h30 đến 17h00").
    reports = {c.document.meta.get("doc_id") for c in relevant_sentences(candidates)}
    if any(_CLOCK.search(_folded(c.text)) for c in candidates if c.document.meta.get("doc_id") in reports):
        return ""
    return text_for(NO_CLOCK_TIME, language)


ATTRIBUTE_BONUS = 0.2  # added to a sentence naming the attribute a "<noun> nào?" question asks
# "(theo / bằng / với) <noun> nào?": the attribute asked, two syllables, folded. Not what a date, a
# place or a member of a list answers, nor the event or thing the question is about.
_ATTRIBUTE_ASKED = re.compile(r"\b([a-z]+ [a-z]+) nao\b")
_NOT_ATTRIBUTES = re.compile(
    r"^(?:(?:mot|cac|nhung|la|o|tai|vao|tu|den|ngay|thang|nam|gio|luc|khi|nuoc|noi|dau|ben|phia|ai)\s"
    r"|.*\s(?:nam|ngay|thang|gio|dau|ai|kcn|khu|hoi thao|du an|doanh nghiep|cong ty|to chuc|tinh|thanh pho)$)"
    r"|^(?:khu cong|hoi thao|su kien|du an|doanh nghiep|cong ty|to chuc|quoc gia|dia phuong|giai doan|van ban"
    r"|cong nghiep|sinh thai|kinh te|cong sinh)$"  # the end of "khu công nghiệp nào", "KCN sinh thái nào"
    r"|^(?:nhu the|theo cach|bang cach)$"  # "như thế nào", "theo cách nào": how, no attribute
)


# A meeting's form named in a question ("họp trực tiếp", "online", "in person"), folded.
_FORM_ASKED = re.compile(r"\b(?:truc tiep|truc tuyen|online|in person|in-person|virtual(?:ly)?|hybrid|face to face)\b")


def asked_attribute(question: str) -> str:
    """The attribute a "<noun> nào?" question asks ("hình thức" of "tổ chức theo hình thức nào?"),
    folded; "" when none (a date, a place, an event or a member asked)."""
    folded = _folded(question)
    found = [m.group(1) for m in _ATTRIBUTE_ASKED.finditer(folded) if not _NOT_ATTRIBUTES.search(m.group(1))]
    if not found and _FORM_ASKED.search(folded):
        return "hinh thuc"  # "có phải họp trực tiếp không?", "was it held online?": the form it took
    return found[-1] if found else ""


LABEL_BONUS = 0.4  # added to a list item labelled with the attribute asked ("- Kết quả công bố …: …")
# "(những) kết quả gì?", "what results …": an attribute a "gì" or "what" question asks, folded. Only
# these nouns: before "gì" two syllables are as often a verb and its object ("doanh nghiệp làm gì").
_WHAT_ATTRIBUTES = {
    "ket qua": ("results", "result", "outcomes", "outcome", "achievements"),
    "loi ich": ("benefits", "benefit"),
    "chu de": ("topics", "topic", "themes", "theme"),
    "muc tieu": ("goals", "goal", "objectives", "objective", "aims", "targets"),
    "vai tro": ("role", "roles"),
}
_WHAT_ASKED = re.compile(
    r"\b(" + "|".join(_WHAT_ATTRIBUTES) + r") gi\b"
    r"|\b(?:what|which)(?: (?:were|are|was|is|have been|has been))?(?: the)?"
    r" (?:kinds? of |sorts? of |main |key |concrete )?("
    + "|".join(w for words in _WHAT_ATTRIBUTES.values() for w in words)
    + r")\b"
)
# "ở đâu?", "where (exactly) is …?": the place asked, as a list item labels it.
_WHERE_ASKED = re.compile(r"\b(?:o dau|tai dau|where (?:exactly )?(?:is|are|was|were))\b")
_LOCATION = ("vi tri", "dia diem", "location", "site")
# A list item's label: a bullet, then up to six words and a colon ("- Kết quả công bố 12/6/2019:").
_LABEL = re.compile(r"^\s*(?:[-–•*+]|\(?[a-z0-9]{1,2}[.)])\s*([^:;.]{2,60}):")


def asked_attributes(question: str) -> tuple[str, ...]:
    """The attribute asked, folded, in the forms a sentence may write it: "hình thức" of "… theo hình
    thức nào?", "kết quả" and "results" of "… những kết quả gì?" or "what results …"; () when none."""
    attribute = asked_attribute(question)
    if attribute:
        return (attribute,)
    if _WHERE_ASKED.search(_folded(question)):
        return _LOCATION  # "KCN Nam Cầu Kiền nằm ở đâu?": "- Vị trí, quy mô: … huyện Thủy Nguyên"
    found = _WHAT_ASKED.search(_folded(question))
    if not found:
        return ()
    if found.group(1):
        return (found.group(1), *_WHAT_ATTRIBUTES[found.group(1)])
    vietnamese = next(vi for vi, words in _WHAT_ATTRIBUTES.items() if found.group(2) in words)
    return (vietnamese, *_WHAT_ATTRIBUTES[vietnamese])


# "KCN Nam Cầu Kiền làm / triển khai cộng sinh công nghiệp như thế nào?": the activity asked how it is
# done, folded; a list item labelled with it ("- Cộng sinh công nghiệp: chuỗi doanh nghiệp …") says how.
_HOW_ACTIVITY = re.compile(
    r"\b(?:lam|trien khai|thuc hien|ap dung|van hanh|to chuc)\s+((?:[a-z]+\s+){1,4}?[a-z]+)\s+"
    r"(?:nhu the nao|the nao|ra sao|(?:theo|bang) cach nao)\b"
)

# "Cộng sinh công nghiệp ở KCN Nam Cầu Kiền được hiểu là thế nào?": how a source puts it there, in the
# line it labels with it ("- Cộng sinh công nghiệp: chuỗi doanh nghiệp …").
_UNDERSTOOD = re.compile(
    r"^((?:[a-z]+\s+){1,4}?[a-z]+)\s+(?:(?:o|tai|cua|trong)\s+[^?]*?\s+)?duoc hieu(?: la| nhu)?\s+(?:the nao|ra sao|gi)\b"
)


def _labelled_topic(question: str) -> str:
    """What a list item's label names when it answers the question, folded: the activity a Vietnamese
    "how" question or an "is understood as" question asks about ("cong sinh cong nghiep"), the developer
    asked ("chu dau tu"), or ""."""
    match = _HOW_ACTIVITY.search(_folded(question)) or _UNDERSTOOD.search(_folded(question))
    if match:
        return match.group(1)
    # "Chủ đầu tư KCN Nam Cầu Kiền là ai?", "Who is the developer of …?": "- Chủ đầu tư: Công ty Cổ phần Shinec".
    return "chu dau tu" if asks_developer(_folded(question)) else ""


# "Bài … là ai viết?", "Who wrote the report …?": a report's author is its byline ("Tác giả: Bùi Văn Tiến").
_AUTHOR_ASKED = re.compile(r"\b(?:ai viet|nguoi viet|tac gia|who wrote|who (?:is|was) the author|written by whom)\b")
_AUTHOR_LINE = re.compile(r"^\s*(?:tac gia|nguoi viet|author|written by)\s*:")
# A byline answers who wrote it outright; a caption naming the question's words covers more of them.
AUTHOR_BONUS = 0.8


def prefer_author_line(question: str, candidates: list[SentenceCandidate]) -> None:
    """Raise, in place, a byline ("Tác giả: …") when the question asks who wrote what it reports on."""
    if not _AUTHOR_ASKED.search(_folded(question)):
        return
    for candidate in candidates:
        if _AUTHOR_LINE.match(_folded(candidate.text)):
            candidate.score += AUTHOR_BONUS


def prefer_asked_attribute(question: str, candidates: list[SentenceCandidate]) -> None:
    """Raise, in place, the sentences naming the attribute asked: "… ngày 12/11/2021 tổ chức theo hình
    thức nào?" is answered by "Hội thảo được tổ chức theo hình thức trực tuyến …", not by the opening
    sentence that repeats the event's name and date (it covers more of the question). A list item
    labelled with it is raised more: "Giai đoạn 1 … mang lại những kết quả gì?" is answered by "- Kết
    quả công bố 12/6/2019: 72 doanh nghiệp …", not by the section's heading that repeats the phase."""
    attributes = asked_attributes(question)
    if not attributes:
        topic = _labelled_topic(question)
        for candidate in candidates if topic else ():
            label = _LABEL.match(_folded(candidate.text))
            if label and topic in label.group(1):
                candidate.score += LABEL_BONUS
        return
    by_name = bool(asked_attribute(question))  # "<noun> nào?"
    named = re.compile(r"\b(?:" + "|".join(attributes) + r")\b")
    for candidate in candidates:
        folded = _folded(candidate.text)
        if not named.search(folded):
            continue
        label = _LABEL.match(folded)
        if label and named.search(label.group(1)):
            candidate.score += LABEL_BONUS
        elif by_name:
            # Not for a "gì" / "what" attribute: "lợi ích", "kết quả" are written in many sentences
            # that give none (measured: a bonus of 0.1 lost as many answers as it won).
            candidate.score += ATTRIBUTE_BONUS


def prefer_asked_words(question: str, candidates: list[SentenceCandidate]) -> None:
    """The sentences writing the time of day, naming the attribute, the long form or the detail (a
    website, a year of birth) the question asks, the byline of an author asked, drawing the conclusion a why asks about, writing a
    number the question states, or counting what it counts, raised; those under the heading of another period than asked, lowered."""
    prefer_clock_time(question, candidates)
    prefer_expansion(question, candidates)
    prefer_asked_detail(question, candidates)
    prefer_asked_attribute(question, candidates)
    prefer_author_line(question, candidates)
    prefer_drawn_conclusion(question, candidates)
    prefer_stated_numbers(question, candidates)
    prefer_asked_period(question, candidates)
    prefer_counted_unit(question, candidates)


CONCLUSION_BONUS = 0.2  # as a sentence stating a reason ("vì", "because") is raised for a why-question
CONCLUSION_COVERAGE = 0.6  # of the best coverage: the conclusion is what the question asks about


def prefer_drawn_conclusion(question: str, candidates: list[SentenceCandidate]) -> None:
    """ "Why was Sonadezi Long Thanh keen to join?": the sentence that draws it ("Vì vậy, Công ty CP Sonadezi
    Long Thành … mong muốn tham gia dự án này.") is answered with the reasons before it (the why-span
    takes them); raised when it says much of what is asked, not any conclusion of the passage."""
    if question_shape(question).kind != "why" or not candidates:
        return
    best = max(c.coverage for c in candidates)
    for candidate in candidates:
        if CONCLUDES.match(candidate.text) and candidate.coverage >= CONCLUSION_COVERAGE * best:
            candidate.score += CONCLUSION_BONUS


NO_PLACE_LEVEL = {
    "vi": "Các đoạn tìm được không nêu {level} (chỉ nêu tỉnh, thành phố, nếu có).",
    "en": "The passages found do not name the {level} (a province or city at most).",
}
# "(ở / thuộc) quận / huyện / phường / xã nào?", "which district": a place below the province asked.
# Folded, "cơ quan nào", "liên quan nào" and "địa phương nào" are no district or ward.
_LEVEL_ASKED = re.compile(
    r"(?<!co )(?<!lien )(?<!dia )\b(quan|huyen|thi xa|thi tran|phuong|xa) nao\b|\b(?:which|what) (district|ward|commune)\b"
)
# A park named in a sentence, folded: "kcn dinh vu", "khu cong nghiep nam cau kien" (two words).
_PARK_NAMED = re.compile(r"\b(?:kcn|khu cong nghiep|industrial park)\s+\w+\s+\w+")
# A place of that level named: the level's word, then a name or a number ("quận Bình Thủy", "Q.7").
LEVEL_NAMED = re.compile(
    r"\b(?:[Qq]uan|[Hh]uyen|[Tt]hi xa|[Tt]hi tran|[Pp]huong|[Xx]a|[Dd]istrict|[Ww]ard|[Cc]ommune|Q\.)\s*[A-ZĐ0-9]"
)
# Or a smaller place before the province in parentheses: "HIỆP PHƯỚC (Nhà Bè, TP.HCM)", not two parks
# ("(Hòa Khánh, Trà Nóc)").
_PLACE_PAIR = re.compile(r"\(([A-ZĐ][^(),]{1,30}),\s*([^(),]{2,30})\)")


# The words of each level asked, as a line names one ("4 xã thuộc huyện Thủy Nguyên" names a district,
# no commune), folded.
_LEVEL_WORDS = {
    "quan": r"[Qq]uan|[Dd]istrict|Q\.", "huyen": r"[Hh]uyen|[Dd]istrict", "district": r"[Qq]uan|[Hh]uyen|[Dd]istrict|Q\.",
    "phuong": r"[Pp]huong|[Ww]ard", "ward": r"[Pp]huong|[Ww]ard", "xa": r"[Xx]a|[Cc]ommune", "commune": r"[Xx]a|[Cc]ommune",
    "thi xa": r"[Tt]hi xa", "thi tran": r"[Tt]hi tran",
}


def _names_level(line: str, level: str) -> bool:
    """Whether ``line`` names a place of the ``level`` asked (a district also by the smaller place
    before the province: "HIỆP PHƯỚC (Nhà Bè, TP.HCM)")."""
    words = _LEVEL_WORDS.get(level)
    named = re.compile(rf"\b(?:{words})\s*[A-ZĐ0-9]") if words else LEVEL_NAMED
    if named.search(fold_accents(line)):
        return True
    if level in ("phuong", "ward", "xa", "commune", "thi tran"):
        return False
    return any(place_named(m.group(2)) and not place_named(m.group(1)) for m in _PLACE_PAIR.finditer(line))


def place_level_reason(
    question: str, language: str, candidates: list[SentenceCandidate], snapshot: IndexSnapshot
) -> str:
    """Why the documents read do not answer "KCN Trà Nóc nằm ở quận nào?" ("" when none is asked, or a
    line of them names a district, ward or commune and the place asked, or is in a document about
    that place): "KCN Trà Nóc 1&2 (Cần Thơ)" names the city only; the Đình Vũ agreement's "quận Hải
    An" is not where Hiệp Phước is. Every line of the documents counts, not only the passages read:
    "D. HIỆP PHƯỚC (Nhà Bè, TP.HCM)" heads a section the question's words do not reach."""
    asked = _LEVEL_ASKED.search(_folded(question))
    if asked is None or not candidates:
        return ""
    level = asked.group(1) or asked.group(2)
    # The place asked, not the province the question names with it ("… quận nào của TP Cần Thơ?").
    provinces = re.compile(r"^(?:TP\.?|Tỉnh|Thành phố|tỉnh|thành phố)\s*")
    generic = re.compile(r"^(?:KCN|Khu công nghiệp|khu công nghiệp)\s+|\s+(?:Industrial Park|Industrial Zone|Park)$")
    asked_names = [generic.sub("", n) for n in question_names(question) if not place_named(provinces.sub("", n))]
    names = [_folded(n) for n in asked_names]
    for doc_id in dict.fromkeys(str(c.document.meta["doc_id"]) for c in candidates):
        written = str(snapshot.documents[doc_id].info.get("title", ""))
        # A title listing several parks ("… kết quả Hiệp Phước, Amata, DEEP C …") is about none alone.
        title = "" if any(listed_with(written, n) for n in asked_names) else _folded(written)
        for row in snapshot.chunks_of(doc_id):
            for line in snapshot.chunks[row].text.splitlines():
                if not _names_level(line, level):
                    continue
                text = _folded(line)
                # The document about the place speaks for it in lines naming no other park.
                other_park = any(not any(n in m for n in names) for m in _PARK_NAMED.findall(text))
                if not names or any(n in text for n in names) or (not other_park and any(n in title for n in names)):
                    return ""
    words = {"quan": "quận", "huyen": "huyện", "thi xa": "thị xã", "thi tran": "thị trấn", "phuong": "phường", "xa": "xã"}
    return text_for(NO_PLACE_LEVEL, language).format(level=words.get(level, level) if language == "vi" else level)
