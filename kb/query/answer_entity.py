"""Who or what a previous answer named, for a follow-up that refers to it.

"Chủ đầu tư KCN Nam Cầu Kiền là công ty nào?" is answered "Chủ đầu tư: Công ty Cổ phần Shinec
(thành lập 2001) …"; the follow-up "công ty đó có vốn điều lệ bao nhiêu?" asks about Shinec, not
about Nam Cầu Kiền. Only a question that asks for a person or an organisation ("ai …", "công ty
nào …", "who …", "which company …") has such an answer; its name is read from the answer's
framing ("The documents name Lê Thanh Thảo [1]") or its quote, and must not be a name the
question itself already gave.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from kb.query.answer_types import asked_kind, expected_answer_type
from kb.query.entities import (
    LANGUAGES,
    alternation,
    markers,
    phrase_pattern,
    scan_entities,
    vietnamese_syllables,
)
from kb.query.names import question_names
from kb.query.organisations import COMPANY_KIND, COMPANY_NAME, ORGANISATION_KINDS, at_sentence_start
from kb.query.person_names import titled_names
from kb.query.places import place_named
from kb.query.terms import translate_terms, translate_terms_to_english
from kb.text.normalize import fold_accents, normalize_query
from kb.text.stopwords import folded_stopwords

PERSON, ORGANISATION, INSTRUMENT = "person", "organisation", "instrument"
TITLED = "titled"  # a project or programme named with its title in quotes
# "Nghị định nào thay thế …?", "which decree replaced …?": the answer names an instrument.
_INSTRUMENT_ASKED = re.compile(
    r"\b(?:(?:nghi dinh|thong tu|quyet dinh|van ban|luat) nao|which (?:decree|circular|decision|law|instrument))\b"
)
_INSTRUMENT_NAMED = re.compile(
    r"(?:Nghị định|Thông tư|Quyết định|Luật|Decree|Circular|Decision)\s+(?:số\s+|No\.\s*)?\d+/\d{4}(?:/[\w-]+)?"
)

_MARKER = re.compile(r"\[\d+\]")
# A person asked to be identified: "Who is Ankit Kapasi?", "(Ông) Lê Thành Quân là ai?".
_IDENTIFIED = re.compile(
    r"^\s*(?:who(?: is|'s| was) (?:mr\.? |ms\.? |dr\.? )?(.+?)|(?:(?:ông|bà|anh|chị) )?(.+?) là ai)\s*\??\s*$",
    re.IGNORECASE,
)
# The English lead of a who-answer names them (kb/answer/english_lead.py).
# The lead ends at its colon: the answer's text may come as one line.
_NAMED_LEAD = re.compile(r"^The documents name ([^:“\"\n]+?)(?: and \d+ more)?\s*(?::|$)")
# Where one clause of an answer ends: a quote lists several names ("Steam … sold to Novo Nordisk; …
# gypsum sold to Gyproc"), and the one asked for shares its clause with the question's words.
# Not at a comma, which ties a name to its role ("ông Ankit Kapasi, Chuyên gia … của Sofies").
_ROMAN = re.compile(r"[IVX]+")
# A number or quantifier opening a sentence ("Six main partners: Asnæs power station …"), not a name.
_NUMBER_WORD = re.compile(
    r"(?:One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve|Twenty|Thirty|Hundreds?|Thousands?"
    r"|Dozens?|First|Second|Third|Fourth|Fifth|Both|Several|Many)"
)
_CLAUSE_END = re.compile(r"[;\n“”\"]|(?<=[.!?])\s+|\s[-–—•]\s")


@dataclass(frozen=True)
class AnswerEntity:
    """The name an answer gave and whether it is a person or an organisation."""

    name: str
    kind: str


def answer_entity(question: str, answer: str) -> AnswerEntity | None:
    """The person or organisation ``answer`` names for a question that asks for one, else None.

    >>> answer_entity("Chủ đầu tư KCN Nam Cầu Kiền là công ty nào?",
    ...               "- Chủ đầu tư: Công ty Cổ phần Shinec (thành lập 2001). [1]")
    AnswerEntity(name='Công ty Cổ phần Shinec', kind='organisation')
    """
    question = normalize_query(question)
    if answer and _INSTRUMENT_ASKED.search(fold_accents(question).lower()):
        asked_folded = fold_accents(question).lower()
        named = [m.group(0) for m in _INSTRUMENT_NAMED.finditer(normalize_query(answer))]
        fresh = [n for n in named if fold_accents(n).lower() not in asked_folded]
        return AnswerEntity(fresh[0], INSTRUMENT) if fresh else None
    identified = _IDENTIFIED.match(question)
    if identified and looks_like_person(identified.group(1) or identified.group(2)):
        # "Who is Ankit Kapasi?": the answer says who he is; "he" is still Ankit Kapasi.
        return AnswerEntity(identified.group(1) or identified.group(2), PERSON)
    titled_answer = _titled_answer(question, answer)
    if titled_answer is not None:
        return titled_answer
    wants_person = expected_answer_type(question) == "person"
    wants_organisation = bool(asked_kind(question) & ORGANISATION_KINDS)
    if not answer or not (wants_person or wants_organisation):
        return None
    # Every quote: sentences are shown in source order, so the one that answers may not come first.
    body = normalize_query(_MARKER.sub(" ", answer))
    asked = fold_accents(question).lower()

    def new(name: str) -> bool:
        return fold_accents(name).lower() not in asked

    lead = _NAMED_LEAD.match(body.split("\n", 1)[0].strip())
    if lead and wants_person:
        first = re.split(r",| and ", lead.group(1))[0].strip()
        return AnswerEntity(first, PERSON if looks_like_person(first) else ORGANISATION)
    relevance = _clause_relevance(question, body)
    titled = _ranked(question, [(body.find(name), name) for name in titled_names(body) if new(name)], relevance)
    if wants_person and titled:
        return AnswerEntity(titled[0], PERSON)
    companies = [(m.start(), m.group(0).strip()) for m in COMPANY_NAME.finditer(body) if new(m.group(0))]
    # Not a heading in capitals ("E. ĐÌNH VŨ – DEEP C"), nor a chemical formula ("CaCO3"), nor a
    # place ("Denmark"); an acronym ("SECO") or a brand ("Gyproc") is a name. Vietnamese syllables
    # alone ("Việt Nam", "Bỉ") more often name a place than an organisation, which Vietnamese
    # sources write as "Công ty …".
    names = [
        (e.start, e.name)
        for e in scan_entities(body)
        if new(e.name)
        and not (e.name.isupper() and " " in e.name)
        and not _ROMAN.fullmatch(e.name)
        and not _NUMBER_WORD.fullmatch(e.name)
        and not body[e.end : e.end + 1].isdigit()
        and not vietnamese_syllables(e.name)
        and not place_named(e.name)
        and not _heading_word(body, e.start, e.name)
    ]
    # A company's full name ("Công ty Cổ phần Shinec") before a bare name in an equally relevant clause.
    ranked = _ranked(question, companies + names, relevance, preferred={name for _, name in companies})
    if not ranked:
        return None
    if ranked[0] in {name for _, name in companies}:
        return AnswerEntity(ranked[0], ORGANISATION)
    if wants_person:
        # Without a title, a name like "Hải Phòng" may be a place as well as a person: only an
        # organisation-looking name (an acronym, a hyphenated or one-word name) is taken.
        return None if looks_like_person(ranked[0]) else AnswerEntity(ranked[0], ORGANISATION)
    return AnswerEntity(_with_kind(ranked[0], body, asked_kind(question)), ORGANISATION)


def _titled_answer(question: str, answer: str) -> AnswerEntity | None:
    """A titled name the answer gives for "<kind> nào?" / "which <kind>?": "Dự án “Triển khai Khu
    công nghiệp sinh thái …”" for "… nằm trong khuôn khổ dự án nào?", which "dự án đó" then means."""
    if not answer:
        return None
    folded = fold_accents(question).lower()
    body = normalize_query(_MARKER.sub(" ", answer))
    for entity in scan_entities(body):
        if not (entity.title and entity.prefix):
            continue
        kind = fold_accents(entity.prefix).lower()
        if re.search(rf"(?<!\w)(?:{re.escape(kind)} nao|which {re.escape(kind)})(?!\w)", folded) and (
            fold_accents(entity.name).lower() not in folded
        ):
            return AnswerEntity(entity.full, TITLED)
    return None


def _with_kind(name: str, body: str, kind: set[str]) -> str:
    """``name`` with the kind asked for when the answer writes it right after ("Asnæs power station"
    for "Which power station …?"): a follow-up "how big is it?" then asks the size of a power
    station (its capacity), not of a place called Asnæs."""
    at = body.find(name)
    following = re.match(r"\s+([a-z]+(?:\s+[a-z]+)?)\b", body[at + len(name) :]) if at >= 0 else None
    if following and set(following.group(1).split()) <= kind:
        return f"{name} {following.group(1)}"
    return name


def _heading_word(body: str, start: int, name: str) -> bool:
    """A capitalised ordinary word opening a sentence or an item ("Classic exchanges"), not a name.
    After a colon a one-word name ("…: Asnæs power station") is taken unless the answer also
    writes it in lower case."""
    if " " in name or not name[1:].islower() or not at_sentence_start(body, start):
        return False
    # Not after the colon of a framing that opens a quote ("According to the documents: “History …").
    if body[:start].rstrip(" (").endswith(":"):
        return re.search(rf"(?<!\w){re.escape(name.lower())}(?!\w)", body) is not None
    return True


def _clause_relevance(question: str, body: str) -> Callable[[int], tuple[int, int]]:
    """For a position of ``body``: how many of the question's words (and the English of its terms)
    its clause shares, those outside the names the question gives first ("chủ đầu tư" of "Chủ đầu
    tư KCN Nam Cầu Kiền là công ty nào?" ties the answer to its clause; "Nam Cầu Kiền" is written
    near other companies too), the names' words second."""
    folded = fold_accents(body).lower()
    named = {w for name in question_names(question) for w in re.findall(r"\w+", fold_accents(name).lower())}
    words = {w for w in re.findall(r"\w+", fold_accents(question).lower()) if w not in folded_stopwords()}
    # The glossary both ways: an English question is often answered by a Vietnamese quote.
    terms = [fold_accents(t).lower() for t in (*translate_terms_to_english(question), *translate_terms(question))]
    bounds = [0, *(m.end() for m in _CLAUSE_END.finditer(body)), len(body)]
    scores: list[tuple[int, tuple[int, int]]] = []
    for start, end in pairwise(bounds):
        clause = folded[start:end]
        said = set(re.findall(r"\w+", clause)) & words
        asked = len(said - named) + sum(1 for t in terms if re.search(rf"(?<!\w){re.escape(t)}", clause))
        scores.append((end, (asked, len(said & named))))

    def relevance(position: int) -> tuple[int, int]:
        return next((score for end, score in scores if position < end), (0, 0))

    return relevance


def _ranked(
    question: str,
    found: list[tuple[int, str]],
    relevance: Callable[[int], tuple[int, int]],
    preferred: frozenset[str] | set[str] = frozenset(),
) -> list[str]:
    """Names by how much of the question their clause shares (see :func:`_clause_relevance`), a
    name that only lengthens one the question gave ("DEEP C Hải Phòng I" for "DEEP C") after the
    others, then ``preferred`` ones, then in the answer's order."""
    asked = [fold_accents(name).lower() for name in question_names(question)]

    def lengthens(name: str) -> bool:
        rest = fold_accents(name).lower()
        for a in asked:
            rest = re.sub(rf"(?<!\w){re.escape(a)}(?!\w)", " ", rest)
        # Only a numeral or a letter left ("I", "II"): "Công ty CP Khí công nghiệp Ninh Bình" is new.
        return rest != fold_accents(name).lower() and not any(len(w) > 2 for w in re.findall(r"\w+", rest))

    def key(item: tuple[int, str]) -> tuple[int, bool, int, bool, int]:
        start, name = item
        said, named = relevance(start)
        return (-said, lengthens(name), -named, name not in preferred, start)

    return [name for _, name in sorted((item for item in found if item[0] >= 0), key=key)]


def looks_like_person(name: str) -> bool:
    """Two to five capitalised words, none an acronym ("Lê Thanh Thảo", "Heinz Leuenberger")."""
    words = name.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and not w.isupper() for w in words)


_ORGANISATION_HEADS = frozenset(
    {
        "công ty", "doanh nghiệp", "tổ chức", "tập đoàn", "company", "companies", "organisation", "organization",
        # "Nhà máy nào …?" is answered by the plant's name ("nhà máy đó" -> "Asnæs power station").
        "nhà máy", "nhà máy điện", "nhà đầu tư", "plant", "factory", "investor",
    }
)


_VIETNAMESE_COMPANY_KIND = re.compile(rf"^{COMPANY_KIND}\s+(?=\S)")


def answer_pronouns(
    view: str,
    folded: bool,
    language: str,
    answered: AnswerEntity | None,
    add: Callable[[int, int, str], None],
    it_is_answered: bool = True,
) -> None:
    """Call ``add(start, end, name)`` for each word of the follow-up ``view`` (lower-cased, folded when
    typed without diacritics) that stands for whom the last answer named: "ông ấy", "he", "họ",
    "they", "công ty đó", "that company" (and "it", "nó" after a question asking for an
    organisation, unless ``it_is_answered`` is False: the question named a titled subject of its
    own, which "nó" stands for)."""
    if answered is None:
        return
    m = markers()
    # Typed without diacritics, a Vietnamese follow-up gets the name without them too; an English
    # one (ASCII anyway) gets it as the sources write it ("what's his position?" -> "Lê Thành Quân").
    name = fold_accents(answered.name) if folded and language == "vi" else answered.name
    if language == "en":
        # "when was it founded?" -> "When was Shinec founded?": the Vietnamese kind of a company
        # ("Công ty Cổ phần") would make the English question read as Vietnamese.
        name = _VIETNAMESE_COMPANY_KIND.sub("", name) or name
    lists = ["answer_pronouns"] + (
        ["person_pronouns"] if answered.kind == PERSON else ["pronouns"] if it_is_answered else []
    )
    # English words only in an English question; typed without diacritics, "no" is "nó" only in a
    # Vietnamese one.
    languages = [lang for lang in LANGUAGES if (lang == language or (lang == "vi" and not folded))]
    for lang in languages:
        for list_name in lists:
            pattern = phrase_pattern(m.get(lang, list_name), folded)
            for match in pattern.finditer(view) if pattern else ():
                add(match.start(), match.end(), name)
        possessives = phrase_pattern(m.get(lang, "answer_possessives"), folded)
        for match in possessives.finditer(view) if possessives else ():
            add(match.start(), match.end(), f"{name}'s")
    if answered.kind == TITLED:
        # "dự án đó", "that project": the titled project the answer named, its kind word included.
        kind = answered.name.split("“", 1)[0].strip().lower()
        written = fold_accents(kind) if folded else kind
        for lang in languages:
            demonstratives = alternation(m.get(lang, "demonstratives"), folded)
            english = {"dự án": "project", "chương trình": "programme"}.get(kind, "")
            regex = (
                rf"(?<!\w){re.escape(written)}\s+(?:{demonstratives})(?!\w)"
                if lang == "vi"
                else rf"(?<!\w)(?:{demonstratives}|the)\s+{english}(?!\w)"
            )
            if lang == "en" and not english:
                continue
            for match in re.finditer(regex, view):
                add(match.start(), match.end(), name)
        return
    if answered.kind != ORGANISATION:
        return
    heads = alternation(tuple(_ORGANISATION_HEADS), folded)
    for lang in languages:
        demonstratives = alternation(m.get(lang, "demonstratives"), folded)
        regex = (
            rf"(?<!\w)(?:{heads})\s+(?:{demonstratives})(?!\w)"
            if lang == "vi"
            else rf"(?<!\w)(?:{demonstratives}|the)\s+(?:{heads})(?!\w)"
        )
        for match in re.finditer(regex, view):
            head = match.group(0).rsplit(None, 1)[0]
            # "nhà máy đó" -> "nhà máy Asnæs": the kind of thing is kept where the name does not say it
            # ("công ty đó" -> "Công ty Cổ phần Shinec").
            said = lang == "vi" and fold_accents(name).lower().startswith(fold_accents(head).lower())
            add(match.start(), match.end(), name if lang != "vi" or said else f"{head} {name}")


def named_person_pronouns(
    view: str, folded: bool, language: str, questions: list[str], add: Callable[[int, int, str], None]
) -> None:
    """Call ``add(start, end, name)`` for "bà ấy", "ông đó", "he", "she" in the follow-up ``view``
    when the last question naming a person by a form of address ("Bà Lê Thanh Thảo phát biểu với
    tư cách gì?") asked nothing whose answer is a person: "bà ấy kỳ vọng gì?" is about her. The
    form of address typed is kept ("bà ấy" -> "bà Lê Thanh Thảo")."""
    person = next((name for question in reversed(questions) for name in titled_names(question)), None)
    if person is None:
        return
    name = fold_accents(person) if folded and language == "vi" else person
    for lang in LANGUAGES:
        if not (lang == language or (lang == "vi" and not folded)):
            continue
        pattern = phrase_pattern(markers().get(lang, "person_pronouns"), folded)
        for match in pattern.finditer(view) if pattern else ():
            first = match.group(0).split()[0]
            address = first if len(match.group(0).split()) > 1 and fold_accents(first) in _ADDRESS_WORDS else ""
            add(match.start(), match.end(), f"{address} {name}".strip())


# Forms of address that open a Vietnamese person pronoun ("bà ấy"), kept before the name.
_ADDRESS_WORDS = frozenset({"ong", "ba", "anh", "chi"})

