"""The proper names a question is about ("VSIP Bắc Ninh", "Kalundborg", "Hiep Phuoc") and which
documents mention them, in any of their forms (accent-folded, abbreviation long forms, vi/en
equivalents). A document's title and text are prepared once per index generation.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kb.index.snapshot import IndexSnapshot, read_rows
from kb.query.entities import non_names, vietnamese_syllables
from kb.query.language import detect_language
from kb.query.person_names import FORMS_OF_ADDRESS
from kb.query.terms import (
    abbreviation_table,
    generic_abbreviations,
    whole_term_translations,
)
from kb.text.normalize import fold_accents, normalize_query
from kb.text.stopwords import folded_stopwords

# Capitalised words that are ordinary nouns in Vietnamese questions, not names.
_COMMON_CAPITALISED = {
    "nghi dinh",
    "thong tu",
    "luat",
    "dieu",
    "khoan",
    "diem",
    "chinh phu",
    "quoc hoi",
    "bo",
    "nha nuoc",
    # Offices written capitalised ("Chủ tịch HĐQT kiêm Tổng Giám đốc"): the sources abbreviate
    # them ("TGĐ"), and they name no one.
    "chu",
    "tong",
    "pho",
    "hdqt",
    "giam",
    "tong giam",
    "pho tong",
    "pho tong giam",
    # A numbered part of what is asked about ("Phase 1 EIP project", "Giai đoạn 2"), not a name.
    "phase",
    "stage",
    "giai doan",
    # An English month in a Vietnamese question ("As of September 2023, … tiết kiệm được bao nhiêu?",
    # a follow-up's date carried into the Vietnamese question): a date, which the sources write
    # "tháng 9/2023".
    *("january", "february", "march", "april", "may", "june", "july", "august", "september"),
    *("october", "november", "december"),
}
_KIND_WORDS = frozenset({"khu", "cum"})


def without_park_kind(name: str) -> str:
    """``name`` without a capitalised kind before a foreign name ("Khu Ulsan Mipo" -> "Ulsan Mipo",
    "Cụm DEEP C" -> "DEEP C"); "Khu Công nghệ cao" is the name as written."""
    words = name.split()
    if len(words) > 1 and fold_accents(words[0]).lower() in _KIND_WORDS and not vietnamese_syllables(words[1]):
        return " ".join(words[1:])
    return name


_SENTENCE_ENDS = {"?", ".", "!"}
_BULLETS = {"-", "–", "•", "*", "+"}


def question_names(question: str) -> list[str]:
    """Proper names a Vietnamese question is about ("VSIP Bắc Ninh", "Kalundborg").

    Runs of capitalised words, except the question's first word when it stands alone (capitalised
    anyway) and ordinary capitalised nouns ("Nghị định", "Điều").
    """
    question = normalize_query(question)
    # "KCN" is an ordinary noun; "UNIDO", "SECO", "DEEP C" are names.
    abbreviations = generic_abbreviations()
    names: list[str] = []
    run: list[str] = []
    words = re.findall(r"[^\W_]+(?:[.&'][^\W_]+)*|[^\w\s]", question)

    def close(position: int) -> None:
        # One capitalised syllable then a lower-case one opens a capitalised common noun ("Trung
        # tâm Cộng sinh Kalundborg", "Bộ Kế hoạch và Đầu tư"): "Trung" and "Cộng" name nothing,
        # and a source in another language never writes them. After a form of address it is a
        # person's given name ("ông Quân cho biết").
        if len(run) == 1 and _opens_common_noun(words, position, run[0]):
            return
        names.append(" ".join(run))

    def ordinary(position: int) -> bool:
        # "Nghị định", "Thông tư": its first word too ("Thông" of "Bên Thông tư 05/2025 …").
        # … and its last word ("ĐOẠN" of "GIAI ĐOẠN 1").
        word = fold_accents(words[position]).lower()
        following = fold_accents(words[position + 1]).lower() if position + 1 < len(words) else ""
        preceding = fold_accents(words[position - 1]).lower() if position > 0 else ""
        return (
            word in _COMMON_CAPITALISED
            or f"{word} {following}" in _COMMON_CAPITALISED
            or f"{preceding} {word}" in _COMMON_CAPITALISED
            or words[position] in abbreviations
        )

    for position, word in enumerate(words):
        # A sentence's first word is capitalised anyway; it starts a name only when the next word
        # is capitalised too ("Hàn Quốc khởi động …", "Ulsan Mipo có …"), and not an ordinary noun
        # ("… những nhóm nào? Bên Thông tư 05/2025 …").
        follows = (
            position + 1 < len(words)
            and words[position + 1][:1].isupper()
            and not ordinary(position + 1)
            and not any(ch.isdigit() for ch in words[position + 1])  # "Lượng CO2 …": a formula, no name
            and fold_accents(word).lower() not in non_names()[1]  # "Theo Ellen MacArthur …"
        )
        # A list item's first word is capitalised anyway too ("- Other reported figures: …").
        opens = position == 0 or words[position - 1] in _SENTENCE_ENDS or (position == 1 and words[0] in _BULLETS)
        capitalised = word[:1].isupper() and not word.isdigit() and (not opens or follows or _lone_name(word, question))
        # One capital letter only inside a name ("DEEP C").
        if capitalised and not ordinary(position) and (len(word) > 1 or (run and word.isupper() and word.isalpha())):
            run.append(word)
            continue
        if run:
            close(position)
            run = []
    if run:
        close(len(words))
    # "Khu Ulsan Mipo", "Cụm DEEP C": the sources write the foreign name without its kind.
    names = [without_park_kind(n) for n in names]
    return [n for n in names if fold_accents(n).lower() not in _COMMON_CAPITALISED]


# Words after which a lone capitalised syllable is a name: forms of address ("ông Quân"), places
# ("tại Huế").
_BEFORE_A_NAME = frozenset({*(fold_accents(f) for f in FORMS_OF_ADDRESS), "tai", "o"})


def _opens_common_noun(words: list[str], position: int, word: str) -> bool:
    """Whether ``word``, capitalised alone before ``words[position]``, is the first syllable of a
    capitalised common noun rather than a name."""
    if position >= len(words) or position < 2:
        return False
    following, before = words[position], words[position - 2]
    return (
        following[:1].islower()
        and vietnamese_syllables(word)
        and vietnamese_syllables(following)
        and fold_accents(before).lower() not in _BEFORE_A_NAME
    )


def _lone_name(word: str, question: str) -> bool:
    """Whether a question's capitalised first word, followed by none, is a name of its own: an
    acronym ("SECO là cơ quan gì?") or, in a Vietnamese question, a word no Vietnamese syllable
    spells ("Gyproc sản xuất gì?", as a follow-up about the company an answer named is rewritten)."""
    if word.isupper():
        return True
    return detect_language(question) == "vi" and not vietnamese_syllables(word) and fold_accents(word).lower() not in folded_stopwords()


_PLACE = re.compile(
    r"(?:\bKCN|(?i:khu công nghiệp|khu cong nghiep|khu kinh tế|khu kinh te|\bở|\btại|\btai|\bo)|\bKKT)\s+"
    # "KCN sinh thái Nam Cầu Kiền" names Nam Cầu Kiền too.
    r"(?:(?i:sinh thái|sinh thai)\s+)?"
    r"((?:[A-ZĐ][\w&-]*)(?:\s+[A-ZĐ0-9][\w&-]*)*)"
)
_PARK_PREFIX = re.compile(r"^(?:KCN|KKT|Khu công nghiệp|Khu cong nghiep|Khu kinh tế|Khu kinh te)\s+")


def place_names(question: str) -> list[str]:
    """The parks and places a question asks about: capitalised words after "KCN", "khu công
    nghiệp", "ở", "tại", typed with or without diacritics ("KCN Amata", "Ở Hiệp Phước", "o Kalundborg")."""
    names = (without_park_kind(_PARK_PREFIX.sub("", m.group(1)).strip()) for m in _PLACE.finditer(question))
    return list(dict.fromkeys(n for n in names if n))


# The head of an organisation's Vietnamese name and its English words ("Quỹ Ellen MacArthur" ->
# "Ellen MacArthur Foundation", "Nhóm Ngân hàng Thế giới" -> "World Bank Group" is beyond a head).
_ORGANISATION_NAME_HEADS = {
    "quy": ("foundation", "fund"),
    "nhom": ("group",),
    "to chuc": ("organisation", "organization"),
    "trung tam": ("centre", "center"),
    "vien": ("institute",),
    "hiep hoi": ("association",),
}


# Words naming the kind of place before or after its name (folded): "City", "thành phố", "tỉnh".
_PLACE_HEAD = re.compile(r"(?<= )(?:city|province|district|thanh pho|tp|tinh|quan|huyen)(?= )")
_HEAD_WORDS = frozenset(word for english in _ORGANISATION_NAME_HEADS.values() for word in english)


def _name_form(text: str) -> str:
    """Folded, lower-cased words separated by single spaces; "COP26" and "COP 26" agree."""
    words = " ".join(re.findall(r"\w+", fold_accents(normalize_query(text)).lower()))
    return re.sub(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", " ", words)


def name_haystack(texts: list[str]) -> str:
    """``texts`` prepared once for :func:`unmentioned_names` (folded words, single spaces)."""
    return " " + " ".join(_name_form(t) for t in texts) + " "


@lru_cache(maxsize=4096)
def name_forms(name: str) -> tuple[str, ...]:
    """How a document may write ``name`` (prepared like :func:`name_haystack`): the name
    itself, the long forms of an abbreviation, its equivalents in the other language, the initials
    of a name of three or more capitalised words."""
    folded = _name_form(name)
    table = {fold_accents(k).lower(): v for k, v in abbreviation_table().items()}
    forms = [folded, *(_name_form(v) for v in table.get(folded, []))]
    # Other abbreviations of the same long form: "TPHCM" is also written "TP.HCM".
    long_forms = set(table.get(folded, []))
    forms += [_name_form(k) for k, v in table.items() if long_forms & set(v)]
    # Its equivalents in the other language, as a whole: "Hàn Quốc" / "Korea"; not those of a part
    # ("Kalundborg Symbiosis" is no "cộng sinh", which every Vietnamese report mentions).
    forms += [_name_form(v) for v in whole_term_translations(name)]
    # "Quỹ Ellen MacArthur" is the "Ellen MacArthur Foundation" of an English source.
    words_folded = folded.split()
    for head, english in _ORGANISATION_NAME_HEADS.items():
        size = len(head.split())
        if words_folded[:size] == head.split() and len(words_folded) > size:
            rest = " ".join(words_folded[size:])
            forms += [rest, *(f"{rest} {e}" for e in english), *(f"{e} {rest}" for e in english)]
    # "Ho Chi Minh City" is "TP. Hồ Chí Minh" or "TP.HCM"; "Hai Phong city", "tỉnh Ninh Bình".
    core = _PLACE_HEAD.sub(" ", f" {folded} ").split()
    if core and len(core) < len(folded.split()):
        forms.append(" ".join(core))
        if len(core) >= 3:
            forms.append("".join(w[0] for w in core))
    # "Ellen MacArthur Foundation" is also written by its initials ("EMF case study").
    words = name.split()
    if len(words) >= 3 and all(w[:1].isupper() for w in words):
        forms.append("".join(w[0] for w in words).lower())
    # … and so is its English form ("Quỹ Ellen MacArthur" -> "Ellen MacArthur Foundation" -> "EMF").
    forms += ["".join(w[0] for w in f.split()) for f in forms[1:] if len(f.split()) >= 3 and f.split()[-1] in _HEAD_WORDS]
    return tuple(dict.fromkeys(f for f in forms if f))


def unmentioned_names(
    question: str, texts: list[str] | str, names: list[str] | None = None, language: str = "vi"
) -> list[str]:
    """Names of ``question`` (or ``names``) that none of ``texts`` mentions, in any of their
    :func:`name_forms` ("Hiep Phuoc", "Hàn Quốc" / "Korea"). ``texts`` may be a prepared
    :func:`name_haystack`. An English question's names are :func:`english_question_names`, each
    mentioned as a whole or word by word ("Hai An District Police" is mentioned when "Hai An" is)."""
    haystack = texts if isinstance(texts, str) else name_haystack(texts)
    if names is None and language == "en":
        missing = unmentioned_names("", haystack, english_question_names(question))
        return [n for n in missing if len(n.split()) == 1 or unmentioned_names("", haystack, n.split())]
    names = question_names(question) if names is None else names
    if not names:
        return []
    return [name for name in names if not any(f" {form} " in haystack for form in name_forms(name))]


def document_texts(snapshot: IndexSnapshot, doc_id: str) -> list[str]:
    """A document's title and the texts of its chunks (read from the store on each call)."""
    document = snapshot.documents.get(doc_id)
    texts = [str(document.info.get("title", ""))] if document else []
    return texts + [chunk.text for chunk in read_rows(snapshot.chunks, list(snapshot.chunks_of(doc_id)))]


def document_names(snapshot: IndexSnapshot, doc_id: str, *, sources: bool = False) -> str:
    """A document's title and text prepared for name checks (cached per generation); ``sources``:
    with its source notes, which name who its figures come from ("[K1] Ellen MacArthur Foundation
    case study" for the text's "(EMF case study) [K1]"). A question "theo case study của Ellen
    MacArthur" names a source the document cites: no reason to refuse it. Ranking does not read
    them (a date or place in a source's title is nothing the document is about)."""

    def prepare() -> str:
        texts = document_texts(snapshot, doc_id)
        document = snapshot.documents.get(doc_id)
        if sources and document is not None:
            texts.append(_URL.sub(" ", str(document.extra.get("source_header") or "")))
        return name_haystack(texts)

    return snapshot.cache.get(("document_names", doc_id, sources), prepare)


_URL = re.compile(r"\bhttps?://\S+")
# A name listed next to another one ("Hiệp Phước (TP.HCM), Amata (Đồng Nai) và Đình Vũ").
_LISTED = r"\s*(?:\([^)]{0,40}\))?\s*(?:,|\bv[àa]\b|\band\b|&)\s*"
_CAPITALISED = r"[A-ZĐ][\w-]*(?:\s+[A-ZĐ][\w-]*)*"


def listed_with(text: str, name: str) -> list[str]:
    """The names ``text`` lists together with ``name`` (empty when it names it on its own)."""
    return list(_listed_with(text, name))


@lru_cache(maxsize=4096)  # asked again of the same titles for every question naming the same park
def _listed_with(text: str, name: str) -> tuple[str, ...]:
    folded, target = fold_accents(text), fold_accents(name)
    at = folded.lower().find(target.lower())
    if at < 0:
        return ()
    # Walk the list both ways from the name: each neighbour joined by a comma, "và" or "and".
    names: list[str] = []
    after = folded[at + len(target) :]
    while (m := re.match(_LISTED + f"({_CAPITALISED})", after)) is not None:
        names.append(text[len(text) - len(after) + m.start(1) : len(text) - len(after) + m.end(1)])
        after = after[m.end() :]
    before = folded[:at]
    while (m := re.search(f"({_CAPITALISED})" + _LISTED + "$", before)) is not None:
        names.append(text[m.start(1) : m.end(1)])
        before = before[: m.start()]
    return tuple(names)


# Capitalised words of English questions that name nothing the sources must mention themselves:
# sentence words, months, the instruments' kinds, offices, and countries, peoples and languages
# the Vietnamese sources write in Vietnamese ("Việt Nam", "Đan Mạch", "Bỉ").
_ENGLISH_COMMON = frozenset(
    {
        # forms of address
        *("i", "mr", "mrs", "ms", "dr"),
        # months
        *("january", "february", "march", "april", "may", "june", "july", "august", "september"),
        *("october", "november", "december"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
        # the instruments' kinds
        *("decree", "circular", "article", "clause", "point", "law", "decision"),
        # countries, peoples, languages and places the sources write in Vietnamese
        *("vietnam", "viet", "nam", "vietnamese", "english", "korea", "korean", "denmark", "danish"),
        *("japan", "japanese", "belgium", "belgian", "switzerland", "swiss", "germany", "german"),
        *("netherlands", "dutch", "france", "french", "america", "american", "europe", "european"),
        *("asia", "asian", "hanoi", "hi", "tech"),
        # currencies ("in dong and in US dollars": the sources write "USD", "đồng")
        *("us", "usd", "vnd", "eur", "euro", "euros", "dollar", "dollars", "dong"),
        # offices
        *("government", "prime", "minister", "ministry", "board", "general", "director", "chairman"),
        # ordinary nouns of the domain
        *("eco", "industrial", "park", "parks", "zone", "zones", "framework", "international", "project"),
        *("ip", "ips", "iz", "epz"),  # "Hiep Phuoc IP": the park kind, abbreviated
        *("programme", "program", "phase", "workshop", "center", "centre", "city", "province", "district"),
    }
)


def english_question_names(question: str) -> list[str]:
    """Runs of capitalised words of an English question that are names ("Ellen MacArthur
    Foundation", "Gyproc"), without the ordinary capitalised words, the part of a compound
    after its name ("SECO-funded" -> "SECO") and quoted titles (written in the sources'
    language: "'Applying the eco-industrial park model'")."""
    text = re.sub(r"['’]s\b", "", normalize_query(question))  # "Korea's" is "Korea"
    text = re.sub(r"“[^”]*”|\"[^\"]*\"|(?<!\w)'[^']*'(?!\w)", " , ", text)
    words = re.findall(r"[^\W_]+(?:[.&][^\W_]+)*|[^\w\s]", text)
    common = non_names()[1]
    names: list[str] = []
    run: list[str] = []
    for position, word in enumerate(words):
        folded = fold_accents(word).lower()
        follows = position + 1 < len(words) and words[position + 1][:1].isupper()
        name = (
            word[:1].isupper()
            and (len(word) > 1 or bool(run))  # "DEEP C": a letter ends a name it follows
            and (position > 0 or follows)
            and (folded not in common or _opens_unaccented_name(words, position))
            and folded not in _ENGLISH_COMMON
        )
        if name:
            run.append(word)
            continue
        if run:
            names.append(" ".join(run))
            run = []
    return [*names, " ".join(run)] if run else names


def _opens_unaccented_name(words: list[str], position: int) -> bool:
    """Whether a capitalised common word inside an English question opens a Vietnamese name typed
    without diacritics: "An" of "the An Phat park", "Hai" of "in Hai Duong", "Can" of "Can Tho"
    (English "an", "can", Vietnamese "hai" otherwise)."""
    if position == 0 or words[position - 1] in _SENTENCE_ENDS or position + 1 >= len(words):
        return False
    following = words[position + 1]
    return (
        following[:1].isupper()
        and vietnamese_syllables(words[position])
        and vietnamese_syllables(following)
        and fold_accents(following).lower() not in _ENGLISH_COMMON
    )
