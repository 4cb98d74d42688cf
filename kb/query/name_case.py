"""Names in a follow-up typed in lower case, written as the conversation and its sources write them.

On a phone a follow-up comes as "con kcn amata?" or "con ben unido ai phat bieu": the follow-up
rules recognise a new place or organisation by its capitals ("KCN Amata", "UNIDO"). The names the
conversation has met (its questions and answers, the documents its answers cited) give them back:
"con kcn amata?" -> "con kcn Amata?" ("KCN" is a kind, and the rules read it in any case).
A first question typed so gets the acronyms of every document back ("ai dai dien unido" ->
"ai dai dien UNIDO"), which the name checks and abbreviation expansions read.

Usage::

    names = known_names([previous_question, previous_answer])
    question = restore_name_case("con ben unido ai phat bieu", names)  # "con ben UNIDO ai phat bieu"
    question = with_conversation_names("con kcn amata?", texts, snapshot, cited_doc_ids)
    question = with_corpus_names("ai dai dien unido phat bieu", snapshot)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from kb.index.snapshot import IndexSnapshot
from kb.query.names import document_texts, question_names
from kb.query.terms import abbreviation_table, generic_abbreviations
from kb.text.normalize import fold_accents, has_diacritics

# A single word is taken for a name only when it cannot be an ordinary Vietnamese syllable typed
# without accents: an acronym ("UNIDO", "SECO") or a longer word of several syllables written
# without diacritics ("Amata", "Kalundborg"); "Tuấn" is a given name but "tuan" is also "tuần".
MIN_ACRONYM = 3
MIN_WORD = 5


def _folded(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold_accents(text).lower()))


def _usable(name: str) -> bool:
    words = name.split()
    if _generic_start(name):
        return False
    if len(words) >= 2:
        # Not a heading's capitals ("B. GIAI ĐOẠN 2"): a name of several words is not all upper case.
        return not all(w.isupper() for w in words)
    word = words[0] if words else ""
    if word.isupper() and word.isalpha():
        return len(word) >= MIN_ACRONYM
    # A Vietnamese syllable has one group of vowels ("Trung", "Long"); "Amata", "Ulsan" have more.
    vowel_groups = re.findall(r"[aeiouy]+", word.lower())
    return len(word) >= MIN_WORD and word.isalpha() and not has_diacritics(word) and len(vowel_groups) >= 2


def _generic_start(name: str) -> bool:
    """A capitalised start of a common noun's long form ("Khu Công" of "Khu Công nghệ cao", "khu công
    nghiệp"): no name to write into "khu cong nghiep sinh thai la gi"."""
    folded = _folded(name)
    return " " in folded and any(full.startswith(folded) for full in _generic_long_forms())


@lru_cache(maxsize=1)
def _generic_long_forms() -> tuple[str, ...]:
    table = abbreviation_table()
    return tuple(_folded(table[short][0]) for short in generic_abbreviations())


def known_names(texts: Iterable[str]) -> dict[str, str]:
    """Folded name -> the name as written, for the proper names of ``texts`` (first writing wins)."""
    names: dict[str, str] = {}
    for text in texts:
        for line in text.splitlines():
            for name in question_names(line):
                name = name.strip("“”\"'()[],.;:")
                if _usable(name):
                    names.setdefault(_folded(name), name)
    return names


def document_names_written(snapshot: IndexSnapshot, doc_id: str) -> dict[str, str]:
    """The :func:`known_names` of one document's title and text (cached per generation)."""
    return snapshot.cache.get(("document_names_written", doc_id), lambda: known_names(document_texts(snapshot, doc_id)))


def corpus_names_written(snapshot: IndexSnapshot) -> dict[str, str]:
    """The acronyms the documents write ("UNIDO", "SECO", "MPI"), none of whose words is an ordinary
    word there, cached per generation. Only acronyms: a foreign name a source writes in capitals
    ("Amata") is also written "AMATA Biên Hòa" by another, and a question naming a part of it would
    miss passages that name it whole."""

    def gather() -> dict[str, str]:
        names: dict[str, str] = {}
        # Words a name's word must not be: written in lower case ("theo", "phase") or a Vietnamese
        # syllable once its accents are dropped ("tac" of "tác" is no "TAC").
        common: set[str] = set()
        for doc_id in snapshot.documents:
            texts = document_texts(snapshot, doc_id)
            for key, name in known_names(texts).items():
                if not has_diacritics(name):
                    names.setdefault(key, name)
            for text in texts:
                for word in re.findall(r"\w+", text):
                    if word.islower() or has_diacritics(word):
                        common.add(fold_accents(word).lower())
        return {
            key: name
            for key, name in names.items()
            if name.isupper() and not any(w in common for w in key.split())
        }

    return snapshot.cache.get(("corpus_names_written",), gather)


def with_corpus_names(question: str, snapshot: IndexSnapshot) -> str:
    """A question typed in lower case without diacritics ("du an mpi-unido do seco tai tro") with
    the documents' acronyms written as they write them ("du an MPI-UNIDO do SECO tai tro"): names are
    what the question is about, read by their capitals. The question stays unaccented, which is how
    the answer knows to compare it accent-folded."""
    if not question.islower() or has_diacritics(question):
        return question
    return restore_name_case(question, corpus_names_written(snapshot))


def with_conversation_names(
    question: str, texts: Iterable[str], snapshot: IndexSnapshot | None = None, doc_ids: Iterable[str] = ()
) -> str:
    """A follow-up typed in lower case with the names of the conversation's ``texts`` (its questions and
    answers) and of the documents its answers cited written as they write them; any other question as typed."""
    if not question.islower():
        return question
    names = known_names(texts)
    if snapshot is not None:
        for doc_id in dict.fromkeys(doc_ids):
            for key, name in document_names_written(snapshot, doc_id).items():
                names.setdefault(key, name)
    return restore_name_case(question, names)


def restore_name_case(question: str, names: dict[str, str]) -> str:
    """``question`` with the lower-case words that spell a known name written as that name, longest
    names first; words already capitalised are left as typed."""
    if not names:
        return question
    words = list(re.finditer(r"\w+", question))
    folded = [fold_accents(w.group(0)).lower() for w in words]
    longest = max(len(k.split()) for k in names)
    out: list[str] = []
    last = 0
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            key = " ".join(folded[i : i + size])
            span = words[i : i + size]
            typed = question[span[0].start() : span[-1].end()]
            # Typed with its accents but no capitals ("trung tâm"), a word is a common noun more often
            # than a name written with accents ("Trung tâm …"): only a name typed unaccented is restored,
            # or one whose written form has no accents either ("amata" -> "Amata").
            accents_typed = has_diacritics(typed) or has_diacritics(question)
            if key in names and typed.islower() and not (accents_typed and has_diacritics(names[key])):
                out.append(question[last : span[0].start()])
                out.append(names[key])
                last = span[-1].end()
                i += size
                break
        else:
            i += 1
    out.append(question[last:])
    return "".join(out)
