"""End to end in a real browser: a starter question, its answer, and the source panel of ``[1]``.

Runs the real server (``kb serve``) and Debian's Chromium driven by Playwright (no browser
download: ``executable_path`` points at ``/usr/bin/chromium``). Skips when either is missing.
Leaves a screenshot of the answer with its open source panel in
``eval/screenshots/chat-source-panel.png`` (committed as an artefact).
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from chat.service import STARTERS
from eval.chat_client import running_server

REPO = Path(__file__).resolve().parent.parent
SCREENSHOT = REPO / "eval" / "screenshots" / "chat-source-panel.png"
WELCOME_SCREENSHOT = REPO / "eval" / "screenshots" / "chat-welcome.png"
TRANSLATIONS = REPO / "app" / ".chainlit" / "translations"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ANSWER_TIMEOUT_MS = 90_000  # an answer takes up to ~15 s on a 2-core machine; leave room for load
UI_TIMEOUT_MS = 30_000

PANEL_SETTLED = """() => {
    const box = document.querySelector("#side-view-content")?.getBoundingClientRect();
    if (!box || box.width === 0) return false;
    const key = [box.x, box.y, box.width, box.height].join();
    const still = window.__kbPanelBox === key;
    window.__kbPanelBox = key;
    return still && box.right <= window.innerWidth + 1;
}"""

# Skip before the fixtures run (the corpus index takes a while to build).
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the Python package 'playwright' is not installed"
)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(300),
    pytest.mark.skipif(
        shutil.which("chromium") is None,
        reason="no chromium on PATH (Debian package 'chromium'); the browser test needs it",
    ),
]


def _host(url: str) -> str:
    return urlparse(url).hostname or ""


def _external(url: str) -> bool:
    """A request that would leave the machine (data: and blob: URLs have no host)."""
    return url.startswith(("http:", "https:", "ws:", "wss:")) and _host(url) not in LOOPBACK


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _check_screenshot(path: Path) -> None:
    from PIL import Image, ImageStat

    assert path.is_file(), path
    with Image.open(path) as image:
        image.load()
        rgb = image.convert("RGB")
    width, height = rgb.size
    assert width >= 800 and height >= 500, rgb.size
    colours = rgb.getcolors(maxcolors=1 << 24) or []
    assert len(colours) > 50, f"screenshot looks blank: {len(colours)} distinct colours"
    stddev = max(ImageStat.Stat(rgb).stddev)
    assert stddev > 10, f"screenshot looks blank: pixel stddev {stddev:.1f}"


def _offline_browser(pw, profile: Path, blocked: list[str] | None = None, **options):
    """Debian's Chromium on ``profile``; every request outside loopback is aborted (and recorded
    in ``blocked``), whatever the machine's network: the UI must work without them."""
    context = pw.chromium.launch_persistent_context(
        str(profile),
        executable_path=shutil.which("chromium"),
        headless=True,
        args=CHROMIUM_ARGS,
        locale="vi-VN",
        **options,
    )

    def route(route) -> None:
        if _external(route.request.url):
            if blocked is not None:
                blocked.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    context.route("**/*", route)
    return context


def test_starter_answer_and_source_panel(corpus_index: Path, tmp_path: Path) -> None:
    expect = sync_api.expect
    vi = json.loads((TRANSLATIONS / "vi-VN.json").read_text(encoding="utf-8"))
    en = json.loads((TRANSLATIONS / "en-US.json").read_text(encoding="utf-8"))
    starter = STARTERS[0]

    external_requests: list[str] = []  # every request to a non-loopback host (answered or not)
    external_answered: list[str] = []  # ... of which the network answered: must stay empty
    failed_requests: list[str] = []
    http_errors: list[tuple[int, str]] = []
    console_errors: list[tuple[str, str]] = []  # (text, url of the resource or script)
    page_errors: list[str] = []

    def on_request(request) -> None:
        if _external(request.url):
            external_requests.append(request.url)

    def on_response(response) -> None:
        if _external(response.url):
            external_answered.append(f"{response.status} {response.url}")
        elif response.status >= 400:
            http_errors.append((response.status, response.url))

    def on_failed(request) -> None:
        failed_requests.append(f"{request.url} ({request.failure})")

    def on_console(message) -> None:
        if message.type == "error":
            console_errors.append((message.text, message.location.get("url", "")))

    started = time.monotonic()
    with running_server(corpus_index, tmp_path) as server, sync_api.sync_playwright() as pw:
        # Chainlit's page links fonts/CDN stylesheets: recorded (on_request above) and blocked.
        context = _offline_browser(pw, tmp_path / "profile", viewport={"width": 1400, "height": 900})
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.on("request", on_request)
            page.on("response", on_response)
            page.on("requestfailed", on_failed)
            page.on("console", on_console)
            page.on("pageerror", lambda error: page_errors.append(str(error)))
            page.goto(server.url, wait_until="domcontentloaded")

            # Anonymous reader: no login page, the starters are offered (enabled once connected).
            starter_button = page.get_by_role("button", name=starter.label)
            expect(starter_button).to_be_enabled(timeout=UI_TIMEOUT_MS)

            # The Vietnamese translation is active (browser locale vi-VN): the placeholder of
            # the chat box and the header's readme button (the watermark is checked below: it
            # only shows once the conversation has a message).
            chat_input = page.locator("#chat-input")
            assert vi["chat"]["input"]["placeholder"] != en["chat"]["input"]["placeholder"]
            expect(chat_input).to_have_attribute("placeholder", vi["chat"]["input"]["placeholder"])
            expect(page.get_by_role("button", name=vi["navigation"]["header"]["readme"])).to_be_visible()

            # The welcome screen: the product's own logo (not Chainlit's) and what the knowledge base holds.
            welcome = page.locator("#welcome-screen")
            expect(welcome.locator('img[src*="logo_badge.svg"]')).to_be_visible(timeout=UI_TIMEOUT_MS)
            expect(welcome.get_by_text("KCNST", exact=False).first).to_be_visible()
            expect(welcome.get_by_text("tài liệu:", exact=False).first).to_be_visible()
            page.screenshot(path=str(WELCOME_SCREENSHOT), full_page=True)

            starter_button.click()
            expect(page.get_by_text(starter.message, exact=True)).to_be_visible(timeout=UI_TIMEOUT_MS)

            # The answer: inline markers rendered as element links, then "Nguồn:" and one line
            # per source, "[1] <title>" (and " — <location>" when it says more), whose marker
            # is a link too.
            answer = page.locator(".ai-message").filter(has_text="Nguồn:").last
            source_line = answer.locator("li").filter(has=page.locator("a.element-link", has_text="[1]"))
            expect(source_line.first).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
            expect(chat_input).to_be_editable(timeout=UI_TIMEOUT_MS)
            expect(page.get_by_text(vi["chat"]["watermark"], exact=True)).to_be_visible()
            answer_text = _normalize(answer.inner_text())
            line_text = _normalize(source_line.first.inner_text())
            assert line_text.startswith("[1] "), line_text
            inline_markers = answer.locator("a.element-link", has_text="[1]")
            assert inline_markers.count() >= 2, "[1] in the answer text and in the source list"

            panel = page.locator("#side-view-content")
            # Chainlit opens the side panel by itself with the *last* side element of the
            # answer; close it first so that the click below is what opens it.
            page.wait_for_timeout(500)
            if panel.is_visible():
                page.locator("#side-view-title button").first.click()
                expect(panel).to_be_hidden(timeout=UI_TIMEOUT_MS)

            inline_markers.first.click()  # the first [1]: in the answer text
            expect(panel).to_be_visible(timeout=UI_TIMEOUT_MS)
            expect(page.locator("#side-view-title")).to_contain_text("[1]")

            # The panel: the title as a heading (the same as in the source list), kind,
            # status/location, and the quoted passage in bold.
            heading = panel.get_by_role("heading", level=3).first
            expect(heading).to_be_visible()
            title = _normalize(heading.inner_text())
            assert title, "empty source title in the panel"
            assert line_text.startswith(f"[1] {title}"), (line_text, title)
            expect(panel).to_contain_text("Loại:")
            assert any(label in panel.inner_text() for label in ("Hiệu lực:", "Vị trí:")), panel.inner_text()
            expect(panel).to_contain_text("Đoạn trích dẫn")
            # Bold text outside the heading and the "Loại:"-style labels of the list: the quote.
            quote_parts = panel.locator("div[role=article] :is(strong, b, span)").evaluate_all(
                """nodes => nodes
                    .filter(n => parseInt(getComputedStyle(n).fontWeight, 10) >= 600)
                    .map(n => n.innerText.trim())
                    .filter(Boolean)"""
            )
            assert quote_parts, "no bold quote in the source panel"
            quote_start = _normalize(quote_parts[0])[:40]
            assert quote_start in answer_text, (quote_start, answer_text)

            # The panel slides in (CSS transition): wait until it stands still inside the
            # window (not document.getAnimations(): the avatar placeholder pulses forever).
            page.wait_for_function(PANEL_SETTLED, polling=150, timeout=UI_TIMEOUT_MS)
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        # On failure, say what the server said too (an answer that failed, a traceback, ...).
        except (AssertionError, sync_api.Error) as exc:
            tail = "\n".join(server.log_text().splitlines()[-40:])
            raise AssertionError(f"{exc}\n--- end of the server log ---\n{tail}") from exc
        finally:
            context.close()
    elapsed = time.monotonic() - started

    _check_screenshot(SCREENSHOT)
    assert not page_errors, page_errors
    # Chainlit's index.html links Google Fonts (Inter: fonts.googleapis.com) and KaTeX's CSS
    # (cdn.jsdelivr.net); offline these fail with ERR_NAME_NOT_RESOLVED, the page falls back to
    # system fonts and works. They are recorded, not failed on; an *answer* from any
    # non-loopback host is a failure (the chat must work from this machine alone).
    assert not external_answered, external_answered
    unexpected_failures = [f for f in failed_requests if not _external(f.split(" ", 1)[0])]
    assert not unexpected_failures, unexpected_failures
    assert not http_errors, http_errors  # e.g. the assistant's avatar, once a 400 (non-ASCII author)
    # Console errors: only "Failed to load resource" for the external requests above.
    unexpected_console = [
        (text, url)
        for text, url in console_errors
        if not (text.startswith("Failed to load resource") and _external(url))
    ]
    assert not unexpected_console, unexpected_console
    print(
        f"\nbrowser test: {elapsed:.1f} s; external requests (none answered): "
        f"{sorted({_host(u) for u in external_requests})}"
    )


HOSTILE_DOC = """Bản tin KCN Phố Nối B

KCN Phố Nối B xử lý nước thải tập trung bằng công nghệ sinh học hiếu khí.
<script>document.title = "HACKED"</script> <img src="http://tracker.example/pixel.png" onerror="document.title='HACKED'">
![theo dõi](http://tracker.example/beacon.png) [bấm vào đây](http://evil.example/) **không in đậm**
"""


def test_document_markup_is_shown_as_text_in_the_browser(corpus_index: Path, tmp_path: Path) -> None:
    """A document with HTML, script, images and links: the panel shows them as text, runs and
    fetches nothing."""
    from kb.config import Settings
    from kb.index.ingestion import ingest

    expect = sync_api.expect
    index = tmp_path / "index"
    shutil.copytree(corpus_index, index)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "pho-noi-b.txt").write_text(HOSTILE_DOC, encoding="utf-8")
    assert not ingest([docs], Settings.load().with_overrides(index_dir=index)).failed
    requested: list[str] = []
    with running_server(index, tmp_path) as server, sync_api.sync_playwright() as pw:
        context = _offline_browser(pw, tmp_path / "profile", requested)
        try:
            page = context.pages[0] if context.pages else context.new_page()
            page.goto(server.url, wait_until="domcontentloaded")
            chat_input = page.locator("#chat-input")
            # Connected once the starters are enabled (typing earlier would be lost).
            expect(page.get_by_role("button", name=STARTERS[0].label)).to_be_enabled(timeout=UI_TIMEOUT_MS)
            chat_input.fill("KCN Phố Nối B xử lý nước thải bằng công nghệ gì?")
            chat_input.press("Enter")
            answer = page.locator(".ai-message").filter(has_text="Nguồn:").last
            expect(answer).to_be_visible(timeout=ANSWER_TIMEOUT_MS)
            panel = page.locator("#side-view-content")
            page.wait_for_timeout(500)
            if not panel.is_visible():
                answer.locator("a.element-link", has_text="[1]").first.click()
            expect(panel).to_contain_text("sinh học hiếu khí", timeout=UI_TIMEOUT_MS)
            shown = panel.inner_text()
            assert '<script>document.title = "HACKED"</script>' in shown  # visible, as text
            assert "![theo dõi](http://tracker.example/beacon.png)" in shown
            assert "**không in đậm**" in shown
            assert "Vị trí:" not in shown  # a one-part text: its location would only repeat the title
            injected = panel.locator("script, img[src*='tracker'], a[href*='evil'], a[href*='tracker']")
            assert injected.count() == 0, injected.evaluate_all("nodes => nodes.map(n => n.outerHTML)")
            page.wait_for_timeout(500)
            assert page.title() != "HACKED"
        except Exception:
            page.screenshot(path=str(tmp_path / "failure.png"))
            print("failure screenshot:", tmp_path / "failure.png")
            raise
        finally:
            context.close()
    assert not [u for u in requested if "tracker.example" in u or "evil.example" in u], requested
