"""Which scored sentences make the answer.

The best sentence, then up to two more that cover terms the chosen ones do not, within a word
budget (sentences of one passage are quoted as one verbatim span, so that span stays short too).
A heading or a list lead-in ("Mục tiêu:", "TIÊU CHÍ …") is completed by the sentences that follow
it; a best sentence that lacks the kind of fact asked is completed by the one after it, which
often carries the answer it introduces.
"""

from __future__ import annotations

import re

from kb.answer.enumerations import other_in_series
from kb.answer.sentence_candidates import ANSWER_TYPE_SURE, ANSWER_TYPE_TERM, SentenceCandidate

MAX_SENTENCES = 3
# Words of the sentences chosen (and of one passage's quoted span). Measured on the fit sets (RESULTS,
# tenth session): 90 / 120 / 150 / 200 words gave key facts 0.867 / 0.883 / 0.892 / 0.897 against
# citation precision 0.841 / 0.816 / 0.801 / 0.773; 120 is where the answer grows by a sentence's
# worth (median 82 -> 92 words) for most of the gain.
MAX_ANSWER_WORDS = 120
MAX_FOLLOWED_WORDS = 130  # when the best sentence is completed by the one after it
# A further sentence must score at least this share of the best one's score.
MIN_SCORE_SHARE = 0.5
# A sentence holding the kind of fact asked leads the answer when it scores this share of the best.
TYPED_SHARE = 0.6
# A sentence with some number gives way to one with a number of the thing asked ("263 ha" for an
# area, not "40% diện tích") in the same source that scores and covers the question nearly as well.
SURE_SHARE = 0.9
SURE_ALONE_SHARE = 0.85  # …or scoring this share of the best, whatever its coverage
# A heading's completion stops this many words short of the answer budget.
HEADING_MARGIN_WORDS = 20
HEADING_MAX_WORDS = 8  # shorter than this: a title or lead-in, not a statement
HEADING_UPPER_SHARE = 0.6
MAX_ELABORATED_WORDS = 170  # when the sentence after the best spells out what it announces
# A sentence that leans on the one before it for what it is about ("Trong đó, …", "This …"):
# quoted alone it does not say what it answers.
REFERS_BACK = re.compile(
    r"^\W*(?:trong đó|điều này|việc này|đây là|đây cũng là|đây chính là|những điều này|nhờ đó|nhờ vậy"
    r"|vì vậy|vì thế|do đó|do vậy|bởi vậy|chính vì|như vậy|từ đó"
    # "Trên cơ sở kết quả của Hội nghị, …": the event the sentence before told of.
    r"|trên cơ sở (?:đó|này|kết quả (?:đó|này|trên|của (?:hội nghị|hội thảo)))|on (?:this|that) basis"
    r"|therefore|thus|hence|as a result|consequently|this is why|this|these|such|among them)\b",
    re.IGNORECASE,
)
# A sentence that spells out what the one before it announces ("… đã hoàn thành các mục tiêu đề ra.
# Cụ thể là: …", "… lan tỏa sang các KCN khác. Chẳng hạn như KCN Nam Cầu Kiền …").
ELABORATES = re.compile(
    r"^\W*(?:cụ thể|bao gồm|gồm có|đó là|chẳng hạn|ví dụ|điển hình là|specifically|namely|these include"
    r"|they include|in particular|for example|for instance)\b",
    re.IGNORECASE,
)


def heading_like(text: str) -> bool:
    """Short, colon-ended, or mostly upper-case: a title or list lead-in rather than a statement."""
    letters = [ch for ch in text if ch.isalpha()]
    upper = sum(1 for ch in letters if ch.isupper())
    stripped = text.rstrip()
    return (
        len(text.split()) < HEADING_MAX_WORDS
        or stripped.endswith(":")
        or (bool(letters) and upper / len(letters) > HEADING_UPPER_SHARE)
        or bool(re.search(r"\n\s*(\d+|[a-zđ])[.)]\s*$", stripped))
    )


def is_heading(candidate: SentenceCandidate) -> bool:
    """Whether the sentence is its passage's heading line ("Đẩy mạnh triển khai mô hình khu công
    nghiệp sinh thái" above the report's first paragraph)."""
    heading = str(candidate.document.meta.get("heading") or "")
    return bool(heading) and " ".join(candidate.text.split()) == " ".join(heading.split())


def choose_sentences(
    candidates: list[SentenceCandidate], complete_with_next: bool = True
) -> list[SentenceCandidate]:
    """The sentences of the answer, in source order (passage rank, then sentence number)."""
    ranked = sorted(candidates, key=lambda c: -c.score)
    if not ranked:
        return []
    if ANSWER_TYPE_TERM not in ranked[0].covered:
        # A sentence matching the question's context (date, place, organisers) but not holding the
        # kind of fact asked gives way to one that holds it and scores nearly as well.
        typed = next((c for c in ranked if ANSWER_TYPE_TERM in c.covered), None)
        if typed is not None and typed.score >= TYPED_SHARE * ranked[0].score:
            ranked.remove(typed)
            ranked.insert(0, typed)
    if ANSWER_TYPE_SURE not in ranked[0].covered:
        source = ranked[0].document.meta.get("doc_id")
        sure = next(
            (c for c in ranked if ANSWER_TYPE_SURE in c.covered and c.document.meta.get("doc_id") == source), None
        )
        if sure is not None and (
            (sure.score >= SURE_SHARE * ranked[0].score and sure.coverage >= SURE_SHARE * ranked[0].coverage)
            or sure.score >= SURE_ALONE_SHARE * ranked[0].score
        ):
            ranked.remove(sure)
            ranked.insert(0, sure)
    best = ranked[0]
    chosen = [best]
    covered = set(best.covered)
    words = best.words
    spans: dict[str, tuple[int, int]] = {best.document.id: (best.index, best.index)}
    for candidate in ranked[1:]:
        if len(chosen) >= MAX_SENTENCES:
            break
        new = set(candidate.covered) - covered
        if not new or candidate.score < MIN_SCORE_SHARE * best.score:
            continue
        # Another source's sentence joins a best one holding the kind of fact asked only if it holds
        # one as surely: a figure with the unit asked is not completed by "Phase 2 scaled up …".
        sure = ANSWER_TYPE_SURE if ANSWER_TYPE_SURE in best.covered else ANSWER_TYPE_TERM
        if (
            sure in best.covered
            and sure not in candidate.covered
            and candidate.document.meta.get("doc_id") != best.document.meta.get("doc_id")
        ):
            continue
        if words + candidate.words > MAX_ANSWER_WORDS or is_heading(candidate):
            continue  # its passage's heading beside the answer says nothing (the source line names it)
        # Sentences of one passage are quoted as one verbatim span: keep that span short.
        doc_id = candidate.document.id
        low, high = spans.get(doc_id, (candidate.index, candidate.index))
        low, high = min(low, candidate.index), max(high, candidate.index)
        span_words = sum(c.words for c in candidates if c.document.id == doc_id and low <= c.index <= high)
        if span_words > MAX_ANSWER_WORDS:
            continue
        spans[doc_id] = (low, high)
        chosen.append(candidate)
        covered |= new
        words += candidate.words
    if heading_like(best.text):
        _complete_heading(best, candidates, chosen)
    elif complete_with_next:
        _complete_context(best, candidates, chosen)
    # In rank order, not best first: "còn gì nữa?" reads on from the passages in that order (quoting
    # the best passage first made it repeat the answer; measured and reverted).
    return sorted(chosen, key=lambda c: (c.position, c.index))


def _neighbour(
    best: SentenceCandidate, candidates: list[SentenceCandidate], step: int
) -> SentenceCandidate | None:
    """The sentence just before (``step`` −1) or after (+1) ``best`` in its passage."""
    return next((c for c in candidates if c.same_passage(best) and c.index == best.index + step), None)


def _complete_context(
    best: SentenceCandidate, candidates: list[SentenceCandidate], chosen: list[SentenceCandidate]
) -> None:
    """What the best sentence needs around it: the sentence it refers back to, the one that spells
    out what it announces, or the one after it when it lacks the kind of fact asked (the best match
    often introduces the answer that follows: "… ông Tuấn cho biết: …")."""
    previous = _neighbour(best, candidates, -1)
    size = sum(c.words for c in chosen)
    if (
        previous is not None
        and previous not in chosen
        and REFERS_BACK.match(best.text)
        and not heading_like(previous.text)
        and size + previous.words <= MAX_FOLLOWED_WORDS
    ):
        chosen.append(previous)
        size += previous.words
    follower = _neighbour(best, candidates, +1)
    if follower is None or follower in chosen or other_in_series(best.text, follower.text):
        return  # not the next paragraph of a series ("Phiên 4 …" after "Phiên 3 …"): another one
    elaborates = ELABORATES.match(follower.text) is not None
    budget = MAX_ELABORATED_WORDS if elaborates else MAX_FOLLOWED_WORDS
    if (elaborates or ANSWER_TYPE_TERM not in best.covered) and size + follower.words <= budget:
        chosen.append(follower)


def _complete_heading(
    best: SentenceCandidate, candidates: list[SentenceCandidate], chosen: list[SentenceCandidate]
) -> None:
    """A heading or a very short pick says what follows, not the answer: add what follows it."""
    size = best.words
    followers = sorted(
        (c for c in candidates if c.same_passage(best) and c.index > best.index), key=lambda c: c.index
    )
    for follower in followers:
        if size >= MAX_ANSWER_WORDS - HEADING_MARGIN_WORDS or follower in chosen:
            break
        chosen.append(follower)
        size += follower.words

