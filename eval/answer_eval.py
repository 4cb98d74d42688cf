"""Answer quality on the domain gold set: what a user gets back from ``ask``.

Per question: is a gold document among the citations; are the key facts in the answer;
does a cited quote contain the supporting fact (citation precision); refusals — correct on
unanswerable questions, false on answerable ones (refusal precision and recall); for list
questions, the share of the expected items the answer gives (list-item recall). Reported overall
and per variant (vi / vi-noaccent / en). Follow-up pairs are asked as in the chat (the first
question, then the follow-up rewritten from it): :func:`evaluate_followups`.
"""

from __future__ import annotations

import dataclasses
import json
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from kb.knowledge_base import KnowledgeBase
from kb.text.normalize import fold_accents, normalize_query


@dataclass
class GoldQuestion:
    qid: str
    question: str
    variant: str
    answerable: bool
    gold_docs: list[str]
    support: str
    key_facts: list[str]
    qtype: str = ""
    list_items: list[str] = field(default_factory=list)


@dataclass
class AnswerScores:
    answerable: int = 0
    unanswerable: int = 0
    gold_cited: int = 0
    key_facts_hit: float = 0.0
    citation_precision: list[float] = field(default_factory=list)
    correct_refusals: int = 0
    false_refusals: int = 0
    list_questions: int = 0
    list_recall: float = 0.0
    answer_words: list[int] = field(default_factory=list)  # words of each non-refused answer's text
    failures: list[dict] = field(default_factory=list)

    def to_json(self) -> dict[str, float | int]:
        refused = self.correct_refusals + self.false_refusals
        return {
            "answerable": self.answerable,
            "unanswerable": self.unanswerable,
            "gold_doc_cited": self.gold_cited / self.answerable if self.answerable else 0.0,
            "key_facts": self.key_facts_hit / self.answerable if self.answerable else 0.0,
            "citation_precision": statistics.fmean(self.citation_precision)
            if self.citation_precision
            else 0.0,
            "correct_refusals": self.correct_refusals,
            "false_refusals": self.false_refusals,
            "refusal_precision": self.correct_refusals / refused if refused else 1.0,
            "refusal_recall": self.correct_refusals / self.unanswerable if self.unanswerable else 1.0,
            "list_questions": self.list_questions,
            "list_item_recall": self.list_recall / self.list_questions if self.list_questions else 0.0,
            "answer_words": statistics.median(self.answer_words) if self.answer_words else 0,
        }


def load_gold(path: Path) -> list[GoldQuestion]:
    questions = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            questions.append(
                GoldQuestion(
                    item["id"],
                    item["question"],
                    item.get("variant", item.get("language", "vi")),
                    bool(item.get("answerable", True)),
                    list(item.get("gold_docs", [])),
                    item.get("support", ""),
                    list(item.get("key_facts", [])),
                    item.get("qtype", ""),
                    list(item.get("list_items", [])),
                )
            )
    return questions


def apply_setting(assignment: str) -> None:
    """``MODULE.NAME=VALUE`` (a Python literal): set that module constant for this run."""
    import ast
    import importlib

    target, _, literal = assignment.partition("=")
    module_name, _, name = target.rpartition(".")
    module = importlib.import_module(module_name)
    if not hasattr(module, name):
        raise SystemExit(f"{module_name} has no setting {name}")
    setattr(module, name, ast.literal_eval(literal))


def question_type(qtype: str) -> str:
    """The gold sets' ``qtype`` as one name per type (writers spelled yes/no two ways)."""
    return {"yesno": "yes-no"}.get(qtype, qtype)


def unaccented_copies(questions: list[GoldQuestion]) -> list[GoldQuestion]:
    """The Vietnamese questions typed again without diacritics (variant "vi-folded"): the same
    gold, so the gap to the accented originals is what typing without diacritics costs."""
    return [
        dataclasses.replace(q, qid=f"{q.qid}-folded", question=fold_accents(q.question), variant="vi-folded")
        for q in questions
        if q.variant == "vi"
    ]


# A syllable ending in "y" after h, k, l, m, s, t or qu ("lý", "kỹ", "quy"), typed again with "i".
_Y_SYLLABLE = re.compile(r"(?<![^\W\d_])([hklmstHKLMST]|[qQ][uU])([yýỳỷỹỵYÝỲỶỸỴ])(?![^\W\d_])")
_Y_TO_I = str.maketrans("yýỳỷỹỵYÝỲỶỸỴ", "iíìỉĩịIÍÌỈĨỊ")


def i_spelling_copies(questions: list[GoldQuestion]) -> list[GoldQuestion]:
    """The Vietnamese questions holding "lý", "kỹ", "quy"… typed again as users often do ("lí", "kĩ",
    "qui"; variant "vi-i"): the same gold, so the gap is what the other spelling costs."""
    return [
        dataclasses.replace(
            q,
            qid=f"{q.qid}-i",
            question=_Y_SYLLABLE.sub(lambda m: m.group(1) + m.group(2).translate(_Y_TO_I), q.question),
            variant="vi-i",
        )
        for q in questions
        if q.variant in ("vi", "vi-noaccent") and _Y_SYLLABLE.search(q.question)
    ]


def _contains(haystack: str, needle: str) -> bool:
    """Whitespace- and accent-tolerant containment (quotes are verbatim; answers re-space them)."""
    norm = lambda s: " ".join(fold_accents(normalize_query(s)).lower().split())  # noqa: E731
    return norm(needle) in norm(haystack)


def evaluate_answers(
    base: KnowledgeBase | None,
    questions: list[GoldQuestion],
    mode: str = "extractive",
    answers: list | None = None,
) -> dict[str, dict]:
    """Score ``base.ask(question, mode=mode)`` on each gold question (see the module docstring);
    ``answers``: given instead of asked (one per question, e.g. follow-ups answered in a chat, or
    answers dumped by another checkout), ``base`` then unused."""
    if answers is None and base is None:
        raise ValueError("evaluate_answers needs a knowledge base to ask, or the answers")
    scores: dict[str, AnswerScores] = {"all": AnswerScores()}
    by_type: dict[str, AnswerScores] = {}
    for position, question in enumerate(questions):
        answer = answers[position] if answers is not None else base.ask(question.question, mode=mode)
        keys: list[tuple[dict[str, AnswerScores], str]] = [(scores, "all"), (scores, question.variant)]
        if question.qtype:
            keys.append((by_type, question_type(question.qtype)))
        for table, key in keys:
            s = table.setdefault(key, AnswerScores())
            if not question.answerable:
                s.unanswerable += 1
                if answer.refused:
                    s.correct_refusals += 1
                elif table is scores and key == "all":
                    s.failures.append(
                        {
                            "id": question.qid,
                            "problem": "answered an unanswerable question",
                            "answer": answer.answer[:200],
                        }
                    )
                continue
            s.answerable += 1
            cited = [c.doc_id for c in answer.citations]
            if answer.refused:
                s.false_refusals += 1
            gold_hit = not answer.refused and any(doc in cited for doc in question.gold_docs)
            s.gold_cited += int(gold_hit)
            facts = [f for f in question.key_facts if _contains(answer.answer, f)]
            s.key_facts_hit += len(facts) / len(question.key_facts) if question.key_facts else 1.0
            if question.list_items:
                s.list_questions += 1
                found = sum(_contains(answer.answer, item) for item in question.list_items)
                s.list_recall += found / len(question.list_items)
            if not answer.refused:
                s.answer_words.append(len(answer.answer.split("\n\n")[0].split()))
            if not answer.refused and answer.citations:
                supported = [
                    c
                    for c in answer.citations
                    if _contains(c.quote, question.support)
                    or any(_contains(c.quote, f) for f in question.key_facts)
                ]
                s.citation_precision.append(len(supported) / len(answer.citations))
            if table is scores and key == "all" and (not gold_hit or len(facts) < len(question.key_facts)):
                s.failures.append(
                    {
                        "id": question.qid,
                        "problem": "refused"
                        if answer.refused
                        else ("gold not cited" if not gold_hit else "key facts missing"),
                        "cited": cited,
                        "missing": [f for f in question.key_facts if f not in facts],
                    }
                )
    result = {key: s.to_json() for key, s in scores.items()}
    if by_type:
        result["by_type"] = {key: s.to_json() for key, s in sorted(by_type.items())}  # type: ignore[assignment]
    result["failures"] = scores["all"].failures  # type: ignore[assignment]
    return result


def load_followups(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate_followups(base: KnowledgeBase, pairs: list[dict]) -> dict:
    """Each pair asked as in the chat: the first question, then the follow-up as typed, rewritten
    from the conversation (``chat.conversation.ChatSession``). The follow-up's answer is scored
    like any answer (gold cited, key facts; refused when the documents cannot answer it); a pair
    counts as correct when the answer is right in full: every key fact and a gold document cited,
    or a refusal for an unanswerable follow-up. ``rewrites`` lists what each follow-up became."""
    from chat.conversation import ChatSession

    answers, standalone = [], []
    for pair in pairs:
        session = ChatSession(base)
        session.ask(pair["first"])
        reply = session.ask(pair["followup"])
        answers.append(reply.answer)
        standalone.append(reply.standalone)
    result = score_followup_answers(pairs, answers)
    result["rewrites"] = [  # type: ignore[assignment]
        {"id": pair["id"], "rewritten": text, "correct": ok}
        for pair, text, ok in zip(pairs, standalone, result.pop("pair_correct"), strict=True)
    ]
    return result


def load_dumped_answers(path: Path) -> list[SimpleNamespace]:
    """Answers written by ``eval/answer_dump.py`` (possibly by another checkout), shaped like
    :class:`kb.answer.cited_answer.CitedAnswer` as far as scoring needs."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [
        SimpleNamespace(
            answer=row["answer"],
            refused=row["refused"],
            citations=[SimpleNamespace(**c) for c in row["citations"]],
            standalone=row.get("standalone"),
        )
        for row in rows
    ]


def score_followup_answers(pairs: list[dict], answers: list) -> dict:
    """Follow-up pairs scored from answers given (see :func:`evaluate_followups`)."""
    questions = [
        GoldQuestion(
            pair["id"],
            pair["followup"],
            pair.get("language", "vi"),
            bool(pair.get("answerable", True)),
            list(pair.get("gold_docs", [])),
            "",
            list(pair.get("key_facts", [])),
        )
        for pair in pairs
    ]
    correct = [
        bool(
            not answer.refused
            and any(c.doc_id in question.gold_docs for c in answer.citations)
            and all(_contains(answer.answer, f) for f in question.key_facts)
        )
        if question.answerable
        else bool(answer.refused)
        for question, answer in zip(questions, answers, strict=True)
    ]
    result = evaluate_answers(None, questions, answers=answers)
    result["followups"] = {"pairs": len(pairs), "correct": sum(correct)}
    result["pair_correct"] = correct  # type: ignore[assignment]
    return result


def main(argv: list[str] | None = None) -> int:
    """``python -m eval.answer_eval [--mode llm] [--gold NAME|PATH.jsonl] [--answers DUMP.json] [--json OUT]
    [--set MODULE.NAME=VALUE ...]``.

    Measures answer quality without touching RESULTS.md, e.g. the LLM mode against a local
    OpenAI-compatible server (KB_LLM_BASE_URL, KB_LLM_MODEL), which ``make bench`` cannot assume;
    ``--answers`` scores answers dumped by ``eval/answer_dump.py`` instead of asking.
    """
    import argparse

    from eval.answer_report import ANSWER_TABLE_HEADER, answer_rows
    from eval.datasets import persistent_index
    from eval.question_sets import ANSWER_SETS
    from kb.answer.llm_answerer import LLMNotConfiguredError, configure_llm
    from kb.config import REPO_ROOT, Settings
    from kb.facts import MODES

    parser = argparse.ArgumentParser(description="answer quality on a domain question set")
    parser.add_argument("--mode", choices=MODES, default="extractive")
    parser.add_argument("--gold", default="domain", help=f"{', '.join(ANSWER_SETS)} or a PATH.jsonl")
    parser.add_argument("--answers", metavar="DUMP", help="score these dumped answers instead of asking")
    parser.add_argument("--json", metavar="OUT", help="also write the results as JSON to OUT")
    parser.add_argument(
        "--set", action="append", default=[], metavar="MODULE.NAME=VALUE",
        help="change a module setting for this run (as eval.fit_answers), e.g. to attribute a change",
    )
    args = parser.parse_args(argv)
    for assignment in args.set:
        apply_setting(assignment)
    gold = ANSWER_SETS[args.gold].path if args.gold in ANSWER_SETS else Path(args.gold)
    if not gold.is_file():
        print(f"answer_eval: no question set at {gold}", file=sys.stderr)
        return 2
    if args.answers:
        answers = load_dumped_answers(Path(args.answers))
        rows = load_followups(gold)
        if rows and "followup" in rows[0]:
            result = score_followup_answers(rows, answers)
            result.pop("pair_correct")
        else:
            result = evaluate_answers(None, load_gold(gold), answers=answers)
    else:
        base = KnowledgeBase.open(persistent_index(REPO_ROOT / "corpus", "domain-index", Settings.load()))
        if args.mode == "llm":
            try:
                configure_llm(base)
            except LLMNotConfiguredError as exc:
                print(f"answer_eval: {exc}", file=sys.stderr)
                return 2
        result = evaluate_answers(base, load_gold(gold), mode=args.mode)
    print(f"{gold.name}, {'answers from ' + args.answers if args.answers else 'mode ' + args.mode}\n")
    print(ANSWER_TABLE_HEADER)
    print("\n".join(answer_rows(result)))
    if "followups" in result:
        print(f"\nfollow-up pairs right in full: {result['followups']['correct']}/{result['followups']['pairs']}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
