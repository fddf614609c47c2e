"""The console in real Chromium: sign in, queue, case with its evidence image, take, resolve.

Saves screenshots of the queue and the case page (desktop and phone width) under
bench/results/ for people to look at.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from console_helpers import ADMIN_PASSWORD, PNG, SECRET, make_draft, make_settings

from console import create_app, prepare
from escalation import Escalation, reporter_key

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
RESULTS = Path(__file__).resolve().parents[2] / "bench" / "results"
REPORTER = reporter_key(31337, SECRET)
WAIT_S = 30  # generous: the machine is shared

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip("chromium or chromedriver not installed", allow_module_level=True)

from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Escalation, str]]:
    """The console on a free port over a seeded SQLite database: (base URL, service, ticket)."""
    root = tmp_path_factory.mktemp("console-e2e")
    settings = make_settings(f"sqlite:///{root}/pandu.db", root / "var")
    esc = Escalation(settings.database_url, evidence_dir=settings.evidence_dir, secret=SECRET)
    prepare(settings, esc)
    ticket = esc.file_report(
        make_draft(
            REPORTER,
            evidence=[(PNG, "image/png", "tangkapan-layar.png")],
            contact_allowed=True,
            contact_phone="0857 1111 2222",
        ),
        "e2e-1",
    ).ticket
    esc.file_report(
        make_draft(
            reporter_key(31338, SECRET),
            recruiter_name="Bu Rina",
            recruiter_contact="tiktok @rina.kerja",
            company="PT Sinar Terang",
            kabupaten="Cirebon",
            destination_country="Malaysia",
            in_danger=True,
        ),
        "e2e-2",
    )
    esc.file_report(make_draft(reporter_key(31339, SECRET), kabupaten="Indramayu"), "e2e-3")
    esc.link_chat(REPORTER, 777)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, esc), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "console did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", esc, ticket
    server.should_exit = True
    thread.join(timeout=10)
    esc.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    profile = tempfile.mkdtemp(prefix="console-chromium-")
    options = Options()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(10)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _sign_in(driver: webdriver.Chrome, password: str) -> None:
    driver.find_element(By.NAME, "username").send_keys("admin")
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()


def _wait_for(driver: webdriver.Chrome, text: str) -> None:
    WebDriverWait(driver, WAIT_S).until(lambda d: text in d.page_source)


def _full_page_screenshot(driver: webdriver.Chrome, path: Path, width: int) -> None:
    driver.set_window_size(width, 1000)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(int(height) + 120, 600), 4000))
    RESULTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(path))


def test_officer_handles_a_case_in_the_browser(
    served: tuple[str, Escalation, str], browser: webdriver.Chrome
) -> None:
    base, esc, ticket = served
    # Without a session the queue sends the browser to the sign-in page, showing no data.
    browser.get(f"{base}/cases/{ticket}")
    assert "/login" in browser.current_url
    assert "Pak Budi" not in browser.page_source and "Indramayu" not in browser.page_source

    _sign_in(browser, "not-the-password")
    _wait_for(browser, "Nama pengguna atau kata sandi salah")
    assert "/login" in browser.current_url

    _sign_in(browser, ADMIN_PASSWORD)
    WebDriverWait(browser, WAIT_S).until(lambda d: "/login" not in d.current_url)
    assert browser.current_url.endswith(f"/cases/{ticket}")  # back to where we were going
    browser.get(f"{base}/queue")
    assert ticket in browser.page_source
    _full_page_screenshot(browser, RESULTS / "console_queue.png", 1280)
    _full_page_screenshot(browser, RESULTS / "console_queue_phone.png", 400)
    browser.set_window_size(1280, 1000)

    browser.find_element(By.LINK_TEXT, ticket).click()
    image = browser.find_element(By.CSS_SELECTOR, ".gallery img")
    WebDriverWait(browser, WAIT_S).until(
        lambda d: d.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth > 0", image
        ),
        "the evidence image did not load",
    )
    _full_page_screenshot(browser, RESULTS / "console_case.png", 1280)
    _full_page_screenshot(browser, RESULTS / "console_case_phone.png", 400)
    browser.set_window_size(1280, 1000)

    browser.find_element(By.XPATH, "//button[normalize-space()='Ambil kasus ini']").click()
    _wait_for(browser, "Tersimpan")
    browser.find_element(By.XPATH, "//summary[normalize-space()='Selesaikan']").click()
    browser.find_element(
        By.CSS_SELECTOR, f"form[action='/cases/{ticket}/resolve'] textarea"
    ).send_keys("Perekrut sudah diperingatkan Disnaker.")
    browser.find_element(By.XPATH, "//button[normalize-space()='Tandai selesai']").click()
    _wait_for(browser, "Kasus ini sudah ditutup")
    history = browser.find_element(By.CSS_SELECTOR, "ol.timeline").text
    assert "Mengambil kasus" in history and "Menyelesaikan" in history
    assert "console:admin" in history
    assert "Perekrut sudah diperingatkan Disnaker." in history

    card = esc.case(ticket)
    assert card.status == "selesai"
    assert [(e.who, e.action) for e in card.history][-2:] == [
        ("console:admin", "take"),
        ("console:admin", "resolve"),
    ]
    to_reporter = [n for n in esc.pending_notifications() if n.target == REPORTER]
    assert [n.kind for n in to_reporter] == ["reporter_update", "reporter_update"]
    assert to_reporter[-1].chat_id == 777 and ticket in to_reporter[-1].payload

    browser.get(f"{base}/overview")
    _wait_for(browser, "Laporan per minggu")
    _full_page_screenshot(browser, RESULTS / "console_overview.png", 1280)
    browser.set_window_size(1280, 1000)

    # Signing out ends the session: the case is no longer reachable.
    browser.find_element(By.XPATH, "//button[normalize-space()='Keluar']").click()
    _wait_for(browser, "Anda sudah keluar")
    browser.get(f"{base}/cases/{ticket}")
    assert "/login" in browser.current_url
