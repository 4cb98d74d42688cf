"""What the chat server holds once per process: the knowledge base, users, uploads, policies.

The Chainlit app creates one :class:`ChatService` at start-up (models and index loaded and
warmed up then, not per message) and one :class:`~chat.conversation.ChatSession` per conversation.
Questions run on a small thread pool so that a long upload or many simultaneous questions
never block the server's event loop; each question reads one index generation from start
to end (``KnowledgeBase.ask``), and an upload swaps in the new generation atomically.

Usage::

    service = ChatService(Settings.load())
    service.warm_up()
    session = service.new_session()
    reply = await service.ask(session, "Tiêu chí khu công nghiệp sinh thái là gì?")
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from chat.conversation import ChatOptions, ChatReply, ChatSession, escape_markdown
from chat.uploads import UploadedFile, UploadOutcome, store_and_ingest
from chat.users import ChatUser, UserStore
from ingest.formats import ProgressEvent
from kb.catalogue import catalogue_markdown, holdings_line
from kb.config import Settings
from kb.index.backend import open_backend
from kb.knowledge_base import KnowledgeBase

log = logging.getLogger(__name__)

PRODUCT_NAME = "KCNST"  # the chat profile (welcome screen) and message author
PRODUCT_TITLE = "Trợ lý khu công nghiệp sinh thái · Eco-industrial park assistant"
ADMIN_LOGIN_PARAM = "admin"  # /login?admin shows the password form when readers are anonymous


@dataclass(frozen=True)
class Starter:
    label: str
    message: str


STARTERS = (
    Starter("Tiêu chí KCN sinh thái", "Tiêu chí xác định khu công nghiệp sinh thái là gì?"),
    Starter(
        "Cộng sinh ở Hiệp Phước",
        "Doanh nghiệp ở KCN Hiệp Phước đã triển khai cộng sinh công nghiệp như thế nào?",
    ),
    Starter("Tra cứu Điều 9 NĐ 35/2022", "Điều 9 Nghị định 35/2022/NĐ-CP quy định gì?"),
    Starter("In English", "What did the eco-industrial park project achieve in Vietnam?"),
    Starter("Gõ không dấu", "loi ich cua khu cong nghiep sinh thai la gi"),
)


class ChatService:
    """Per-process state of the chat server (see the module docstring)."""

    def __init__(self, settings: Settings, *, base: KnowledgeBase | None = None, workers: int = 2) -> None:
        self.settings = settings
        self.base = base or KnowledgeBase.open(settings)
        self.users = UserStore.load(settings.users_file)
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kb-ask")
        self._ingest_lock = threading.Lock()
        self._reload_lock = threading.Lock()
        self._stop_watching = threading.Event()
        self.reloads: list[tuple[str, float]] = []  # (generation, seconds to load it) noticed by polling
        if settings.llm_base_url and settings.llm_model and getattr(self.base, "llm_answerer", None) is None:
            from kb.answer.llm_answerer import configure_llm

            configure_llm(self.base)  # offers the "llm" answer mode in the chat settings

    # ------------------------------------------------------------------ policies
    @property
    def login_required(self) -> bool:
        """Everyone logs in ("login", or "auto" with users); else readers are anonymous."""
        policy = self.settings.readers
        return policy == "login" or (policy == "auto" and bool(self.users))

    @property
    def password_login(self) -> bool:
        """Whether a password login exists at all (admins need one to upload)."""
        return bool(self.users) or self.settings.readers == "login"

    @property
    def guest_login(self) -> bool:
        """Anonymous readers next to password users: guests get a reader identity."""
        return self.password_login and not self.login_required

    def authenticate(self, name: str, password: str) -> ChatUser | None:
        return self.users.verify(name, password)

    @staticmethod
    def wants_admin_login(referer: str | None) -> bool:
        """True when the login page was opened as ``/login?admin`` (no automatic guest login)."""
        if not referer:
            return False
        return ADMIN_LOGIN_PARAM in parse_qs(urlparse(referer).query, keep_blank_values=True)

    @staticmethod
    def can_upload(role: str | None) -> bool:
        return role == "admin"

    # ------------------------------------------------------------------ answering
    def warm_up(self) -> None:
        """Load the models and build the pipeline before the first user waits for it."""
        self.base.ask("khu công nghiệp sinh thái", k=1)

    def new_session(self, options: ChatOptions | None = None) -> ChatSession:
        return ChatSession(self.base, options)

    async def standalone(self, session: ChatSession, question: str) -> tuple[str, bool]:
        """The follow-up rewrite (may call the LLM: off the event loop)."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, session.standalone, question)

    async def ask(
        self, session: ChatSession, question: str, standalone: tuple[str, bool] | None = None
    ) -> ChatReply:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self.executor, functools.partial(session.ask, question, standalone=standalone)
        )

    # ------------------------------------------------------------------ what the knowledge base holds
    def holdings(self) -> str:
        """One line on the documents held and the full texts missing (current generation)."""
        return holdings_line(self.base.snapshot)

    def welcome_markdown(self) -> str:
        """The welcome screen's text under the logo: the product's name and what it holds."""
        return f"**{PRODUCT_NAME}** — {PRODUCT_TITLE}\n\n{escape_markdown(self.holdings())}\n\nGõ `/tai-lieu` để xem danh sách tài liệu. / Type `/documents` for the list."

    def documents_view(self) -> str:
        """The ``/tai-lieu`` reply: every document, how it was read, its reliability note."""
        return catalogue_markdown(self.base.snapshot, escape_markdown)

    def kinds(self) -> list[str]:
        """Document kinds present in the index (for the settings' filter)."""
        return sorted(
            {str(doc.info.get("kind", "document")) for doc in self.base.snapshot.documents.values()}
        )

    # ------------------------------------------------------------------ uploads
    def upload(
        self, files: list[UploadedFile], on_progress: Callable[[ProgressEvent], None] | None = None
    ) -> UploadOutcome:
        """Store and ingest (one upload at a time), then switch to the new index generation."""
        with self._ingest_lock:
            outcome = store_and_ingest(files, self.settings, self.settings.uploads_dir, on_progress)
            if outcome.report is not None and outcome.report.committed:
                with self._reload_lock:
                    self.base.reload()
        return outcome

    async def upload_async(
        self, files: list[UploadedFile], on_progress: Callable[[ProgressEvent], None] | None = None
    ) -> UploadOutcome:
        loop = asyncio.get_running_loop()
        # Not on the question pool: an ingest (OCR of a long scan) may take minutes, questions go on.
        return await loop.run_in_executor(None, functools.partial(self.upload, files, on_progress))

    # ------------------------------------------------------------------ several workers on one store
    def refresh(self) -> bool:
        """Switch to the live generation when another process (another chat worker, `kb ingest`)
        committed a newer one; True when it did. Cheap when nothing changed (one small query)."""
        live = open_backend(self.settings).live_generation()
        if not live or live == self.base.snapshot.generation:
            return False
        with self._reload_lock:  # one reload at a time; questions keep running on the old one
            started = time.perf_counter()
            changed = self.base.reload()
        if changed:
            seconds = time.perf_counter() - started
            self.reloads.append((self.base.snapshot.generation, seconds))
            log.warning(
                "switched to index generation %s (committed elsewhere), loaded in %.2f s", live, seconds
            )
        return changed

    def watch_generations(self, interval: float | None = None) -> threading.Thread | None:
        """Poll the live generation every ``interval`` seconds (``KB_RELOAD_SECONDS``) in a daemon
        thread, so that a document uploaded through another worker becomes answerable here."""
        interval = self.settings.reload_seconds if interval is None else interval
        if interval <= 0:
            return None

        def loop() -> None:
            while not self._stop_watching.wait(interval):
                try:
                    self.refresh()
                except Exception:  # a database restart must not end the watch
                    log.exception("checking the index generation failed; retrying in %s s", interval)

        thread = threading.Thread(target=loop, name="kb-generation-watch", daemon=True)
        thread.start()
        return thread

    def stop_watching(self) -> None:
        self._stop_watching.set()

    # ------------------------------------------------------------------ handouts
    def handout_dir(self, thread_id: str) -> Path:
        safe = re.sub(r"[^\w\-]+", "_", thread_id)[:80] or "thread"
        return self.settings.chat_dir / "handouts" / safe


def describe_progress(event: ProgressEvent) -> str:
    """One line on an upload in progress: the file being ingested, or the OCR page reached."""
    name = Path(event.file).name
    if event.stage == "ocr":
        return f"Đang OCR `{name}`: trang {event.done}/{event.total} / OCR of `{name}`: page {event.done} of {event.total}"
    return f"Đang nạp tệp {min(event.done + 1, event.total)}/{event.total}: `{name}` / Ingesting file {min(event.done + 1, event.total)} of {event.total}"


def describe_upload(outcome: UploadOutcome) -> str:
    """The chat's report of an upload: one line per file, Vietnamese then English."""
    lines = []
    report = outcome.report
    labels = {
        "added": "đã thêm / added",
        "updated": "đã cập nhật / updated",
        "unchanged": "không đổi (đã có) / unchanged (already indexed)",
        "failed": "lỗi / failed",
    }
    if report is not None:
        for file in report.files:
            label = labels.get(file.status, file.status)
            detail = f" — {file.reason}" if file.reason else f" — {file.chunks} đoạn / chunks"
            lines.append(f"- `{Path(file.path).name}`: {label}{detail}")
    for file in outcome.rejected:
        lines.append(f"- `{file.path}`: từ chối / rejected — {file.reason}")
    if report is not None:
        lines.append("")
        lines.append(f"Chỉ mục hiện có {report.chunks} đoạn. / The index now holds {report.chunks} chunks.")
    return "\n".join(lines) or "Không có tệp nào. / No files."
