"""Reasons to refuse although passages were found: what the question asks that they do not give.

Each check returns the reason to show ("Các nguồn tìm được không nhắc đến: “VSIP Bắc Ninh”."),
or "" when the passages may answer:

- :func:`unmentioned_names_reason`: a Vietnamese question about a park, company or place that the
  documents found never mention;
- :func:`instrument_candidates`: a question naming a numbered instrument ("Nghị định 35/2022") is
  answered only from sentences about it;
- :func:`uncounted_reason`: "how many X" when the passages speak of X but never give a number of it.
"""

from __future__ import annotations

from kb.answer.citations import text_for
from kb.answer.sentence_candidates import SentenceCandidate
from kb.index.snapshot import IndexSnapshot
from kb.query.answer_types import counts_unit, mentions_unit, quantity_units, unit_words
from kb.query.instruments import NamedInstrument, mentions_instrument, named_instruments
from kb.query.names import document_names, question_names, unmentioned_names
from kb.text.legal_vocabulary import legal_label
from kb.text.normalize import fold_accents

NOT_MENTIONED = {
    "vi": "Các nguồn tìm được không nhắc đến: {names}.",
    "en": "The sources found do not mention: {names}.",
}
NOT_COUNTED = {
    "vi": "Các đoạn tìm được có nói đến {names} nhưng không nêu con số.",
    "en": "The passages found mention {names} but give no number.",
}
NOT_ABOUT = {
    "vi": "Các đoạn tìm được không nói về {names}.",
    "en": "The passages found are not about {names}.",
}


def _quoted(names: list[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)


def unmentioned_names_reason(
    question: str, language: str, snapshot: IndexSnapshot, doc_ids: list[str]
) -> str:
    """The question's names that none of the documents ``doc_ids`` mentions, as a reason.

    Vietnamese questions only: an English question's capitalised words are not reliably names
    ("Decree", "September").
    """
    if language != "vi" or not question_names(question):
        return ""
    found = dict.fromkeys(doc_ids)
    missing = unmentioned_names(question, " ".join(document_names(snapshot, d) for d in found))
    return text_for(NOT_MENTIONED, language).format(names=_quoted(missing)) if missing else ""


def instrument_candidates(
    question: str, language: str, snapshot: IndexSnapshot, candidates: list[SentenceCandidate]
) -> tuple[list[SentenceCandidate], str]:
    """The sentences about the instruments the question names for certain, and the reason to
    refuse when none is. A question about Decree 35/2022 is not answered by a passage about
    Decree 82/2018 (the decree it replaced, with other figures)."""
    instruments = [i for i in named_instruments(question) if i.certain]
    if not instruments:
        return candidates, ""
    about = [c for c in candidates if _about_instrument(c, snapshot, instruments)]
    if about:
        return about, ""
    labels = [legal_label(i.kind or "", i.text, language) or i.text for i in instruments]
    return [], text_for(NOT_ABOUT, language).format(names=_quoted(labels))


def _about_instrument(
    candidate: SentenceCandidate, snapshot: IndexSnapshot, instruments: list[NamedInstrument]
) -> bool:
    """Whether a sentence speaks about one of the instruments asked.

    A document that is (or summarises) another instrument speaks about the one asked only in
    the sentences naming it (a summary of Decree 82 compares a threshold with Decree 35); any
    other passage does when it or its document's title names the instrument.
    """
    document = candidate.document
    info = snapshot.documents[str(document.meta["doc_id"])].info
    own = str(info.get("number", ""))
    if own:
        if any(mentions_instrument(own, i.key) for i in instruments):
            return True
        return any(mentions_instrument(candidate.text, i.key) for i in instruments)
    text = "\n".join([document.content or "", str(info.get("title", ""))])
    return any(mentions_instrument(text, i.key) for i in instruments)


def uncounted_reason(question: str, language: str, candidates: list[SentenceCandidate]) -> str:
    """"Bao nhiêu đại biểu …?" is not answered by a passage that speaks of the delegates without
    giving their number (nor "how many employees" by the plant's capacity).

    The reason names what the question counts that the best sentence speaks of without a number,
    when no sentence of the passages gives one. Nothing when the best sentence does not use the
    word: a synonym or another language may then hold the answer ("năng lượng" / "oil equivalent").
    """
    units = [u for u in quantity_units(question) if u != "%"]
    if not units or not candidates:
        return ""
    best = fold_accents(max(candidates, key=lambda c: c.score).text).lower()
    mentioned = [u for u in units if mentions_unit(best, u)]
    texts = [fold_accents(c.text).lower() for c in candidates]
    if not mentioned or any(counts_unit(t, u) for u in mentioned for t in texts):
        return ""
    names = [unit_words(question, unit) for unit in mentioned]
    return text_for(NOT_COUNTED, language).format(names=_quoted(names))
