"""The chat (`kb serve`) on a PostgreSQL store: the same server, chosen by KB_STORE (pgserver; no mock)."""

from __future__ import annotations

import asyncio

import pytest

pytestmark = pytest.mark.slow


def test_kb_serve_answers_from_a_postgres_store(postgres_store, tmp_path):
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
    report = ingest([corpus], Settings.load().with_overrides(store=postgres_store))
    assert report.committed and not report.failed
    missing_index = tmp_path / "no-index-here"  # the files store is not used
    with running_server(missing_index, tmp_path, env={"KB_STORE": postgres_store}, timeout=300) as server:
        assert httpx.get(server.url + "/", timeout=30).status_code == 200

        async def chat() -> dict:
            async with ChatClient(server.url) as client:
                return await client.ask("KCN Amata ở tỉnh nào?", timeout=300)

        message = asyncio.run(chat())
        assert "Đồng Nai" in message["output"]
    assert not missing_index.exists()
