"""Every sentence of the top passages, scored by how much of the question it covers.

A question may be phrased several ways at once (its own words; the Vietnamese equivalents of an
English question's terms; abbreviation expansions; the English equivalents of a Vietnamese
question's terms, for English sources): a sentence covers the question as well as its
best-covered phrasing (:func:`question_phrasings`). The score adds a small bonus for the
passage's rank, and one for holding the kind of fact asked (a number of the thing counted, a
date, a name).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from haystack import Document

from kb.answer.citations import display_text
from kb.answer.disclaimers import disclaims
from kb.answer.evidence import EvidenceScorer, QueryTerm, chunk_sentences
from kb.index.snapshot import IndexSnapshot
from kb.query.answer_types import answer_type_match, asked_kind, focus_words
from kb.query.names import listed_with, question_names
from kb.query.question_shape import years_in
from kb.query.terms import english_equivalents, long_forms, vietnamese_equivalents, with_short_forms
from kb.text.normalize import fold_accents

# Score = coverage + RANK_BONUS × the passage's normalised retrieval score
#         − POSITION_PENALTY × its rank + ANSWER_TYPE_BONUS × how surely it holds the fact asked.
RANK_BONUS = 0.15
POSITION_PENALTY = 0.02
ANSWER_TYPE_BONUS = 0.2
# Weight of the words of the noun the question asks about ("chủ đề" in "bàn về chủ đề gì?") against
# those of the context it restates.
FOCUS_WEIGHT = 1.5
# Weight of the kind of named thing a "which X" question asks for ("công ty" in "Công ty nào mua …",
# and its English equivalents): the answer names the company and seldom says "company". Applied after
# FOCUS_WEIGHT, which the kind also gets as the noun asked about (0.45 in all for the question's words).
ASKED_KIND_WEIGHT = 0.3
# Weight of the share of the question's adjacent syllable pairs a sentence holds side by side
# (:meth:`EvidenceScorer.query_pairs`): the question's phrases, not its syllables scattered.
PHRASE_BONUS = 0.15
# An unaccented question's syllables found in a sentence only apart from the syllables they stand
# beside in the question count this much less (:meth:`EvidenceScorer.scattered_share`).
SCATTERED_DISCOUNT = 0.25
# The names a document's title is about count for each of its sentences (off: measured without it,
# `python -m eval.fit_answers kb.answer.sentence_candidates.TITLE_NAMES=False`).
TITLE_NAMES = True
# A sentence naming the one place asked only in a list of others ("KCN tham gia: Đình Vũ, Hiệp Phước,
# Amata …") is less about it than one about that place alone.
LISTED_NAME_PENALTY = 0.15
# Share of the coverage a sentence would gain from the heading it sits under ("A. GIAI ĐOẠN 1
# (2014–2019): …" for the results listed below it) added to its score: the context the question
# restates, said once for the section. Its coverage (the evidence the refusal checks read) is its own.
SECTION_CONTEXT_SHARE = 0.3
# Share of the coverage a sentence would gain from its document's title added to its score: the
# words of the subject a document is about (its title: "Hội thảo giới thiệu mô hình … 12/11/2021")
# find the document, not the sentence; the sentence that says what is asked of it ("được tổ chức
# theo hình thức trực tuyến") should not lose to one that restates the subject.
TITLE_CONTEXT_SHARE = 0.5
# Marks a sentence that holds the kind of fact asked, among the terms it covers.
ANSWER_TYPE_TERM = "#answer-type"
# Marks a sentence that surely holds the kind of fact asked (a number of the thing counted, not
# just some number).
ANSWER_TYPE_SURE = "#answer-type-sure"
# Ranking by embedding similarity (questions whose words the passages do not share): the two
# best passages only, a small bonus for the first.
EMBEDDING_PASSAGES = 2
EMBEDDING_POSITION_BONUS = 0.05
EMBEDDED_CHARS = 300
HEADING_PENALTY = 1.0
_CAPS_SHARE = 0.6


def all_caps(text: str) -> bool:
    """Mostly upper-case letters: a heading ("TIÊU CHÍ XÁC ĐỊNH …")."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and sum(ch.isupper() for ch in letters) / len(letters) > _CAPS_SHARE

Phrasing = tuple[list[QueryTerm], bool]  # weighted terms, compared accent-folded or not


@dataclass(eq=False)  # compared by identity: each sentence of a passage once
class SentenceCandidate:
    """One sentence of a retrieved passage and how well it answers the question."""

    document: Document  # the passage (retrieved chunk)
    position: int  # the passage's rank among those read
    index: int  # the sentence's number in its passage
    text: str
    coverage: float  # weighted share of the question's terms in the sentence
    covered: set[str] = field(default_factory=set)  # the terms found (+ ANSWER_TYPE_TERM)
    passage_coverage: float = 0.0  # coverage by the whole passage and its document's title
    score: float = 0.0
    start: int = 0  # the sentence's span in the passage text
    end: int = 0

    @property
    def words(self) -> int:
        return len(self.text.split())

    def same_passage(self, other: SentenceCandidate) -> bool:
        return self.document is other.document


# A number of two to four digits, not part of a larger one, a share or a span ("2020–2023").
_ENGLISH_NUMBER = re.compile(r"(?<![\d.,%/–-])\d{2,4}(?![\d.,%/–-])")
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"


def english_counts(question: str) -> list[str]:
    """The counts an English question quotes ("the 217 RECP solutions"): not a year, nor a day of a
    month ("12 November", "November 12")."""
    found = []
    for match in _ENGLISH_NUMBER.finditer(question):
        before, after = question[: match.start()].lower(), question[match.end() :].lower()
        if re.fullmatch(r"(?:19|20)\d\d", match.group(0)) or re.match(rf"\s+{_MONTH_NAME}\b", after):
            continue
        if re.search(rf"\b{_MONTH_NAME}\s+$", before):
            continue
        found.append(match.group(0))
    return found


def question_phrasings(
    question: str,
    language: str,
    scorer: EvidenceScorer,
    expansions: list[str] | None = None,
    translations: list[str] | None = None,
) -> list[Phrasing]:
    """The question's own terms, then its other phrasings (one line each: word segmentation
    must not join the end of one phrase to the start of the next)."""
    groups = [scorer.query_terms(question)]
    folded = groups[0][1]
    if language == "en":
        # What a Vietnamese source can contain: the question's names, the long forms of its
        # abbreviations, and one term per domain term, found when any of its Vietnamese
        # equivalents is ("company": "doanh nghiệp" or "công ty").
        phrases = vietnamese_equivalents(question, with_term=True)
        glossary_terms = {v for options in phrases for v in options}
        names = re.findall(r"(?<!^)(?<![.?!]\s)\b[A-Z][\w-]*", question)
        names += re.findall(r"\d+(?:[.,]\d+)?\s?%", question)  # "25%": a share is written alike in both languages
        # "the 217 RECP solutions": a count is written alike in both languages (not a year or a day:
        # the reports date in their own words, and "2020–2023" is one project's span or another's).
        names += english_counts(question)
        others = [e for e in expansions or [] if e not in glossary_terms]
        # A name and its long form are one term ("UNIDO" or "Tổ chức Phát triển Công nghiệp Liên
        # Hợp Quốc"), not six: its long form's words would outweigh what the question asks of it.
        named = [[full, short] for full, short in long_forms(others).items() if short in names]
        names = [n for n in names if n not in {short for _, short in named}]
        others = [e for e in others if e not in {full for full, _ in named}]
        terms, _ = scorer.query_terms("\n".join([" ".join(names), *others]), folded=folded)
        terms += scorer.phrase_terms(named, folded, accented=True)
        # The glossary's Vietnamese keeps its diacritics: folded, "cố vấn trưởng kỹ thuật" is found in
        # "có … tư vấn … trưởng … kỹ thuật".
        phrases = [with_short_forms(options) for options in phrases]
        groups.append((terms + scorer.phrase_terms(phrases, folded, accented=True), folded))
    elif expansions:
        groups.append(scorer.query_terms("\n".join([question, *expansions]), folded=folded))
    if translations:
        # An English source answers a Vietnamese question in its own words: the names the
        # question uses plus the English equivalents of its domain terms.
        names_terms, _ = scorer.query_terms("\n".join(question_names(question)), folded=folded)
        phrases = english_equivalents("\n".join([question, *(expansions or [])]))
        groups.append((names_terms + scorer.phrase_terms(phrases, folded), folded))
    names = typed_names(question)
    if names:
        groups = [(_joined(terms, names) if fold else terms, fold) for terms, fold in groups]
    focus = focus_words(question)
    if FOCUS_WEIGHT != 1.0 and focus:
        groups = [([_focused(t, focus) for t in terms], fold) for terms, fold in groups]
    kind = asked_kind(question)
    if ASKED_KIND_WEIGHT != 1.0 and kind:
        others = {o.lower() for options in english_equivalents(" ".join(sorted(kind))) for o in options}
        others |= {o.lower() for options in vietnamese_equivalents(" ".join(sorted(kind))) for o in options}
        groups = [([_of_kind(t, kind, others) for t in terms], fold) for terms, fold in groups]
    return groups


# A name of several words typed without diacritics ("Nam Cau Kien", "Hiep Phuoc"): each of its
# syllables alone is a common word once folded ("nam": năm, Nam; "cau": cầu, câu), so a sentence
# holding "Việt Nam" and "cầu" is no part of a mention of the park: the name counts when all its
# syllables are found.
_TYPED_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")


def typed_names(question: str) -> list[tuple[str, ...]]:
    """The names of several capitalised words a question writes without diacritics ("Nam Cau Kien"),
    as folded syllables; not those written with them ("Nam Cầu Kiền")."""
    return [tuple(fold_accents(match.group(0)).lower().split()) for match in _TYPED_NAME.finditer(question)]


def _joined(terms: list[QueryTerm], names: list[tuple[str, ...]]) -> list[QueryTerm]:
    """``terms`` with the one-syllable terms of each name in ``names`` made one term, found only
    when all its syllables are, weighing what they weighed together."""
    for name in names:
        parts = [t for t in terms if len(t.syllables) == 1 and t.syllables[0] in name]
        if {t.syllables[0] for t in parts} != set(name):
            continue
        joined = QueryTerm(" ".join(name), name, sum(t.weight for t in parts))
        terms = [joined if t is parts[0] else t for t in terms if t is parts[0] or t not in parts]
    return terms


def _of_kind(term: QueryTerm, kind: set[str], equivalents: set[str]) -> QueryTerm:
    """The term weighted down when it is the kind of thing asked for, or its translation."""
    syllables = {fold_accents(s).lower() for s in term.syllables}
    if syllables <= kind or term.word.lower() in equivalents or term.word.replace("_", " ").lower() in equivalents:
        return dataclasses.replace(term, weight=term.weight * ASKED_KIND_WEIGHT)
    return term


def _focused(term: QueryTerm, focus: set[str]) -> QueryTerm:
    """The term weighted up when it is (part of) the noun the question asks about."""
    if any(fold_accents(s).lower() in focus for s in term.syllables):
        return dataclasses.replace(term, weight=term.weight * FOCUS_WEIGHT)
    return term


def sentence_candidates(
    documents: list[Document],
    scorer: EvidenceScorer,
    phrasings: list[Phrasing],
    answer_type: tuple[str | None, list[str]] = (None, []),
    question: str = "",
) -> list[SentenceCandidate]:
    """Every sentence of ``documents`` (best first) with its coverage and score.

    ``answer_type``: the kind of fact asked and the units counted (``kb.query.answer_types``);
    ``question``: its adjacent syllable pairs found side by side in a sentence add to its score.
    """
    out: list[SentenceCandidate] = []
    if not documents:
        return out
    scores = np.array([d.score or 0.0 for d in documents], dtype=np.float64)
    spread = scores.max() - scores.min()
    rank_bonus = (scores - scores.min()) / spread if spread > 0 else np.ones_like(scores)
    folded = phrasings[0][1] if phrasings else False
    pairs = scorer.query_pairs(question, folded) if question and PHRASE_BONUS else []
    # The names the question is about that a document's title carries count for each of its
    # sentences: in the Nam Cầu Kiền case study, "trên địa bàn 4 xã" is about Nam Cầu Kiền.
    names = question_names(question) if TITLE_NAMES and question else []
    for position, document in enumerate(documents):
        row = int(document.meta["row"])
        chunk = scorer.snapshot.chunks[row]
        per_group = [(terms, scorer.sentence_syllables(row, fold)) for terms, fold in phrasings]
        pair_sets = scorer.sentence_pairs(row, folded) if pairs else []
        # A passage of the Kalundborg case study is about Kalundborg even when its sentences
        # do not repeat the name: the title counts for the passage's coverage.
        passage_coverage = max(
            (
                scorer.coverage(terms, set().union(*sets, scorer.title_syllables(chunk.doc_id, fold)))
                for (terms, sets), (_, fold) in zip(per_group, phrasings, strict=True)
                if sets
            ),
            default=0.0,
        )
        titled = {fold: _title_names(scorer, chunk.doc_id, names, fold) for _, fold in phrasings}
        for index, span in enumerate(chunk_sentences(chunk)):
            text = chunk.text[span[0] : span[1]].strip()
            if not text:
                continue
            coverage, covered, context = 0.0, set(), 0.0
            for (terms, sets), (_, fold) in zip(per_group, phrasings, strict=True):
                found = sets[index] | titled[fold] if titled[fold] else sets[index]
                value = scorer.coverage(terms, found)
                if value > coverage:
                    coverage, covered = value, scorer.covered(terms, found)
                    if SECTION_CONTEXT_SHARE:
                        under = scorer.coverage(terms, found | scorer.heading_syllables(row, fold))
                        context = SECTION_CONTEXT_SHARE * (under - value)
                    if TITLE_CONTEXT_SHARE:
                        titled_all = scorer.coverage(terms, found | scorer.title_syllables(chunk.doc_id, fold))
                        context += TITLE_CONTEXT_SHARE * (titled_all - value)
            # The source's own markers ("[K6]") are no figure.
            typed = answer_type_match(display_text(text), *answer_type) if coverage > 0 else 0.0
            if typed:
                covered = covered | ({ANSWER_TYPE_TERM, ANSWER_TYPE_SURE} if typed >= 1.0 else {ANSWER_TYPE_TERM})
            score_phrase = 0.0
            if pairs and coverage > 0:
                score_phrase = PHRASE_BONUS * scorer.pair_share(pairs, pair_sets[index])
                if folded and SCATTERED_DISCOUNT:
                    terms, sets = per_group[0]
                    scattered = scorer.scattered_share(terms, sets[index], pairs, pair_sets[index])
                    score_phrase -= SCATTERED_DISCOUNT * scattered
            score = (
                coverage
                + context
                + score_phrase
                + RANK_BONUS * float(rank_bonus[position])
                - POSITION_PENALTY * position
                + ANSWER_TYPE_BONUS * typed
            )
            if all_caps(text) or disclaims(text) or not any(ch.isalpha() for ch in text):
                # A heading says what follows; a summary's note of what it does not hold ("NOT VERIFIED
                # HERE: … numeric thresholds") says the answer is elsewhere; a line of bare figures (a
                # report's dateline "12 11 2021") says nothing of what it dates. None is the answer.
                score -= HEADING_PENALTY
            if LISTED_NAME_PENALTY and not titled[folded] and any(listed_with(text, n) for n in names):
                score -= LISTED_NAME_PENALTY
            out.append(
                SentenceCandidate(
                    document, position, index, text, coverage, covered, passage_coverage, score, span[0], span[1]
                )
            )
    return out


def _title_names(scorer: EvidenceScorer, doc_id: str, names: list[str], folded: bool) -> set[str]:
    """Syllables of the ``names`` a document's title is about: it names them, not in a list of
    others ("kết quả Hiệp Phước, Amata, DEEP C, …" is not about Hiệp Phước alone)."""
    if not names:
        return set()
    document = scorer.snapshot.documents.get(doc_id)
    title = str(document.info.get("title", "")) if document else ""
    about = [n for n in names if not listed_with(title, n)]
    words = {w for name in about for w in re.findall(r"\w+", name.lower())}
    return scorer.title_syllables(doc_id, folded) & ({fold_accents(w) for w in words} if folded else words)


def rank_by_embedding(
    candidates: list[SentenceCandidate],
    query_embedding: np.ndarray | list[float],
    embed_passages: Callable[[list[str]], np.ndarray],
) -> None:
    """Re-score the sentences of the best passages by embedding similarity to the question (for
    questions whose words the passages do not share, e.g. English over Vietnamese text)."""
    pool = [c for c in candidates if c.position < EMBEDDING_PASSAGES]
    if not pool:
        return
    # The opening of a sentence says what it is about; a whole list written as one "sentence"
    # would cost a 512-token forward pass for nothing.
    vectors = embed_passages([c.text[:EMBEDDED_CHARS] for c in pool])
    similarities = vectors @ np.asarray(query_embedding, dtype=np.float32)
    for candidate, similarity in zip(pool, similarities, strict=True):
        candidate.score = float(similarity) + EMBEDDING_POSITION_BONUS * (EMBEDDING_PASSAGES - candidate.position)
        candidate.covered = {f"~{candidate.position}:{candidate.index}"}
    for candidate in candidates:
        if candidate.position >= EMBEDDING_PASSAGES:
            candidate.score = -1.0


# A sentence that dates its figure to another year than the one asked answers another question.
OTHER_YEAR_FACTOR = 0.8
UNDATED_FACTOR = 0.9


def prefer_asked_years(
    candidates: list[SentenceCandidate], years: tuple[str, ...], snapshot: IndexSnapshot | None = None, figures: bool = False
) -> None:
    """Lower the score of sentences that name only years other than ``years`` (in place).

    "According to results released in 2019, how many companies …": the sentence giving 2017's
    savings gives way to one that names no year (the year is said around it) or 2019. A sentence
    naming no year in a workshop report of another year, whose passage and title name none asked,
    tells of that workshop: "Vụ trưởng … năm 2018 là ai?" is not answered by the 2023 report's
    "Ông Lê Thành Quân, Vụ trưởng …" when the 2018 programme names the office's holder then."""
    if not years:
        return
    # A figure asked (``figures``) and dated to the year asked ("- 2010 results: 3 million m3 water
    # saved") is the year's; the undated figures of the same document ("annual combined benefits:
    # 3.6 million m3") are not.
    dated = set() if not figures else {
        str(c.document.meta.get("doc_id"))
        for c in candidates
        if set(years_in(c.text)) & set(years) and re.search(r"\d", re.sub("|".join(years), " ", c.text))
    }
    for candidate in candidates:
        named = set(years_in(candidate.text))
        if (named and not named & set(years)) or (not named and snapshot is not None and reported_in_other_year(candidate, set(years), snapshot)):
            candidate.score *= OTHER_YEAR_FACTOR
        elif not named and str(candidate.document.meta.get("doc_id")) in dated:
            candidate.score *= UNDATED_FACTOR


def reported_in_other_year(candidate: SentenceCandidate, years: set[str], snapshot: IndexSnapshot) -> bool:
    """Whether a sentence is of a workshop report of another year than ``years``, whose title and
    passage name none of them (what it tells, undated, is of that workshop's year)."""
    document = snapshot.documents.get(str(candidate.document.meta["doc_id"]))
    if document is None or document.info.get("kind") != "workshop":
        return False  # a case study or a summary tells of many years
    issued = str(document.info.get("issued", ""))[:4]
    said = f"{document.info.get('title', '')} {candidate.document.content or ''}"
    # Two years asked may be a span ("giai đoạn 2020–2023"): a report of a year between is of it.
    within = bool(issued.isdigit() and years) and min(years) <= issued <= max(years)
    return bool(issued) and not within and not set(years_in(said)) & years
