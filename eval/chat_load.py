"""Chat under load: N sessions asking at once over socket.io while an admin upload is ingested.

Every answer must come from one consistent index — exactly what the index answers before the
upload, or exactly what it answers after — and reach the session that asked. Used by
``tests/test_chat_load.py`` (correctness) and ``make bench`` (p50/p95 in RESULTS.md).

With ``store`` (a PostgreSQL database) and ``workers=2``, the index's generation is committed
to the store and two ``kb serve`` processes share it and the chat database; the sessions are
spread over both, the admin uploads through the first, and the second answers from the new
generation once it has noticed it (``KB_RELOAD_SECONDS``).

Usage::

    result = run_load(Path("data/index"), Path("/tmp/load"), sessions=20, rounds=3)
    result = run_load(Path("data/index"), Path("/tmp/load"), store="postgresql://…", workers=2)
    result.latency_ms  # {"p50": …, "p95": …}
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import statistics
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from chat.users import UserStore
from eval.chat_client import ChatClient, login, running_servers
from kb.config import Settings
from kb.knowledge_base import KnowledgeBase

# The uploaded document answers the first question; the others are about the demo corpus.
UPLOAD_TEXT = """# Hội thảo cộng sinh công nghiệp Hưng Yên 2026

KCN Phố Nối A thí điểm tái sử dụng nước thải đã xử lý cho nhà máy dệt nhuộm Hưng Yên từ tháng 3/2026.
Mỗi ngày khoảng 2.000 m3 nước được tuần hoàn, giảm 15 % chi phí nước cho doanh nghiệp.
"""
LOAD_QUESTIONS = [
    "KCN Phố Nối A tái sử dụng nước thải cho nhà máy nào?",
    "Tiêu chí xác định khu công nghiệp sinh thái là gì?",
    "KCN Hiệp Phước đã triển khai cộng sinh công nghiệp như thế nào?",
    "Kalundborg cộng sinh công nghiệp như thế nào?",
    "What is an eco-industrial park?",
    "khu cong nghiep sinh thai la gi",
    "Nghị định 82/2018/NĐ-CP còn hiệu lực không?",
    "Ulsan đã chuyển đổi thành khu công nghiệp sinh thái ra sao?",
    "Dự án KCN sinh thái do những tổ chức nào tài trợ?",
    "Sản xuất sạch hơn mang lại lợi ích gì cho doanh nghiệp?",
]
ADMIN, READER = ("lan", "mật khẩu quản trị"), ("minh", "mật khẩu đọc")


@dataclass
class Asked:
    session: int
    question: str
    seconds: float
    message: dict
    own_messages: int


@dataclass
class LoadResult:
    sessions: int
    workers: int = 1
    store: str = "files"  # "files" or "postgresql"
    asked: list[Asked] = field(default_factory=list)
    upload_message: dict | None = None
    upload_seconds: float = 0.0
    before: dict[str, dict] = field(default_factory=dict)  # expected answers, per question
    after: dict[str, dict] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def latency_ms(self) -> dict[str, float]:
        values = sorted(a.seconds * 1000 for a in self.asked)
        if not values:
            return {"p50": 0.0, "p95": 0.0}
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        return {"p50": statistics.median(values), "p95": p95}

    @property
    def misrouted(self) -> list[Asked]:
        """Answers that are not to the question the session asked, or came with others' messages."""
        return [
            a
            for a in self.asked
            if (a.message.get("metadata", {}).get("kb_answer") or {}).get("question") != a.question
            or a.own_messages != 1
        ]

    def consistency(self) -> dict[str, int]:
        """How many answers match the index before / after the upload, or neither (a mix)."""
        counts = {"before": 0, "after": 0, "neither": 0}
        for asked in self.asked:
            stored = asked.message.get("metadata", {}).get("kb_answer") or {}
            key = _signature(stored)
            if key == _signature(self.before[asked.question]):
                counts["before"] += 1
            elif key == _signature(self.after[asked.question]):
                counts["after"] += 1
            else:
                counts["neither"] += 1
        return counts


def _signature(answer: dict) -> tuple:
    return (answer.get("answer"), tuple(c.get("chunk_id") for c in answer.get("citations", [])))


def _expected(settings: Settings) -> dict[str, dict]:
    base = KnowledgeBase.open(settings)
    return {q: base.ask(q).to_json() for q in LOAD_QUESTIONS}


def write_users(folder: Path) -> Path:
    """A users file with the scenario's admin and reader."""
    users = folder / "users.toml"
    store = UserStore.load(users, environ={})
    store.add(*ADMIN, "admin")
    store.add(*READER, "reader")
    return users


def commit_to_store(index_dir: Path, store: str) -> None:
    """The live generation of ``index_dir`` committed unchanged to the PostgreSQL ``store``."""
    from kb.index.backend import FileBackend, open_backend

    snapshot = FileBackend(index_dir).load()
    assert snapshot is not None, f"no index at {index_dir}"
    backend = open_backend(Settings.load().with_overrides(store=store))
    with backend.writer_lock():
        backend.commit(snapshot)


@contextlib.contextmanager
def private_postgres(folder: Path) -> Iterator[str]:
    """A private PostgreSQL + pgvector (pgserver, a dev dependency) with an empty database; yields
    its connection string, or "" when pgserver is not installed."""
    try:
        import pgserver
    except ImportError:
        print("chat load: pgserver is not installed, no PostgreSQL run", file=sys.stderr)
        yield ""
        return
    folder.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(folder, cleanup_mode="stop")
    try:
        server.psql("CREATE DATABASE kb_load;")
        yield re.sub(r"/postgres(\?|$)", r"/kb_load\1", server.get_uri(), count=1)
    finally:
        server.cleanup()


def run_load(
    index_dir: Path, work: Path, *, sessions: int = 20, rounds: int = 3, store: str = "", workers: int = 1
) -> LoadResult:
    """Copy the index (or commit it to ``store``), start ``workers`` × ``kb serve`` (login mode),
    and run the scenario."""
    work.mkdir(parents=True, exist_ok=True)
    server_index = work / "index"
    if server_index.exists():
        shutil.rmtree(server_index)
    env = {"KB_USERS_FILE": str(write_users(work)), "CHAINLIT_AUTH_SECRET": "load-" + uuid.uuid4().hex}
    if store:
        commit_to_store(index_dir, store)
        settings = Settings.load().with_overrides(store=store)
        env["KB_STORE"] = store
    else:
        shutil.copytree(index_dir, server_index)
        settings = Settings.load().with_overrides(index_dir=server_index)
    upload = work / "upload.md"
    upload.write_text(UPLOAD_TEXT, encoding="utf-8")

    result = LoadResult(sessions, workers, "postgresql" if store else "files")
    result.before = _expected(settings)
    with running_servers(workers, server_index, work, env=env, timeout=300) as servers:
        admin_token = login(servers[0].url, *ADMIN)
        reader_token = login(servers[-1].url, *READER)  # one login, valid on every worker

        async def reader(number: int, start: asyncio.Event) -> None:
            async with ChatClient(servers[number % workers].url, token=reader_token) as client:
                await start.wait()
                for round_ in range(rounds):
                    question = LOAD_QUESTIONS[(number + round_) % len(LOAD_QUESTIONS)]
                    seen = set(client.messages)
                    started = time.perf_counter()
                    try:
                        message = await client.ask(question, timeout=600)
                    except Exception as exc:  # reported, not raised: the others go on
                        result.errors.append(f"session {number}: {question!r}: {exc!r}")
                        continue
                    own = len(client.messages_after(seen))
                    result.asked.append(Asked(number, question, time.perf_counter() - started, message, own))

        async def admin(start: asyncio.Event) -> None:
            async with ChatClient(servers[0].url, token=admin_token) as client:
                file_id = await client.upload(upload, "hoi-thao-hung-yen.md")
                start.set()  # the questions start as the upload is sent
                started = time.perf_counter()
                progress = await client.ask("", timeout=600, file_ids=[file_id])
                # Uploads are ingested in the background: the progress message becomes the result.
                result.upload_message = await client.wait_for_update(progress, "Kết quả nạp tài liệu", 600)
                result.upload_seconds = time.perf_counter() - started

        async def scenario() -> None:
            start = asyncio.Event()
            await asyncio.gather(admin(start), *(reader(n, start) for n in range(sessions)))

        asyncio.run(scenario())
        result.after = _expected(settings)
    return result


def _setup(result: LoadResult) -> str:
    workers = "1 `kb serve`" if result.workers == 1 else f"{result.workers} `kb serve` workers"
    store = (
        "PostgreSQL store + chat database" if result.store == "postgresql" else "embedded store, SQLite chat"
    )
    return f"{workers}, {store}"


def load_section(results: LoadResult | list[LoadResult], command: str) -> str:
    results = results if isinstance(results, list) else [results]
    lines = [
        "## Chat under load (Reliability issue)",
        "",
        f"{results[0].sessions} socket.io sessions (signed-in readers) ask {len(results[0].asked)} questions in all "
        "(each session asks in turn), while an admin uploads a document that is ingested during the load: "
        "against one `kb serve` process on the embedded store, and against two workers sharing a PostgreSQL "
        "store and chat database (sessions spread over both, the upload sent to the first, which the second "
        "notices by polling the live generation, `KB_RELOAD_SECONDS` = 2). Latency is measured at the client, "
        "from sending the question to the complete answer with its source elements.",
        "",
        "| setup | sessions | questions answered | errors | misrouted | p50 (ms) | p95 (ms) | upload ingested in (s) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        latency = result.latency_ms
        lines.append(
            f"| {_setup(result)} | {result.sessions} | {len(result.asked)} | {len(result.errors)} "
            f"| {len(result.misrouted)} | {latency['p50']:.0f} | {latency['p95']:.0f} | {result.upload_seconds:.1f} |"
        )
    lines.append("")
    for result in results:
        counts = result.consistency()
        lines.append(
            f"Consistency ({_setup(result)}): {counts['before']} answers equal the index's answer before the upload "
            f"(or both: most questions are not about the uploaded document), {counts['after']} after it, "
            f"{counts['neither']} neither (a mix would land here). Misrouted = answers delivered to the wrong "
            "session or with another session's messages."
        )
        lines.append("")
    lines += [f"Command: `{command}` (both setups run on the same 2-core machine as the test clients).", ""]
    return "\n".join(lines)
