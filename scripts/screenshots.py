"""Screenshots of every page of the web view, to judge them as a civil servant would.

    .venv/bin/python scripts/screenshots.py [OUTPUT_DIR]     # default: screenshots/ (not committed)

Builds a throwaway world in a temp folder (the starter config's people, the sandbox wiki, its
seeded lemmas and a simulated day), starts `wikitrack serve`, and lets headless Chromium visit
each page logged out, as J. Smit (policy, bestuur) and as A. de Vries (desk). Everything,
the sandbox wiki included, is stopped and removed at the end.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
WIKITRACK = str(Path(sys.executable).with_name("wikitrack"))
PASSWORD = "een-lang-wachtwoord"


def run(work: Path, *args: str, stdin: str | None = None) -> None:
    subprocess.run(  # noqa: S603 (our own command)
        [WIKITRACK, *args], cwd=work, input=stdin, text=True, check=True, capture_output=True
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def chromium() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(arg)
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(options=options, service=service)


def shoot(browser: webdriver.Chrome, out: Path, name: str) -> None:
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, max(900, int(height) + 100))
    browser.save_screenshot(str(out / f"{name}.png"))
    browser.set_window_size(1280, 900)
    print(out / f"{name}.png")


def log_in(browser: webdriver.Chrome, base: str, login: str) -> None:
    browser.delete_all_cookies()
    browser.get(base + "/inloggen")
    browser.find_element(By.ID, "gebruikersnaam").send_keys(login)
    browser.find_element(By.ID, "wachtwoord").send_keys(PASSWORD, Keys.ENTER)
    WebDriverWait(browser, 15).until(lambda b: "/mijn-terrein" in b.current_url)


def pages(browser: webdriver.Chrome, base: str, out: Path) -> None:
    browser.get(base + "/")
    shoot(browser, out, "01-inloggen")
    browser.find_element(By.ID, "gebruikersnaam").send_keys("jsmit")
    browser.find_element(By.ID, "wachtwoord").send_keys("fout", Keys.ENTER)
    WebDriverWait(browser, 15).until(lambda b: "niet gelukt" in b.page_source)
    shoot(browser, out, "02-inloggen-fout")
    log_in(browser, base, "jsmit")
    shoot(browser, out, "03-mijn-terrein")
    browser.get(base + "/review-aanvragen")
    shoot(browser, out, "04-review-aanvragen")
    browser.find_element(By.ID, "lemma").send_keys("Almere")
    browser.find_element(By.ID, "reden").send_keys("Het inwonertal in de infobox is verouderd.")
    browser.find_element(By.ID, "streefdatum").send_keys("01012020")
    browser.find_element(By.ID, "indienen").click()
    WebDriverWait(browser, 15).until(lambda b: "nog niet ingediend" in b.page_source)
    shoot(browser, out, "05-review-aanvragen-fout")
    browser.execute_script("document.getElementById('streefdatum').value = ''")
    browser.find_element(By.ID, "indienen").click()
    WebDriverWait(browser, 15).until(lambda b: "/mijn-verzoeken" in b.current_url)
    shoot(browser, out, "06-mijn-verzoeken")
    browser.get(base + "/lemma/Almere")
    shoot(browser, out, "07-lemma")
    browser.get(base + "/lemma/" + quote("Almere City FC"))
    shoot(browser, out, "08-niet-gevonden")
    log_in(browser, base, "avries")
    shoot(browser, out, "09-redactie-mijn-terrein")
    browser.get(base + "/mijn-verzoeken")
    shoot(browser, out, "10-redactie-alle-verzoeken")


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="wikitrack-screenshots-"))
    server: subprocess.Popen[bytes] | None = None
    try:
        shutil.copytree(ROOT / "watchlists", work / "watchlists")
        run(work, "init", "--sandbox")
        run(work, "sandbox", "start")
        for step in (["watchlist", "sync"], ["check"], ["sandbox", "simulate"], ["check"]):
            run(work, *step)
        run(
            work,
            "web-user",
            "add",
            "jsmit",
            "--name",
            "J. Smit",
            "--password-stdin",
            stdin=PASSWORD,
        )
        run(
            work,
            "web-user",
            "add",
            "avries",
            "--name",
            "A. de Vries",
            "--password-stdin",
            stdin=PASSWORD,
        )
        run(
            work,
            "review",
            "request",
            "Gemeenteraad van Almere",
            "--area",
            "bestuur",
            "--by",
            "J. Smit",
            "--reason",
            "Staan de nieuwe raadsleden er al in?",
            "--due",
            "+30d",
        )
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 (our own command)
            [WIKITRACK, "--quiet", "serve", "--port", str(port)], cwd=work
        )
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/inloggen", timeout=1)  # noqa: S310 (local)
                break
            except OSError:
                time.sleep(0.2)
        browser = chromium()
        try:
            pages(browser, base, out)
        finally:
            browser.quit()
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        subprocess.run([WIKITRACK, "sandbox", "stop"], cwd=work, capture_output=True)  # noqa: S603
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
