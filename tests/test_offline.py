"""Offline guarantee: kb ingest / ask / lookup make zero connection attempts beyond loopback.

Each command runs as a real process under ``strace -f -e trace=connect``, with the offline
environment variables REMOVED, so the product itself must switch telemetry and hub access off.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
STRACE = shutil.which("strace")
_INET = re.compile(r'sa_family=AF_INET, sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)')
_INET6 = re.compile(r'sa_family=AF_INET6, sin6_port=htons\((\d+)\).*?inet_pton\(AF_INET6, "([^"]+)"')


def connections(log: Path) -> list[tuple[str, int]]:
    """(address, port) of every IPv4/IPv6 connect() in an strace log (Unix sockets are local)."""
    found = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        for pattern in (_INET, _INET6):
            match = pattern.search(line)
            if match:
                found.append((match.group(2), int(match.group(1))))
    return found


def _run_traced(args: list[str], log: Path) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HAYSTACK_TELEMETRY_ENABLED")
    }
    return subprocess.run(
        [STRACE, "-f", "-qq", "-e", "trace=connect", "-o", str(log), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.skipif(
    STRACE is None, reason="strace is not installed (.ci/run installs it: apt-get install strace)"
)
def test_the_tracer_sees_a_connection(tmp_path):
    """Control: a loopback connect() is seen, so an empty list below means no connection at all."""
    log = tmp_path / "control.log"
    code = "import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept OSError:\n    pass\n"
    _run_traced([sys.executable, "-c", code], log)
    assert ("127.0.0.1", 9) in connections(log)


@pytest.mark.skipif(
    STRACE is None, reason="strace is not installed (.ci/run installs it: apt-get install strace)"
)
def test_ingest_ask_and_lookup_make_no_network_connection(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hiep-phuoc.md").write_text(
        "# Hiệp Phước\n\nCác doanh nghiệp trong KCN Hiệp Phước gặp rào cản pháp lý khi trao đổi chất thải.",
        encoding="utf-8",
    )
    index = tmp_path / "index"
    commands = [
        ["ingest", str(corpus), "--index", str(index), "--json"],
        ["ask", "Doanh nghiệp ở Hiệp Phước gặp khó khăn gì?", "--index", str(index), "--json"],
        ["ask", "What barriers do companies in Hiep Phuoc face?", "--index", str(index)],
        ["lookup", "Điều 9 Nghị định 35/2022", "--index", str(index)],
        ["stats", "--index", str(index)],
    ]
    for number, command in enumerate(commands):
        log = tmp_path / f"trace-{number}.log"
        result = _run_traced([sys.executable, "-m", "kb.cli", *command], log)
        assert result.returncode in (0, 1), (command, result.stderr[-2000:])
        outside = [(a, p) for a, p in connections(log) if not ipaddress.ip_address(a).is_loopback]
        assert outside == [], f"{command[0]} tried to connect to {outside}"


@pytest.mark.skipif(
    STRACE is None, reason="strace is not installed (.ci/run installs it: apt-get install strace)"
)
def test_chat_server_answers_without_any_outside_connection(tmp_path):
    """``kb serve`` (Chainlit + knowledge base) serving the page, a question and its sources."""
    import asyncio

    import httpx

    from eval.chat_client import ChatClient, running_server
    from kb.config import Settings
    from kb.index.ingestion import ingest

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "amata.md").write_text(
        "# Amata\n\nKCN Amata ở Đồng Nai tham gia dự án KCN sinh thái của UNIDO từ năm 2020.",
        encoding="utf-8",
    )
    index = tmp_path / "index"
    ingest([corpus], Settings.load().with_overrides(index_dir=index))
    log = tmp_path / "trace-serve.log"
    # accept() too: proves the tracer follows the very process that serves us.
    prefix = [STRACE, "-f", "-qq", "-e", "trace=connect,accept,accept4", "-o", str(log)]
    drop = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HAYSTACK_TELEMETRY_ENABLED")
    with running_server(index, tmp_path, prefix=prefix, drop_env=drop, timeout=300) as server:
        page = httpx.get(server.url + "/", timeout=30)
        assert page.status_code == 200

        async def chat() -> dict:
            async with ChatClient(server.url) as client:
                return await client.ask("KCN Amata ở tỉnh nào?", timeout=300)

        message = asyncio.run(chat())
        assert "Đồng Nai" in message["output"]
    trace = log.read_text(encoding="utf-8", errors="replace")
    assert re.search(r"\baccept4?\(", trace), "the tracer did not see the server accept our connections"
    calls = connections(log)
    outside = [(a, p) for a, p in calls if not ipaddress.ip_address(a).is_loopback]
    assert outside == [], f"kb serve tried to connect to {outside}"
