"""End to end in a real browser: a report that came in through the bot is handled in the officers'
web console, and the reporter is notified in Telegram (the fake Bot API server)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from fake_telegram import FakeTelegram
from flows import file_report
from harness import CONSOLE_ADMIN_PASSWORD, start_bot

pytestmark = pytest.mark.e2e

REPORTER = 7880001
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture()
def browser():
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("Debian chromium and chromium-driver are not installed (make setup installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="pandu-chromium-")
    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", "--window-size=1280,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(15)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def test_case_from_the_bot_is_resolved_in_the_console(stack, fake_telegram: FakeTelegram,
                                                      browser, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    bot = start_bot(stack, fake_telegram, tmp_path / "bot.log")
    try:
        ticket = file_report(fake_telegram, REPORTER)
        base = f"http://127.0.0.1:{stack.env['OFFICER_CONSOLE_PORT']}"

        browser.get(f"{base}/cases/{ticket}")
        assert "Pak Darto" not in browser.page_source, "no case data without a session"
        browser.find_element(By.NAME, "username").send_keys("admin")
        browser.find_element(By.NAME, "password").send_keys(CONSOLE_ADMIN_PASSWORD)
        browser.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
        WebDriverWait(browser, 30).until(lambda d: "/login" not in d.current_url,
                                         "signing in did not finish")
        browser.get(f"{base}/queue")
        browser.find_element(By.LINK_TEXT, ticket).click()
        assert "Pak Darto" in browser.page_source
        image = browser.find_element(By.CSS_SELECTOR, ".gallery img")
        WebDriverWait(browser, 30).until(
            lambda d: d.execute_script("return arguments[0].complete && "
                                       "arguments[0].naturalWidth > 0", image),
            "the evidence image sent through the bot did not load")

        before = fake_telegram.count_to(REPORTER)
        browser.find_element(By.XPATH, "//button[normalize-space()='Ambil kasus ini']").click()
        fake_telegram.wait_for(REPORTER, lambda m: "sedang ditangani" in m.text, after=before)
        browser.find_element(By.XPATH, "//summary[normalize-space()='Selesaikan']").click()
        browser.find_element(By.CSS_SELECTOR,
                             f"form[action='/cases/{ticket}/resolve'] textarea").send_keys(
            "Perekrut sudah ditindak Polres.")
        before = fake_telegram.count_to(REPORTER)
        browser.find_element(By.XPATH, "//button[normalize-space()='Tandai selesai']").click()
        fake_telegram.wait_for(REPORTER, lambda m: "sudah selesai ditangani" in m.text,
                               after=before)
        history = browser.find_element(By.CSS_SELECTOR, "ol.timeline").text
        assert "console:admin" in history or "admin" in history
    finally:
        bot.stop()
