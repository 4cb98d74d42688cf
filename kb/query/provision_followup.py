"""Follow-ups about provisions: "còn Điều 38 thì sao?", "khoản 2 thì sao?" replace the provision of the
last question that named one, keeping its document; "Điều 38 quy định gì?" gets that document."""

from __future__ import annotations

import re

from kb.query.entities import folded_view, text_view
from kb.query.followup_context import FollowupContext, in_language, last_provision
from kb.query.language import detect_language
from kb.query.provisions import ProvisionReference, parse_provision_reference
from kb.query.subjectless import capitalise
from kb.text.legal_vocabulary import KIND_NAMES_EN, KIND_NAMES_VI
from kb.text.normalize import fold_accents

# The provision part of a reference (without its document), on folded lower-case text.
_PROVISION_SPAN = re.compile(
    r"(?<!\w)(?:(?:diem|point)\s+[a-z]\s+(?:(?:cua|of)\s+)?)?"
    r"(?:(?:khoan|clause|paragraph)\s+\d+[a-z]?\s+(?:(?:cua|of)\s+)?)?"
    r"(?:dieu|article|art\.)\s*\d+[a-z]?(?!\w)"
)
_CLAUSE_ONLY = re.compile(
    r"^(?:(?:diem|point)\s+[a-z]\s+(?:(?:cua|of)\s+)?)?(?:khoan|clause|paragraph)\s+\d+[a-z]?$"
)


def names_provision(core: str, fold_core: str) -> bool:
    """Whether a follow-up's slot is a provision alone ("Điều 38", "khoản 2 Điều 38", "khoản 2")."""
    if _CLAUSE_ONLY.match(fold_core):
        return True
    return bool(_PROVISION_SPAN.match(fold_core)) and parse_provision_reference(core) is not None


def document_label(ref: ProvisionReference, language: str) -> str:
    """ "Nghị định 35/2022" / "Decree 35/2022" for a reference's document."""
    if not ref.document:
        return ""
    if "/" not in ref.document:
        return ref.document
    names = KIND_NAMES_EN if language == "en" else KIND_NAMES_VI
    return f"{names.get(ref.kind or '', '')} {ref.document}".strip()


def provision_words(article: str, clause: str | None, point: str | None, language: str) -> str:
    """ "điểm a khoản 2 Điều 38" / "Point a of Clause 2 of Article 38" (without the document)."""
    if language == "en":
        parts = [
            f"Point {point}" if point else "",
            f"Clause {clause}" if clause else "",
            f"Article {article}",
        ]
        return " of ".join(p for p in parts if p)
    parts = [f"điểm {point}" if point else "", f"khoản {clause}" if clause else "", f"Điều {article}"]
    return " ".join(p for p in parts if p)


_CLAUSE_NUMBER = re.compile(r"(?<!\w)(?:khoan|clause|paragraph)\s+(\d+[a-z]?)(?!\w)")
_POINT_LETTER = re.compile(r"(?<!\w)(?:điểm|diem|point)\s+(\w)(?!\w)")


def substitute_provision(
    core: str, fold_core: str, language: str, contexts: list[FollowupContext], marked: bool
) -> str | None:
    """The last provision question, about the provision ``core`` names, keeping its document."""
    new_ref = parse_provision_reference(core)
    standalone = in_language(language, f"{capitalise(core)} quy định gì?", f"What does {core} say?")
    context = last_provision(contexts)
    if context is None or context.provision is None:
        return standalone if marked and new_ref is not None and new_ref.document else None
    previous, old_ref = context.question, context.provision
    span = _PROVISION_SPAN.search(folded_view(previous))
    if span is None:
        return None
    if new_ref is not None and new_ref.document:
        same = fold_accents(new_ref.document).lower() == fold_accents(old_ref.document or "").lower()
        if not same:
            return standalone  # another document: ask about the new reference as written
    if new_ref is not None:
        article, clause, point = new_ref.article, new_ref.clause, new_ref.point
    else:  # "khoản 2": a clause of the previous article
        clause_match = _CLAUSE_NUMBER.search(fold_core)
        point_match = _POINT_LETTER.search(text_view(core)[0])
        article = old_ref.article
        clause = clause_match.group(1) if clause_match else None
        point = point_match.group(1) if point_match else None
    new_text = provision_words(article, clause, point, detect_language(previous))
    return capitalise(previous[: span.start()] + new_text + previous[span.end() :])


def complete_provision(text: str, contexts: list[FollowupContext], language: str) -> str:
    """Rule 4: "Điều 38 quy định gì?" gets the document of the last provision question."""
    ref = parse_provision_reference(text)
    if ref is None or ref.document:
        return text
    context = last_provision(contexts)
    if context is None or context.provision is None or not context.provision.document:
        return text
    span = _PROVISION_SPAN.search(folded_view(text))
    if span is None:
        return text
    joiner = " of " if language == "en" else " "
    return text[: span.end()] + joiner + document_label(context.provision, language) + text[span.end() :]
