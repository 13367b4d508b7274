"""Real Chromium, driven by playwright, against the live test server.

The browser is Debian's chromium (playwright's own download cannot be fetched here). Where none is
found the browser tests are skipped with a message, unless REQUIRE_BROWSER_TESTS=1 (CI sets it), in
which case a missing browser is a failure."""

import os
import shutil

import pytest

from procedures.calendar import seed_holidays
from procedures.models import CalendarDay

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _unavailable(reason: str) -> None:
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        pytest.fail(f"Browser tests are required here but cannot run: {reason}")
    pytest.skip(f"Bỏ qua kiểm thử trình duyệt: {reason}")


@pytest.fixture(scope="session")
def chromium():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("chưa cài gói playwright")
    if not CHROMIUM:
        _unavailable("không tìm thấy Chromium (cài gói Debian 'chromium' hoặc đặt CHROMIUM_PATH)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test's own set-up
    # are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


class Session:
    """A logged-in page that records every console error and failed request."""

    def __init__(self, page, base_url: str) -> None:
        self.page, self.base_url, self.errors = page, base_url, []
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, path: str):
        self.page.goto(self.base_url + path)
        return self.page

    def login(self, username: str, password: str) -> None:
        page = self.open("/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()


@pytest.fixture
def browser_session(chromium, live_server, transactional_db):
    # A transactional test database is flushed between tests, taking the migration-seeded holiday
    # calendar with it; put it back so that due dates are the real ones.
    seed_holidays(CalendarDay)
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    session = Session(context.new_page(), live_server.url)
    yield session
    context.close()
