"""Several chat workers on one PostgreSQL store: two real ``kb serve`` processes on two ports.

They share the store (index generations), the chat database (users, threads, steps, elements,
feedback in schema ``kb_chat``) and the login secret. Checked over HTTP and socket.io: a login
and a thread made on one worker are listed, read and given feedback on the other; element
contents (``/kb-files/…``) come from the database and only to the thread's owner; a document
uploaded through worker 1 is answered by worker 2 once it has polled the new generation
(``KB_RELOAD_SECONDS``, default 2 s; the delay is printed). The load scenario (20 sessions over
both workers) is ``tests/test_chat_load.py``.
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from pathlib import Path

import httpx
import pytest

from eval.chat_client import ChatClient, login, running_servers
from eval.chat_load import ADMIN, LOAD_QUESTIONS, READER, UPLOAD_TEXT, commit_to_store, write_users

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store(postgres_server, corpus_index: Path) -> str:
    """A new database holding the corpus' generation (committed as is, no re-embedding)."""
    name = "kb_workers_" + uuid.uuid4().hex[:8]
    assert "CREATE DATABASE" in postgres_server.psql(f"CREATE DATABASE {name};")
    dsn = re.sub(r"/postgres(\?|$)", rf"/{name}\1", postgres_server.get_uri(), count=1)
    commit_to_store(corpus_index, dsn)
    return dsn


OLD_GUEST = "khach-00000000dead"


async def _seed_old_guest(store: str) -> None:
    """A guest last seen 40 days ago, with a thread: removed by the workers' clean-up at start."""
    import datetime as dt

    from chainlit.context import init_http_context
    from chainlit.user import User

    from chat.data_layer import PostgresDataLayer, chat_timestamp

    init_http_context()
    layer = PostgresDataLayer.create(store)
    user = await layer.create_user(
        User(identifier=OLD_GUEST, metadata={"role": "reader", "provider": "guest"})
    )
    await layer.update_thread(str(uuid.uuid4()), name="cũ", user_id=user.id)
    long_ago = chat_timestamp(dt.datetime.now() - dt.timedelta(days=40))
    await layer.execute_sql(
        'UPDATE users SET "lastSeenAt" = :t WHERE "id" = :id', {"t": long_ago, "id": user.id}
    )
    await layer.engine.dispose()


@pytest.fixture(scope="module")
def workers(store: str, tmp_path_factory):
    asyncio.run(_seed_old_guest(store))
    tmp = tmp_path_factory.mktemp("workers")
    env = {
        "KB_STORE": store,
        "KB_USERS_FILE": str(write_users(tmp)),
        "CHAINLIT_AUTH_SECRET": "shared-secret-" + uuid.uuid4().hex,
    }
    with running_servers(2, tmp / "no-index", tmp, env=env, timeout=300) as servers:
        yield servers


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text))


def _threads(url: str, token: str) -> list[dict]:
    response = httpx.post(
        url + "/project/threads",
        json={"pagination": {"first": 20}, "filter": {}},
        cookies={"access_token": token},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()["data"]


def test_login_threads_feedback_and_element_contents_are_shared(workers) -> None:
    one, two = workers
    admin_token = login(one.url, *ADMIN)  # signed in on worker 1 ...
    reader_token = login(two.url, *READER)

    async def ask() -> tuple[ChatClient, dict]:
        async with ChatClient(one.url, token=admin_token) as client:
            return client, await client.ask(LOAD_QUESTIONS[1], timeout=300)

    client, message = asyncio.run(ask())
    thread_id = message["threadId"]

    # The conversation goes on on worker 2: resumed from the database, a follow-up is resolved
    # against the answer worker 1 gave.
    async def resume() -> dict:
        async with ChatClient(two.url, token=admin_token, resume=message["threadId"]) as resumed:
            return await resumed.ask("còn ở Amata thì sao?", timeout=300)

    follow = asyncio.run(resume())
    assert follow["threadId"] == message["threadId"]
    standalone = follow["metadata"]["standalone"]
    assert "Amata" in standalone and standalone != "còn ở Amata thì sao?", standalone
    # ... and the same cookie works on worker 2, which lists and reads the thread from the database.
    assert thread_id in [t["id"] for t in _threads(two.url, admin_token)]
    assert thread_id not in [t["id"] for t in _threads(two.url, reader_token)]
    thread = httpx.get(
        f"{two.url}/project/thread/{thread_id}", cookies={"access_token": admin_token}, timeout=30
    )
    assert thread.status_code == 200
    steps = {s["id"]: s for s in thread.json()["steps"]}
    assert steps[message["id"]]["metadata"]["kb_answer"]["question"] == LOAD_QUESTIONS[1]
    other = httpx.get(
        f"{two.url}/project/thread/{thread_id}", cookies={"access_token": reader_token}, timeout=30
    )
    assert other.status_code in (401, 403, 404)
    # Feedback given on worker 2 is seen on worker 1.
    feedback = httpx.put(
        two.url + "/feedback",
        json={
            "feedback": {"forId": message["id"], "threadId": thread_id, "value": 1, "comment": "đúng nguồn"},
            "sessionId": client.session_id,
        },
        cookies={"access_token": admin_token},
        timeout=30,
    )
    assert feedback.status_code == 200, feedback.text
    again = httpx.get(
        f"{one.url}/project/thread/{thread_id}", cookies={"access_token": admin_token}, timeout=30
    )
    step = {s["id"]: s for s in again.json()["steps"]}[message["id"]]
    assert step["feedback"]["value"] == 1 and step["feedback"]["comment"] == "đúng nguồn"
    # The source panels were stored as elements; their contents are served by either worker,
    # from the database, to the owner only.
    elements = [e for e in thread.json()["elements"] if e["forId"] == message["id"] and e["type"] == "text"]
    markers = set(re.findall(r"\[\d+\]", message["output"]))
    assert markers and {e["name"] for e in elements} == markers
    (first,) = [e for e in elements if e["name"] == "[1]"]
    citation = next(c for c in message["metadata"]["kb_answer"]["citations"] if c["marker"] == 1)
    for server in (one, two):
        url = server.url + first["url"]
        owner = httpx.get(url, cookies={"access_token": admin_token}, timeout=30)
        assert owner.status_code == 200 and owner.headers["x-content-type-options"] == "nosniff"
        head = " ".join(_words(citation["quote"]).split()[:6])
        assert head and head in _words(owner.text)  # the panel holds the quote (escaped)
        assert httpx.get(url, cookies={"access_token": reader_token}, timeout=30).status_code == 404
        assert httpx.get(url, timeout=30).status_code == 401
        assert httpx.get(url, cookies={"access_token": "forged"}, timeout=30).status_code == 401
        assert (
            httpx.get(server.url + "/kb-files/nobody/none", cookies={"access_token": admin_token}).status_code
            == 404
        )


def test_guests_not_seen_for_30_days_are_removed_when_workers_start(workers, store: str) -> None:
    import psycopg

    with psycopg.connect(store) as connection:
        users = [row[0] for row in connection.execute('SELECT "identifier" FROM kb_chat.users')]
        threads = connection.execute(
            'SELECT count(*) FROM kb_chat.threads WHERE "name" = %s', ("cũ",)
        ).fetchone()[0]
    assert OLD_GUEST not in users and threads == 0
    assert any("removed 1 guest(s)" in server.log_text() for server in workers)


def _generation(url: str) -> str:
    return httpx.get(url + "/kb-status", timeout=30).json()["generation"]


UPLOADS = 3  # uploads through worker 1; each time, how long until worker 2 serves the new generation


def test_document_uploaded_on_one_worker_is_answered_by_the_other(workers, tmp_path: Path) -> None:
    one, two = workers
    admin_token = login(one.url, *ADMIN)
    reader_token = login(two.url, *READER)
    question = LOAD_QUESTIONS[0]

    async def upload(admin: ChatClient, number: int) -> float:
        """Upload through worker 1; seconds from its result until worker 2 serves that generation."""
        path = tmp_path / f"upload-{number}.md"
        text = (
            UPLOAD_TEXT
            if number == 0
            else f"# Ghi chú {number}\n\nBuổi {number}: KCN Đình Vũ {number} tham quan.\n"
        )
        path.write_text(text, encoding="utf-8")
        file_id = await admin.upload(path, path.name)
        progress = await admin.ask("", timeout=300, file_ids=[file_id])
        result = await admin.wait_for_update(progress, "Kết quả nạp tài liệu", 300)
        assert "đã thêm" in result["output"], result["output"]
        done = time.perf_counter()
        target = await asyncio.to_thread(_generation, one.url)  # worker 1 switched before it reported
        while await asyncio.to_thread(_generation, two.url) != target:
            assert time.perf_counter() - done < 30, "worker 2 never switched to the new generation"
            await asyncio.sleep(0.05)
        return time.perf_counter() - done

    async def scenario() -> tuple[dict, dict, list[float]]:
        async with (
            ChatClient(one.url, token=admin_token) as admin,
            ChatClient(two.url, token=reader_token) as reader,
        ):
            before = await reader.ask(question, timeout=300)
            delays = [await upload(admin, number) for number in range(UPLOADS)]
            after = await reader.ask(question, timeout=300)
            return before, after, delays

    before, after, delays = asyncio.run(scenario())
    quote = lambda m: (m["metadata"]["kb_answer"]["citations"] or [{"quote": ""}])[0]["quote"]  # noqa: E731
    assert "dệt nhuộm" not in quote(before) and "dệt nhuộm" in quote(after)  # answered by worker 2
    assert max(delays) < 10, delays
    assert "committed elsewhere" in two.log_text()
    print(
        f"\nworker 2 served the generation of an upload through worker 1 after "
        f"{', '.join(f'{d:.2f}' for d in delays)} s (KB_RELOAD_SECONDS=2)"
    )
