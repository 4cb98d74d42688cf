"""The chat's library parts, without Chainlit: sessions, source panels, users, uploads, history."""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import uuid
from pathlib import Path

import pytest
from docx import Document as DocxDocument

from chat.conversation import ChatOptions, ChatSession, escape_markdown, highlighted_passage, message_text
from chat.data_layer import LocalStorageClient, SQLiteDataLayer
from chat.history import ThreadNotFoundError, thread_answers
from chat.uploads import (
    UploadedFile,
    UploadRejectedError,
    check_upload,
    safe_file_name,
    store_and_ingest,
    store_upload,
)
from chat.users import UserStore, UserStoreError, check_password, hash_password
from kb.answer.cited_answer import Answer, Citation
from kb.cli import main as kb_main
from kb.config import Settings
from kb.knowledge_base import KnowledgeBase

HOSTILE = (
    'Tiêu đề <script>alert("x")</script> ![ảnh](http://evil.example/p.png) '
    "[bấm](javascript:alert(1)) **đậm** `code` # heading\n| a | b |\n$x^2$ <img src=x onerror=alert(1)>"
)


@pytest.fixture(scope="module")
def base(corpus_index: Path) -> KnowledgeBase:
    return KnowledgeBase.open(Settings.load().with_overrides(index_dir=corpus_index))


def _unescaped(text: str, token: str) -> bool:
    """True when ``token`` occurs in ``text`` without a backslash before its first character."""
    return re.search(r"(?<!\\)" + re.escape(token), text) is not None


# ----------------------------------------------------------------------------- rendering
def test_escape_markdown_neutralises_markup_and_html() -> None:
    escaped = escape_markdown(HOSTILE)
    outside_code = re.sub(r"(?<!\\)`[^`]*`", "", escaped)  # code spans are literal already
    for token in ("<script", "![", "](", "**", "`", "<img", "|", "$"):
        assert not _unescaped(outside_code, token), token
    # Addresses are in code spans (never linked); unescaping gives back the text: nothing lost.
    assert "`http://evil.example/p.png`" in escaped
    plain = escaped.replace("`http://evil.example/p.png`", "http://evil.example/p.png")
    assert re.sub(r"\\(.)", r"\1", plain).replace("  \n", "\n") == HOSTILE


def test_source_panel_highlights_verbatim_quote_in_its_passage() -> None:
    passage = "Câu đầu tiên. Khu công nghiệp <b>sinh thái</b> phải có cộng sinh. Câu cuối."
    quote = "Khu công nghiệp <b>sinh thái</b> phải có cộng sinh."
    citation = Citation(1, "d", HOSTILE, "workshop", "x.txt", "tr. 2", 2, quote, passage=passage)
    shown = highlighted_passage(citation)
    assert f"**{escape_markdown(quote)}**" in shown
    assert shown.startswith(escape_markdown("Câu đầu tiên. "))
    assert not _unescaped(shown, "<b>")
    answer = Answer("q", f"{quote}[1]", False, "vi", [citation])
    text = message_text(answer)
    assert "[1]" in text and not _unescaped(text, "<script") and not _unescaped(text, "![")


# ----------------------------------------------------------------------------- sessions
def test_session_answers_with_panels_named_as_markers(base: KnowledgeBase) -> None:
    session = ChatSession(base)
    reply = session.ask("Tiêu chí xác định khu công nghiệp sinh thái là gì?")
    assert not reply.answer.refused and reply.sources
    markers = set(re.findall(r"\[\d+\]", reply.text))
    assert {panel.name for panel in reply.sources} == markers
    for panel, citation in zip(reply.sources, reply.answer.citations, strict=True):
        assert panel.name == f"[{citation.marker}]"
        assert escape_markdown(citation.title) in panel.content
        first_line = citation.quote.split("\n")[0]
        assert f"**{escape_markdown(first_line)}" in panel.content  # the quote, highlighted
        assert citation.quote in citation.passage  # verbatim in the indexed passage


def test_status_question_in_the_chat_cites_what_it_marks(base: KnowledgeBase) -> None:
    reply = ChatSession(base).ask("nghi dinh 82/2018 con hieu luc khong")
    assert "35/2022/NĐ-CP" in reply.answer.answer and not reply.answer.refused
    assert {panel.name for panel in reply.sources} == set(re.findall(r"\[\d+\]", reply.text)) == {"[1]"}
    assert reply.text.count("danh mục văn bản") == 1  # the register note, shown once


def test_follow_up_is_rewritten_before_retrieval(base: KnowledgeBase) -> None:
    session = ChatSession(base)
    session.ask("KCN Hiệp Phước đã triển khai cộng sinh công nghiệp như thế nào?")
    reply = session.ask("còn ở Amata thì sao?")
    assert reply.rewritten
    assert reply.standalone == "KCN Amata đã triển khai cộng sinh công nghiệp như thế nào?"
    assert reply.answer.question == reply.standalone
    unaccented = session.ask("con o Tra Noc thi sao")
    assert unaccented.rewritten and "Tra Noc" in unaccented.standalone


def test_a_follow_up_typed_in_lower_case_finds_the_names_the_sources_write(base: KnowledgeBase) -> None:
    session = ChatSession(base)
    session.ask("Trạm xử lý nước thải tập trung của KCN Hiệp Phước có công suất bao nhiêu?")
    reply = session.ask("the con kcn amata?")
    assert reply.rewritten
    assert reply.standalone == "Trạm xử lý nước thải tập trung của KCN Amata có công suất bao nhiêu?"
    # The documents give the figure for Hiệp Phước only.
    assert reply.answer.refused and "Amata" in reply.answer.answer


def test_asking_for_more_gives_the_rest_of_the_source_not_the_same_answer(base: KnowledgeBase) -> None:
    session = ChatSession(base)
    first = session.ask("Dự án KCN sinh thái MPI–UNIDO–SECO đã đề xuất bao nhiêu giải pháp cộng sinh công nghiệp cho 5 KCN?")
    assert not first.answer.refused
    more = session.ask("còn gì nữa?")
    assert more.rewritten and more.standalone == first.standalone
    assert not more.answer.refused and more.answer.citations
    earlier = {(c.chunk_id, c.quote) for c in first.answer.citations}
    for citation in more.answer.citations:
        assert (citation.chunk_id, citation.quote) not in earlier
        assert citation.quote in citation.passage
    assert [p.name for p in more.sources] == [f"[{c.marker}]" for c in more.answer.citations]
    english = session.ask("anything else?")
    assert english.answer.language == "en" and not english.answer.refused


def test_options_filter_kinds_and_validate(base: KnowledgeBase) -> None:
    session = ChatSession(base, ChatOptions(kinds=("case-study",), k=2))
    reply = session.ask("cộng sinh công nghiệp Kalundborg")
    assert reply.answer.citations and all(c.kind == "case-study" for c in reply.answer.citations)
    assert len(reply.answer.citations) <= 2
    with pytest.raises(ValueError, match="number of sources"):
        session.set_options(k=0)
    with pytest.raises(ValueError, match="mode"):
        ChatOptions(mode="magic")
    assert session.set_options(mode="llm").mode == "extractive"  # no LLM configured here
    with pytest.raises(ValueError, match="empty"):
        session.ask("   ")


def test_export_writes_markdown_and_docx_with_full_citations(base: KnowledgeBase, tmp_path: Path) -> None:
    session = ChatSession(base)
    with pytest.raises(ValueError, match="nothing to export"):
        session.export(tmp_path)
    first = session.ask("Tiêu chí xác định khu công nghiệp sinh thái là gì?")
    session.ask("What is industrial symbiosis in Kalundborg?")
    md_path, docx_path = session.export(tmp_path, stem="buoi-1")
    markdown = md_path.read_text(encoding="utf-8")
    assert "Tiêu chí xác định khu công nghiệp sinh thái là gì?" in markdown
    assert "What is industrial symbiosis in Kalundborg?" in markdown
    assert first.answer.citations[0].title in markdown
    docx_text = "\n".join(p.text for p in DocxDocument(str(docx_path)).paragraphs)
    assert first.answer.citations[0].title in docx_text


def test_answer_json_round_trip(base: KnowledgeBase) -> None:
    answer = base.ask("Kalundborg")
    again = Answer.from_json(json.loads(json.dumps(answer.to_json())))
    assert again.to_json() == answer.to_json()


# ----------------------------------------------------------------------------- users
def test_users_store_only_hashes_and_verify(tmp_path: Path) -> None:
    path = tmp_path / "users.toml"
    store = UserStore.load(path, environ={})
    assert not store
    store.add("lan", "mật khẩu dài", "admin")
    store.add("minh", "p@ss", "reader")
    text = path.read_text(encoding="utf-8")
    assert "mật khẩu" not in text and "p@ss" not in text and text.count("scrypt$") == 2
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    again = UserStore.load(path, environ={})
    assert again.verify("lan", "mật khẩu dài").is_admin
    assert again.verify("minh", "p@ss").role == "reader"
    assert again.verify("lan", "wrong") is None
    assert again.verify("nobody", "p@ss") is None
    # NFD typed password matches its NFC form (Vietnamese keyboards differ).
    import unicodedata

    assert again.verify("lan", unicodedata.normalize("NFD", "mật khẩu dài")) is not None
    with pytest.raises(UserStoreError):
        store.add("../x", "pw")
    with pytest.raises(UserStoreError):
        store.add("ok", "pw", "root")


def test_admin_from_environment_and_bad_file(tmp_path: Path) -> None:
    hashed = hash_password("secret")
    assert check_password("secret", hashed) and not check_password("Secret", hashed)
    store = UserStore.load(None, environ={"KB_ADMIN_USER": "boss", "KB_ADMIN_PASSWORD_HASH": hashed})
    assert store.verify("boss", "secret").is_admin
    bad = tmp_path / "bad.toml"
    bad.write_text("[users.x]\nrole = 'admin'\n", encoding="utf-8")
    with pytest.raises(UserStoreError, match="password_hash"):
        UserStore.load(bad, environ={})


def test_cli_users_add_reads_password_from_stdin(tmp_path: Path, monkeypatch, capsys) -> None:
    import io

    path = tmp_path / "users.toml"
    monkeypatch.setenv("KB_USERS_FILE", str(path))
    monkeypatch.setattr("sys.stdin", io.StringIO("bí mật\n"))
    assert kb_main(["users", "add", "an", "--role", "admin", "--password-stdin"]) == 0
    assert UserStore.load(path, environ={}).verify("an", "bí mật").is_admin
    assert "bí mật" not in path.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- uploads
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\x\\Báo cáo.docx", "Báo_cáo.docx"),
        ("..", "tai-lieu"),
        (".bashrc.md", "bashrc.md"),
        ("a\u200bb\x00c.PDF", "abc.pdf"),
        ("Kết quả (2023).md", "Kết_quả_(2023).md"),
        ("Ba\u0300o ca\u0301o.txt", "Bào_cáo.txt"),  # NFD in, NFC out
    ],
)
def test_safe_file_name(name: str, expected: str) -> None:
    assert safe_file_name(name) == expected


def test_check_upload_allow_list_and_size(tmp_path: Path) -> None:
    settings = Settings.load().with_overrides(max_file_mb=0.001)
    small = tmp_path / "a"
    small.write_text("Khu công nghiệp sinh thái.", encoding="utf-8")
    assert check_upload(UploadedFile("ghi chú.txt", small), settings) == "ghi_chú.txt"
    with pytest.raises(UploadRejectedError, match="không được nhận"):
        check_upload(UploadedFile("virus.exe", small), settings)
    with pytest.raises(UploadRejectedError, match="không được nhận"):
        check_upload(UploadedFile("ảnh.pdf.exe", small), settings)
    big = tmp_path / "b"
    big.write_bytes(b"x" * 5000)
    with pytest.raises(UploadRejectedError, match="KB_MAX_FILE_MB"):
        check_upload(UploadedFile("lon.txt", big), settings)
    empty = tmp_path / "c"
    empty.write_bytes(b"")
    with pytest.raises(UploadRejectedError, match="0 byte"):
        check_upload(UploadedFile("rong.txt", empty), settings)


def test_store_upload_never_overwrites_another_document(tmp_path: Path) -> None:
    target = tmp_path / "uploads"
    one, two = tmp_path / "1", tmp_path / "2"
    one.write_text("phiên bản một", encoding="utf-8")
    two.write_text("phiên bản hai", encoding="utf-8")
    first = store_upload(UploadedFile("bao-cao.txt", one), "bao-cao.txt", target)
    second = store_upload(UploadedFile("bao-cao.txt", two), "bao-cao.txt", target)
    again = store_upload(UploadedFile("bao-cao.txt", one), "bao-cao.txt", target)
    assert first.name == "bao-cao.txt" and second.name == "bao-cao-2.txt" and again == first
    assert first.read_text(encoding="utf-8") == "phiên bản một"
    assert second.read_text(encoding="utf-8") == "phiên bản hai"
    assert sorted(p.name for p in target.iterdir()) == ["bao-cao-2.txt", "bao-cao.txt"]  # no temp files


def test_store_and_ingest_adds_documents_and_reports_rejects(corpus_index: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    shutil.copytree(corpus_index, index_dir)
    settings = Settings.load().with_overrides(index_dir=index_dir)
    doc = tmp_path / "upload-1"
    doc.write_text(
        "# Hội thảo Ninh Bình 2026\n\nKCN Gián Khẩu thí điểm trao đổi xỉ than với nhà máy xi măng Tam Điệp.\n",
        encoding="utf-8",
    )
    bad = tmp_path / "upload-2"
    bad.write_bytes(b"MZ\x90\x00")
    outcome = store_and_ingest(
        [UploadedFile("../hoi-thao ninh binh.md", doc), UploadedFile("x.exe", bad)], settings, tmp_path / "up"
    )
    assert [p.name for p in outcome.stored] == ["hoi-thao_ninh_binh.md"]
    assert [r.path for r in outcome.rejected] == ["x.exe"]
    assert outcome.report is not None and outcome.report.count("added") == 1 and outcome.report.committed
    base = KnowledgeBase.open(settings)
    answer = base.ask("KCN Gián Khẩu trao đổi xỉ than với nhà máy nào?")
    assert not answer.refused and "Tam Điệp" in answer.citations[0].quote


# ----------------------------------------------------------------------------- history
def test_local_storage_client_stays_in_its_folder(tmp_path: Path) -> None:
    storage = LocalStorageClient(tmp_path / "files")
    assert storage.path_for("u/e/[1]").is_relative_to(tmp_path / "files")
    assert storage.path_for("../../etc/passwd").is_relative_to(tmp_path / "files")
    with pytest.raises(ValueError):
        storage.path_for("..")
    result = asyncio.run(storage.upload_file("user/el/[1]", "nội dung"))
    assert result["url"].startswith("/kb-files/") and "[" not in result["url"]
    assert storage.path_for("user/el/[1]").read_text(encoding="utf-8") == "nội dung"


def test_sqlite_data_layer_round_trip_and_kb_export(
    base: KnowledgeBase, tmp_path: Path, capsys, monkeypatch
) -> None:
    from chainlit.types import Feedback, Pagination, ThreadFilter
    from chainlit.user import User

    chat_dir = tmp_path / "chat"
    layer = SQLiteDataLayer.create(chat_dir)
    answer = base.ask("Tiêu chí xác định khu công nghiệp sinh thái là gì?")
    thread_id = str(uuid.uuid4())

    async def scenario() -> dict:
        from chainlit.context import init_http_context

        init_http_context()  # the data layer runs inside a Chainlit context
        user = await layer.create_user(User(identifier="lan", metadata={"role": "admin"}))
        await layer.update_thread(thread_id, name="Buổi 1", user_id=user.id, tags=["kcnst", "hội thảo"])
        step_id = str(uuid.uuid4())
        await layer.create_step(
            {
                "id": step_id,
                "threadId": thread_id,
                "name": "Trợ lý",
                "type": "assistant_message",
                "streaming": False,
                "output": answer.answer,
                "metadata": {"kb_answer": answer.to_json()},
                "createdAt": "2026-11-23T10:00:00Z",
            }
        )
        await layer.upsert_feedback(
            Feedback(forId=step_id, threadId=thread_id, value=1, comment="Trích dẫn chính xác, dùng được")
        )
        thread = await layer.get_thread(thread_id)
        listed = await layer.list_threads(Pagination(first=10), ThreadFilter(userId=user.id))
        await layer.close()
        return {"thread": thread, "listed": listed}

    result = asyncio.run(scenario())
    assert result["thread"]["name"] == "Buổi 1" and result["thread"]["tags"] == ["kcnst", "hội thảo"]
    assert [t["id"] for t in result["listed"].data] == [thread_id]
    (step,) = [s for s in result["thread"]["steps"] if s["type"] == "assistant_message"]
    assert step["feedback"]["value"] == 1 and step["feedback"]["comment"] == "Trích dẫn chính xác, dùng được"
    stored = thread_answers(chat_dir, thread_id)
    assert [a.to_json() for a in stored] == [answer.to_json()]
    with pytest.raises(ThreadNotFoundError):
        thread_answers(chat_dir, "no-such-thread")

    monkeypatch.setenv("KB_CHAT_DIR", str(chat_dir))
    code = kb_main(
        ["export", "--thread", thread_id, "--output", str(tmp_path / "out"), "--stem", "h", "--json"]
    )
    assert code == 0
    paths = json.loads(capsys.readouterr().out)
    assert Path(paths["markdown"]).read_text(encoding="utf-8").count(answer.citations[0].title) >= 1
    assert Path(paths["docx"]).is_file()


def test_kb_export_from_questions_resolves_follow_ups(
    corpus_index: Path, tmp_path: Path, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("KB_CHAT_DIR", str(tmp_path / "no-chat"))
    questions = tmp_path / "q.txt"
    questions.write_text(
        "KCN Hiệp Phước đã triển khai cộng sinh công nghiệp như thế nào?\ncòn ở Amata thì sao?\n",
        encoding="utf-8",
    )
    code = kb_main(
        [
            "export",
            "--questions",
            str(questions),
            "--index",
            str(corpus_index),
            "--output",
            str(tmp_path),
            "--json",
        ]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    markdown = Path(out["markdown"]).read_text(encoding="utf-8")
    assert out["questions"] == 2 and "KCN Amata đã triển khai cộng sinh công nghiệp như thế nào?" in markdown
    assert kb_main(["export", "--thread", "x", "--output", str(tmp_path)]) == 2  # no chat history here


def test_kb_serve_without_index_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert kb_main(["serve", "--index", str(tmp_path / "none"), "--port", "8999"]) == 2
    assert "kb ingest" in capsys.readouterr().err


def test_llm_mode_rewrites_what_the_rules_leave(base: KnowledgeBase) -> None:
    from haystack import component
    from haystack.dataclasses import ChatMessage

    from kb.answer.llm_answerer import configure_llm

    @component
    class RewritingGenerator:
        """Stand-in chat model: rewrites when asked to, answers with a valid citation otherwise."""

        def __init__(self) -> None:
            self.rewrites = 0

        @component.output_types(replies=list[ChatMessage])
        def run(self, messages: list[ChatMessage]) -> dict:
            if "Rewrite the user's last question" in messages[0].text:
                self.rewrites += 1
                return {"replies": [ChatMessage.from_assistant("Kalundborg trao đổi thạch cao với ai?")]}
            return {"replies": [ChatMessage.from_assistant("Theo nguồn [1].")]}

    generator = RewritingGenerator()
    configure_llm(base, generator=generator)
    try:
        session = ChatSession(base, ChatOptions(mode="llm"))
        session.ask("Cộng sinh công nghiệp ở Kalundborg như thế nào?")
        reply = session.ask("Thạch cao thì trao đổi với ai?")  # no marker the rules know
        assert reply.rewritten and reply.standalone == "Kalundborg trao đổi thạch cao với ai?"
        assert generator.rewrites == 1  # once per question, not again inside ask()
        rules = session.ask("còn ở Ulsan thì sao?")  # the rules handle this one: no LLM call
        assert rules.rewritten and "Ulsan" in rules.standalone and generator.rewrites == 1
    finally:
        base.llm_answerer = None
