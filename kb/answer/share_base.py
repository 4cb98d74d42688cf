"""A share asked of what: "lấp đầy bao nhiêu phần trăm diện tích", "tái sử dụng bao nhiêu phần trăm nước
thải", "yêu cầu bao nhiêu phần trăm doanh nghiệp phải có nhận thức về sản xuất sạch hơn".

:func:`share_base_reason` refuses when no sentence giving a percentage gives it of what is asked: the act
before "bao nhiêu" and the base after "phần trăm" must be written in one of them, and, when no act comes
before, a pair of the words that say what is asked of the base. All matching is on accent-folded,
lower-cased text, so unaccented questions work the same.

Usage::

    reason = share_base_reason(question, "vi", question_shape(question), candidates)
"""

from __future__ import annotations

import itertools
import re

from kb.answer.citations import text_for
from kb.answer.constraint_checks import original_words
from kb.answer.figure_scope import said_of
from kb.answer.refusal_checks import quoted_names, relevant_sentences
from kb.answer.sentence_candidates import SentenceCandidate
from kb.index.snapshot import IndexSnapshot
from kb.query.question_shape import QuestionShape
from kb.query.terms import vietnamese_equivalents
from kb.text.lexical_analyzer import word_tokens
from kb.text.normalize import fold_accents

NO_SHARE_OF = {
    "vi": "Các đoạn tìm được không nêu tỷ lệ phần trăm {what}.",
    "en": "The passages found give no percentage {what}.",
}
# After the base: words that say nothing of what is asked of it ("trong KCN", "về"); "0" stands for a name.
_CLAUSE_GENERIC = frozenset({"ve", "khu", "0"})


def _folded(text: str) -> str:
    return fold_accents(text).lower()


# "<act> [tối thiểu] bao nhiêu phần trăm <base>": the act and the base of the share asked, folded.
_SHARE = re.compile(
    r"((?:[^\W\d_]+ ){0,2})(?:(?:toi thieu|toi da|it nhat|khoang|duoc|da|hien|phai|can) )*bao nhieu "
    r"(?:phan tram|%) ((?:[^\W\d_]+ ?){0,2})"
)
# Words that say nothing of what a share is of ("chiếm", "tổng số", "các"): not checked.
_SHARE_GENERIC = frozenset(
    {
        *("chiem", "la", "co", "dat", "cua", "trong", "tong", "so", "luong", "cac", "nhung", "va", "thi"),
        *("de", "cho", "toi", "thieu", "da", "hien", "phai", "can", "duoc", "nam", "kcn"),
        *("doi", "hoi", "yeu", "cau", "quy", "dinh", "con", "nao"),  # "đòi hỏi", "yêu cầu", "quy định"; "nào" asks
        *("bat", "buoc"),  # "NĐ 82 bắt (buộc) tối thiểu bao nhiêu phần trăm …": requiring, not the act
        *("nay", "bay", "gio"),  # "hiện nay", "bây giờ": when, not what
    }
)
_PERCENT_FIGURE = re.compile(r"\d\s*%")
# Acts a source writes in another word of the same sense ("đáp ứng 50% nhu cầu" is written "cung
# cấp 50% nhu cầu"), folded.
_MEETING_DEMAND = ("dap ung", "cung cap", "dam bao")
_SAME_ACT = {act: _MEETING_DEMAND for act in _MEETING_DEMAND}


def _share_words(words: str, keep_last: bool) -> str:
    """The last (act) or first (base) words of a span that say what the share is, "" for none."""
    parts = words.split()
    if keep_last:
        while parts and parts[-1] in _SHARE_GENERIC:
            parts.pop()
        parts = parts[-2:]
        while parts and parts[0] in _SHARE_GENERIC:
            parts.pop(0)
    else:
        if parts and parts[0] in _SHARE_GENERIC:
            return ""
        parts = parts[:2]
        if len(parts) == 2 and parts[1] in _SHARE_GENERIC:
            parts = parts[:1]
    return " ".join(parts)


def _ends_compound(question: str, word: str, act: str) -> bool:
    """Whether the segmenter joins ``word`` (folded) to the word before it in ``question``, in a
    compound other than ``act``."""
    for token in word_tokens(question):
        folded = _folded(token.replace("_", " "))
        if folded != act and folded.endswith(" " + word):
            return True
    return False


def share_base_reason(
    question: str,
    language: str,
    shape: QuestionShape,
    candidates: list[SentenceCandidate],
    snapshot: IndexSnapshot | None = None,
) -> str:
    """ "KCN Nam Cầu Kiền đã lấp đầy bao nhiêu phần trăm diện tích?" when the sentences giving a
    percentage give it of green space, not of the land filled: each of the act before "bao nhiêu"
    ("lấp đầy", "dành") and the base after "phần trăm" ("diện tích", "nước thải") must be written in
    one of them; an English question's base ("share of … land") likewise. Nothing when no relevant
    sentence gives a percentage (the count check says so)."""
    if "%" not in shape.units or not candidates:
        return ""
    if language != "vi":
        return _english_base_reason(question, language, candidates, snapshot)
    match = _SHARE.search(_share_text(question))
    if not match:
        return _rate_base_reason(question, language, candidates)
    act = _share_words(match.group(1), keep_last=True)
    if len(act.split()) == 2 and _ends_compound(question, act.split()[0], act):
        # "KCN sinh thái dành …": "thái" ends the compound "sinh thái", the act is "dành".
        act = act.split()[1]
    if question == question.lower():
        # Typed in lower case, a name cannot be told from the act: "nam cau kien danh" -> "danh".
        act = " ".join(act.split()[-1:])
    shares = [" ".join(_folded(c.text).split()) for c in relevant_sentences(candidates)]
    shares = [t for t in shares if _PERCENT_FIGURE.search(t)]
    if not shares:
        return ""
    for words in (_share_words(match.group(2), keep_last=False), act):
        forms = _SAME_ACT.get(words, (words,))
        if words and not any(re.search(rf"\b{re.escape(f)}\b", t) for f in forms for t in shares):
            what = original_words(question, words) or words
            return text_for(NO_SHARE_OF, language).format(what=quoted_names([what]))
    if act:
        return ""
    # "… yêu cầu bao nhiêu phần trăm doanh nghiệp phải có chứng nhận ISO?": no act before the share,
    # what is asked of the base follows it (up to the clause's end): one of its word pairs must be in a
    # sentence giving a percentage ("nhận thức" is; "chứng nhận" is not).
    pairs = _clause_pairs(question)
    if not pairs:
        return _rate_base_reason(question, language, candidates)  # "Tỷ lệ lấp đầy … hiện nay là bao nhiêu phần trăm?"
    if not any(re.search(rf"\b{re.escape(pair)}\b", t) for pair in pairs for t in shares):
        what = original_words(question, pairs[-1]) or pairs[-1]  # the last says what is done
        return text_for(NO_SHARE_OF, language).format(what=quoted_names([what]))
    return ""


def _share_text(question: str, clauses: bool = False) -> str:
    """The question as the share pattern reads it: folded, punctuation as spaces (a clause's end as "|"
    with ``clauses``), and capitalised words as "0": names, not the act ("KCN Nam Cầu Kiền dành …" -> "dành")."""
    text = re.sub(r"[,?;!]", " | ", question) if clauses else question
    plain = re.sub(r"\b[A-ZĐ]\w*", " 0 ", re.sub(r"[^\w\s%|]" if clauses else r"[^\w\s%]", " ", text))
    return " ".join(_folded(plain).split())


def _clause_pairs(question: str) -> list[str]:
    """The pairs of consecutive words, neither of them generic, that follow the base of the share asked
    up to the end of its clause (a comma, "?", another "bao nhiêu"), folded."""
    match = _SHARE.search(_share_text(question, clauses=True))
    if not match:
        return []
    clause = match.string[match.end() :].split("|")[0].split("bao nhieu")[0].split()
    return [f"{a} {b}" for a, b in itertools.pairwise(clause) if not {a, b} & (_SHARE_GENERIC | _CLAUSE_GENERIC)]


# "tỷ lệ <base> [tối thiểu | phải | là …] bao nhiêu": the base of a rate asked, up to a word saying how.
_RATE = re.compile(r"\bty le ((?:[^\W\d_]+ ){1,4}?)(?:toi thieu|toi da|it nhat|phai|duoc|la|cua|trong|o|tai|can|dat|kcn|khu|0)\b")


def _rate_base_reason(question: str, language: str, candidates: list[SentenceCandidate]) -> str:
    """ "Tỷ lệ chất thải rắn tối thiểu phải được tái chế là bao nhiêu?" when the sentences giving a
    percentage give it of firms ("tối thiểu 90% doanh nghiệp …"): each word of the rate's base must be
    in one of them."""
    # A capital opening the question is no name: "Tỷ lệ lấp đầy …".
    text = _share_text(question[:1].lower() + question[1:])
    match = _RATE.search(text)
    if not match or "bao nhieu" not in text[match.end() :]:
        return ""
    base = [w for w in match.group(1).split() if w not in _SHARE_GENERIC]
    shares = [" ".join(_folded(c.text).split()) for c in relevant_sentences(candidates)]
    shares = [t for t in shares if _PERCENT_FIGURE.search(t)]
    if not base or not shares or any(all(re.search(rf"\b{w}\b", t) for w in base) for t in shares):
        return ""
    what = original_words(question, " ".join(base)) or " ".join(base)
    return text_for(NO_SHARE_OF, language).format(what=quoted_names([what]))


# "What minimum share of an eco-industrial park's land must be set aside for …?": the base of an English
# share asked (a sentence giving a percentage of it writes it or the glossary's Vietnamese).
_ENGLISH_BASE = re.compile(
    r"\b(?:share|percentage|proportion|per ?cent) of (?:the |an? |all )?((?:[\w-]+(?:'s)? ){0,3}?)"
    r"(land|area|firms|companies|enterprises|businesses|wastewater|water|energy|waste)\b"
)
# The owner of the base, named before it ("What share of DEEP C's land …", "of Nam Cau Kien land"),
# on the question as typed: capitalised words.
_OWNER = re.compile(r"^((?:[A-Z][\w-]*\s?)+?)(?:'s)?\s*$")
NO_SHARE_OF_OWNER = {
    "vi": "Các đoạn tìm được không nêu tỷ lệ phần trăm {what} của {owner}.",
    "en": "The passages found give no percentage {what} for {owner}.",
}


def _english_base_reason(
    question: str, language: str, candidates: list[SentenceCandidate], snapshot: IndexSnapshot | None
) -> str:
    """ "What minimum share of an eco-industrial park's land …?" when the sentences giving a percentage
    give it of firms or of indicators: one must write the base (its Vietnamese word or the English)."""
    match = _ENGLISH_BASE.search(_folded(question))
    if not match:
        return ""
    shares = [(c, " ".join(_folded(c.text).split())) for c in relevant_sentences(candidates)]
    shares = [(c, t) for c, t in shares if _PERCENT_FIGURE.search(t)]
    base = match.group(2)
    forms = [_folded(f) for group in vietnamese_equivalents(base, with_term=True) for f in group] or [base]
    based = [c for c, t in shares if any(re.search(rf"\b{re.escape(f)}\b", t) for f in forms)]
    if not shares:
        return ""
    if not based:
        return text_for(NO_SHARE_OF, language).format(what="of " + quoted_names([base]))
    # Of a park's own land: a percentage of land said of another park or of none ("Dành tối thiểu 25% diện
    # tích đất KCN …", the decree's rule for every park) is not that park's share.
    # The owner as typed (capitalised), at the offsets of the folded match when folding kept the length.
    typed = question[match.start(1) : match.end(1)] if len(_folded(question)) == len(question) else ""
    owner = _OWNER.match(typed)
    if owner and snapshot is not None and not any(said_of(c, owner.group(1).strip(), snapshot) for c in based):
        what = "of " + quoted_names([base])
        return text_for(NO_SHARE_OF_OWNER, language).format(what=what, owner=quoted_names([owner.group(1).strip()]))
    return ""
