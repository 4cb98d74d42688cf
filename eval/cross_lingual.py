"""Cross-lingual retrieval on the FIT answer sets: where the first chunk of a question's gold
document ranks in the fused top 10, for Vietnamese questions answered only by the English
documents, English questions answered only by Vietnamese ones, and (for comparison) Vietnamese
questions on Vietnamese documents. Report sets are never read here.

    python -m eval.cross_lingual [--json OUT] [--similarities]

``--similarities``: instead, the median dense similarity of the passage holding a question's first
key fact, by question language and passage language (the model's shortfall on the other language,
``kb.retrieve.language_calibration.CROSS_LINGUAL_SHORTFALL``).
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

from eval.datasets import persistent_index
from eval.question_sets import ANSWER_SETS, FIT
from kb.config import REPO_ROOT, Settings
from kb.knowledge_base import KnowledgeBase

# The documents written in English (case studies, the international framework's notes).
ENGLISH_DOCUMENTS = frozenset({"fs-international-eip-framework", "cs-kalundborg", "cs-ulsan"})
DEPTH = 10
MISSED = DEPTH  # rank given to a gold document not in the top DEPTH


def group_of(language: str, gold: set[str]) -> str | None:
    if language == "vi" and gold <= ENGLISH_DOCUMENTS:
        return "vi -> en documents"
    if language == "en" and not gold & ENGLISH_DOCUMENTS:
        return "en -> vi documents"
    if language == "vi" and not gold & ENGLISH_DOCUMENTS:
        return "vi -> vi documents"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the rank of every question here")
    parser.add_argument("--similarities", action="store_true", help="the answering passages' dense similarities")
    args = parser.parse_args()
    base = KnowledgeBase.open(persistent_index(REPO_ROOT / "corpus", "domain-index", Settings.load()))
    if args.similarities:
        answering_similarities(base)
        return
    ranks: dict[str, dict[str, int]] = {}
    for name, question_set in ANSWER_SETS.items():
        if question_set.role != FIT:
            continue
        for line in question_set.path.read_text(encoding="utf-8").splitlines():
            question = json.loads(line)
            gold = set(question.get("gold_docs") or [])
            group = group_of(question.get("language", "vi"), gold) if gold and question.get("answerable", True) else None
            if group is None:
                continue
            documents = base.retrieve(question["question"], k=DEPTH)["retriever"]["documents"]
            rank = next((i for i, d in enumerate(documents) if d.meta["doc_id"] in gold), MISSED)
            ranks.setdefault(group, {})[f"{name}/{question['id']}"] = rank
    print(f"| questions | n | hit@1 | hit@3 | hit@5 | MRR@{DEPTH} |\n| --- | ---: | ---: | ---: | ---: | ---: |")
    for group, found in ranks.items():
        values = list(found.values())
        n = len(values)
        hits = [sum(r < k for r in values) / n for k in (1, 3, 5)]
        mrr = sum(1 / (r + 1) for r in values if r < MISSED) / n
        print(f"| {group} | {n} | {hits[0]:.3f} | {hits[1]:.3f} | {hits[2]:.3f} | {mrr:.3f} |")
    if args.json:
        args.json.write_text(json.dumps(ranks, indent=1), encoding="utf-8")


def answering_similarities(base: KnowledgeBase) -> None:
    """Median dense similarity of the passage holding the first key fact, per language pair."""
    found: dict[tuple[str, str], list[float]] = {}
    for question_set in ANSWER_SETS.values():
        if question_set.role != FIT:
            continue
        for line in question_set.path.read_text(encoding="utf-8").splitlines():
            question = json.loads(line)
            facts = question.get("key_facts") or []
            if not question.get("answerable", True) or not facts:
                continue
            documents = base.retrieve(question["question"], k=len(base.snapshot.chunks))["retriever"]["documents"]
            holding = next((d for d in documents if facts[0] in (d.content or "")), None)
            if holding is None:
                continue
            passage = "en" if holding.meta["doc_id"] in ENGLISH_DOCUMENTS else "vi"
            asked = "en" if question.get("language") == "en" else "vi"
            found.setdefault((asked, passage), []).append(float(holding.meta["dense_score"]))
    print("| question | passage | n | median similarity |\n| --- | --- | ---: | ---: |")
    for (asked, passage), values in sorted(found.items()):
        print(f"| {asked} | {passage} | {len(values)} | {statistics.median(values):.3f} |")


if __name__ == "__main__":
    main()
