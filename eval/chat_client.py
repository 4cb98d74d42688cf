"""The real chat server (``kb serve``) and a socket.io client speaking Chainlit's web protocol.

Used by the chat tests and by the load benchmark (``eval/chat_load.py``)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import socketio

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _start_server(
    index_dir: Path,
    tmp: Path,
    env: dict[str, str] | None,
    prefix: list[str] | None,
    drop_env: tuple[str, ...],
) -> Server:
    port = free_port()
    log = tmp / f"server-{port}.log"
    full_env = {
        **os.environ,
        "KB_INDEX": str(index_dir),
        "KB_CHAT_DIR": str(tmp / "chat"),
        "KB_UPLOADS_DIR": str(tmp / "uploads"),
        "KB_USERS_FILE": str(tmp / "users.toml"),
        "CHAINLIT_AUTH_SECRET": "test-secret-" + uuid.uuid4().hex,
        **(env or {}),
    }
    for name in drop_env:
        full_env.pop(name, None)
    with log.open("wb") as handle:
        process = subprocess.Popen(
            [*(prefix or []), sys.executable, "-m", "kb.cli", "serve", "--port", str(port)],
            cwd=REPO,
            env=full_env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(f"http://127.0.0.1:{port}", process, log)


def _wait_ready(server: Server, deadline: float, timeout: float) -> None:
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"kb serve exited with {server.process.returncode}:\n{server.log_text()}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(server.url + "/auth/config", timeout=2).status_code == 200:
                return
        if time.monotonic() > deadline:
            raise TimeoutError(f"kb serve did not start in {timeout} s:\n{server.log_text()}")
        time.sleep(0.5)


def _stop(server: Server) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.process.pid, 15)
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.process.pid, 9)
        server.process.wait()


@contextlib.contextmanager
def running_server(
    index_dir: Path,
    tmp: Path,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 180,
    prefix: list[str] | None = None,
    drop_env: tuple[str, ...] = (),
) -> Iterator[Server]:
    """``kb serve`` on a free port with its own chat folder; stopped (and reaped) afterwards.

    ``prefix`` runs the server under another command (e.g. ``strace -f …``); ``drop_env``
    removes variables from its environment (to prove the product sets them itself).
    """
    with running_servers(
        1, index_dir, tmp, env=env, timeout=timeout, prefix=prefix, drop_env=drop_env
    ) as servers:
        yield servers[0]


@contextlib.contextmanager
def running_servers(
    count: int,
    index_dir: Path,
    tmp: Path,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 180,
    prefix: list[str] | None = None,
    drop_env: tuple[str, ...] = (),
) -> Iterator[list[Server]]:
    """``count`` ``kb serve`` processes started at once (several chat workers), each on its own
    port with its own chat and uploads folders (``tmp/worker-N``, or ``tmp`` for one), the same
    ``env`` (give them one ``KB_STORE`` and one ``CHAINLIT_AUTH_SECRET`` to share them)."""
    servers: list[Server] = []
    try:
        for number in range(count):
            folder = tmp if count == 1 else tmp / f"worker-{number + 1}"
            folder.mkdir(parents=True, exist_ok=True)
            servers.append(_start_server(index_dir, folder, env, prefix, drop_env))
        deadline = time.monotonic() + timeout
        for server in servers:
            _wait_ready(server, deadline, timeout)
        yield servers
    finally:
        for server in servers:
            _stop(server)


@dataclass
class ChatClient:
    """One browser-like chat session over socket.io (the protocol of Chainlit's web client)."""

    url: str
    token: str | None = None
    session_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    thread_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    messages: dict[str, dict] = field(default_factory=dict)
    elements: list[dict] = field(default_factory=list)
    steps: list[dict] = field(default_factory=list)
    tasks_done: asyncio.Event = field(default_factory=asyncio.Event)
    task_started: asyncio.Event = field(default_factory=asyncio.Event)
    resume: str | None = None  # a stored thread to resume (as the browser does from the history)
    resumed: asyncio.Event = field(default_factory=asyncio.Event)
    resume_error: str | None = None

    async def __aenter__(self) -> ChatClient:
        if self.resume:
            self.thread_id = self.resume
        self.sio = socketio.AsyncClient(reconnection=False)
        self.sio.on("new_message", self._on_message)
        self.sio.on("update_message", self._on_message)
        self.sio.on("element", self._on_element)
        self.sio.on("task_start", self._on_task_start)
        self.sio.on("task_end", self._on_task_end)
        self.sio.on("resume_thread", self._on_resumed)
        self.sio.on("resume_thread_error", self._on_resume_error)
        headers = {"Cookie": f"access_token={self.token}"} if self.token else {}
        await self.sio.connect(
            self.url,
            socketio_path="/ws/socket.io",
            transports=["websocket"],
            headers=headers,
            auth={
                "sessionId": self.session_id,
                "clientType": "webapp",
                "userEnv": "{}",
                "chatProfile": None,
                "threadId": self.resume,
            },
        )
        await self.sio.emit("connection_successful")
        if self.resume:  # the server rebuilds the conversation first (on_chat_resume), as before a user types
            await asyncio.wait_for(self.resumed.wait(), 120)
            if self.resume_error:
                raise AssertionError(f"thread {self.resume} not resumed: {self.resume_error}")
        return self

    async def _on_resumed(self, *_: object) -> None:
        self.resumed.set()

    async def _on_resume_error(self, error: object = None, *_: object) -> None:
        self.resume_error = str(error)
        self.resumed.set()

    async def __aexit__(self, *exc: object) -> None:
        await self.sio.disconnect()

    async def _on_message(self, data: dict) -> None:
        if data.get("type") == "assistant_message":
            self.messages[data["id"]] = data
        else:
            self.steps.append(data)

    async def _on_element(self, data: dict) -> None:
        self.elements.append(data)

    async def _on_task_start(self, *_: object) -> None:
        self.task_started.set()

    async def _on_task_end(self, *_: object) -> None:
        if self.task_started.is_set():  # the end of *our* task, not of the connection's
            self.tasks_done.set()

    async def upload(self, path: Path, name: str | None = None, mime: str = "text/markdown") -> str:
        """Put a file into this session (as the browser does before sending); returns its id."""
        cookies = {"access_token": self.token} if self.token else None
        async with httpx.AsyncClient(cookies=cookies, timeout=60) as http:
            response = await http.post(
                self.url + "/project/file",
                params={"session_id": self.session_id},
                files={"file": (name or path.name, path.read_bytes(), mime)},
            )
        response.raise_for_status()
        return response.json()["id"]

    async def ask(self, text: str, timeout: float = 120, file_ids: list[str] | None = None) -> dict:
        """Send ``text``; return the last assistant message once the server says it is done."""
        self.tasks_done.clear()
        self.task_started.clear()
        before = set(self.messages)
        await self.sio.emit(
            "client_message",
            {
                "message": {
                    "id": str(uuid.uuid4()),
                    "threadId": self.thread_id,
                    "name": "User",
                    "type": "user_message",
                    "output": text,
                    "createdAt": datetime.now(UTC).isoformat(),
                },
                "fileReferences": [{"id": file_id} for file_id in file_ids or []],
            },
        )
        await asyncio.wait_for(self.tasks_done.wait(), timeout)
        # The client runs event handlers as separate tasks: the last events may land just after
        # (up to 30 s: under the 20-session load with two workers, 10 s was once not enough).
        for _ in range(300):
            new = [m for key, m in self.messages.items() if key not in before]
            if new and all(self._elements_arrived(m) for m in new):
                break
            await asyncio.sleep(0.1)
        new = [m for key, m in self.messages.items() if key not in before]
        if not new:
            raise AssertionError(f"no answer to {text!r}")
        return new[-1]

    async def wait_for_update(self, message: dict, done: str, timeout: float = 600) -> dict:
        """The message once an update holds ``done`` (e.g. the result of a background upload,
        which edits its progress message when the ingest ends)."""
        deadline = time.monotonic() + timeout
        while done not in self.messages.get(message["id"], message).get("output", ""):
            if time.monotonic() > deadline:
                raise AssertionError(f"message {message['id']} never said {done!r}")
            await asyncio.sleep(0.2)
        return self.messages[message["id"]]

    def _elements_arrived(self, message: dict) -> bool:
        """Every ``[n]`` marker of the message has its element (they may trail the message)."""
        markers = set(re.findall(r"\[\d+\]", message.get("output", "")))
        return markers <= {e.get("name") for e in self.elements_for(message)}

    def messages_after(self, message_ids: set[str]) -> list[dict]:
        return [m for key, m in self.messages.items() if key not in message_ids]

    def elements_for(self, message: dict) -> list[dict]:
        return [e for e in self.elements if e.get("forId") == message["id"]]


def login(url: str, name: str, password: str) -> str:
    """The access token of a password login (what the browser keeps as a cookie)."""
    response = httpx.post(url + "/login", data={"username": name, "password": password}, timeout=30)
    response.raise_for_status()
    token = response.cookies.get("access_token") or response.json().get("access_token")
    if not token:
        raise RuntimeError(f"login of {name!r} returned no token")
    return token
