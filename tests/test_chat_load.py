"""Reliability: 20 chat sessions asking at once while an admin upload is being ingested."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.chat_load import LOAD_QUESTIONS, run_load

pytestmark = pytest.mark.slow


def test_twenty_sessions_during_an_upload_get_consistent_answers(corpus_index: Path, tmp_path: Path) -> None:
    result = run_load(corpus_index, tmp_path, sessions=20, rounds=3)
    assert result.errors == []
    assert len(result.asked) == 60
    assert result.misrouted == []
    counts = result.consistency()
    assert counts["neither"] == 0, counts  # each answer is the index's before or after the upload
    # The upload really happened during the run and changed what the index answers.
    upload = result.upload_message["output"]
    assert "hoi-thao-hung-yen.md" in upload and "đã thêm" in upload, upload
    first = LOAD_QUESTIONS[0]
    assert result.before[first]["answer"] != result.after[first]["answer"]
    assert "dệt nhuộm" in result.after[first]["citations"][0]["quote"]
    assert counts["after"] >= 1
