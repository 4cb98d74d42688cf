"""A question asking which article provides something is answered by a sentence that names one.

"Thủ tục cấp Giấy chứng nhận KCN sinh thái được quy định ở điều nào của Nghị định 82/2018?" is
not answered by a sentence about certificates that cites no article: when no relevant sentence
names an article, clause or chapter, the answer is a refusal that says so. (The exact text of a
provision named in the question is answered by the provision lookup before any sentence is read.)
"""

from __future__ import annotations

import re
from functools import lru_cache

from kb.answer.citations import text_for
from kb.answer.refusal_checks import relevant_sentences
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.answer_types import answer_target, answer_type_match
from kb.text.normalize import fold_accents
from kb.text.stopwords import stopwords

# A sentence citing an article says at least this share of the words of what is asked.
TOPIC_SHARE = 0.5
# Words that ask for the article or name the instrument, not what it provides.
_ASKING = frozenset(
    ["dieu", "khoan", "diem", "chuong", "muc", "nao", "may", "so", "nghi", "dinh", "thong", "tu", "nd", "tt", "cp", "quy", "duoc", "o", "tai", "theo", "cua", "ve", "article", "clause", "point", "chapter", "which", "what", "decree", "circular", "provides", "set", "out"]
)
NO_PROVISION = {
    "vi": "Các đoạn tìm được không nêu điều, khoản nào quy định nội dung được hỏi.",
    "en": "The passages found cite no article or clause for what is asked.",
}


def _syllables(text: str) -> list[str]:
    return re.findall(r"[a-z]+", fold_accents(text).lower())


@lru_cache(maxsize=1)
def _folded_stopwords() -> frozenset[str]:
    return frozenset(fold_accents(w).lower() for word in stopwords() for w in word.split("_"))


def _topic(question: str) -> set[str]:
    """The words of what a question asks the article of ("phân công trách nhiệm của các Bộ"), folded."""
    return {w for w in _syllables(question) if w not in _folded_stopwords() and w not in _ASKING}


def provision_location_reason(question: str, language: str, candidates: list[SentenceCandidate]) -> str:
    """Why no relevant sentence answers "ở điều nào / which article" ("" when one names a provision)."""
    kind, _ = answer_target(question)
    if kind != "provision" or not candidates:
        return ""
    # The article must be cited for what is asked: a heading citing the criteria article ("TIÊU CHÍ
    # … theo NĐ 82/2018 (Điều 42)") does not say where the ministries' duties are set.
    # (Vietnamese questions: an English one shares no words with a Vietnamese source.)
    topic = _topic(question) if language == "vi" else set()
    for candidate in relevant_sentences(candidates):
        if answer_type_match(candidate.text, "provision"):
            said = set(_syllables(candidate.text))
            if {"khu", "cong", "nghiep"} <= said:
                said.add("kcn")
            if not topic or len(topic & said) >= TOPIC_SHARE * len(topic):
                return ""
    return text_for(NO_PROVISION, language)
