"""Questions the follow-up tests start from, and the rewrite they call (shared by
``tests/test_followup.py`` and ``tests/test_followup_pronouns.py``)."""

from __future__ import annotations

from kb.query.followup import Turn, rewrite_followup

HIEP_PHUOC = "KCN Hiệp Phước đã triển khai cộng sinh công nghiệp như thế nào?"
DECREE = "Điều 37 Nghị định 35/2022 quy định gì?"
KALUNDBORG = "What did Kalundborg exchange between companies?"
NAM_CAU_KIEN = "KCN Nam Cầu Kiền dành bao nhiêu diện tích cho cây xanh?"


def rewrite(question: str, *previous: str, **kwargs) -> tuple[str, bool]:
    """The follow-up ``question`` rewritten after the questions ``previous`` (oldest first)."""
    return rewrite_followup(question, [Turn(q) for q in previous], **kwargs)
