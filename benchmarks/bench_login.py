"""Benchmark: wrong logins against the web view under waitress (its production thread count).

- A wrong password for a known and for an unknown login, one at a time: the median answer of
  each, now (one check of one kind either way) and the baseline (main before issue 23: an
  unknown login hashed a password and then checked it, twice the work).
- A plain page (the login form) while N clients send wrong logins as fast as they are
  answered: its median and slowest answer alone, under the flood now (`HashGate`: one check at
  a time, one waiting, the rest told to come back), and under the flood with the gate opened
  to N at once (the baseline: every login hashing in parallel). The throttle is switched off
  here, so the flood is all password checks.

Usage: python benchmarks/bench_login.py [--attackers 8] [--seconds 5] [--tries 20]
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import multiprocessing
import re
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import requests
import waitress.server

from wikitrack import store
from wikitrack.access import logins
from wikitrack.access.logins import Delay, HashGate, LoginThrottle, add_user
from wikitrack.config import load_config
from wikitrack.web.flask_app import WAITRESS_THREADS, create_app

PASSWORD = "een-lang-wachtwoord"
CONFIG = (
    '[wiki]\nurl = "https://nl.wikipedia.org/w/api.php"\n'
    '[mail]\nsender = "wikitrack@almere.nl"\ndesk = ["redactie@almere.nl"]\n'
    '[[people]]\nname = "J. Smit"\nrole = "policy"\nareas = ["bestuur"]\n'
)
NO_THROTTLE = LoginThrottle(per_address=Delay(10**9, 0.0), per_login=Delay(10**9, 0.0))


def serve(root: Path) -> tuple[Any, Any, str]:
    (root / "wikitrack.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(root / "wikitrack.toml")
    store.open_db(config.db_path).close()
    add_user(root / "web-users.json", config.people, "jsmit", "J. Smit", PASSWORD)
    app = create_app(config, "bench")
    app.extensions["wikitrack"] = dataclasses.replace(
        app.extensions["wikitrack"], throttle=NO_THROTTLE
    )
    server: Any = waitress.server.create_server(
        app, host="127.0.0.1", port=0, threads=WAITRESS_THREADS
    )
    threading.Thread(target=server.run, daemon=True).start()
    return app, server, f"http://127.0.0.1:{server.effective_port}"


def login_form(base: str) -> tuple[requests.Session, str]:
    s = requests.Session()
    found = re.search(r'name="csrf_token" value="([^"]+)"', s.get(base + "/inloggen").text)
    assert found
    return s, found.group(1)


def wrong_login(base: str, s: requests.Session, csrf: str, login: str) -> int:
    data = {"csrf_token": csrf, "gebruikersnaam": login, "wachtwoord": "fout-wachtwoord"}
    return s.post(base + "/inloggen", data=data, timeout=120).status_code


def known_and_unknown(base: str, tries: int) -> None:
    s, csrf = login_form(base)

    def both() -> tuple[float, float]:
        """Known and unknown in turn, so a busy moment of the machine falls on both alike."""
        times: dict[str, list[float]] = {"jsmit": [], "niemand": []}
        for _ in range(tries):
            for login, seen in times.items():
                t0 = time.perf_counter()
                wrong_login(base, s, csrf, login)
                seen.append(time.perf_counter() - t0)
        return statistics.median(times["jsmit"]), statistics.median(times["niemand"])

    known, unknown = both()
    made_once = logins.dummy_hash
    logins.dummy_hash = lambda: logins._hash("x")  # type: ignore[assignment] (main's way)
    try:
        base_known, base_unknown = both()
    finally:
        logins.dummy_hash = made_once
    print(f"{'wrong login, median answer':<40}{'now':>10}{'baseline':>10}")
    for label, now, then in (("known", known, base_known), ("unknown", unknown, base_unknown)):
        print(f"  {label + ' login':<38}{now * 1000:>8.0f}ms{then * 1000:>8.0f}ms")
    print(f"  unknown / known: now {unknown / known:.2f}, baseline {base_unknown / base_known:.2f}")


def page_times(base: str, seconds: float) -> list[float]:
    times = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t0 = time.perf_counter()
        assert requests.get(base + "/inloggen", timeout=120).status_code == 200
        times.append(time.perf_counter() - t0)
    return times


def flood(base: str, attackers: int, stop: Any, answers: Any) -> None:
    """In a process of its own (so the attackers' client code does not share the server's
    interpreter): `attackers` threads send wrong logins until `stop`; counts go to `answers`."""
    counts: dict[int, int] = {}
    lock = threading.Lock()
    forms = [login_form(base) for _ in range(attackers)]

    def attack(s: requests.Session, csrf: str) -> None:
        while not stop.is_set():
            code = wrong_login(base, s, csrf, "jsmit")
            with lock:
                counts[code] = counts.get(code, 0) + 1

    threads = [threading.Thread(target=attack, args=f) for f in forms]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    answers.put(counts)


def under_flood(base: str, attackers: int, seconds: float) -> tuple[list[float], dict[int, int]]:
    spawn = multiprocessing.get_context("spawn")
    stop, answers = spawn.Event(), spawn.Queue()
    proc = spawn.Process(target=flood, args=(base, attackers, stop, answers))
    proc.start()
    time.sleep(2.0)  # the flood is under way
    try:
        times = page_times(base, seconds)
    finally:
        stop.set()
    counts = answers.get(timeout=300)
    proc.join(300)
    return times, counts


def row(label: str, times: list[float], answers: dict[int, int] | None = None) -> None:
    told = (
        ""
        if answers is None
        else "  logins answered: "
        + ", ".join(f"{n}x {code}" for code, n in sorted(answers.items()))
    )
    print(
        f"  {label:<38}{statistics.median(times) * 1000:>8.1f}ms{max(times) * 1000:>9.1f}ms"
        f"  ({len(times)} pages){told}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--attackers", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--tries", type=int, default=20)
    args = ap.parse_args()
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth": expected
    root = Path(tempfile.mkdtemp(prefix="wikitrack-login-"))
    try:
        app, _, base = serve(root)
        known_and_unknown(base, args.tries)
        print(f"{'plain page (login form)':<40}{'median':>10}{'slowest':>11}")
        row("alone", page_times(base, args.seconds))
        times, answers = under_flood(base, args.attackers, args.seconds)
        row(f"{args.attackers} wrong logins at once, now", times, answers)
        state = app.extensions["wikitrack"]
        app.extensions["wikitrack"] = dataclasses.replace(
            state, gate=HashGate(slots=args.attackers, waiting=0)
        )
        times, answers = under_flood(base, args.attackers, args.seconds)
        row(f"{args.attackers} wrong logins at once, baseline", times, answers)
        # the server's thread ends with the process (closing its sockets under it would not)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
