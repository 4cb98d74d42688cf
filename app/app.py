"""Chainlit workshop assistant: glue between Chainlit events and ``kb`` (all logic lives there).

Run with ``kb serve`` (or ``make run``); see README "Chat".
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import math
import os
import uuid
from pathlib import Path

import chainlit as cl
import chainlit.config
import chainlit.server
from chainlit.auth import decode_jwt, get_token_from_cookies
from chainlit.input_widget import MultiSelect, Select, Slider, Switch
from chainlit.server import app as server
from chainlit.types import ThreadDict
from fastapi import HTTPException
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import Headers
from starlette.routing import Route

from chat.conversation import ChatReply, ChatSession, is_documents_command, is_export_command
from chat.data_layer import FILES_ROUTE, ChatDataLayer, open_data_layer
from chat.guests import CLEANUP_EVERY_SECONDS, GUEST_PREFIX, remove_stale_guests
from chat.service import (
    PRODUCT_NAME,
    STARTERS,
    ChatService,
    describe_progress,
    describe_upload,
)
from chat.uploads import UploadedFile
from ingest.formats import accepted_mime_types
from kb.answer.cited_answer import Answer
from kb.config import Settings
from kb.facts import MAX_SOURCES, MAX_UPLOAD_FILES
from kb.query.followup import Turn

logging.getLogger("haystack").setLevel(logging.WARNING)  # no log line per pipeline component

SETTINGS = Settings.load()
# Chainlit keeps each session's files under one folder that it deletes at shutdown; a folder per
# process keeps two servers on one checkout (a dev server and the tests) out of each other's way.
_SESSION_FILES = (SETTINGS.chat_dir / "session-files" / str(os.getpid())).resolve()
_SESSION_FILES.mkdir(parents=True, exist_ok=True)
chainlit.config.FILES_DIRECTORY = chainlit.server.FILES_DIRECTORY = _SESSION_FILES
# The file picker offers what ingest converts, up to the configured size (checked again on upload).
_UPLOADS = chainlit.config.config.features.spontaneous_file_upload
_UPLOADS.accept = accepted_mime_types()
_UPLOADS.max_files = MAX_UPLOAD_FILES
_UPLOADS.max_size_mb = max(1, math.ceil(SETTINGS.max_file_mb))

SERVICE = ChatService(SETTINGS)
SERVICE.warm_up()  # models and index load once, at start-up
# History, feedback and element contents: SQLite under chat_dir, or the PostgreSQL store's database
# (schema kb_chat) when KB_STORE is set, shared by every worker on that store.
DATA_LAYER = open_data_layer(SETTINGS)
STREAM_CHUNK = 12  # words per streamed piece
# Message author: ASCII, because the client fetches /avatars/<author> (app/public/avatars/kcnst.svg)
# and Chainlit rejects non-ASCII names there; the window title keeps the Vietnamese name (config.toml).
AUTHOR = PRODUCT_NAME
PROGRESS_SECONDS = 1.0  # how often an upload's progress message is refreshed
# Uploads run in the background (OCR may take minutes): the chat keeps answering meanwhile.
_BACKGROUND: set[asyncio.Task] = set()


@cl.data_layer
def get_data_layer() -> ChatDataLayer:
    return DATA_LAYER


# Element contents a browser may display inline; anything else is served as plain text, so that a
# stored element can never run as a page of this site.
_INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg"}


def _request_user(request) -> str | None:
    """The identifier of the signed-in user of an HTTP request (login cookie or bearer token)."""
    token = get_token_from_cookies(dict(request.cookies))
    authorization = request.headers.get("authorization", "")
    if not token and authorization.lower().startswith("bearer "):
        token = authorization[7:].strip()
    if not token:
        return None
    try:
        return decode_jwt(token).identifier
    except Exception:  # expired, forged, signed with another secret
        return None


async def _serve_element_file(request) -> Response:
    """A stored element's content, to the owner of its thread only (401 without a login, 404 otherwise)."""
    identifier = _request_user(request)
    if identifier is None:
        raise HTTPException(status_code=401)
    found = await DATA_LAYER.read_element(request.path_params["key"], identifier)
    if found is None:
        raise HTTPException(status_code=404)  # absent, or another user's: not told apart
    content, mime = found
    media_type = mime if mime in _INLINE_TYPES else "text/plain; charset=utf-8"
    headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"}
    if mime not in _INLINE_TYPES and not mime.startswith("text/"):
        headers["Content-Disposition"] = "attachment"
    return Response(content, media_type=media_type, headers=headers)


async def _status(request) -> JSONResponse:
    """Which index generation this worker answers from (several workers: are they all on the same?)."""
    snapshot = SERVICE.base.snapshot
    return JSONResponse(
        {"generation": snapshot.generation, "documents": len(snapshot.documents), "store": DATA_LAYER.backend}
    )


# Before Chainlit's catch-all route, which would otherwise answer with the page itself.
server.router.routes.insert(0, Route(FILES_ROUTE + "/{key:path}", _serve_element_file))
server.router.routes.insert(0, Route("/kb-status", _status))


async def _clean_up_guests_periodically() -> None:
    """Remove guests not seen for KB_GUEST_DAYS, now and every hour (every worker may do it)."""
    log = logging.getLogger(__name__)
    while True:
        try:
            removed = await remove_stale_guests(
                DATA_LAYER,
                dt.timedelta(days=SETTINGS.guest_days),
                handouts_root=SETTINGS.chat_dir / "handouts",
            )
            if removed.users:
                log.warning(
                    "removed %d guest(s) not seen for %g days: %s",
                    len(removed.users),
                    SETTINGS.guest_days,
                    removed.to_json(),
                )
        except Exception:
            log.exception("guest clean-up failed; retrying in %s s", CLEANUP_EVERY_SECONDS)
        await asyncio.sleep(CLEANUP_EVERY_SECONDS)


@cl.on_app_startup
async def start_workers() -> None:
    """Background jobs of this worker: follow generations committed by other processes, clean up guests."""
    SERVICE.watch_generations()
    if SETTINGS.guest_days > 0:
        task = asyncio.get_running_loop().create_task(_clean_up_guests_periodically())
        _BACKGROUND_JOBS.add(task)


_BACKGROUND_JOBS: set[asyncio.Task] = set()


if SERVICE.password_login:

    @cl.password_auth_callback
    async def password_login(username: str, password: str) -> cl.User | None:
        user = await asyncio.to_thread(SERVICE.authenticate, username, password)
        if user is None:
            return None
        return cl.User(identifier=user.name, metadata={"role": user.role, "provider": "password"})


if SERVICE.guest_login:

    @cl.header_auth_callback
    async def guest_login(headers: Headers) -> cl.User | None:
        if SERVICE.wants_admin_login(headers.get("referer")):
            return None  # /login?admin: show the password form instead
        # One identity per browser (kept in its login cookie): a guest sees only their own threads.
        guest = f"{GUEST_PREFIX}-{uuid.uuid4().hex[:12]}"
        return cl.User(identifier=guest, metadata={"role": "reader", "provider": "guest"})


def _role() -> str | None:
    user = cl.user_session.get("user")
    return (user.metadata or {}).get("role") if user else None


def _session() -> ChatSession:
    session = cl.user_session.get("kb_session")
    if session is None:
        session = SERVICE.new_session()
        cl.user_session.set("kb_session", session)
    return session


async def _send_settings(session: ChatSession) -> None:
    modes = ["extractive", "llm"] if session.llm_available else ["extractive"]
    kinds = SERVICE.kinds()
    await cl.ChatSettings(
        [
            Select(
                id="mode",
                label="Chế độ trả lời / Answer mode",
                values=modes,
                initial_value=session.options.mode,
                description="extractive: trích nguyên văn, không cần LLM / verbatim quotes, no LLM",
            ),
            MultiSelect(
                id="kinds",
                label="Loại tài liệu (để trống = tất cả) / Document kinds (empty = all)",
                values=kinds,
                initial=list(session.options.kinds),
            ),
            Switch(
                id="in_force_only",
                label="Chỉ văn bản còn hiệu lực / In force only",
                initial=session.options.in_force_only,
            ),
            Slider(
                id="k", label="Số nguồn / Number of sources", initial=session.options.k, min=1, max=MAX_SOURCES, step=1
            ),
        ]
    ).send()


@cl.set_chat_profiles
async def chat_profiles(user: cl.User | None = None, language: str | None = None) -> list[cl.ChatProfile]:
    """One profile: the welcome screen shows its icon (the product's logo, app/public) and its
    description: the product's name and what the knowledge base holds, read at each page load."""
    return [
        cl.ChatProfile(
            name=PRODUCT_NAME,
            markdown_description=SERVICE.welcome_markdown(),
            icon="/public/logo_badge.svg",
            default=True,
        )
    ]


@cl.set_starters
async def starters(user: cl.User | None = None, language: str | None = None) -> list[cl.Starter]:
    return [cl.Starter(label=s.label, message=s.message) for s in STARTERS]


@cl.on_chat_start
async def start() -> None:
    session = _session()
    await _send_settings(session)
    await cl.context.emitter.set_commands(
        [
            {
                "id": "export",
                "icon": "file-down",
                "description": "Xuất tài liệu phát tay / Export handout",
                "button": True,
            },
            {
                "id": "documents",
                "icon": "library",
                "description": "Tài liệu trong cơ sở tri thức / Documents in the knowledge base",
                "button": True,
            },
        ]
    )


@cl.on_settings_update
async def update_settings(values: dict) -> None:
    session = _session()
    try:
        session.set_options(
            mode=values.get("mode", session.options.mode),
            kinds=tuple(values.get("kinds") or ()),
            in_force_only=bool(values.get("in_force_only", False)),
            k=int(values.get("k", session.options.k)),
        )
    except ValueError as exc:
        await cl.Message(author=AUTHOR, content=f"Cài đặt không hợp lệ / Invalid setting: {exc}").send()


@cl.on_chat_resume
async def resume(thread: ThreadDict) -> None:
    """Rebuild the conversation (follow-ups, export) from the answers stored with the thread."""
    session = _session()
    for step in thread.get("steps", []):
        stored = (step.get("metadata") or {}).get("kb_answer")
        if stored:
            answer = Answer.from_json(stored)
            session.answers.append(answer)
            session.turns.append(Turn(answer.question, "" if answer.refused else answer.answer))
    await _send_settings(session)


async def _upload(files: list) -> None:
    if not SERVICE.can_upload(_role()):
        await cl.Message(
            author=AUTHOR,
            content=(
                "Chỉ quản trị viên đã đăng nhập mới được tải tài liệu lên; tệp không được lưu. "
                "/ Only signed-in admins can upload documents; nothing was stored."
            ),
        ).send()
        return
    names = ", ".join(f"`{f.name}`" for f in files)
    header = (
        f"Đang nạp {len(files)} tệp / Ingesting {len(files)} file(s): {names} … "
        "(vẫn có thể đặt câu hỏi trong lúc chờ / you can keep asking meanwhile)"
    )
    progress = cl.Message(author=AUTHOR, content=header)
    await progress.send()
    uploads = [UploadedFile(f.name, Path(f.path)) for f in files if getattr(f, "path", None)]
    latest: list = []  # the last progress event, written by the ingest thread

    def on_progress(event) -> None:
        latest[:] = [event]

    job = asyncio.ensure_future(SERVICE.upload_async(uploads, on_progress))
    shown = None
    while not job.done():
        await asyncio.wait({job}, timeout=PROGRESS_SECONDS)
        event = latest[0] if latest else None
        if event is not None and event != shown and not job.done():
            progress.content = f"{header}\n\n{describe_progress(event)}"
            await progress.update()
            shown = event
    try:
        outcome = job.result()
    except Exception as exc:  # a failed ingest must say so, not vanish with its background task
        logging.getLogger(__name__).exception("upload failed")
        progress.content = f"Lỗi khi nạp tài liệu / Error while ingesting: {type(exc).__name__}: {exc}"
        await progress.update()
        return
    progress.content = "Kết quả nạp tài liệu / Ingest result:\n\n" + describe_upload(outcome)
    await progress.update()


def _upload_in_background(files: list) -> None:
    """Ingest uploads without holding the message handler: questions are answered meanwhile."""
    task = asyncio.create_task(_upload(files))
    _BACKGROUND.add(task)
    task.add_done_callback(_BACKGROUND.discard)


async def wait_for_uploads() -> None:
    """Wait until the background uploads started so far are done (tests, shutdown)."""
    while _BACKGROUND:
        await asyncio.gather(*list(_BACKGROUND), return_exceptions=True)


async def _export(session: ChatSession) -> None:
    thread_id = cl.context.session.thread_id
    try:
        md_path, docx_path = await asyncio.to_thread(session.export, SERVICE.handout_dir(thread_id))
    except ValueError:
        await cl.Message(
            author=AUTHOR,
            content="Chưa có câu hỏi nào để xuất. / Nothing to export yet: ask a question first.",
        ).send()
        return
    await cl.Message(
        author=AUTHOR,
        content=(
            f"Tài liệu phát tay ({len(session.answers)} câu hỏi, kèm trích dẫn đầy đủ) / Handout with full "
            f"citations: {md_path.name} · {docx_path.name}"
        ),
        elements=[
            cl.File(name=md_path.name, path=str(md_path), mime="text/markdown", display="inline"),
            cl.File(
                name=docx_path.name,
                path=str(docx_path),
                mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                display="inline",
            ),
        ],
    ).send()


def _elements(reply: ChatReply) -> list:
    elements: list = []
    for panel in reply.sources:
        elements.append(cl.Text(name=panel.name, content=panel.content, display="side"))
        if panel.pdf_path:
            elements.append(
                cl.Pdf(name=f"PDF{panel.name}", path=panel.pdf_path, page=panel.page or 1, display="side")
            )
    return elements


def _with_pdf_links(reply: ChatReply) -> str:
    text = reply.text
    links = [f"PDF{p.name}" for p in reply.sources if p.pdf_path]
    if links:
        text += "\n\nPDF: " + " · ".join(links)
    return text


@cl.on_message
async def on_message(message: cl.Message) -> None:
    session = _session()
    files = [e for e in (message.elements or []) if getattr(e, "path", None)]
    if files:
        _upload_in_background(files)
        if not message.content.strip():
            return
    if message.command == "export" or is_export_command(message.content):
        await _export(session)
        return
    if message.command == "documents" or is_documents_command(message.content):
        await cl.Message(author=AUTHOR, content=SERVICE.documents_view()).send()
        return
    question = message.content.strip()
    if not question:
        return
    standalone, rewritten = await SERVICE.standalone(session, question)
    if rewritten:
        async with cl.Step(
            name="Câu hỏi đầy đủ / Standalone question", type="tool", default_open=False
        ) as step:
            step.input = question
            step.output = standalone
    try:
        reply = await SERVICE.ask(session, question, (standalone, rewritten))
    except Exception as exc:  # an answer that fails must say so, not hang the chat
        await cl.Message(author=AUTHOR, content=f"Lỗi khi trả lời / Error while answering: {exc}").send()
        raise
    text = _with_pdf_links(reply)
    msg = cl.Message(
        author=AUTHOR,
        content="",
        elements=_elements(reply),
        metadata={"kb_answer": reply.answer.to_json(), "standalone": reply.standalone},
    )
    words = text.split(" ")
    for start in range(0, len(words), STREAM_CHUNK):
        piece = " ".join(words[start : start + STREAM_CHUNK])
        await msg.stream_token(piece if start == 0 else " " + piece)
    await msg.send()
