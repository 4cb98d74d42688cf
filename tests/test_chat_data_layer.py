"""The chat's data layer on both databases: SQLite (default) and PostgreSQL (KB_STORE, real pgserver).

Chainlit's SQLAlchemy layer swallows database errors (it logs them and returns None), so each
test reads back what it wrote: users, threads (tags as lists), steps (metadata with the stored
answer), elements with their contents, feedback, thread lists, and the guest clean-up.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid
from pathlib import Path

import pytest

from chat.data_layer import ChatDataLayer, PostgresDataLayer, SQLiteDataLayer, chat_timestamp
from chat.guests import remove_stale_guests
from chat.history import ThreadNotFoundError, thread_answers


@pytest.fixture(params=["sqlite", "postgresql"])
def layer_spec(request, tmp_path: Path) -> tuple[str, Path, str]:
    """(backend, chat_dir, store) of a fresh chat database."""
    if request.param == "sqlite":
        return "sqlite", tmp_path / "chat", ""
    return "postgresql", tmp_path / "chat", request.getfixturevalue("postgres_store")


def _open(spec: tuple[str, Path, str]) -> ChatDataLayer:
    backend, chat_dir, store = spec
    return SQLiteDataLayer.create(chat_dir) if backend == "sqlite" else PostgresDataLayer.create(store)


def _step(thread_id: str, output: str, metadata: dict, created: str) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "threadId": thread_id,
        "name": "KCNST",
        "type": "assistant_message",
        "streaming": False,
        "isError": False,
        "showInput": True,
        "indent": 0,
        "output": output,
        "metadata": metadata,
        "tags": ["trả lời"],
        "createdAt": created,
        "start": created,
        "end": created,
    }


async def _element(layer: ChatDataLayer, thread_id: str, for_id: str, name: str, content: str):
    import chainlit as cl

    element = cl.Text(name=name, content=content, display="side")
    element.thread_id, element.for_id = thread_id, for_id
    await layer.create_element(element)
    return element


def test_round_trip_elements_access_and_export(layer_spec, tmp_path: Path) -> None:
    from chainlit.context import init_http_context
    from chainlit.types import Feedback, Pagination, ThreadFilter
    from chainlit.user import User

    backend, chat_dir, store = layer_spec
    answer_json = {
        "question": "Tiêu chí KCN sinh thái?",
        "answer": "Theo Điều 9 … [1]",
        "refused": False,
        "language": "vi",
        "citations": [],
    }
    thread_a, thread_b = str(uuid.uuid4()), str(uuid.uuid4())

    async def scenario() -> dict:
        init_http_context()
        layer = _open(layer_spec)
        lan = await layer.create_user(
            User(identifier="lan", metadata={"role": "admin", "provider": "password"})
        )
        minh = await layer.create_user(User(identifier="minh", metadata={"role": "reader"}))
        await layer.update_thread(thread_a, name="Buổi 1", user_id=lan.id, tags=["kcnst", "hội thảo"])
        await layer.update_thread(thread_b, name="Của Minh", user_id=minh.id)
        step = _step(thread_a, "Theo Điều 9 … [1]", {"kb_answer": answer_json}, "2026-12-02T10:00:00Z")
        await layer.create_step(step)
        await layer.upsert_feedback(
            Feedback(forId=step["id"], threadId=thread_a, value=0, comment="thiếu nguồn")
        )
        element = await _element(layer, thread_a, step["id"], "[1]", "**Nghị định 35/2022** — Điều 9 …")
        thread = await layer.get_thread(thread_a)
        listed = await layer.list_threads(Pagination(first=10), ThreadFilter(userId=lan.id))
        (stored_element,) = thread["elements"]
        key = stored_element["objectKey"]
        result = {
            "thread": thread,
            "listed": [t["id"] for t in listed.data],
            "owner": await layer.read_element(key, "lan"),
            "other": await layer.read_element(key, "minh"),
            "nobody": await layer.read_element(key, None),
            "absent": await layer.read_element("no/such/key", "lan"),
            "key": key,
            "url": stored_element["url"],
            "element": element,
        }
        await layer.engine.dispose()
        return result

    result = asyncio.run(scenario())
    thread = result["thread"]
    assert thread["name"] == "Buổi 1" and thread["tags"] == ["kcnst", "hội thảo"]
    assert result["listed"] == [thread_a]
    (step,) = [s for s in thread["steps"] if s["type"] == "assistant_message"]
    assert step["feedback"]["value"] == 0 and step["feedback"]["comment"] == "thiếu nguồn"
    assert step["metadata"]["kb_answer"] == answer_json and step["output"] == "Theo Điều 9 … [1]"
    # The element's content is served to the thread's owner only; its URL names the key (encoded).
    assert result["owner"][0] == "**Nghị định 35/2022** — Điều 9 …".encode()
    assert result["other"] is None and result["nobody"] is None and result["absent"] is None
    assert result["url"].startswith("/kb-files/") and "[" not in result["url"]
    if backend == "postgresql":
        assert not (chat_dir / "files").exists()  # contents are in the database, not on this disk
    # kb export --thread reads the same database.
    assert [a["answer"] for a in [x.to_json() for x in thread_answers(chat_dir, thread_a, store=store)]] == [
        answer_json["answer"]
    ]
    with pytest.raises(ThreadNotFoundError):
        thread_answers(chat_dir, "no-such-thread", store=store)


def test_guests_not_seen_for_a_while_are_removed_with_their_threads(layer_spec) -> None:
    from chainlit.context import init_http_context
    from chainlit.user import User

    _backend, chat_dir, _store = layer_spec
    handouts = chat_dir / "handouts"

    async def scenario() -> dict:
        init_http_context()
        layer = _open(layer_spec)
        old_guest = await layer.create_user(
            User(identifier="khach-0123456789ab", metadata={"role": "reader", "provider": "guest"})
        )
        new_guest = await layer.create_user(
            User(identifier="khach-ba9876543210", metadata={"role": "reader", "provider": "guest"})
        )
        old_reader = await layer.create_user(
            User(identifier="khach-la-ten-that", metadata={"role": "reader", "provider": "password"})
        )
        long_ago = chat_timestamp(dt.datetime.now() - dt.timedelta(days=45))
        for user in (old_guest, old_reader):
            await layer.execute_sql(
                'UPDATE users SET "createdAt" = :t, "lastSeenAt" = :t WHERE "id" = :id',
                {"t": long_ago, "id": user.id},
            )
        threads = {}
        for user in (old_guest, new_guest, old_reader):
            thread_id = str(uuid.uuid4())
            await layer.update_thread(thread_id, name="q", user_id=user.id)
            step = _step(thread_id, "a [1]", {}, "2026-12-02T10:00:00Z")
            await layer.create_step(step)
            element = await _element(layer, thread_id, step["id"], "[1]", "nguồn")
            threads[user.identifier] = (thread_id, element)
            (handouts / thread_id).mkdir(parents=True)
        old_key = (await layer.get_thread(threads["khach-0123456789ab"][0]))["elements"][0]["objectKey"]
        before = await layer.read_element(old_key, "khach-0123456789ab")
        removed = await remove_stale_guests(layer, dt.timedelta(days=30), handouts_root=handouts)
        again = await remove_stale_guests(layer, dt.timedelta(days=30), handouts_root=handouts)
        state = {
            "removed": removed,
            "again": again,
            "before": before,
            "content_left": await layer.storage_provider.read(old_key),
            "users": {r["identifier"] for r in await layer.execute_sql('SELECT "identifier" FROM users', {})},
            "threads": {r["id"] for r in await layer.execute_sql('SELECT "id" FROM threads', {})},
            "steps": await layer.execute_sql("SELECT count(*) AS n FROM steps", {}),
            "elements": await layer.execute_sql("SELECT count(*) AS n FROM elements", {}),
            "ids": threads,
        }
        await layer.engine.dispose()
        return state

    state = asyncio.run(scenario())
    assert state["before"] is not None and state["content_left"] is None
    assert state["removed"].users == ["khach-0123456789ab"] and state["removed"].to_json() == {
        "users": 1,
        "threads": 1,
        "elements": 1,
    }
    assert state["again"].users == []
    assert state["users"] == {"khach-ba9876543210", "khach-la-ten-that"}  # a password user is never removed
    old_thread = state["ids"]["khach-0123456789ab"][0]
    assert old_thread not in state["threads"] and len(state["threads"]) == 2
    assert state["steps"][0]["n"] == 2 and state["elements"][0]["n"] == 2
    assert not (handouts / old_thread).exists()
    assert (handouts / state["ids"]["khach-ba9876543210"][0]).is_dir()


def test_kb_users_prune_guests_command(postgres_store, capsys) -> None:
    import json

    from kb.cli import main as kb_main

    assert kb_main(["users", "prune-guests", "--store", postgres_store, "--days", "30", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"users": 0, "threads": 0, "elements": 0, "days": 30.0}
    assert kb_main(["users", "prune-guests", "--store", postgres_store, "--days", "0"]) == 2


def test_a_worker_starting_while_another_serves_leaves_a_complete_schema_alone(
    postgres_store, monkeypatch
) -> None:
    """A worker starting next to one that serves runs no DDL on the chat tables: the other's guest
    clean-up (a delete cascading over users, threads, steps) and ``CREATE … IF NOT EXISTS`` had
    locked the tables in opposite orders (a deadlock in tests/test_chat_workers.py). An older
    schema without ``lastSeenAt`` is still completed."""
    import psycopg

    from chat.chat_schema import create_postgres_schema

    create_postgres_schema(postgres_store)
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=3000")  # waiting on a table lock fails in 3 s
    with psycopg.connect(postgres_store) as serving, serving.transaction():
        serving.execute("LOCK TABLE kb_chat.users, kb_chat.threads IN ACCESS EXCLUSIVE MODE")
        create_postgres_schema(postgres_store)
    with psycopg.connect(postgres_store, autocommit=True) as connection:
        connection.execute('ALTER TABLE kb_chat.users DROP COLUMN "lastSeenAt"')
        create_postgres_schema(postgres_store)
        columns = [
            row[0]
            for row in connection.execute(
                "SELECT column_name FROM information_schema.columns"
                " WHERE table_schema = 'kb_chat' AND table_name = 'users'"
            )
        ]
    assert "lastSeenAt" in columns


def test_a_worker_follows_generations_committed_by_another_process(
    corpus_index: Path, tmp_path: Path
) -> None:
    """Two workers on one embedded store: the other's commit is picked up by polling (no upload here)."""
    import shutil
    import time

    from chat.service import ChatService
    from kb.config import Settings
    from kb.index.ingestion import ingest

    index_dir = tmp_path / "index"
    shutil.copytree(corpus_index, index_dir)
    settings = Settings.load().with_overrides(index_dir=index_dir, reload_seconds=0.1)
    service = ChatService(settings)
    first = service.base.snapshot.generation
    assert service.refresh() is False  # nothing new: one cheap check, no reload
    watcher = service.watch_generations()
    try:
        doc = tmp_path / "docs" / "ninh-binh.md"
        doc.parent.mkdir()
        doc.write_text(
            "# Ninh Bình\n\nKCN Gián Khẩu trao đổi xỉ than với nhà máy xi măng Tam Điệp.", encoding="utf-8"
        )
        assert ingest([doc], settings).committed  # "another worker" commits
        deadline = time.monotonic() + 30
        while service.base.snapshot.generation == first:
            assert time.monotonic() < deadline, "the watcher never switched generation"
            time.sleep(0.05)
    finally:
        service.stop_watching()
    assert watcher is not None and [g for g, _s in service.reloads] == [service.base.snapshot.generation]
    answer = service.base.ask("KCN Gián Khẩu trao đổi xỉ than với nhà máy nào?")
    assert "Tam Điệp" in answer.citations[0].quote
