"""Single sign-on (`[web] auth = "oidc"`, issue 26): the whole flow in headless Chromium against
a real OpenID provider (npm's oidc-provider under Node, tests/oidc/provider.mjs, on 127.0.0.1),
and each attack on the way back refused: a tampered, wrongly addressed or expired ID token
(signed here with a test key through joserfc), a replayed state, an unknown person, and a
provider that is down."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from joserfc import jwt
from joserfc.jwk import OctKey, RSAKey
from selenium.webdriver.common.by import By

from tests.conftest import PEOPLE
from tests.test_web import (
    assert_accessible,
    body,
    browser,  # noqa: F401 (a fixture)
    free_port,
    invoke,
    requests_in_db,
    wait_for,
)
from wikitrack.cli.commands import App
from wikitrack.config import load_config
from wikitrack.sandbox import Sandbox

ROOT = Path(__file__).resolve().parent.parent
PROVIDER_DIR = ROOT / "tests" / "oidc"
CLIENT_SECRET = "test-client-secret-not-for-production"
EMAILS = {"J. Smit": "j.smit@almere.example", "A. de Vries": "a.devries@almere.example"}


def sso_config(directory: Path, sandbox_dir: Path | str, issuer: str, site: str) -> Path:
    people = PEOPLE
    for name, address in EMAILS.items():
        people = people.replace(f'name = "{name}"\n', f'name = "{name}"\nemail = "{address}"\n')
    path = directory / "wikitrack.toml"
    path.write_text(
        f'log_file = "wikitrack.log"\n[database]\npath = "wikitrack.db"\n'
        f'[watchlists]\ndir = "watchlists"\n[wiki]\nurl = "sandbox"\n[sandbox]\n'
        f'dir = "{sandbox_dir}"\n[web]\nauth = "oidc"\npublic_url = "{site}"\nissuer = "{issuer}"\n'
        'client_id = "wikitrack"\nsession_hours = 1\n'
        'contact = "redactie-eigen-media@almere.example"\n' + people,
        encoding="utf-8",
    )
    return path


@pytest.fixture
def provider_port() -> int:
    return free_port()


@pytest.fixture
def site_port() -> int:
    return free_port()


@pytest.fixture
def provider(provider_port: int, site_port: int, tmp_path: Path):
    """oidc-provider on 127.0.0.1, our redirect and logout URIs registered for its client."""
    node = shutil.which("node")
    if node is None or not (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
        pytest.fail("the test provider is not installed: run scripts/setup.sh (npm ci)")
    site = f"http://127.0.0.1:{site_port}"
    proc = subprocess.Popen(
        [
            node,
            "provider.mjs",
            str(provider_port),
            site + "/sso/terug",
            site + "/inloggen",
            site + "/sso/afmelden",
        ],
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=(tmp_path / "provider.log").open("w"),
        text=True,
    )
    assert proc.stdout is not None
    deadline = time.monotonic() + 30
    while "ready" not in proc.stdout.readline():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the test provider did not start")
    yield f"http://127.0.0.1:{provider_port}"
    proc.terminate()
    proc.wait(10)


def serve(app: App, workdir: Path, port: int) -> subprocess.Popen[bytes]:
    wikitrack = str(Path(sys.executable).with_name("wikitrack"))
    return subprocess.Popen(
        [wikitrack, "--config", str(app.config_path), "serve", "--port", str(port)],
        cwd=workdir,
        env={**os.environ, "WIKITRACK_OIDC_SECRET": CLIENT_SECRET},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.fixture
def sso_site(workdir: Path, sandbox: Sandbox, provider: str, site_port: int):
    site = f"http://127.0.0.1:{site_port}"
    app = App(config_path=sso_config(workdir, sandbox.dir, provider, site))
    assert invoke(app, "watchlist", "sync").exit_code == 0
    assert invoke(app, "check").exit_code == 0
    proc = serve(app, workdir, site_port)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(site + "/inloggen", timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(proc.stderr.read().decode() if proc.stderr else "serve died")
            time.sleep(0.2)
    yield app, site
    proc.terminate()
    proc.wait(10)


def sign_in_at_provider(chromium: Any, login: str) -> None:
    """The provider's development screens: any login of its accounts, any password, consent."""
    wait_for(chromium, lambda b: b.find_elements(By.NAME, "login"))
    chromium.find_element(By.NAME, "login").send_keys(login)
    chromium.find_element(By.NAME, "password").send_keys("elk-wachtwoord")
    chromium.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait_for(chromium, lambda b: "Continue" in b.page_source or "/sso/" not in b.current_url)
    if chromium.find_elements(By.XPATH, "//button[contains(., 'Continue')]"):
        chromium.find_element(By.XPATH, "//button[contains(., 'Continue')]").click()


def test_sign_in_file_a_request_sign_out_and_the_old_cookie_is_refused(
    sso_site: tuple[App, str],
    browser: Any,  # noqa: F811 (the fixture)
    workdir: Path,
):
    app, site = sso_site
    browser.get(site + "/mijn-terrein")
    wait_for(browser, lambda b: "/inloggen" in b.current_url)
    assert "Inloggen met uw account van de gemeente" in body(browser)
    assert not browser.find_elements(By.ID, "wachtwoord")  # no passwords with single sign-on
    assert_accessible(browser)
    browser.find_element(By.ID, "inloggen").click()
    sign_in_at_provider(browser, "jsmit")
    wait_for(browser, lambda b: "/mijn-terrein" in b.current_url)
    text = body(browser)
    assert "Ingelogd als J. Smit" in text and "Bestuur & organisatie" in text
    assert "Sport" not in text
    assert_accessible(browser)

    browser.get(site + "/review-aanvragen")
    browser.find_element(By.ID, "lemma").send_keys("Almere")
    browser.find_element(By.ID, "reden").send_keys("Het inwonertal lijkt verouderd.")
    browser.find_element(By.ID, "indienen").click()
    wait_for(browser, lambda b: "/mijn-verzoeken" in b.current_url)
    assert "is ingediend" in body(browser)
    (filed,) = requests_in_db(app)
    assert (filed["title"], filed["requested_by"]) == ("Almere", "J. Smit")

    old = browser.get_cookie("wikitrack_sessie")["value"]
    assert requests.get(site + "/mijn-terrein", cookies={"wikitrack_sessie": old}, timeout=10).ok
    browser.find_element(By.CSS_SELECTOR, "form.uitloggen button").click()
    # the provider's own logout (RP-initiated), which comes back to our login page
    wait_for(browser, lambda b: b.find_elements(By.NAME, "logout") or "/inloggen" in b.current_url)
    if browser.find_elements(By.NAME, "logout"):
        browser.find_element(By.NAME, "logout").click()
    wait_for(browser, lambda b: "/inloggen" in b.current_url and site in b.current_url)
    assert "U bent uitgelogd." in body(browser)
    answer = requests.get(
        site + "/mijn-terrein", cookies={"wikitrack_sessie": old}, allow_redirects=False, timeout=10
    )
    assert answer.status_code == 302 and "/inloggen" in answer.headers["Location"]
    # signed out at the provider too: signing in again asks for the login once more
    browser.get(site + "/inloggen")
    browser.find_element(By.ID, "inloggen").click()
    wait_for(browser, lambda b: b.find_elements(By.NAME, "login"))

    users = (workdir / "web-users.json").read_text()
    assert ' jsmit"' in users  # the provider's stable ID, recorded on first sign-in
    log = (workdir / "wikitrack.log").read_text()
    assert "web sign-in: J. Smit" in log and "web sign-out: J. Smit" in log
    assert CLIENT_SECRET not in log and "eyJ" not in log  # no secret, no token


def test_signing_out_at_the_provider_ends_our_session_too(
    sso_site: tuple[App, str],
    browser: Any,  # noqa: F811 (the fixture)
    provider: str,
    workdir: Path,
):
    """Back-channel logout: the provider posts a signed logout token to /sso/afmelden."""
    _, site = sso_site
    browser.get(site + "/inloggen")
    browser.find_element(By.ID, "inloggen").click()
    sign_in_at_provider(browser, "jsmit")
    wait_for(browser, lambda b: "/mijn-terrein" in b.current_url)
    old = browser.get_cookie("wikitrack_sessie")["value"]
    browser.get(provider + "/session/end")  # signing out at the provider, not with our button
    wait_for(browser, lambda b: b.find_elements(By.NAME, "logout"))
    browser.find_element(By.NAME, "logout").click()
    wait_for(browser, lambda b: "/session/end" not in b.current_url or "Sign-out" in body(b))
    deadline = time.monotonic() + 10
    answer = None
    while time.monotonic() < deadline:
        answer = requests.get(
            site + "/mijn-terrein",
            cookies={"wikitrack_sessie": old},
            allow_redirects=False,
            timeout=10,
        )
        if answer.status_code == 302:
            break
        time.sleep(0.2)
    assert answer is not None and answer.status_code == 302
    assert "web sign-out by the provider: J. Smit" in (workdir / "wikitrack.log").read_text()


def test_someone_not_in_people_gets_one_page_that_says_whom_to_ask(
    sso_site: tuple[App, str],
    browser: Any,  # noqa: F811 (the fixture)
    workdir: Path,
):
    _, site = sso_site
    browser.get(site + "/inloggen")
    browser.find_element(By.ID, "inloggen").click()
    sign_in_at_provider(browser, "onbekend")
    wait_for(browser, lambda b: "Geen toegang" in b.page_source)
    text = body(browser)
    assert "redactie-eigen-media@almere.example" in text
    assert "Mijn terrein" not in text and "Uitloggen" not in text
    assert_accessible(browser)
    browser.get(site + "/mijn-terrein")
    wait_for(browser, lambda b: "/inloggen" in b.current_url)
    log = (workdir / "wikitrack.log").read_text()
    assert "web sign-in refused: iemand@almere.example" in log


# --- the way back, with ID tokens signed here (Flask's test client, no provider) -------------

ISSUER = "https://login.almere.example"
KEY = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "test-key"})


@pytest.fixture
def local(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The web view with single sign-on against a provider whose metadata and keys are set
    here; the token endpoint answers with whatever the test put in `sent`."""
    from wikitrack import store
    from wikitrack.web.flask_app import create_app

    config_path = sso_config(tmp_path, tmp_path / "sb", ISSUER, "https://wikitrack.almere.example")
    config = load_config(config_path)
    store.open_db(config.db_path, create=True).conn.close()
    flask_app = create_app(config, "test-secret", CLIENT_SECRET)
    client = flask_app.extensions["wikitrack_sso"].create_client("sso")
    client.server_metadata.update(
        issuer=ISSUER,
        authorization_endpoint=ISSUER + "/authorize",
        token_endpoint=ISSUER + "/token",
        end_session_endpoint=ISSUER + "/logout",
        jwks={"keys": [KEY.as_dict(private=False)]},
        # what a careless provider might name: wikitrack accepts only the public-key ones
        id_token_signing_alg_values_supported=["RS256", "HS256", "none"],
        _loaded_at=time.time(),
    )
    sent: dict[str, Any] = {}
    monkeypatch.setattr(client, "fetch_access_token", lambda **kw: dict(sent))
    return flask_app.test_client(), sent, tmp_path


def start(test_client: Any) -> dict[str, str]:
    answer = test_client.get("/sso/start")
    assert answer.status_code == 302
    query = parse_qs(urlsplit(answer.headers["Location"]).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    return {k: v[0] for k, v in query.items()}


def claims(nonce: str, **more: Any) -> dict[str, Any]:
    now = int(time.time())
    return {
        "iss": ISSUER,
        "aud": "wikitrack",
        "sub": "sub-jsmit",
        "email": EMAILS["J. Smit"],
        "email_verified": True,
        "iat": now,
        "exp": now + 600,
        "nonce": nonce,
    } | more


def id_token(nonce: str, key: RSAKey = KEY, **more: Any) -> str:
    return str(jwt.encode({"alg": "RS256", "kid": "test-key"}, claims(nonce, **more), key))


def come_back(test_client: Any, sent: dict[str, Any], query: dict[str, str], token: str) -> Any:
    sent.update(access_token="at", token_type="Bearer", id_token=token)
    return test_client.get(f"/sso/terug?code=c&state={query['state']}")


def test_a_good_token_signs_in_and_each_attack_is_refused(local) -> None:
    test_client, sent, directory = local

    def unsigned(nonce: str) -> str:
        part = [
            base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()
            for d in ({"alg": "none", "typ": "JWT"}, claims(nonce))
        ]
        return f"{part[0]}.{part[1]}."

    def tampered(nonce: str) -> str:
        head, _, signature = id_token(nonce).split(".")
        return f"{head}.{id_token(nonce, sub='sub-kvisser').split('.')[1]}.{signature}"

    attacks = {
        "tampered": tampered,
        "other key": lambda n: id_token(n, key=OTHER_KEY),
        "wrong audience": lambda n: id_token(n, aud="another-app"),
        "another app's token naming us as azp": lambda n: id_token(
            n, aud="another-app", azp="wikitrack"
        ),
        "wrong issuer": lambda n: id_token(n, iss="https://evil.example"),
        "expired": lambda n: id_token(n, exp=int(time.time()) - 3600, iat=1),
        "wrong nonce": lambda n: id_token("not-the-nonce"),
        "unsigned": unsigned,
        "signed with the client secret": lambda n: str(
            jwt.encode({"alg": "HS256"}, claims(n), OctKey.import_key(CLIENT_SECRET))
        ),
    }
    for name, make in attacks.items():
        query = start(test_client)
        token = make(query["nonce"])
        answer = come_back(test_client, sent, query, token)
        assert answer.status_code == 400, name
        assert "Geen toegang" in answer.text and token not in answer.text, name
        assert test_client.get("/mijn-terrein").status_code == 302, name

    query = start(test_client)
    answer = come_back(test_client, sent, query, id_token(query["nonce"]))
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/mijn-terrein")
    assert "J. Smit" in test_client.get("/mijn-terrein").text
    # the same state again (a replayed answer) signs nobody in
    fresh = type(test_client)(test_client.application)
    replayed = come_back(fresh, sent, query, id_token(query["nonce"]))
    assert replayed.status_code == 400
    assert fresh.get("/mijn-terrein").status_code == 302
    again = come_back(test_client, sent, query, id_token(query["nonce"]))
    assert again.status_code == 400
    # the provider's error comes back through the browser: one line of the log, however written
    forged_line = "x\n2026-01-01 00:00:00,000 [1] INFO web sign-in: A. de Vries"
    answer = test_client.get(
        "/sso/terug", query_string={"error": "access_denied", "error_description": forged_line}
    )
    assert answer.status_code == 400
    log = (directory / "wikitrack.log").read_text()
    assert "x?2026-01-01" in log
    assert not any(line.startswith("2026-01-01") for line in log.splitlines())
    assert log.count("web sign-in refused") == len(attacks) + 3
    assert "MismatchingStateError" in log and "eyJ" not in log and CLIENT_SECRET not in log


def test_the_stable_id_wins_removal_and_disabling_end_the_session_at_once(local) -> None:
    test_client, sent, directory = local
    query = start(test_client)
    come_back(test_client, sent, query, id_token(query["nonce"]))
    assert "J. Smit" in test_client.get("/mijn-terrein").text
    # another account that now carries J. Smit's address is not J. Smit
    other = type(test_client)(test_client.application)
    query = start(other)
    answer = come_back(other, sent, query, id_token(query["nonce"], sub="sub-someone-else"))
    assert answer.status_code == 403
    # J. Smit's own account with a changed address still is
    query = start(other)
    come_back(other, sent, query, id_token(query["nonce"], email="jan.smit@almere.example"))
    assert "J. Smit" in other.get("/mijn-terrein").text

    users = App(config_path=directory / "wikitrack.toml")
    login = next(iter(json.loads((directory / "web-users.json").read_text())))
    assert invoke(users, "web-user", "disable", login).exit_code == 0
    assert test_client.get("/mijn-terrein").status_code == 302  # ended, no restart
    query = start(test_client)
    assert come_back(test_client, sent, query, id_token(query["nonce"])).status_code == 403
    desk = type(test_client)(test_client.application)
    query = start(desk)
    come_back(
        desk, sent, query, id_token(query["nonce"], sub="sub-avries", email=EMAILS["A. de Vries"])
    )
    assert "A. de Vries" in desk.get("/mijn-terrein").text
    config = directory / "wikitrack.toml"
    text = config.read_text()
    config.write_text(text.replace('name = "A. de Vries"', 'name = "A. de Vries (vertrokken)"'))
    assert desk.get("/mijn-terrein").status_code == 302  # removed from [[people]]


def test_a_provider_that_is_down_gets_a_dutch_page_and_a_clear_exit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wikitrack import store
    from wikitrack.web.flask_app import create_app

    down = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    config_path = sso_config(tmp_path, tmp_path / "sb", down, "https://wikitrack.almere.example")
    config = load_config(config_path)
    store.open_db(config.db_path, create=True).conn.close()
    test_client = create_app(config, "test-secret").test_client()
    answer = test_client.get("/sso/start")
    assert answer.status_code == 503
    assert "De inlogdienst van de gemeente is nu niet bereikbaar" in answer.text
    assert "Traceback" not in answer.text

    app = App(config_path=config_path)
    served = invoke(app, "serve", "--port", str(free_port()))
    assert served.exit_code == 1, served.output
    assert "sign-in provider" in served.output and "Traceback" not in served.output
    doctor = invoke(app, "doctor")
    assert "sign-in provider" in doctor.output and "cannot be read" in doctor.output
    assert doctor.exception is None or isinstance(doctor.exception, SystemExit)


def test_doctor_checks_the_real_providers_discovery_and_keys(
    provider: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_path = sso_config(tmp_path, tmp_path / "sb", provider, "http://127.0.0.1:8080")
    monkeypatch.setenv("WIKITRACK_OIDC_SECRET", CLIENT_SECRET)
    doctor = invoke(App(config_path=config_path), "doctor")
    lines = doctor.output
    assert "discovery document ok" in lines, lines
    assert re.search(r"\d+ signing key\(s\) at .*/jwks; ID token algorithms .*RS256", lines), lines
    assert "S256 supported" in lines and "/session/end" in lines
    assert "register http://127.0.0.1:8080/sso/terug" in lines
    assert "http://127.0.0.1:8080/sso/afmelden as its back-channel logout URI" in lines
    assert CLIENT_SECRET not in lines


def test_the_desk_group_limits_the_desk_role_and_sessions_last_session_hours(
    local, monkeypatch: pytest.MonkeyPatch
) -> None:
    test_client, sent, directory = local
    web = test_client.application.extensions["wikitrack"]
    config = web.config
    # B. Bos is desk with an area of their own: without the group, only that area
    config_path = directory / "wikitrack.toml"
    text = config_path.read_text()
    config_path.write_text(
        text.replace('name = "B. Bos"\n', 'name = "B. Bos"\nemail = "b.bos@almere.example"\n')
    )
    from dataclasses import replace

    object.__setattr__(
        web, "config", replace(config, web=replace(config.web, desk_group="redactie"))
    )
    query = start(test_client)
    claims = {"sub": "sub-bbos", "email": "b.bos@almere.example"}
    come_back(test_client, sent, query, id_token(query["nonce"], **claims, groups=["beleid"]))
    page_text = test_client.get("/mijn-terrein").text
    assert "B. Bos" in page_text and "(redactie)" not in page_text
    desk = type(test_client)(test_client.application)
    query = start(desk)
    come_back(desk, sent, query, id_token(query["nonce"], **claims, groups=["redactie"]))
    assert "(redactie)" in desk.get("/mijn-terrein").text
    # A. de Vries is desk without areas: without the group there is nothing to show
    query = start(desk)
    answer = come_back(
        desk, sent, query, id_token(query["nonce"], sub="sub-avries", email=EMAILS["A. de Vries"])
    )
    assert answer.status_code == 403

    sessions = test_client.application.session_interface
    now = time.time()
    assert config.web.session_hours == 1
    sessions.clock = lambda: now + 3600 - 60
    assert test_client.get("/mijn-terrein").status_code == 200
    sessions.clock = lambda: now + 3600 + 1  # not idle for two hours, but past session_hours
    assert test_client.get("/mijn-terrein").status_code == 302


def logout_token(key: RSAKey = KEY, **more: Any) -> str:
    now = int(time.time())
    payload = {
        "iss": ISSUER,
        "aud": "wikitrack",
        "sub": "sub-jsmit",
        "iat": now,
        "jti": f"j{now}",
        "events": {"http://schemas.openid.net/event/backchannel-logout": {}},
    } | more
    return str(jwt.encode({"alg": "RS256", "kid": "test-key"}, payload, key))


def test_a_back_channel_logout_must_be_signed_by_the_provider(local) -> None:
    test_client, sent, directory = local
    query = start(test_client)
    come_back(test_client, sent, query, id_token(query["nonce"]))
    provider = type(test_client)(test_client.application)  # no cookie, no CSRF token
    forged = {
        "other key": logout_token(OTHER_KEY),
        "wrong audience": logout_token(aud="another-app"),
        "an ID token": id_token("n"),
        "too old": logout_token(iat=int(time.time()) - 3600),
        "not a token": "x.y.z",
    }
    for name, token in forged.items():
        assert provider.post("/sso/afmelden", data={"logout_token": token}).status_code == 400
        assert test_client.get("/mijn-terrein").status_code == 200, name
    assert provider.post("/sso/afmelden", data={"logout_token": logout_token()}).status_code == 200
    assert test_client.get("/mijn-terrein").status_code == 302
    log = (directory / "wikitrack.log").read_text()
    assert log.count("sign-out by the provider refused") == len(forged)
    assert "web sign-out by the provider: J. Smit" in log and "eyJ" not in log


def test_the_web_table_is_checked(tmp_path: Path) -> None:
    from wikitrack.errors import ConfigError

    path = sso_config(tmp_path, tmp_path / "sb", "ftp://login.example", "https://w.example")
    text = path.read_text().replace('client_id = "wikitrack"\n', "")
    path.write_text(text.replace("session_hours = 1\n", "session_hours = 48\n"))
    with pytest.raises(ConfigError) as found:
        load_config(path)
    message = str(found.value)
    assert 'needs issuer = "https://..."' in message and "client_id" in message
    assert "session_hours must be between 0 and 24" in message
    path.write_text(text.replace('auth = "oidc"', 'auth = "saml"'))
    with pytest.raises(ConfigError, match='auth must be "password" or "oidc"'):
        load_config(path)
    path.write_text(PEOPLE.replace('name = "B. Bos"\n', 'name = "B. Bos"\nemail = "bos"\n'))
    with pytest.raises(ConfigError, match="email of 'B. Bos' must be an e-mail address"):
        load_config(path)
    twice = PEOPLE.replace(
        'name = "B. Bos"\n', 'name = "B. Bos"\nemail = "J.Smit@almere.example"\n'
    )
    path.write_text(
        twice.replace('name = "J. Smit"\n', 'name = "J. Smit"\nemail = "j.smit@almere.example"\n')
    )
    with pytest.raises(ConfigError, match="'J. Smit' has the email of another person"):
        load_config(path)
    path.write_text(PEOPLE)
    assert load_config(path).web.auth == "password"  # the default: passwords as before


def test_password_sign_ins_refusals_and_sign_outs_are_logged_without_the_password(
    tmp_path: Path,
) -> None:
    from wikitrack import store
    from wikitrack.web.flask_app import create_app

    path = tmp_path / "wikitrack.toml"
    path.write_text('log_file = "wikitrack.log"\n' + PEOPLE, encoding="utf-8")
    app = App(config_path=path)
    password = "fiets-haring-paraplu-kade"
    added = invoke(
        app, "web-user", "add", "jsmit", "--name", "J. Smit", "--password-stdin", input=password
    )
    assert added.exit_code == 0, added.output
    config = load_config(path)
    store.open_db(config.db_path, create=True).conn.close()
    client = create_app(config, "test-secret").test_client()

    def log_in(secret: str) -> int:
        form = client.get("/inloggen").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token
        data = {"csrf_token": token.group(1), "gebruikersnaam": "jsmit", "wachtwoord": secret}
        return int(client.post("/inloggen", data=data).status_code)

    assert log_in("verkeerd-wachtwoord-123") == 401
    assert log_in(password) == 302
    page = client.get("/mijn-terrein").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert (
        token and client.post("/uitloggen", data={"csrf_token": token.group(1)}).status_code == 302
    )
    log = (tmp_path / "wikitrack.log").read_text()
    assert "web sign-in refused: 'jsmit' (password)" in log
    assert "web sign-in: J. Smit (password, login jsmit)" in log
    assert "web sign-out: J. Smit (login jsmit)" in log
    assert password not in log and "verkeerd-wachtwoord-123" not in log


def test_the_provider_down_page_in_chromium_is_accessible(
    tmp_path: Path,
    browser: Any,  # noqa: F811 (the fixture)
) -> None:
    import threading

    from werkzeug.serving import make_server

    from wikitrack import store
    from wikitrack.web.flask_app import create_app

    port = free_port()
    down = f"http://127.0.0.1:{free_port()}"
    config = load_config(sso_config(tmp_path, tmp_path / "sb", down, f"http://127.0.0.1:{port}"))
    store.open_db(config.db_path, create=True).conn.close()
    server = make_server("127.0.0.1", port, create_app(config, "test-secret"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        browser.get(f"http://127.0.0.1:{port}/inloggen")
        browser.find_element(By.ID, "inloggen").click()
        wait_for(browser, lambda b: "Inloggen kan nu niet" in b.page_source)
        assert "niet bereikbaar" in body(browser)
        assert_accessible(browser)
    finally:
        server.shutdown()


def test_an_address_the_provider_does_not_vouch_for_matches_nobody(local) -> None:
    """Entra ID sends no email_verified, and a user or a guest's home tenant may set `email`:
    matching a person who never signed in by such an address would let anyone become them."""
    test_client, sent, _ = local
    for unvouched in ({"email_verified": False}, {"email_verified": None}):
        query = start(test_client)
        answer = come_back(test_client, sent, query, id_token(query["nonce"], **unvouched))
        assert answer.status_code == 403, unvouched
        assert test_client.get("/mijn-terrein").status_code == 302
    query = start(test_client)
    entra = {"email_verified": None, "xms_edov": True}
    answer = come_back(test_client, sent, query, id_token(query["nonce"], **entra))
    assert answer.status_code == 302 and "J. Smit" in test_client.get("/mijn-terrein").text


def test_a_login_bound_to_one_account_is_never_moved_to_another(tmp_path: Path) -> None:
    from wikitrack.access.logins import bind_sso
    from wikitrack.config import Person

    users = tmp_path / "web-users.json"
    person = Person("J. Smit", "policy", ("bestuur",))
    first = bind_sso(users, person, "https://idp sub-1")
    assert first is not None and first.subject == "https://idp sub-1"
    assert bind_sso(users, person, "https://idp sub-2") is None
    again = bind_sso(users, person, "https://idp sub-1")
    assert again is not None and again.login == first.login
