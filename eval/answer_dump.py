"""Answers of one checkout to question sets, written as JSON so that another checkout can score them.

Used to compare this wave with the code it started from in one run: the baseline's answers are
produced by the baseline's own code, then scored by today's :mod:`eval.answer_eval` (same metrics,
same gold). The script touches only what every checkout of the project has had —
``KnowledgeBase.open(settings).ask(question)`` and the chat's ``ChatSession`` — so it runs as a file
against an older tree::

    git worktree add ../kb-5df5b0d 5df5b0d
    cd ../kb-5df5b0d && KB_INDEX=data/baseline-index python -m kb.cli ingest corpus
    PYTHONPATH=../kb-5df5b0d:../kb-5df5b0d/app python eval/answer_dump.py \\
        --index-dir ../kb-5df5b0d/data/baseline-index --out eval/results/baseline-5df5b0d \\
        eval/domain_gold.jsonl eval/domain_heldout3.jsonl ...

Follow-up files (``*_followups.jsonl``) are asked as pairs in one chat session each. Scoring:
``python -m eval.answer_eval --answers eval/results/baseline-5df5b0d/domain_gold.json --gold domain``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path


def _chat_session_class() -> type:
    try:  # the chat package beside app.py (this wave's layout)
        from chat.conversation import ChatSession
    except ImportError:  # kb/chat.py (the layout before the restructure)
        from kb.chat import ChatSession  # type: ignore[no-redef]
    return ChatSession


def _answer_json(answer: object, standalone: str | None = None) -> dict:
    return {
        "answer": answer.answer,  # type: ignore[attr-defined]
        "refused": bool(answer.refused),  # type: ignore[attr-defined]
        "citations": [{"doc_id": c.doc_id, "quote": c.quote} for c in answer.citations],  # type: ignore[attr-defined]
        **({"standalone": standalone} if standalone is not None else {}),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="dump a checkout's answers to question sets as JSON")
    parser.add_argument("--index-dir", required=True, help="index built from corpus/ by this checkout")
    parser.add_argument("--out", required=True, help="folder for <set name>.json")
    parser.add_argument("sets", nargs="+", help="question sets (.jsonl)")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")
    from kb.config import Settings
    from kb.knowledge_base import KnowledgeBase

    settings = dataclasses.replace(Settings.load(), index_dir=Path(args.index_dir))
    base = KnowledgeBase.open(settings)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for path in map(Path, args.sets):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        answers = []
        for row in rows:
            if "followup" in row:
                session = _chat_session_class()(base)
                session.ask(row["first"])
                reply = session.ask(row["followup"])
                answers.append(_answer_json(reply.answer, reply.standalone))
            else:
                answers.append(_answer_json(base.ask(row["question"])))
        (out / f"{path.stem}.json").write_text(json.dumps(answers, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{path.name}: {len(answers)} answers", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
