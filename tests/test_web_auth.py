"""Logging in to the web view, as an attacker would try it (issue 23, points 2 and 3), without a
wiki: sessions kept on the server and ended by logout and the `web-user` commands, a cookie
that says nothing, a throttle that slows guessing without locking the real person out, one
answer and one kind of password check for known and unknown logins, a bound on password
checks at once, and passwords that a breach list or the login predicts refused."""

from __future__ import annotations

import base64
import dataclasses
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from click.testing import CliRunner

from tests.conftest import PEOPLE
from wikitrack import store
from wikitrack.access import logins
from wikitrack.cli.commands import App, cli
from wikitrack.config import load_config
from wikitrack.errors import InputError

PASSWORD = "een-lang-wachtwoord"
CONFIG = (
    '[wiki]\nurl = "https://nl.wikipedia.org/w/api.php"\n'
    '[mail]\nsender = "wikitrack@almere.nl"\ndesk = ["redactie@almere.nl"]\n' + PEOPLE
)


class Clock:
    """The web's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 2_000_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> App:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "wikitrack.toml").write_text(CONFIG, encoding="utf-8")
    store.open_db(tmp_path / "wikitrack.db").close()
    app = App(config_path=tmp_path / "wikitrack.toml")
    for login, name in (("jsmit", "J. Smit"), ("kvisser", "K. Visser")):
        assert invoke(app, "web-user", "add", login, "--name", name, input=PASSWORD).exit_code == 0
    return app


def invoke(app: App, *args: str, input: str | None = None) -> Any:
    if input is not None:
        args = (*args, "--password-stdin")
    return CliRunner().invoke(cli, list(args), obj=App(config_path=app.config_path), input=input)


def web(app: App, clock: Clock | None = None) -> Any:
    from wikitrack.web.flask_app import create_app

    flask_app = create_app(load_config(app.config_path), "test-secret")
    if clock is not None:
        flask_app.session_interface.clock = clock  # type: ignore[attr-defined]
    return flask_app


def token(client: Any, path: str = "/inloggen", **kw: Any) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path, **kw).text)
    assert found
    return found.group(1)


def log_in(client: Any, login: str, password: str = PASSWORD, address: str = "192.0.2.10") -> int:
    env = {"REMOTE_ADDR": address}
    form = {"csrf_token": token(client, environ_base=env), "gebruikersnaam": login}
    answer = client.post("/inloggen", data={**form, "wachtwoord": password}, environ_base=env)
    return int(answer.status_code)


def logged_in(client: Any) -> bool:
    return int(client.get("/mijn-verzoeken").status_code) == 200


def cookie(client: Any) -> str:
    found = client.get_cookie("wikitrack_sessie")
    assert found is not None
    return str(found.value)


def replay(flask_app: Any, value: str) -> Any:
    """Another browser that sends a copied cookie."""
    thief = flask_app.test_client()
    thief.set_cookie("wikitrack_sessie", value)
    return thief


# -- point 2: sessions that end ------------------------------------------------------------------


def test_the_cookie_is_a_random_id_that_says_nothing(site: App):
    flask_app = web(site)
    client = flask_app.test_client()
    assert log_in(client, "jsmit") == 302 and logged_in(client)
    value = cookie(client)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", value)  # 32 random bytes, no dots, no payload
    assert len(base64.urlsafe_b64decode(value + "=")) == 32 and "jsmit" not in value
    again = flask_app.test_client()
    assert log_in(again, "jsmit") == 302 and cookie(again) != value  # random, not derived
    header = client.get("/mijn-verzoeken").headers["Set-Cookie"]
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
    https = flask_app.test_client().get("/inloggen", base_url="https://localhost")
    assert "Secure" in https.headers["Set-Cookie"] and "HttpOnly" in https.headers["Set-Cookie"]
    # what the database keeps is not the cookie either
    db = store.open_db(site.config.db_path)
    assert store.get_web_session(db, value) is None
    db.close()


def test_logging_out_ends_every_session_of_that_login_even_a_replayed_cookie(site: App):
    flask_app = web(site)
    desk, laptop, colleague = (flask_app.test_client() for _ in range(3))
    assert log_in(desk, "jsmit") == 302 and log_in(laptop, "jsmit") == 302
    assert log_in(colleague, "kvisser") == 302
    copied = cookie(desk)
    old_token = token(desk, "/review-aanvragen")
    answer = desk.post("/uitloggen", data={"csrf_token": old_token})
    assert answer.status_code == 302 and "U bent uitgelogd." in desk.get("/inloggen").text
    thief = replay(flask_app, copied)
    assert thief.get("/mijn-verzoeken").status_code == 302  # to the login page
    form = {"csrf_token": old_token, "terrein": "bestuur", "lemma": "Almere", "reden": "x"}
    assert thief.post("/review-aanvragen", data=form).status_code in (400, 403)
    assert not logged_in(laptop)  # the other browser of that login too
    assert logged_in(colleague)  # another login's session stays
    db = store.open_db(site.config.db_path)
    assert list(store.iter_reviews(db)) == []
    db.close()


@pytest.mark.parametrize(
    "command",
    [
        ("web-user", "disable", "jsmit"),
        ("web-user", "remove", "jsmit"),
        ("web-user", "passwd", "jsmit"),
    ],
    ids=lambda c: c[1],
)
def test_the_web_user_commands_end_the_sessions_of_that_login(site: App, command):
    flask_app = web(site)
    client, colleague = flask_app.test_client(), flask_app.test_client()
    assert log_in(client, "jsmit") == 302 and log_in(colleague, "kvisser") == 302
    copied = cookie(client)
    stdin = "een-nieuw-lang-wachtwoord" if command[1] == "passwd" else None
    done = invoke(site, *command, input=stdin)
    assert done.exit_code == 0, done.output
    if command[1] == "disable":  # enabling again revives no old session
        assert invoke(site, "web-user", "disable", "jsmit", "--enable").exit_code == 0
    assert not logged_in(replay(flask_app, copied)) and not logged_in(client)
    assert logged_in(colleague)
    if command[1] != "remove":
        password = stdin or PASSWORD
        assert log_in(client, "jsmit", password) == 302 and logged_in(client)


def test_a_request_under_way_does_not_revive_a_session_ended_meanwhile(site: App):
    from flask import request

    flask_app = web(site)
    client = flask_app.test_client()
    assert log_in(client, "jsmit") == 302
    headers = {"Cookie": f"wikitrack_sessie={cookie(client)}"}
    with flask_app.test_request_context("/mijn-verzoeken", headers=headers):
        sessions = flask_app.session_interface
        session = sessions.open_session(flask_app, request)
        assert session is not None and session["login"] == "jsmit"
        assert invoke(site, "web-user", "disable", "jsmit").exit_code == 0  # meanwhile
        session["_flashes"] = [("", "iets")]  # the request changes its session
        sessions.save_session(flask_app, session, flask_app.response_class())
    db = store.open_db(site.config.db_path)
    (left,) = db.execute("SELECT count(*) FROM web_sessions WHERE login = 'jsmit'").fetchone()
    db.close()
    assert left == 0


def test_a_restored_backup_opens_none_of_its_sessions(site: App):
    flask_app = web(site)
    before, after = flask_app.test_client(), flask_app.test_client()
    assert log_in(before, "jsmit") == 302
    made = invoke(site, "backup")
    assert made.exit_code == 0, made.output
    copied = cookie(before)  # a session the backup holds, ended after it was made
    assert before.post("/uitloggen", data={"csrf_token": token(before, "/mijn-verzoeken")})
    assert log_in(after, "kvisser") == 302
    (saved,) = (site.config.base_dir / "backups").iterdir()
    restored = invoke(site, "restore", str(saved))
    assert restored.exit_code == 0, restored.output
    assert not logged_in(replay(flask_app, copied)) and not logged_in(after)


def test_a_session_lapses_after_two_idle_hours_and_after_ten_hours_at_most(site: App):
    clock = Clock()
    flask_app = web(site, clock)
    client = flask_app.test_client()
    assert log_in(client, "jsmit") == 302
    clock.now += 2 * 3600 - 120
    assert logged_in(client)  # active: the idle time starts again
    clock.now += 2 * 3600 + 1
    assert not logged_in(client)
    assert log_in(client, "jsmit") == 302
    hourly = []
    for _ in range(11):
        clock.now += 3600 - 1
        hourly.append(logged_in(client))
    assert hourly == [True] * 10 + [False]  # in use every hour, yet out after ten


# -- point 3: a throttle that is no weapon ----------------------------------------------------


def test_an_attacker_hammering_a_login_does_not_keep_its_person_out(site: App):
    clock = Clock()
    flask_app = web(site, clock)
    attacker = flask_app.test_client()
    answers = []
    for n in range(40):
        login = ["jsmit", "JSMIT ", " j Smit"][n % 3]  # case and spaces ignored, counted as one
        answers.append(log_in(attacker, login, f"geraden-{n}", address="203.0.113.66"))
        clock.now += 1
    assert answers[:5] == [401] * 5 and 429 in answers  # slowed down, from that address
    assert log_in(attacker, "jsmit", address="203.0.113.66") == 429  # even the right one waits
    desk = flask_app.test_client()
    assert log_in(desk, "jsmit", address="192.0.2.10") == 302 and logged_in(desk)
    assert log_in(flask_app.test_client(), "jsmit", address="2001:db8:1::5") == 302
    # the attacker's wait is short and ends: the right password works after it
    clock.now += 301
    assert log_in(attacker, "jsmit", address="203.0.113.66") == 302


def test_one_name_guessed_from_many_addresses_is_slowed_for_all_for_a_minute_at_most(site: App):
    """An attacker with an address per guess (one IPv6 /64 each) is held to the login's delay
    once the name has 20 failures; the person then waits that short delay, never longer."""
    clock = Clock()
    flask_app = web(site, clock)
    answers = []
    for n in range(200):
        address = f"2001:db8:{n:x}::1"
        answers.append(log_in(flask_app.test_client(), "jsmit", f"geraden-{n}", address=address))
        clock.now += 0.1
    assert answers[:20] == [401] * 20 and answers.count(401) < 25 and 429 in answers
    person = flask_app.test_client()
    assert log_in(person, "jsmit", address="192.0.2.10") == 429  # held, but briefly
    clock.now += 61
    assert log_in(person, "jsmit", address="192.0.2.10") == 302 and logged_in(person)


def test_one_address_cannot_try_thirty_names_at_full_speed(site: App):
    flask_app = web(site, Clock())
    client = flask_app.test_client()
    answers = [log_in(client, f"naam{n}", "geraden-wachtwoord") for n in range(30)]
    assert answers == [401] * 10 + [429] * 20
    env = {"REMOTE_ADDR": "192.0.2.10"}
    form = {"csrf_token": token(client, environ_base=env), "gebruikersnaam": "jsmit"}
    held = client.post("/inloggen", data={**form, "wachtwoord": PASSWORD}, environ_base=env)
    assert held.status_code == 429 and held.headers["Retry-After"] == "1"
    assert "Wacht even en probeer het dan opnieuw (nog 1 s)." in held.text
    # a neighbour at another address is not held back
    assert log_in(flask_app.test_client(), "jsmit", address="198.51.100.7") == 302


@pytest.mark.parametrize(
    "target",
    [
        "/\t/evil.example",
        "/%09/evil.example",
        "/\n/evil.example",
        "/\\evil.example",
        "//evil.example",
        "https://evil.example/",
        "/\x7f/evil.example",
        "evil.example",
    ],
)
def test_after_logging_in_the_browser_only_goes_to_a_page_of_this_site(site: App, target: str):
    from urllib.parse import unquote

    client = web(site, Clock()).test_client()
    assert log_in(client, "jsmit") == 302
    answer = client.get("/inloggen", query_string={"volgende": unquote(target)})
    assert answer.status_code == 302 and answer.headers["Location"] == "/mijn-terrein"
    assert (
        client.get("/inloggen", query_string={"volgende": "/verzoeken?p=2"}).headers["Location"]
        == "/verzoeken?p=2"
    )


def test_the_delay_grows_and_stays_bounded():
    from wikitrack.access.logins import Delay, LoginThrottle

    throttle = LoginThrottle(
        per_address=Delay(free=3, cap=60.0), per_login=Delay(free=2, cap=30.0), window=900.0
    )
    now, waits = 1000.0, []
    for _ in range(12):
        throttle.failed("jsmit", "203.0.113.5", now)
        waits.append(throttle.wait("jsmit", "203.0.113.5", now))
        last, now = now, now + waits[-1]  # the attacker tries again the moment it may
    assert waits[:1] == [0.0] and waits == sorted(waits) and max(waits) == 60.0
    assert throttle.wait("jsmit", "192.0.2.1", last) == 0.0  # a client that never failed
    throttle.failed("iemand", "192.0.2.1", last)  # ... and once it failed, the login's count
    assert throttle.wait("jsmit", "192.0.2.1", last) == 30.0
    assert throttle.wait("jsmit", "192.0.2.1", last + 900) == 0.0  # forgotten after the window
    # one IPv6 home or office is one /64
    throttle.failed("x", "2001:db8:5:6::1", now)
    assert throttle.wait("y", "2001:db8:5:6:ffff::9", now) == throttle.wait(
        "y", "2001:db8:5:6::1", now
    )


def test_the_throttle_keeps_a_bounded_memory():
    from wikitrack.access.logins import LoginThrottle

    throttle = LoginThrottle(max_keys=100)
    for n in range(1000):
        throttle.failed(f"naam{n}", f"2001:db8:{n:x}::1", 1000.0 + n)
    assert len(throttle._logins) <= 100 and len(throttle._addresses) <= 100
    assert throttle.wait("naam999", "2001:db8:3e7::1", 2000.0) == 0.0  # the newest kept


def test_known_and_unknown_logins_get_one_answer_and_one_check_of_one_kind(
    site: App, monkeypatch: pytest.MonkeyPatch
):
    users = logins.load_users(site.config.base_dir / "web-users.json")
    getattr(logins, "dummy_hash", lambda: "")()  # made once, before any login
    real = logins._matches
    checked: list[str] = []
    made: list[str] = []
    monkeypatch.setattr(logins, "_matches", lambda h, p: checked.append(h) or real(h, p))
    monkeypatch.setattr(logins, "_hash", lambda p: made.append(p) or "")
    assert logins.check_login(users, site.config.people, "jsmit", "fout-wachtwoord") is None
    assert logins.check_login(users, site.config.people, "niemand", "fout-wachtwoord") is None
    assert made == []  # no hash is made during a login (main made one for an unknown name)
    kinds = [h.split("$")[0] for h in checked]  # e.g. "scrypt:32768:8:1"
    assert len(kinds) == 2 and kinds[0] == kinds[1]


def test_the_dummy_is_hashed_like_every_password():
    logins.dummy_hash.cache_clear()
    kind = logins._hash("een-lang-wachtwoord").split("$")[0]
    assert logins.dummy_hash().split("$")[0] == kind and kind.startswith("scrypt:")


def test_wrong_logins_answer_alike_whether_the_login_exists(site: App):
    flask_app = web(site, Clock())
    known = flask_app.test_client()
    env = {"REMOTE_ADDR": "192.0.2.20"}
    answers = []
    for login in ("jsmit", "niemand"):
        form = {"csrf_token": token(known, environ_base=env), "gebruikersnaam": login}
        answer = known.post("/inloggen", data={**form, "wachtwoord": "fout"}, environ_base=env)
        answers.append((answer.status_code, answer.text.replace(login, "NAAM")))
    assert answers[0][0] == answers[1][0] == 401
    strip = re.compile(r'name="csrf_token" value="[^"]+"')
    assert strip.sub("", answers[0][1]) == strip.sub("", answers[1][1])


def test_the_gate_runs_a_bounded_number_of_checks_and_turns_the_rest_away_at_once():
    from wikitrack.access.logins import HashGate

    gate = HashGate(slots=1, waiting=1, timeout=30.0)
    release, running, order = threading.Event(), threading.Event(), []
    peak, inside, lock = [0], [0], threading.Lock()

    def check(name: str) -> None:
        with gate.admit() as admitted:
            if not admitted:
                order.append(f"{name} refused")
                return
            with lock:
                inside[0] += 1
                peak[0] = max(peak[0], inside[0])
            order.append(f"{name} runs")
            running.set()
            release.wait(30)
            with lock:
                inside[0] -= 1

    first = threading.Thread(target=check, args=("first",))
    first.start()
    assert running.wait(30)
    second = threading.Thread(target=check, args=("second",))  # waits for the slot
    second.start()
    for _ in range(3000):  # until the second one waits for the slot
        if gate._admitted._value == 0:  # type: ignore[attr-defined]
            break
        release.wait(0.01)
    check("third")  # all taken: refused without waiting (it returns before the release)
    assert order == ["first runs", "third refused"]
    release.set()
    first.join(30)
    second.join(30)
    assert order == ["first runs", "third refused", "second runs"] and peak == [1]


@pytest.fixture
def served(site: App) -> Iterator[str]:
    """The web view under waitress with its production thread count, in this process."""
    import waitress.server

    from wikitrack.web import flask_app as webapp

    # serve's own options (main's serve had 4 threads, unnamed, and trusted no client address)
    options = getattr(webapp, "WAITRESS_OPTIONS", {"threads": 4})
    flask_app = web(site, Clock())  # the throttle's time stands still
    if hasattr(logins, "HashGate"):  # the one waiting keeps waiting, however slow the machine
        state = flask_app.extensions["wikitrack"]
        gate = logins.HashGate(timeout=120.0)
        flask_app.extensions["wikitrack"] = dataclasses.replace(state, gate=gate)
    server: Any = waitress.server.create_server(flask_app, host="127.0.0.1", port=0, **options)
    closing = threading.Event()

    def run() -> None:
        try:
            server.run()
        except (OSError, ValueError):  # its sockets closed under it at the end
            if not closing.is_set():
                raise

    threading.Thread(target=run, daemon=True).start()
    yield f"http://127.0.0.1:{server.effective_port}"
    closing.set()
    server.close()


def test_parallel_wrong_logins_leave_threads_for_the_pages(
    served: str, monkeypatch: pytest.MonkeyPatch
):
    """Eight slow password checks at once (held until the end) take a bounded number of the
    server's threads: a plain page still answers meanwhile, and the logins beyond the bound
    are told at once to try again."""
    held = threading.Event()
    real = logins._matches
    monkeypatch.setattr(logins, "_matches", lambda h, p: held.wait(60) and real(h, p))
    clients = []
    for _ in range(8):
        s = requests.Session()
        form = re.search(r'name="csrf_token" value="([^"]+)"', s.get(served + "/inloggen").text)
        assert form
        clients.append((s, form.group(1)))
    answers: list[int] = []

    def wrong(s: requests.Session, csrf: str) -> None:
        data = {"csrf_token": csrf, "gebruikersnaam": "jsmit", "wachtwoord": "fout-wachtwoord"}
        answers.append(s.post(served + "/inloggen", data=data, timeout=90).status_code)

    threads = [threading.Thread(target=wrong, args=c) for c in clients]
    try:
        for t in threads:
            t.start()
        for _ in range(600):  # the six beyond one running and one waiting are turned away
            if len(answers) >= 6:
                break
            held.wait(0.05)
        # the checks are still held: a page answers all the same (unbounded, all four of the
        # server's threads would hang in a check, and this would time out)
        assert requests.get(served + "/inloggen", timeout=20).status_code == 200
        assert answers == [503] * 6
    finally:
        held.set()
        for t in threads:
            t.join(90)
    assert sorted(answers) == [401, 401, *[503] * 6]


def test_behind_the_tls_proxy_each_client_is_counted_by_its_own_address(served: str):
    """The proxy on this machine (127.0.0.1) names the client in X-Forwarded-For: one client's
    failures do not hold back another behind the same proxy."""

    def attempt(client: str, password: str) -> int:
        s = requests.Session()
        s.headers["X-Forwarded-For"] = client
        form = re.search(r'name="csrf_token" value="([^"]+)"', s.get(served + "/inloggen").text)
        assert form
        data = {"csrf_token": form.group(1), "gebruikersnaam": "jsmit", "wachtwoord": password}
        return s.post(served + "/inloggen", data=data, allow_redirects=False).status_code

    assert [attempt("203.0.113.9", f"geraden-{n}") for n in range(6)] == [401] * 5 + [429]
    assert attempt("198.51.100.3", PASSWORD) == 302  # jsmit, at their own desk


# -- point 3: passwords a breach list or the login predicts -----------------------------------


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaa", "1234567890", "jsmitjsmit", "wachtwoord123", "qwertyuiop"]
)
def test_guessable_passwords_are_refused_at_add_and_passwd(site: App, password: str):
    added = invoke(site, "web-user", "add", "avries", "--name", "A. de Vries", input=password)
    assert added.exit_code == 2 and "too easy to guess" in added.output
    changed = invoke(site, "web-user", "passwd", "jsmit", input=password)
    assert changed.exit_code == 2 and "too easy to guess" in changed.output


def test_the_login_and_the_person_s_name_count_as_guesses(site: App):
    own = invoke(site, "web-user", "passwd", "jsmit", input="Jsmit!2031")
    assert own.exit_code == 2 and "too easy to guess" in own.output
    with pytest.raises(InputError, match="too easy to guess"):
        logins.check_password("Kvisser!2031", "kvisser", "K. Visser")
    logins.check_password("Kvisser!2031", "jsmit", "J. Smit")  # strong for anyone else
