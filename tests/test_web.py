"""The web view in real headless Chromium (Debian's chromium + chromedriver, via Selenium)
against `wikitrack serve` on the sandbox: the Dutch login, "Mijn terrein" with the report's
descriptions, the review form (keyboard only, refusals keep the text), "Mijn verzoeken", the
lemma page, axe-core on every page, and a walk over every route looking for leaks."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from axe_selenium_python import Axe
from click.testing import CliRunner
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from wikitrack.cli.commands import App, cli
from wikitrack.sandbox import Sandbox

PASSWORD = "een-lang-wachtwoord"
EDITED: dict[str, str] = {}  # the inwoners value each server fixture put into "Almere"
LOGINS = {"jsmit": "J. Smit", "kvisser": "K. Visser", "avries": "A. de Vries"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def invoke(app: App, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), obj=app, input=input)


def set_inwoners(sandbox: Sandbox, title: str, value: str) -> None:
    pieter = sandbox.actor("Pieter Bakker")
    text = pieter.text(title)
    new = re.sub(r"(\|\s*inwoners\s*=\s*)[^\n|]*", lambda m: m.group(1) + value, text, count=1)
    if new == text:
        new = text + f"\n\nInwoners: {value}."
    pieter.edit(title, new, "inwonertal bijgewerkt (CBS)")


@pytest.fixture
def server(app: App, sandbox: Sandbox, workdir: Path):
    assert invoke(app, "watchlist", "sync").exit_code == 0
    assert invoke(app, "check").exit_code == 0
    # the sandbox lives for the whole session: a fresh value every time, so each is an edit
    EDITED["almere"] = f"{230_000 + int(time.time() * 10) % 10_000:,}".replace(",", ".")
    set_inwoners(sandbox, "Almere", EDITED["almere"])
    set_inwoners(
        sandbox, "Almere City FC", EDITED["almere"] + "7"
    )  # an edit in 'sport' that J. Smit must not see
    checked = invoke(app, "check")
    assert checked.exit_code == 0, checked.output
    for login, name in LOGINS.items():
        added = invoke(
            app, "web-user", "add", login, "--name", name, "--password-stdin", input=PASSWORD
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
            urllib.request.urlopen(base + "/inloggen", timeout=1)  # noqa: S310
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
        "--window-size=1200,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(
        options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    )
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def wait_for(browser, condition, timeout: float = 15):
    """A click does not wait for the page it submits; wait for what it leads to."""
    return WebDriverWait(browser, timeout).until(condition)


def assert_accessible(browser) -> None:
    """axe-core (shipped inside axe-selenium-python, run offline) finds nothing on the page."""
    axe = Axe(browser)
    axe.inject()
    results = axe.run()
    assert results["violations"] == [], axe.report(results["violations"])
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"


def body(browser) -> str:
    return browser.find_element(By.TAG_NAME, "body").text


def log_in(browser, base: str, login: str, password: str = PASSWORD) -> None:
    """With the keyboard only: type, Tab, type, Enter."""
    browser.get(base + "/")
    wait_for(browser, lambda b: "/inloggen" in b.current_url)
    field = browser.find_element(By.ID, "gebruikersnaam")
    field.send_keys(login, Keys.TAB)
    browser.switch_to.active_element.send_keys(password, Keys.ENTER)


def requests_in_db(app: App) -> list[dict]:
    return json.loads(invoke(app, "review", "list", "--json").output)


def test_logged_out_visitors_land_on_the_dutch_login_and_cannot_write(
    server: str, browser, app: App
):
    browser.get(server + "/mijn-terrein")
    wait_for(browser, lambda b: "/inloggen" in b.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Inloggen"
    assert "Gebruikersnaam" in body(browser) and "Wachtwoord" in body(browser)
    assert_accessible(browser)
    log_in(browser, server, "jsmit", "verkeerd-wachtwoord")
    wait_for(browser, lambda b: "Inloggen is niet gelukt" in b.page_source)
    assert "De gebruikersnaam of het wachtwoord klopt niet." in body(browser)
    assert browser.find_element(By.ID, "gebruikersnaam").get_attribute("value") == "jsmit"
    assert_accessible(browser)
    for path in ("/mijn-terrein", "/mijn-verzoeken", "/review-aanvragen", "/lemma/Almere"):
        answer = requests.get(server + path, allow_redirects=False, timeout=10)
        assert answer.status_code == 302 and "/inloggen" in answer.headers["Location"]
    post = requests.post(
        server + "/review-aanvragen",
        data={"terrein": "bestuur", "lemma": "Almere", "reden": "x"},
        timeout=10,
    )
    assert post.status_code in (400, 403)
    assert requests_in_db(app) == []


def test_policy_officer_reads_changes_files_a_request_and_sees_it(server: str, browser, app: App):
    log_in(browser, server, "jsmit")
    wait_for(browser, lambda b: "/mijn-terrein" in b.current_url)
    text = body(browser)
    assert "Ingelogd als J. Smit" in text
    assert "Bestuur & organisatie" in text
    assert re.search(rf"Infobox: inwoners \S+ → {re.escape(EDITED['almere'])}\n", text), text
    assert "Pieter Bakker" in text and "inwonertal bijgewerkt (CBS)" in text
    diffs = [
        a.get_attribute("href")
        for a in browser.find_elements(By.PARTIAL_LINK_TEXT, "Bekijk de wijziging")
    ]
    assert diffs and all("diff=" in d and "oldid=" in d for d in diffs)
    assert "Almere City FC" not in text and EDITED["almere"] + "7" not in text  # sport's edit
    assert_accessible(browser)

    # the form, keyboard only: the one area is chosen, the lemma list is that area's watchlist
    browser.get(server + "/review-aanvragen")
    labels = [el.text for el in browser.find_elements(By.TAG_NAME, "label")]
    assert labels == [
        "Beleidsterrein",
        "Lemma",
        "Waarom moet de redactie dit lemma bekijken?",
        "Streefdatum (niet verplicht)",
    ]
    for label in browser.find_elements(By.TAG_NAME, "label"):
        assert browser.find_element(By.ID, label.get_attribute("for"))
    options = [
        o.get_attribute("value") for o in browser.find_elements(By.CSS_SELECTOR, "#lemma option")
    ]
    assert "Almere" in options and "Almere City FC" not in options
    assert_accessible(browser)
    reason = "Het inwonertal lijkt verouderd: zie CBS <Statline> & de gemeente."
    lemma = browser.find_element(By.ID, "lemma")
    lemma.send_keys("Almere")
    assert lemma.get_attribute("value") == "Almere"
    lemma.send_keys(Keys.TAB)
    browser.switch_to.active_element.send_keys(reason, Keys.TAB)
    browser.switch_to.active_element.send_keys("01012020", Keys.ENTER)  # a date in the past

    # refused: the message beside the field, everything typed kept
    wait_for(browser, lambda b: "Het verzoek is nog niet ingediend" in b.page_source)
    message = browser.find_element(By.ID, "streefdatum-fout").text
    assert "Deze datum ligt in het verleden" in message
    assert "streefdatum-fout" in browser.find_element(By.ID, "streefdatum").get_attribute(
        "aria-describedby"
    )
    assert browser.find_element(By.ID, "reden").get_attribute("value") == reason
    assert browser.find_element(By.ID, "lemma").get_attribute("value") == "Almere"
    assert requests_in_db(app) == []
    assert_accessible(browser)

    # an empty reason is refused beside its field too
    browser.find_element(By.ID, "reden").clear()
    browser.find_element(By.ID, "streefdatum").send_keys(Keys.DELETE)
    browser.execute_script("document.getElementById('streefdatum').value = ''")
    browser.find_element(By.ID, "indienen").send_keys(Keys.ENTER)
    wait_for(browser, lambda b: b.find_elements(By.ID, "reden-fout"))
    assert "Schrijf op waarom" in browser.find_element(By.ID, "reden-fout").text
    assert requests_in_db(app) == []

    browser.find_element(By.ID, "reden").send_keys(reason)
    browser.find_element(By.ID, "indienen").send_keys(Keys.ENTER)
    wait_for(browser, lambda b: "/mijn-verzoeken" in b.current_url)
    text = body(browser)
    assert "Uw verzoek #1 over Almere is ingediend." in text
    assert "Verzoek #1: Almere" in text and reason in text and "Open" in text
    assert_accessible(browser)
    (filed,) = requests_in_db(app)
    assert (filed["title"], filed["area"], filed["requested_by"], filed["source"]) == (
        "Almere",
        "bestuur",
        "J. Smit",
        "web",
    )
    listed = invoke(app, "review", "list")
    assert "J. Smit" in listed.output and "Almere" in listed.output

    # the lemma page: its area, the change, the request
    browser.find_element(By.LINK_TEXT, "Almere").click()
    wait_for(browser, lambda b: "/lemma/Almere" in b.current_url)
    text = body(browser)
    assert "Beleidsterrein: Bestuur & organisatie." in text
    assert EDITED["almere"] in text and reason in text
    assert_accessible(browser)

    browser.get(server + "/lemma/" + quote("Overleg:Almere"))  # a talk page: its article
    assert browser.current_url.endswith("/lemma/Almere")

    # another area's lemma: not shown, not fileable (even by a hand-made POST)
    browser.get(server + "/lemma/" + quote("Almere City FC"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Niet gevonden"
    assert "Almere City FC" not in body(browser)
    assert_accessible(browser)
    browser.get(server + "/review-aanvragen")
    token = browser.find_element(By.NAME, "csrf_token").get_attribute("value")
    session = requests.Session()
    for c in browser.get_cookies():
        session.cookies.set(c["name"], c["value"])
    forged = session.post(
        server + "/review-aanvragen",
        data={"csrf_token": token, "terrein": "sport", "lemma": "Almere City FC", "reden": "x"},
        timeout=10,
    )
    assert forged.status_code == 400 and "Kies een van uw beleidsterreinen." in forged.text
    assert "Almere City FC" not in forged.text
    assert len(requests_in_db(app)) == 1

    # a request from the CLI shows up on the web page
    cli_request = invoke(
        app,
        "review",
        "request",
        "Gemeenteraad van Almere",
        "--area",
        "bestuur",
        "--by",
        "J. Smit",
        "--reason",
        "Nieuwe raadsleden",
    )
    assert cli_request.exit_code == 0, cli_request.output
    browser.get(server + "/mijn-verzoeken")
    assert "Nieuwe raadsleden" in body(browser)

    # logging out ends the session, on the server: the copied cookie is worth nothing after it
    assert session.get(server + "/mijn-verzoeken", timeout=10).url.endswith("/mijn-verzoeken")
    browser.find_element(By.XPATH, "//button[text()='Uitloggen']").click()
    wait_for(browser, lambda b: "U bent uitgelogd." in b.page_source)
    browser.get(server + "/mijn-verzoeken")
    wait_for(browser, lambda b: "/inloggen" in b.current_url)
    assert "/inloggen" in session.get(server + "/mijn-verzoeken", timeout=10).url


def log_in_session(base: str, login: str, password: str = PASSWORD) -> requests.Session:
    """A logged-in HTTP session (the CSRF token taken from the login form like a browser)."""
    s = requests.Session()
    page = s.get(base + "/inloggen", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    answer = s.post(
        base + "/inloggen",
        data={"csrf_token": token.group(1), "gebruikersnaam": login, "wachtwoord": password},
        timeout=10,
    )
    assert answer.url.endswith("/mijn-terrein"), answer.text
    return s


def csrf_of(s: requests.Session, base: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', s.get(base + "/", timeout=10).text)
    assert found
    return found.group(1)


def test_nothing_leaks_to_a_policy_officer_on_any_route(
    server: str, app: App, workdir: Path, sandbox: Sandbox
):
    from wikitrack import store
    from wikitrack.web.flask_app import create_app

    secret_request = invoke(
        app,
        "review",
        "request",
        "Almere City FC",
        "--area",
        "sport",
        "--by",
        "K. Visser",
        "--reason",
        "Vertrouwelijk sportplan",
    )
    assert secret_request.exit_code == 0, secret_request.output
    own = [r.title for r in store.iter_lemmas(app.db, "bestuur")]
    bestuur_changes = json.dumps([asdict(c) for c in store.iter_changes(app.db, area="bestuur")])
    others = sorted(
        {
            r.title
            for slug, _ in store.area_names(app.db)
            if slug != "bestuur"
            for r in store.iter_lemmas(app.db, slug)
        }
        - set(own)
    )
    # a title that is part of one of J. Smit's own (or named in their changes) is no leak
    others = [t for t in others if not any(t in m for m in own) and t not in bestuur_changes]
    assert "Almere City FC" in others and len(others) > 10
    users = json.loads((workdir / "web-users.json").read_text())
    forbidden = [u["hash"] for u in users.values()]
    forbidden += [u["hash"].split("$")[-1][:20] for u in users.values()]  # any part of it
    forbidden += [(workdir / "web-secret").read_text().strip(), str(workdir), str(sandbox.dir)]
    forbidden += ["scrypt:", "pbkdf2:", "/tmp/", "/work/", ".venv", "Traceback", "Vertrouwelijk"]
    forbidden += ["SELECT ", "FROM ", "WHERE ", "sqlite", "wikitrack.db", "Run SQL"]

    s = log_in_session(server, "jsmit")
    token = csrf_of(s, server)
    samples = {
        "title": [own[0], "Almere City FC", *others[:5]],
        "request_id": [1, 2, 999],
        "item_id": [1, 2, 999],  # the worklist (issue 25)
        "filename": ["wikitrack.css", "formulier.js", "../../config.py", "../webapp.py"],
    }
    flask_app = create_app(app.config, "only-for-listing-the-routes")
    paths: set[tuple[str, str]] = set()
    with flask_app.test_request_context():
        from flask import url_for

        for rule in flask_app.url_map.iter_rules():
            arg_sets = [{}]
            for arg in rule.arguments:
                arg_sets = [{**a, arg: v} for a in arg_sets for v in samples[arg]]
            for args in arg_sets:
                url = url_for(rule.endpoint, **args)
                for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                    paths.add((method, url))
    # what Datasette answered, and what someone might try
    for guess in (
        "/-/metadata.json",
        "/-/databases.json",
        "/-/versions.json",
        "/-/settings.json",
        "/-/actor.json",
        "/-/plugins.json",
        "/wikitrack",
        "/wikitrack.json",
        "/wikitrack/review_requests.json",
        "/wikitrack/lemmas.csv",
        "/wikitrack/area_lemmas",
        "/mijn-terrein.json",
        "/mijn-terrein?_format=json",
        "/mijn-terrein?terrein=sport",
        "/review-aanvragen?terrein=sport&lemma=Almere+City+FC",
        "/static/../webapp.py",
        "/static/%2e%2e/webapp.py",
        "/web-users.json",
        "/lemma/Almere%20City%20FC",
    ):
        paths.add(("GET", guess))
    assert len(paths) > 30
    forms = {
        "/review-aanvragen": {"terrein": "sport", "lemma": "Almere City FC", "reden": "x"},
        "/inloggen": {"gebruikersnaam": "kvisser", "wachtwoord": "fout-wachtwoord"},
    }
    seen = 0
    for method, path in sorted(paths):
        if path == "/uitloggen":
            continue  # walked last: it ends the session
        if method == "POST":
            data = {"csrf_token": token, "actie": "afhandelen", "uitkomst": "klaar"}
            data.update(forms.get(path.split("?")[0], {}))
            answer = s.post(server + path, data=data, timeout=10)
        else:
            answer = s.get(server + path, timeout=10)
        assert answer.status_code in (200, 400, 401, 404, 405), (method, path, answer.status_code)
        assert answer.url.startswith(server), (path, answer.url)
        text = answer.text
        for word in forbidden:
            assert word not in text, (method, path, word)
        if not path.startswith("/static/"):
            assert '<html lang="nl">' in text, (method, path)
            for title in others:
                assert title not in text, (method, path, title)
        seen += 1
    assert seen > 30
    # nothing was written by the walk: the policy officer cannot close or file elsewhere
    statuses = {(r["area"], r["status"]) for r in requests_in_db(app)}
    assert statuses == {("sport", "open")}
    assert s.post(server + "/uitloggen", data={"csrf_token": token}, timeout=10).ok
    assert s.get(server + "/mijn-terrein", timeout=10).url.endswith(
        "/inloggen?volgende=/mijn-terrein"
    )


def test_desk_editors_see_every_area_and_handle_requests(server: str, app: App, browser):
    filed = invoke(
        app,
        "review",
        "request",
        "Almere City FC",
        "--area",
        "sport",
        "--by",
        "K. Visser",
        "--reason",
        "Stadion klopt niet",
    )
    assert filed.exit_code == 0, filed.output
    # K. Visser sees the request; J. Smit does not
    assert (
        "Stadion klopt niet"
        in log_in_session(server, "kvisser").get(server + "/mijn-verzoeken", timeout=10).text
    )
    assert (
        "Stadion klopt niet"
        not in log_in_session(server, "jsmit").get(server + "/mijn-verzoeken", timeout=10).text
    )

    app.db.execute("UPDATE review_requests SET due = '2020-01-31' WHERE id = 1")  # time passed
    log_in(browser, server, "avries")
    wait_for(browser, lambda b: "/mijn-terrein" in b.current_url)
    text = body(browser)
    assert "Sport" in text and "Bestuur & organisatie" in text and "Almere City FC" in text
    assert browser.find_element(By.CSS_SELECTOR, "nav.inhoud a[href='#terrein-sport']")
    assert_accessible(browser)
    browser.get(server + "/mijn-verzoeken")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Alle verzoeken"
    assert "Stadion klopt niet" in body(browser) and "Over de streefdatum" in body(browser)
    assert_accessible(browser)
    browser.find_element(By.XPATH, "//button[starts-with(., 'Toewijzen')]").send_keys(Keys.ENTER)
    wait_for(browser, lambda b: "is toegewezen aan A. de Vries" in b.page_source)
    browser.find_element(By.XPATH, "//button[starts-with(., 'Afhandelen')]").send_keys(Keys.ENTER)
    wait_for(browser, lambda b: "vul de uitkomst in" in b.page_source)
    assert requests_in_db(app)[0]["status"] == "assigned"
    browser.find_element(By.ID, "uitkomst-1").send_keys("Stadionnaam aangepast", Keys.ENTER)
    # handling asks once more, on a page of its own
    wait_for(browser, lambda b: "Verzoek #1 afhandelen?" in b.page_source)
    assert "Stadionnaam aangepast" in body(browser)
    assert requests_in_db(app)[0]["status"] == "assigned"
    assert_accessible(browser)
    browser.find_element(By.ID, "bevestigen").send_keys(Keys.ENTER)
    wait_for(browser, lambda b: "Verzoek #1 is afgehandeld." in b.page_source)
    assert "Afgehandeld" in body(browser) and "Stadionnaam aangepast" in body(browser)
    (done,) = requests_in_db(app)
    assert (done["status"], done["assignee"], done["outcome"]) == (
        "done",
        "A. de Vries",
        "Stadionnaam aangepast",
    )
    browser.get(server + "/lemma/" + quote("Almere City FC"))
    assert "Beleidsterrein: Sport." in body(browser)
    assert_accessible(browser)

    # the lemma list follows the chosen area (keyboard: type the area's name)
    browser.get(server + "/review-aanvragen")
    browser.find_element(By.ID, "terrein").send_keys("Sport")
    enabled = {
        g.get_attribute("data-terrein")
        for g in browser.find_elements(By.CSS_SELECTOR, "#lemma optgroup")
        if g.is_enabled()
    }
    assert enabled == {"sport"}
    assert_accessible(browser)


@pytest.fixture
def desk_address(app: App) -> str:
    """The desk's address in [mail] desk (mails go to files), before the server starts."""
    address = "redactie-eigen-media@almere.example"
    path = Path(app.config_path)
    path.write_text(path.read_text() + f'[mail]\ndir = "mails"\ndesk = ["{address}"]\n')
    return address


def test_policy_officer_changes_and_withdraws_their_own_request(
    desk_address: str, server: str, browser, app: App, sandbox: Sandbox
):
    by = ["review", "request", "Almere", "--area", "bestuur", "--by", "J. Smit", "--reason"]
    assert invoke(app, *by, "Inwonertal verouderd").exit_code == 0
    again = invoke(app, *by, "  inwonertal VEROUDERD ")  # the same, but for case and spaces
    assert again.exit_code == 2 and "--force" in again.output
    sandbox.actor("Pieter Bakker").edit(
        "Overleg:Almere", append="\n== Inwoners ==\nKlopt het inwonertal nog? ~~~~", summary="vraag"
    )
    assert invoke(app, "check").exit_code == 0

    log_in(browser, server, "jsmit")
    wait_for(browser, lambda b: "/mijn-terrein" in b.current_url)
    nav = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "header nav a")]
    assert nav == ["Mijn terrein", "Controle aanvragen", "Mijn verzoeken", "Werklijst"]  # h8
    mail = browser.find_element(By.CSS_SELECTOR, "footer a")
    assert (mail.text, mail.get_attribute("href")) == (desk_address, "mailto:" + desk_address)

    # the talk page's change is marked as the talk page's on the lemma page
    browser.get(server + "/lemma/Almere")
    talk = [
        li.text
        for li in browser.find_elements(By.CSS_SELECTOR, "li.wijziging")
        if "Op de overlegpagina (Overleg:Almere):" in li.text
    ]
    assert talk and "vraag" in talk[-1]
    assert EDITED["almere"] in body(browser) and "Controleverzoeken" in body(browser)
    assert_accessible(browser)

    # change the reason, keyboard only
    browser.get(server + "/mijn-verzoeken")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Wijzigen").send_keys(Keys.ENTER)
    wait_for(browser, lambda b: "/verzoeken/1/wijzigen" in b.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == "Verzoek #1 wijzigen: Almere"
    assert_accessible(browser)
    reason = browser.find_element(By.ID, "reden")
    reason.clear()
    reason.send_keys("Inwonertal en oppervlakte verouderd")
    browser.find_element(By.ID, "opslaan").send_keys(Keys.ENTER)
    wait_for(browser, lambda b: "Uw verzoek #1 is gewijzigd." in b.page_source)
    assert "Gewijzigd (J. Smit)" in body(browser)
    (changed,) = requests_in_db(app)
    assert (changed["reason"], changed["status"]) == ("Inwonertal en oppervlakte verouderd", "open")

    # withdraw it: asked once more first
    browser.find_element(By.XPATH, "//button[starts-with(., 'Intrekken')]").send_keys(Keys.ENTER)
    wait_for(browser, lambda b: "Verzoek #1 intrekken?" in b.page_source)
    assert requests_in_db(app)[0]["status"] == "open"
    assert_accessible(browser)
    browser.find_element(By.ID, "bevestigen").send_keys(Keys.ENTER)
    wait_for(browser, lambda b: "Uw verzoek #1 is ingetrokken." in b.page_source)
    assert requests_in_db(app)[0]["status"] == "withdrawn"
    assert "Ingetrokken" in body(browser) and not browser.find_elements(
        By.XPATH, "//button[starts-with(., 'Intrekken')]"
    )
    assert_accessible(browser)

    # more than a page of requests: 50 a page, open ones first, Dutch navigation
    from wikitrack.corrections.workflow import log_review_request

    for n in range(55):
        filed = {"lemma": "Almere", "area": "bestuur", "by": "J. Smit", "due": None}
        log_review_request(app.db, app.config, reason=f"Punt {n}", **filed)
    browser.get(server + "/mijn-verzoeken")
    assert "Pagina 1 van 2 (56 verzoeken)" in body(browser)
    assert len(browser.find_elements(By.CSS_SELECTOR, "article.verzoek")) == 50
    assert "Verzoek #1:" not in body(browser)  # the withdrawn one comes after the open ones
    assert_accessible(browser)
    browser.find_element(By.LINK_TEXT, "Volgende pagina").send_keys(Keys.ENTER)
    wait_for(browser, lambda b: "pagina=2" in b.current_url)
    assert "Verzoek #1:" in body(browser) and "Vorige pagina" in body(browser)
    assert len(browser.find_elements(By.CSS_SELECTOR, "article.verzoek")) == 6

    # bad addresses and forms from elsewhere, with this session's cookie and token
    session = requests.Session()
    for c in browser.get_cookies():
        session.cookies.set(c["name"], c["value"])
    token = browser.find_element(By.NAME, "csrf_token").get_attribute("value")
    for number in ("9223372036854775808", quote("１"), quote("٣")):
        answer = session.post(
            f"{server}/verzoeken/{number}",
            data={"csrf_token": token, "actie": "intrekken", "bevestigd": "ja"},
            timeout=10,
        )
        assert answer.status_code == 404 and "Niet gevonden" in answer.text, number
    form = {"csrf_token": token, "terrein": "bestuur", "lemma": "Almere", "reden": "Van elders"}
    foreign = session.post(
        server + "/review-aanvragen",
        data=form,
        headers={"Origin": "https://evil.example"},
        timeout=10,
    )
    assert foreign.status_code == 403 and len(requests_in_db(app)) == 56


def test_web_user_commands_and_sessions_that_end(app: App, workdir: Path):
    from wikitrack.web.flask_app import create_app

    users_file = workdir / "web-users.json"
    unknown = invoke(app, "web-user", "add", "x", "--name", "Onbekend", "--password-stdin")
    assert unknown.exit_code == 2 and "unknown person 'Onbekend'" in unknown.output
    short = invoke(
        app, "web-user", "add", "jsmit", "--name", "j.  smit", "--password-stdin", input="kort\n"
    )
    assert short.exit_code == 2 and "at least 10 characters" in short.output
    added = invoke(
        app, "web-user", "add", "jsmit", "--name", "j.  smit", "--password-stdin", input=PASSWORD
    )
    assert added.exit_code == 0 and "web user jsmit (J. Smit) saved" in added.output
    again = invoke(
        app, "web-user", "add", "js2", "--name", "J. Smit", "--password-stdin", input=PASSWORD
    )
    assert again.exit_code == 2 and "already has the login 'jsmit'" in again.output
    assert oct(users_file.stat().st_mode & 0o777) == "0o600"
    hash_ = json.loads(users_file.read_text())["jsmit"]["hash"]
    listed = invoke(app, "web-user", "list")
    assert listed.output == "jsmit\tJ. Smit\tpolicy, bestuur\n"
    assert hash_ not in listed.output

    assert invoke(app, "watchlist", "sync").exit_code == 0
    client = create_app(app.config, "test-secret").test_client()

    def log_in_client(password: str = PASSWORD) -> int:
        page = client.get("/inloggen").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        answer = client.post(
            "/inloggen",
            data={"csrf_token": token.group(1), "gebruikersnaam": "jsmit", "wachtwoord": password},
        )
        return answer.status_code

    def logged_in() -> bool:
        return client.get("/mijn-verzoeken").status_code == 200

    assert log_in_client() == 302 and logged_in()
    assert invoke(app, "web-user", "disable", "jsmit").output == "web user jsmit disabled\n"
    assert not logged_in()  # the open session ended
    assert log_in_client() == 401
    assert "DISABLED" in invoke(app, "web-user", "list").output
    assert invoke(app, "web-user", "disable", "jsmit", "--enable").exit_code == 0
    assert log_in_client() == 302 and logged_in()
    new = invoke(app, "web-user", "passwd", "jsmit", "--password-stdin", input="nieuw-wachtwoord\n")
    assert new.exit_code == 0 and oct(users_file.stat().st_mode & 0o777) == "0o600"
    assert not logged_in()  # a new password ends the old sessions
    assert log_in_client() == 401 and log_in_client("nieuw-wachtwoord") == 302
    assert invoke(app, "web-user", "remove", "jsmit").output == "web user jsmit removed\n"
    assert not logged_in()
    assert log_in_client("nieuw-wachtwoord") == 401
    gone = invoke(app, "web-user", "remove", "jsmit")
    assert gone.exit_code == 2 and "no web user 'jsmit'" in gone.output

    # five wrong passwords lock nobody out: this client waits a second, a client that never
    # failed does not wait at all (the throttle: tests/test_web_auth.py)
    again = invoke(
        app, "web-user", "add", "jsmit", "--name", "J. Smit", "--password-stdin", input=PASSWORD
    )
    assert again.exit_code == 0
    client = create_app(app.config, "test-secret").test_client()
    assert [log_in_client("geraden-wachtwoord") for _ in range(5)] == [401] * 5
    assert log_in_client() == 429 and not logged_in()
    time.sleep(1.1)
    assert log_in_client() == 302 and logged_in()


def logged_in_client(app: App, login: str, name: str):
    """A Flask test client logged in as a new web user `login` for the person `name`."""
    from wikitrack.web.flask_app import create_app

    added = invoke(
        app, "web-user", "add", login, "--name", name, "--password-stdin", input=PASSWORD
    )
    assert added.exit_code == 0, added.output
    client = create_app(app.config, "test-secret").test_client()
    form = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token
    data = {"csrf_token": token.group(1), "gebruikersnaam": login, "wachtwoord": PASSWORD}
    assert client.post("/inloggen", data=data).status_code == 302
    return client
