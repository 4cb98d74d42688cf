"""A question asking which article provides something is answered by a sentence that names one.

"Thủ tục cấp Giấy chứng nhận KCN sinh thái được quy định ở điều nào của Nghị định 82/2018?" is
not answered by a sentence about certificates that cites no article: when no relevant sentence
names an article, clause or chapter, the answer is a refusal that says so. (The exact text of a
provision named in the question is answered by the provision lookup before any sentence is read.)
"""

from __future__ import annotations

from kb.answer.citations import text_for
from kb.answer.refusal_checks import relevant_sentences
from kb.answer.sentence_candidates import SentenceCandidate
from kb.query.answer_types import answer_target, answer_type_match

NO_PROVISION = {
    "vi": "Các đoạn tìm được không nêu điều, khoản nào quy định nội dung được hỏi.",
    "en": "The passages found cite no article or clause for what is asked.",
}


def provision_location_reason(question: str, language: str, candidates: list[SentenceCandidate]) -> str:
    """Why no relevant sentence answers "ở điều nào / which article" ("" when one names a provision)."""
    kind, _ = answer_target(question)
    if kind != "provision" or not candidates:
        return ""
    if any(answer_type_match(c.text, "provision") for c in relevant_sentences(candidates)):
        return ""
    return text_for(NO_PROVISION, language)
