"""Another source's list of the parks asked, shown beside the best one's when the sources differ.

"Dự án … giai đoạn 2020–2023 chọn thí điểm ở những khu công nghiệp nào?" is answered by the case
study's "KCN tham gia: Đình Vũ – DEEP C (Hải Phòng), Hiệp Phước (TP.HCM), Amata Biên Hòa (Đồng Nai),
Sonadezi (Bình Dương) …", while the Hiệp Phước workshop report lists "KCN DEEP C (Hải Phòng), KCN Amata
(Đồng Nai), KCN Hiệp Phước (TP. Hồ Chí Minh), KCN Trà Nóc 1&2 (Cần Thơ), KCN Hòa Khánh (Đà Nẵng)". A
consultant quoting the list needs both: the answer gives the other document's listing sentence too.

A park list is a sentence naming parks with their province in brackets, as the sources write them,
in at least :data:`MIN_LISTED` provinces; parks are told apart by province because each source names
them its own way ("Amata Biên Hòa", "KCN Amata"). The other list joins when it scores at least
:data:`OTHER_LIST_SHARE` of the best sentence and names a province the chosen sentences do not.

Usage::

    chosen = with_listings(question, chosen, candidates, inline)
"""

from __future__ import annotations

import re

from kb.answer.other_figures import other_figure
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.places import country_named, place_named
from kb.text.normalize import fold_accents

_HCM = re.compile(r"ho chi minh|hcm")
MIN_LISTED = 3  # provinces in brackets after the parks' names
OTHER_LIST_SHARE = 0.45  # of the best sentence's score
# Parks asked as a list: "những KCN nào", "khu công nghiệp nào", "which (industrial) parks".
_PARKS_ASKED = re.compile(
    r"\b(?:(?:nhung|cac)\s+)?(?:kcn|khu cong nghiep)(?:\s+\w+){0,2}\s+nao\b"
    r"|\bwhich\s+(?:\w+\s+){0,2}(?:industrial\s+)?(?:parks|zones|iz|ips)\b|\bpilot parks\b"
)
# "Hiệp Phước (TP.HCM)", "Amata Biên Hòa (Đồng Nai)": a name, then its province in brackets.
_BRACKETED = re.compile(r"[^\s(),;:–-][^(),;:]{1,40}?\s*\(([^()]{2,30})\)")


def _listed_parks(text: str) -> set[str]:
    """The provinces ``text`` writes in brackets after a name ("Hải Phòng" of "DEEP C (Hải Phòng)"),
    as the place list writes them: a list's parks are told apart by where they are, however each
    source names them ("Amata Biên Hòa", "KCN Amata")."""
    places = {p for m in _BRACKETED.finditer(text) if (p := place_named(m.group(1).strip())) and not country_named(p)}
    # One city, written "TP.HCM" by one source and "TP. Hồ Chí Minh" by another.
    return {"TP.HCM" if _HCM.search(fold_accents(p).lower()) else p for p in places}


def other_source_list(
    question: str, chosen: list[SentenceCandidate], candidates: list[SentenceCandidate]
) -> list[SentenceCandidate]:
    """The best sentence of another document listing the parks asked, when it names a province the
    chosen sentences' list does not; [] when none does, the answer lists no parks, or none are asked."""
    if not chosen or not candidates or not _PARKS_ASKED.search(fold_accents(question).lower()):
        return []
    shown = set().union(*(_listed_parks(c.text) for c in chosen))
    if len(shown) < MIN_LISTED:
        return []  # the answer gives no park list of its own: nothing to set beside it
    best = max(c.score for c in candidates)
    documents = {c.document.meta.get("doc_id") for c in chosen}  # sources, not passages
    for candidate in sorted(candidates, key=lambda c: -c.score):
        if candidate.score < OTHER_LIST_SHARE * best:
            break
        if candidate.document.meta.get("doc_id") in documents:
            continue
        listed = _listed_parks(candidate.text)
        if len(listed) >= MIN_LISTED and listed - shown:
            return [candidate]
    return []


def with_listings(
    question: str,
    chosen: list[SentenceCandidate],
    candidates: list[SentenceCandidate],
    inline: SentenceCandidate | None,
) -> list[SentenceCandidate]:
    """``chosen`` with the sentence listing items inside itself (``inline``, from
    :func:`kb.answer.shaped_answers.inline_list_sentence`), another source's park list and another
    figure reported for what is counted (:func:`kb.answer.other_figures.other_figure`), in reading order."""
    given = [*chosen, inline] if inline is not None and inline not in chosen else chosen
    listing = [*given[len(chosen) :], *other_source_list(question, given, candidates), *other_figure(question, given, candidates)]
    return sorted([*chosen, *listing], key=lambda c: (c.position, c.index)) if listing else chosen
