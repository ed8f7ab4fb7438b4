"""`wikitrack health` against the sandbox: the seed's lemmas with known problems
(wikitrack/sandbox/seed/health/), each kind found exactly, ranked as configured."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wikitrack.cli.commands import App, cli
from wikitrack.report.rendering import TIMEZONE
from wikitrack.sandbox import Sandbox
from wikitrack.store.health_findings import latest_health_run

from . import test_corrections, test_mail
from .conftest import write_config
from .test_corrections import propose
from .test_mail import mail_config

smtp_server = test_mail.smtp  # test_mail's real SMTP server, as a fixture here
wijkraad = test_corrections.lemma  # a fresh lemma on the 'bestuur' watchlist, synced

SEEDED = (
    "Muziekwijk",
    "Corrosia",
    "Noorderplassen",
    "Filmwijk",
    "Stedenwijk",
    "Esplanade (Almere)",
    "Waterwijk",
    "Wijkcentrum De Schakel (Almere)",
    "Kruidenwijk",  # no problems: never listed
)


def invoke(app: App, *args: str):
    return CliRunner().invoke(cli, list(args), obj=app)


@pytest.fixture
def health_area(app: App, sandbox: Sandbox, workdir: Path):
    """An area watching the seeded problem lemmas, a page deleted after the sync, and a review
    request on one lemma."""
    gone = f"Buurtmoestuin {uuid.uuid4().hex[:6]}"
    admin = sandbox.actor("Beheerder")
    admin.edit(gone, "'''Buurtmoestuin''' in [[Almere]].", "nieuw")
    for f in (workdir / "watchlists").glob("*.toml"):
        f.unlink()
    (workdir / "watchlists" / "wijken.toml").write_text(
        'name = "Wijken"\ncontacts = ["wijken@almere.example"]\n'
        + "".join(f'[[lemma]]\ntitle = "{t}"\n' for t in (*SEEDED, gone)),
        encoding="utf-8",
    )
    result = invoke(app, "watchlist", "sync")
    assert result.exit_code == 0, result.output
    admin.delete(gone, "Geen encyclopedische relevantie")
    result = invoke(
        app,
        "review",
        "request",
        "Muziekwijk",
        "--area",
        "wijken",
        "--by",
        "L. Bakker",
        "--reason",
        "Klopt het inwonertal nog?",
    )
    assert result.exit_code == 0, result.output
    return gone


def findings_by_title(rows):
    out: dict[str, list[str]] = {}
    for r in rows:
        out.setdefault(r["title"], []).append(r["kind"])
    return out


def test_health_finds_exactly_the_seeded_problems_ranked_by_weight(app: App, health_area):
    result = invoke(app, "health", "--json", "-v")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    ranked = list(dict.fromkeys(r["title"] for r in rows))
    assert ranked == [
        health_area,  # deleted meanwhile: 100
        "Wijkcentrum De Schakel (Almere)",  # {{weg}}: 80
        "Muziekwijk",  # review request 30 + peildatum 2015: 15
        "Filmwijk",  # our own request waiting since June 2025: 40
        "Corrosia",  # {{bron?}} since 2022: 20
        "Waterwijk",  # {{verouderd}}: 15
        "Noorderplassen",  # unanswered question: 10
        "Esplanade (Almere)",  # dead link: 5
        "Stedenwijk",  # a long section without a reference: 3
    ]
    assert findings_by_title(rows) == {
        health_area: ["deleted"],
        "Wijkcentrum De Schakel (Almere)": ["nomination"],
        "Muziekwijk": ["review", "old_date"],
        "Filmwijk": ["own_request"],
        "Corrosia": ["maintenance"],
        "Waterwijk": ["outdated"],
        "Noorderplassen": ["talk_unanswered"],
        "Esplanade (Almere)": ["dead_link"],
        "Stedenwijk": ["unreferenced_section"],
    }
    what = {r["title"] + ":" + r["kind"]: (r["what"], r["since"]) for r in rows}
    assert what["Corrosia:maintenance"][1] == "sinds 10 mei 2022"  # dated from the history
    assert what["Waterwijk:outdated"][1] == "sinds 21 mrt 2023"
    assert what["Wijkcentrum De Schakel (Almere):nomination"][1] == "sinds 1 okt 2026"
    assert "inwoners = 24.000 met peildatum 1 januari 2015" in what["Muziekwijk:old_date"][0]
    assert "verwijderd" in what[f"{health_area}:deleted"][0]
    assert "Geen encyclopedische relevantie" in what[f"{health_area}:deleted"][0]
    # -v: the request count, within the budget (3 pages with templates to date).
    assert "requests for the texts" in result.stderr
    run = latest_health_run(app.db)
    assert run is not None
    # One batch for the 10 articles; one for the 4 talk pages, which no check has met yet.
    assert run.text_requests == 2
    assert run.history_requests <= 1 + 3 + 3 * 8  # deletion log, listings, bisection


def test_health_ranks_as_configured_and_speaks_english(
    app: App, health_area, sandbox: Sandbox, workdir: Path
):
    write_config(
        workdir,
        sandbox.dir,
        '[report]\nlanguage = "en"\n[health.weights]\nunreferenced_section = 500\ndeleted = 1\n',
    )
    app = App(config_path=workdir / "wikitrack.toml")
    result = invoke(app, "health", "--area", "wijken")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line[:1].isdigit()]
    assert lines[0].startswith("1. Stedenwijk ")
    assert lines[-1].startswith(f"9. {health_area} ")
    assert "Section 'Bebouwing'" in result.output
    assert "Kruidenwijk" not in result.output


def test_trend_and_report_health(app: App, health_area, sandbox: Sandbox):
    assert invoke(app, "health").exit_code == 0
    # Someone answers the question on Overleg:Noorderplassen: one problem fewer.
    kees = sandbox.actor("Fatima El Amrani")
    text = kees.text("Overleg:Noorderplassen")
    kees.edit("Overleg:Noorderplassen", text + "\n:Ja, van mei tot september. ~~~~\n", "antwoord")
    try:
        result = invoke(app, "health", "--area", "wijken")
        assert result.exit_code == 0, result.output
        assert "1 open probleem minder dan op" in result.output
        assert "Opgelost sinds" in result.output
        result = invoke(app, "report", "--health")
        assert result.exit_code == 0, result.output
        assert "Gezondheid van onze lemma's" in result.output
        assert "1. " in result.output
        data = json.loads(invoke(app, "report", "--health", "--format", "json").output)
        (area,) = data["health"]["areas"]
        assert area["trend"].startswith("1 open probleem minder")
        assert [s["title"] for s in area["solved"]] == ["Noorderplassen"]
        html = invoke(app, "report", "--health", "--format", "html").output
        assert html.rstrip().endswith("</html>")
        assert "Wijkcentrum De Schakel (Almere)" in html
    finally:
        kees.edit("Overleg:Noorderplassen", text, "terug")


def test_one_lemma_and_a_healthy_lemma(app: App, health_area):
    result = invoke(app, "health", "--lemma", "Kruidenwijk")
    assert result.exit_code == 0, result.output
    assert "Geen open problemen gevonden." in result.output
    result = invoke(app, "health", "--lemma", "corrosia", "--csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("area,rank,title,score,kind")
    assert "Corrosia,20.0,maintenance" in result.output
    result = invoke(app, "health", "--lemma", "Nergenswijk")
    assert result.exit_code == 2
    assert "'Nergenswijk' is not a watched lemma" in result.output


def test_monthly_health_section_in_the_area_mails(
    health_area, smtp_server, sandbox: Sandbox, workdir: Path
):
    inbox, port = smtp_server
    today = datetime.now(TIMEZONE).day

    def nightly_on(day: int):
        cfg = write_config(
            workdir, sandbox.dir, mail_config(port) + f"[health]\nmail_day = {day}\n"
        )
        app = App(config_path=cfg)
        inbox.messages.clear()
        result = invoke(app, "nightly")
        assert result.exit_code == 0, result.output
        return app, {tuple(rcpt): msg for rcpt, msg in inbox.messages}

    app, got = nightly_on(today % 28 + 1)  # another day
    assert invoke(app, "health", "--area", "wijken").exit_code == 0
    for msg in got.values():  # not the health day: the change report only
        assert "Gezondheid" not in msg.get_body(("plain",)).get_content()
    app, got = nightly_on(today)  # nothing changed since: a mail for the health section only
    msg = got[("wijken@almere.example",)]
    text = msg.get_body(("plain",)).get_content()
    assert "Gezondheid van onze lemma's" in text
    assert "2. Wijkcentrum De Schakel (Almere)" in text
    html = msg.get_body(("html",)).get_content()
    assert "Wijkcentrum De Schakel (Almere)" in html and html.rstrip().endswith("</html>")


def test_our_request_via_the_talk_page_waits_until_someone_answers(
    app: App, sandbox: Sandbox, wijkraad: str
):
    """The request `correction apply` posts (signed by the wiki itself from ~~~~) is ours."""
    from datetime import UTC, timedelta

    from wikitrack.health.sweep import sweep_health
    from wikitrack.store.health_findings import health_rows

    assert propose(app, wijkraad, "--area", "bestuur", "--via", "talk").exit_code == 0
    assert invoke(app, "correction", "approve", "1", "--by", "A. de Vries").exit_code == 0
    assert invoke(app, "correction", "apply", "1", "--by", "A. de Vries", "--yes").exit_code == 0

    def kinds(days_later: int) -> list[tuple[str, Any]]:
        now = datetime.now(UTC) + timedelta(days=days_later)
        run = sweep_health(app.db, app.wiki, app.config, lemma=wijkraad, now=now)
        return [(r.kind, r.details.get("correction")) for r in health_rows(app.db, run.run_id)]

    assert kinds(0) == []  # just asked: not waiting too long yet
    assert kinds(20) == [("own_request", 1)]
    pieter = sandbox.actor("Pieter Bakker")
    talk = pieter.text(f"Overleg:{wijkraad}")
    pieter.edit(f"Overleg:{wijkraad}", talk + "\n:Aangepast, dank voor de bron. ~~~~", "reactie")
    assert kinds(20) == []


def test_the_help_and_readme_examples_on_the_starter_watchlists(app: App):
    assert invoke(app, "watchlist", "sync").exit_code == 0
    result = invoke(app, "health", "--area", "bestuur", "-v")  # the help's example
    assert result.exit_code == 0, result.output
    assert "== Bestuur" in result.output and "requests for the texts" in result.stderr
    result = invoke(app, "health", "--lemma", "Almere", "--csv")  # the README's
    assert result.exit_code == 0, result.output
    assert result.output.startswith("area,rank,title")
    quiet = CliRunner().invoke(cli, ["--quiet", "health"], obj=app)  # cron
    assert quiet.exit_code == 0 and quiet.output == ""


def test_a_health_section_that_was_not_delivered_goes_out_the_next_day(
    health_area, sandbox: Sandbox, workdir: Path
):
    """The mail of the health day failed: the next day's message, which replaces it, still
    carries the month's section; and another area's lemmas never show in it."""
    from datetime import UTC, timedelta

    from wikitrack import store
    from wikitrack.mail.messages import MailError
    from wikitrack.mail.nightly import run_nightly
    from wikitrack.watchlist.lists import load_watchlists

    today = datetime.now(TIMEZONE).day
    cfg = write_config(workdir, sandbox.dir, mail_config(9) + f"[health]\nmail_day = {today}\n")
    app = App(config_path=cfg)
    assert invoke(app, "health", "--area", "wijken").exit_code == 0
    areas = load_watchlists(app.config.watchlists_dir)

    def night(now: datetime, send) -> None:
        run_id = store.start_run(app.db, area=None, since=None, method="batched")
        store.finish_run(app.db, run_id, status="ok")
        run_nightly(app.db, app.config, areas, run_id, send=send, now=now, api_url=sandbox.api_url)

    def down(msg):
        raise MailError("mail server down")

    night(datetime.now(UTC), down)
    sent: list = []
    night(datetime.now(UTC) + timedelta(days=1), sent.append)
    (wijken,) = [m for m in sent if m["To"] == "wijken@almere.example"]
    text = wijken.get_body(("plain",)).get_content()
    assert "Gezondheid van onze lemma's" in text and "Wijkcentrum De Schakel (Almere)" in text
    assert "Bestuur" not in text.split("Gezondheid van onze lemma's", 1)[1]


def test_the_web_view_shows_what_is_wrong_now(app: App, health_area):
    """Mijn terrein and the lemma page carry the last health run of the viewer's areas."""
    from urllib.parse import quote

    from .test_web import logged_in_client

    assert invoke(app, "health", "--area", "wijken").exit_code == 0
    client = logged_in_client(app, "lbakker", "L. Bakker")
    mine = client.get("/mijn-terrein").get_data(as_text=True)
    assert "Wat er nu mis is op onze lemma's" in mine
    assert "Wijkcentrum De Schakel (Almere)" in mine
    lemma = client.get("/lemma/" + quote("Wijkcentrum De Schakel (Almere)")).get_data(as_text=True)
    assert "Wat er nu mis is" in lemma and "<li>" in lemma.split("Wat er nu mis is", 1)[1]
