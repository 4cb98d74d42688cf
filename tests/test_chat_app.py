"""The Chainlit handlers in-process, with a recording emitter (no server, real knowledge base)."""

from __future__ import annotations

import asyncio
import importlib.util
import os
import re
import shutil
import sys
import uuid
from pathlib import Path

import chainlit as cl
import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def app(corpus_index: Path, tmp_path_factory):
    """``app/app.py`` loaded on a private copy of the corpus index (uploads change it)."""
    root = tmp_path_factory.mktemp("chat-app")
    index_dir = root / "index"
    shutil.copytree(corpus_index, index_dir)
    saved = dict(os.environ)
    os.environ.update(
        {
            "KB_INDEX": str(index_dir),
            "KB_CHAT_DIR": str(root / "chat"),
            "KB_UPLOADS_DIR": str(root / "uploads"),
            "KB_USERS_FILE": str(root / "users.toml"),  # absent: anonymous readers
        }
    )
    try:
        spec = importlib.util.spec_from_file_location("kb_chat_app_under_test", REPO / "app" / "app.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        module.ROOT = root
        yield module
    finally:
        os.environ.clear()
        os.environ.update(saved)


class Recorder:
    """What a browser would receive: steps/messages, streamed tokens, elements."""

    def __init__(self) -> None:
        self.steps: dict[str, dict] = {}
        self.elements: list[dict] = []
        self.tokens: list[str] = []
        self.commands: list = []
        self.updates: list[str] = []  # every output a step had, in order (progress messages)


def _recording_emitter(recorder: Recorder, session):
    """A Chainlit emitter that records what a browser would receive into ``recorder``."""
    from chainlit.emitter import BaseChainlitEmitter

    class RecordingEmitter(BaseChainlitEmitter):
        async def send_step(self, step_dict):
            recorder.steps[step_dict["id"]] = dict(step_dict)

        async def update_step(self, step_dict):
            recorder.steps[step_dict["id"]] = dict(step_dict)
            recorder.updates.append(step_dict.get("output", ""))

        async def stream_start(self, step_dict):
            recorder.steps[step_dict["id"]] = dict(step_dict)

        async def send_token(self, id, token, is_sequence=False, is_input=False):
            recorder.tokens.append(token)

        async def send_element(self, element_dict):
            recorder.elements.append(dict(element_dict))

        async def set_commands(self, commands):
            recorder.commands.extend(commands)

        def set_chat_settings(self, settings):  # synchronous in the real emitter too
            recorder.settings = settings

    return RecordingEmitter(session)


def _run(handler, *args, user=None, recorder: Recorder | None = None, session_id: str | None = None):
    from chainlit.context import ChainlitContext, context_var
    from chainlit.session import HTTPSession

    recorder = recorder or Recorder()

    async def main():
        nonlocal args
        session = HTTPSession(
            id=session_id or str(uuid.uuid4()),
            thread_id=str(uuid.uuid4()),
            token=None,
            user=user,
            client_type="webapp",
        )
        context_var.set(ChainlitContext(session, emitter=_recording_emitter(recorder, session)))
        args = tuple(arg() if callable(arg) else arg for arg in args)  # built inside the context
        result = await handler(*args)
        await handler.__globals__["wait_for_uploads"]()  # uploads run in the background
        return result

    asyncio.run(main())
    return recorder


def _conversation(app, *texts: str, user=None, elements_for=None):
    """Run chat start then each message in one session; returns the recorder."""
    recorder, session_id = Recorder(), str(uuid.uuid4())
    _run(app.start, user=user, recorder=recorder, session_id=session_id)
    for text in texts:

        def message(text=text):
            elements = [make() for make in (elements_for or {}).get(text, [])]
            return cl.Message(content=text, elements=elements)

        _run(app.on_message, message, user=user, recorder=recorder, session_id=session_id)
    return recorder


def _admin_uploads_then_asks(app, name: str, path: Path, question: str) -> Recorder:
    """An admin drops ``path`` (sent as ``name``) into the chat, then asks ``question``."""
    admin = cl.User(identifier="lan", metadata={"role": "admin"})
    upload = {"": [lambda: cl.File(name=name, path=str(path))]}
    return _conversation(app, "", question, user=admin, elements_for=upload)


def _answers(recorder: Recorder) -> list[dict]:
    return [s for s in recorder.steps.values() if s.get("type") == "assistant_message"]


def test_answer_has_elements_named_as_its_markers(app) -> None:
    recorder = _conversation(app, "Tiêu chí xác định khu công nghiệp sinh thái là gì?")
    (answer,) = _answers(recorder)
    markers = set(re.findall(r"\[\d+\]", answer["output"]))
    assert markers, answer["output"]
    texts = [e for e in recorder.elements if e["type"] == "text" and e.get("forId") == answer["id"]]
    assert {e["name"] for e in texts} == markers
    assert all(e["display"] == "side" for e in texts)
    # Streamed: the first piece opens the stream, the others follow as tokens.
    assert len(recorder.tokens) > 1 and answer["output"].rstrip().endswith("".join(recorder.tokens).rstrip())
    assert answer["metadata"]["kb_answer"]["citations"]
    assert any(c["id"] == "export" for c in recorder.commands)


def test_follow_up_shows_standalone_question_in_a_collapsed_step(app) -> None:
    recorder = _conversation(
        app, "KCN Hiệp Phước đã triển khai cộng sinh công nghiệp như thế nào?", "còn ở Amata thì sao?"
    )
    steps = [s for s in recorder.steps.values() if s.get("name", "").startswith("Câu hỏi đầy đủ")]
    assert len(steps) == 1
    assert steps[0]["input"] == "còn ở Amata thì sao?"
    assert steps[0]["output"] == "KCN Amata đã triển khai cộng sinh công nghiệp như thế nào?"
    assert not steps[0].get("defaultOpen")
    answers = _answers(recorder)
    assert answers[-1]["metadata"]["standalone"] == steps[0]["output"]


def test_upload_refused_for_non_admin_and_nothing_stored(app, tmp_path: Path) -> None:
    doc = tmp_path / "x.md"
    doc.write_text("# Ghi chú\n\nKCN Phố Nối A tái sử dụng nước thải.\n", encoding="utf-8")
    before = app.SERVICE.base.snapshot.path
    reader = cl.User(identifier="minh", metadata={"role": "reader"})
    for user in (None, reader):
        recorder = _conversation(
            app, "", user=user, elements_for={"": [lambda: cl.File(name="ghi-chu.md", path=str(doc))]}
        )
        (reply,) = _answers(recorder)
        assert "Chỉ quản trị viên" in reply["output"]
    assert not (app.ROOT / "uploads").exists()
    assert app.SERVICE.base.snapshot.path == before


def test_admin_upload_is_ingested_and_answerable(app, tmp_path: Path) -> None:
    doc = tmp_path / "upload"
    doc.write_text(
        "# Hội thảo Hưng Yên 2026\n\nKCN Phố Nối A thí điểm tái sử dụng nước thải cho nhà máy dệt Hưng Yên.\n",
        encoding="utf-8",
    )
    question = "KCN Phố Nối A tái sử dụng nước thải cho nhà máy nào?"
    recorder = _admin_uploads_then_asks(app, "../hoi thao.md", doc, question)
    progress, answer = _answers(recorder)
    assert "hoi_thao.md" in progress["output"] and "đã thêm" in progress["output"]
    assert (app.ROOT / "uploads" / "hoi_thao.md").is_file()
    assert "dệt Hưng Yên" in answer["metadata"]["kb_answer"]["citations"][0]["quote"]


def test_export_command_sends_markdown_and_docx(app) -> None:
    recorder = _conversation(app, "Kalundborg cộng sinh công nghiệp như thế nào?", "/export")
    export = _answers(recorder)[-1]
    files = [e for e in recorder.elements if e["type"] == "file" and e.get("forId") == export["id"]]
    names = sorted(e["name"] for e in files)
    assert [Path(n).suffix for n in names] == [".docx", ".md"]
    assert all(n in export["output"] for n in names)
    handouts = list((app.ROOT / "chat" / "handouts").rglob("*.md"))
    assert handouts and "Kalundborg" in handouts[0].read_text(encoding="utf-8")
    empty = _conversation(app, "/xuất")
    assert "Chưa có câu hỏi" in _answers(empty)[-1]["output"]


def test_settings_change_the_search(app) -> None:
    recorder, session_id = Recorder(), str(uuid.uuid4())
    _run(app.start, recorder=recorder, session_id=session_id)
    _run(
        app.update_settings,
        {"mode": "extractive", "kinds": ["case-study"], "in_force_only": True, "k": 2},
        recorder=recorder,
        session_id=session_id,
    )
    _run(
        app.on_message,
        lambda: cl.Message(content="cộng sinh công nghiệp"),
        recorder=recorder,
        session_id=session_id,
    )
    citations = _answers(recorder)[-1]["metadata"]["kb_answer"]["citations"]
    assert citations and len(citations) <= 2 and {c["kind"] for c in citations} == {"case-study"}


def test_resumed_thread_keeps_follow_ups_and_export(app) -> None:
    """A thread restored from history: the next follow-up is resolved from the stored answers."""
    first = _conversation(app, "KCN Hiệp Phước đã triển khai cộng sinh công nghiệp như thế nào?")
    stored = _answers(first)[-1]
    thread = {"id": "t1", "steps": [{"type": "user_message", "metadata": {}}, stored]}
    recorder, session_id = Recorder(), str(uuid.uuid4())
    _run(app.resume, thread, recorder=recorder, session_id=session_id)
    _run(
        app.on_message,
        lambda: cl.Message(content="còn ở Amata thì sao?"),
        recorder=recorder,
        session_id=session_id,
    )
    answer = _answers(recorder)[-1]
    assert answer["metadata"]["standalone"] == "KCN Amata đã triển khai cộng sinh công nghiệp như thế nào?"
    _run(app.on_message, lambda: cl.Message(content="/export"), recorder=recorder, session_id=session_id)
    export = _answers(recorder)[-1]
    assert "2 câu hỏi" in export["output"]


def test_pdf_source_opens_at_its_page(app, tmp_path: Path, unicode_font: Path) -> None:
    """An uploaded PDF cited on page 2 gets a ``PDF[n]`` chip that opens the file at page 2."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "DejaVuChat" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuChat", str(unicode_font)))
    path = tmp_path / "bao-cao.pdf"
    pdf = canvas.Canvas(str(path))
    for page_text in (
        ["Báo cáo KCN Quế Võ", "Trang đầu: giới thiệu chung về khu công nghiệp."],
        ["Kết quả", "KCN Quế Võ lắp đặt 12 MW điện mặt trời áp mái cho các nhà máy trong khu."],
    ):
        pdf.setFont("DejaVuChat", 12)
        for i, line in enumerate(page_text):
            pdf.drawString(40, 780 - 18 * i, line)
        pdf.showPage()
    pdf.save()
    question = "KCN Quế Võ lắp đặt bao nhiêu MW điện mặt trời áp mái?"
    recorder = _admin_uploads_then_asks(app, "Báo cáo Quế Võ.pdf", path, question)
    answer = _answers(recorder)[-1]
    citation = answer["metadata"]["kb_answer"]["citations"][0]
    assert citation["page"] == 2 and "12 MW" in citation["quote"]
    pdfs = [e for e in recorder.elements if e["type"] == "pdf" and e.get("forId") == answer["id"]]
    assert [(e["name"], e["page"]) for e in pdfs][:1] == [("PDF[1]", 2)]
    assert "PDF[1]" in answer["output"]


def test_the_file_picker_offers_what_ingest_converts_up_to_the_size_limit(app):
    """Chainlit's accept list and size limit come from the converter registry and the settings."""
    import math

    import chainlit.config

    from ingest.formats import accepted_mime_types
    from kb.facts import MAX_UPLOAD_FILES

    uploads = chainlit.config.config.features.spontaneous_file_upload
    assert uploads.enabled and uploads.accept == accepted_mime_types()
    assert uploads.max_files == MAX_UPLOAD_FILES
    assert uploads.max_size_mb == max(1, math.ceil(app.SETTINGS.max_file_mb))


def _scan_pdf(path: Path, font: Path, pages: int) -> Path:
    """A scanned report: ``pages`` image-only pages of Vietnamese text (reportlab + DejaVuSans)."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "DejaVuScan" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuScan", str(font)))
    text_pdf = path.with_suffix(".text.pdf")
    pdf = canvas.Canvas(str(text_pdf))
    pdf.setFont("DejaVuScan", 13)
    for i, line in enumerate(
        ["Báo cáo KCN Yên Phong", "KCN Yên Phong thu hồi 40 tấn bùn thải mỗi tháng để làm gạch không nung."]
    ):
        pdf.drawString(50, 780 - 24 * i, line)
    pdf.showPage()
    pdf.save()
    document = pdfium.PdfDocument(str(text_pdf))
    image = document[0].render(scale=200 / 72, grayscale=True).to_pil().copy()
    document.close()
    scan = canvas.Canvas(str(path))
    for _ in range(pages):
        scan.drawImage(ImageReader(image), 0, 0, 595, 842)
        scan.showPage()
    scan.save()
    return path


def test_documents_command_lists_what_the_knowledge_base_holds(app) -> None:
    for command in ("/tai-lieu", "/tài-liệu", "/documents"):
        reply = _answers(_conversation(app, command))[-1]["output"].replace("\\", "")  # escaped Markdown
        assert "tài liệu:" in reply and "báo cáo hội thảo" in reply
        assert "| Tài liệu / Document | Loại / Kind |" in reply and "Cách đọc / How read" in reply
        assert "chưa có toàn văn Nghị định 35/2022/NĐ-CP" in reply
    recorder = _conversation(app)
    assert {c["id"] for c in recorder.commands} >= {"export", "documents"}


def test_welcome_screen_shows_the_product_and_what_it_holds(app) -> None:
    (profile,) = asyncio.run(app.chat_profiles(None, "vi-VN"))
    profile.markdown_description = profile.markdown_description.replace("\\", "")  # escaped Markdown
    assert profile.name == "KCNST" and profile.icon == "/public/logo_badge.svg" and profile.default
    assert profile.markdown_description.startswith("**KCNST** — Trợ lý khu công nghiệp sinh thái")
    assert "báo cáo hội thảo" in profile.markdown_description and "quản trị viên có thể tải lên" in profile.markdown_description
    public = REPO / "app" / "public"
    for name in ("logo_light.svg", "logo_dark.svg", "logo_badge.svg", "favicon.svg", "avatars/kcnst.svg"):
        assert (public / name).read_text(encoding="utf-8").lstrip().startswith("<svg"), name


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed (`make doc-tools`)")
def test_scanned_upload_runs_in_the_background_with_progress(app, tmp_path: Path, unicode_font: Path) -> None:
    """An admin uploads a scan: OCR runs in the background with progress, a question asked meanwhile
    is answered at once, and the scan is then answerable with an OCR reliability note."""
    from chainlit.context import ChainlitContext, context_var
    from chainlit.session import HTTPSession

    scan = _scan_pdf(tmp_path / "yen-phong.pdf", unicode_font, pages=4)
    admin = cl.User(identifier="lan", metadata={"role": "admin"})
    recorder = Recorder()
    app.PROGRESS_SECONDS = 0.05

    async def main():
        session = HTTPSession(
            id=str(uuid.uuid4()), thread_id=str(uuid.uuid4()), token=None, user=admin, client_type="webapp"
        )

        context_var.set(ChainlitContext(session, emitter=_recording_emitter(recorder, session)))
        await app.on_message(cl.Message(content="", elements=[cl.File(name="Yên Phong.pdf", path=str(scan))]))
        assert app._BACKGROUND, "the upload should still be running"
        await app.on_message(cl.Message(content="Kalundborg cộng sinh công nghiệp như thế nào?"))
        answered_while_uploading = bool(app._BACKGROUND)
        await app.wait_for_uploads()
        await app.on_message(cl.Message(content="KCN Yên Phong thu hồi bao nhiêu tấn bùn thải mỗi tháng?"))
        return answered_while_uploading

    try:
        assert asyncio.run(main()), "the question waited for the upload"
    finally:
        app.PROGRESS_SECONDS = 1.0
    assert any("Đang OCR" in update and "trang" in update for update in recorder.updates), recorder.updates
    answers = _answers(recorder)
    result = next(a for a in answers if a["output"].startswith("Kết quả nạp tài liệu"))
    assert "yen-phong" in result["output"].lower() or "Yên_Phong" in result["output"]
    assert "đã thêm" in result["output"]
    citation = answers[-1]["metadata"]["kb_answer"]["citations"][0]
    assert "40 tấn bùn thải" in citation["quote"] and citation["page"] in (1, 2, 3, 4)
    assert "OCR" in citation["reliability"]
