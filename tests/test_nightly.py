"""`nightly` as cron runs it, night after night: against the sandbox, mailing a real SMTP server
(aiosmtpd). Nothing is mailed twice; a backlog goes out as one mail per contact."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from wikitrack.app.context import wiki_api_url
from wikitrack.cli.commands import App
from wikitrack.sandbox import Sandbox

from .conftest import write_config
from .test_mail import free_port, invoker, mail_config, smtp  # noqa: F401 (smtp: a fixture)

DESK = "redactie@almere.example"
KEEP = ("zorg", "verkeer")


def recipients(inbox) -> Counter:
    return Counter(r for rcpt, _ in inbox.messages for r in rcpt)


@pytest.fixture
def nightly_env(smtp, sandbox: Sandbox, workdir: Path):  # noqa: F811 (the fixture)
    """Two areas synced and baselined; `run(*args)` invokes the CLI with a fresh App."""
    inbox, port = smtp
    for f in (workdir / "watchlists").glob("*.toml"):
        if f.stem not in KEEP:
            f.unlink()
    cfg = write_config(workdir, sandbox.dir, extra=mail_config(port))
    run = invoker(cfg)
    assert run("watchlist", "sync").exit_code == 0
    assert run("check").exit_code == 0  # baseline
    assert run("nightly").exit_code == 0  # the first window: nothing new yet
    inbox.messages.clear()
    return inbox, port, cfg, run


def amsterdam_today() -> date:
    """The CLI dates due dates in Amsterdam, a day ahead of UTC for an hour or two at night."""
    from wikitrack.report.rendering import TIMEZONE

    return datetime.now(TIMEZONE).date()


def test_an_overdue_request_is_mailed_once_a_day_not_every_run(nightly_env, sandbox: Sandbox):
    inbox, _, cfg, run = nightly_env
    # A due date in the past is refused when filing, so file one for today and let it lapse.
    filed = run(
        "review", "request", "GGD Flevoland", "--area", "zorg", "--by", "M. Jansen",
        "--reason", "klopt het adres nog?", "--due", amsterdam_today().isoformat(),
    )  # fmt: skip
    assert filed.exit_code == 0, filed.output
    past_due = (amsterdam_today() - timedelta(days=2)).isoformat()
    App(config_path=cfg).db.execute("UPDATE review_requests SET due = ? WHERE id = 1", [past_due])
    outputs = []
    for _ in range(3):
        result = run("nightly")
        assert result.exit_code == 0, result.output
        outputs.append(recipients(inbox))
    assert outputs[0] == Counter({"zorg@almere.example": 1, DESK: 1})
    assert outputs[1] == outputs[2] == outputs[0]  # nothing more in runs two and three
    body = inbox.messages[0][1].get_body(("plain",)).get_content()
    assert "GGD Flevoland" in body and "klopt het adres nog?" in body

    # The next day the reminder goes out once more, to the same two recipients.
    from wikitrack import store
    from wikitrack.mail.nightly import run_nightly

    app = App(config_path=cfg)
    run_id = store.start_run(app.db, area=None, since=None, method="batched")
    store.finish_run(app.db, run_id, status="ok")
    sent = []
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    outcome = run_nightly(
        app.db,
        app.config,
        _areas(app),
        run_id,
        send=sent.append,
        now=tomorrow,
        api_url=wiki_api_url(app.config),
    )
    assert sorted(m["To"] for m in sent) == [DESK, "zorg@almere.example"]
    assert outcome.failed == []


def _areas(app: App):
    from wikitrack.watchlist.lists import load_watchlists

    return load_watchlists(app.config.watchlists_dir)


def test_a_backlog_goes_out_as_one_mail_per_contact(nightly_env, sandbox: Sandbox):
    inbox, port, cfg, run = nightly_env
    dead = free_port()
    cfg.write_text(cfg.read_text().replace(f"port = {port}", f"port = {dead}"))
    fatima = sandbox.actor("Fatima El Amrani")
    for night in (1, 2):
        fatima.edit("GGD Flevoland", None, f"nacht {night}", append=f"\nNacht {night}.")
        fatima.edit("Flevolijn", None, f"spoor {night}", append=f"\nSpoor {night}.")
        down = run("nightly")
        assert down.exit_code == 3
        # One line for the dead server, not one per recipient.
        lines = down.output.strip().splitlines()
        assert lines == [
            f"error: mail server 127.0.0.1:{dead} unreachable (Connection refused): "
            "3 mail(s) kept for the next run"
        ]
    assert inbox.messages == []
    cfg.write_text(cfg.read_text().replace(f"port = {dead}", f"port = {port}"))
    fatima.edit("GGD Flevoland", None, "nacht 3", append="\nNacht 3.")
    up = run("nightly")
    assert up.exit_code == 0, up.output
    assert recipients(inbox) == Counter(
        {"zorg@almere.example": 1, "verkeer@almere.example": 1, DESK: 1}
    )
    mails = {rcpt[0]: msg.get_body(("plain",)).get_content() for rcpt, msg in inbox.messages}
    assert all(f"nacht {n}" in mails["zorg@almere.example"] for n in (1, 2, 3))
    assert all(f"spoor {n}" in mails["verkeer@almere.example"] for n in (1, 2))
    assert all(f"nacht {n}" in mails[DESK] for n in (1, 2, 3))
    again = run("nightly")
    assert again.exit_code == 0 and len(inbox.messages) == 3


def test_a_broken_watchlist_stops_only_its_own_area(nightly_env, sandbox: Sandbox, workdir: Path):
    inbox, _, cfg, run = nightly_env
    fatima = sandbox.actor("Fatima El Amrani")
    fatima.edit("GGD Flevoland", None, "zorgnacht", append="\nZorgnacht.")
    fatima.edit("Flevolijn", None, "spoornacht", append="\nSpoornacht.")
    broken = workdir / "watchlists" / "verkeer.toml"
    text = broken.read_text()
    line = len(text.splitlines()) + 3
    broken.write_text(text + '\n[[lemma]]\ntitle = "Station" Almere"\n')
    where = f"{broken}:{line}"

    result = run("nightly")
    assert result.exit_code == 3
    assert result.output.startswith(f"error: {where}: malformed TOML")
    got = {rcpt[0]: msg for rcpt, msg in inbox.messages}
    assert sorted(got) == [DESK, "zorg@almere.example"]  # verkeer@'s list cannot be read
    assert "zorgnacht" in got["zorg@almere.example"].get_body(("plain",)).get_content()
    desk_text = got[DESK].get_body(("plain",)).get_content()
    desk_html = got[DESK].get_body(("html",)).get_content()
    assert f"Volglijst niet gelezen, herstel het bestand: {where} — malformed TOML" in desk_text
    assert where in desk_html
    assert where in (workdir / "wikitrack.log").read_text()

    again = run("nightly")  # still broken: stderr says so again, the desk is not mailed again
    assert again.exit_code == 3 and where in again.output
    assert len(inbox.messages) == 2

    checked = run("check")  # check behaves the same
    assert checked.exit_code == 3
    assert f"error: {where}: malformed TOML" in checked.output
    assert "pages checked" in checked.output
    only = run("check", "--area", "verkeer")
    assert only.exit_code == 2
    assert only.output.startswith("Error: the watchlist of area 'verkeer' cannot be read")
    assert where in only.output
