"""The web view in real headless Chromium (Debian's chromium + chromedriver, via Selenium):
log in, file a review request through the form, see it listed; refusals; no anonymous writes."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from wikitrack.cli import App, cli

PASSWORD = "een-lang-wachtwoord"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(app: App, workdir: Path):
    runner = CliRunner()
    assert runner.invoke(cli, ["watchlist", "sync"], obj=app).exit_code == 0
    added = runner.invoke(
        cli,
        ["web-user", "add", "jsmit", "--name", "J. Smit", "--password-stdin"],
        obj=app,
        input=PASSWORD + "\n",
    )
    assert added.exit_code == 0, added.output
    assert (workdir / "web-users.json").stat().st_mode & 0o077 == 0
    port = free_port()
    wikitrack = str(Path(sys.executable).with_name("wikitrack"))
    proc = subprocess.Popen(
        [wikitrack, "--config", str(app.config_path), "serve", "--port", str(port)],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/-/login", timeout=1)  # noqa: S310
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(proc.stderr.read().decode() if proc.stderr else "serve died")
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def browser():
    profile = tempfile.mkdtemp(prefix="wikitrack-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(
        options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    )
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def wait_for(browser, condition, timeout: float = 15):
    """A click does not wait for the page it submits; wait for what it leads to."""
    return WebDriverWait(browser, timeout).until(condition)


def requests_in_db(app: App) -> list[dict]:
    return json.loads(CliRunner().invoke(cli, ["review", "list", "--json"], obj=app).output)


def test_logged_out_visitors_can_neither_read_nor_write(server: str, browser, app: App):
    browser.get(server + "/wikitrack/review_aanvragen")
    assert "Forbidden" in browser.page_source or "403" in browser.title
    post = urllib.request.Request(
        server + "/wikitrack/review_aanvragen",
        method="POST",
        data=json.dumps(
            {"lemma": "Almere", "terrein": "bestuur", "reden": "x", "streefdatum": ""}
        ).encode(),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(post, timeout=10)  # noqa: S310
    assert refused.value.code == 403
    assert requests_in_db(app) == []


def test_log_in_file_a_request_see_it_listed_and_in_the_cli(server: str, browser, app: App):
    browser.get(server + "/-/login")
    browser.find_element(By.NAME, "username").send_keys("jsmit")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form input[type=submit], form button").click()
    wait_for(browser, lambda b: b.get_cookie("ds_actor"))
    browser.get(server + "/wikitrack/review_aanvragen")
    labels = [el.text for el in browser.find_elements(By.TAG_NAME, "label")]
    assert labels == [
        "Lemma (titel op Wikipedia)",
        "Beleidsterrein",
        "Waarom moet de redactie dit lemma bekijken?",
        "Streefdatum (optioneel)",
    ]
    assert "Ingelogd als jsmit." in browser.find_element(By.TAG_NAME, "body").text
    browser.find_element(By.ID, "lemma").send_keys("almere")
    Select(browser.find_element(By.ID, "terrein")).select_by_value("bestuur")
    browser.find_element(By.ID, "reden").send_keys("Het inwonertal lijkt verouderd.")
    browser.find_element(By.ID, "indienen").click()
    wait_for(browser, lambda b: "/reviewverzoeken" in b.current_url)
    assert "Uw verzoek is ingediend" in browser.page_source
    assert "Open reviewverzoeken" in browser.page_source
    assert "Het inwonertal lijkt verouderd." in browser.page_source
    (filed,) = requests_in_db(app)
    assert (
        filed["title"],
        filed["area"],
        filed["requested_by"],
        filed["source"],
        filed["status"],
    ) == ("Almere", "bestuur", "jsmit", "web", "open")

    # a lemma that is not on the area's watchlist is refused with a clear message
    browser.get(server + "/wikitrack/review_aanvragen")
    browser.find_element(By.ID, "lemma").send_keys("Parijs")
    Select(browser.find_element(By.ID, "terrein")).select_by_value("bestuur")
    browser.find_element(By.ID, "reden").send_keys("Klopt dit?")
    browser.find_element(By.ID, "indienen").click()
    wait_for(browser, lambda b: "message-error" in b.page_source)
    assert "Dit lemma staat niet op de volglijst van dit beleidsterrein" in browser.page_source
    assert len(requests_in_db(app)) == 1

    # and the other way round: a request from the CLI shows up on the web page
    result = CliRunner().invoke(
        cli,
        [
            "review",
            "request",
            "Weerwater",
            "--area",
            "natuur",
            "--by",
            "A. de Vries",
            "--reason",
            "Nieuwe oever",
        ],
        obj=app,
    )
    assert result.exit_code == 0, result.output
    browser.get(server + "/wikitrack/reviewverzoeken")
    assert "Nieuwe oever" in browser.page_source and "Weerwater" in browser.page_source
    browser.get(server + "/wikitrack/wijzigingen?terrein=bestuur")
    assert "Wijzigingen per beleidsterrein" in browser.page_source
    browser.save_screenshot(str(Path(app.config.base_dir) / "review-form.png"))


def test_review_lifecycle_and_overdue_requests_in_the_report(app: App):
    runner = CliRunner()

    def run(*args):
        return runner.invoke(cli, list(args), obj=app)

    assert run("watchlist", "sync").exit_code == 0
    assert (
        run(
            "review",
            "request",
            "Almere",
            "--area",
            "bestuur",
            "--by",
            "J. Smit",
            "--reason",
            "Inwonertal",
            "--due",
            "2099-01-31",
        ).exit_code
        == 0
    )
    # time passes: the request is now overdue (a past due date cannot be filed)
    app.db.execute("UPDATE review_requests SET due = '2020-01-31' WHERE id = 1")
    refused = run(
        "review", "request", "Almere", "--area", "sport", "--by", "K. Visser", "--reason", "x"
    )
    assert refused.exit_code == 2 and "not on the watchlist of area 'sport'" in refused.output
    assert (
        run(
            "review",
            "request",
            "Almere",
            "--area",
            "bestuur",
            "--by",
            "x",
            "--reason",
            "x",
            "--due",
            "morgen",
        ).exit_code
        == 2
    )
    report = run("report").output
    assert "Reviewverzoek over de streefdatum: Almere — #1: Inwonertal (2020-01-31)" in report
    assert run("review", "assign", "1", "--to", "A. de Vries").exit_code == 0
    closed = run("review", "close", "1", "--outcome", "Klopt al", "--declined")
    assert closed.output == "review request 1 declined\n"
    again = run("review", "close", "1", "--outcome", "x")
    assert again.exit_code == 2 and "is declined: cannot close it" in again.output
    events = [
        (e["actor"], e["to_status"])
        for e in app.db.query(
            "SELECT actor, to_status FROM review_events WHERE request_id = 1 ORDER BY id"
        )
    ]
    assert events == [("J. Smit", "open"), ("A. de Vries", "assigned"), ("A. de Vries", "declined")]
    assert "Reviewverzoek over de streefdatum" not in run("report").output
