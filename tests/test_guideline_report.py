"""The guideline check's findings where the desk reads them: the report's "Eerst bekijken" and
the nightly mail, by rule and never with the words found (they may be personal data)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from wikitrack.cli.commands import App
from wikitrack.report.rendering import make_report, render_text
from wikitrack.sandbox import Sandbox

from .conftest import write_config
from .test_corrections import lemma, propose  # noqa: F401 (lemma: a fixture)
from .test_mail import invoker, mail_config, smtp  # noqa: F401 (smtp: a fixture)

BSN = "111222333"  # passes the 11-test


def waiting(guideline: list[dict], status: str = "proposed") -> dict:
    return {"id": 4, "title": "Almere", "area": "bestuur", "status": status, "guideline": guideline}


def test_a_waiting_correction_is_summarised_by_rule_in_dutch_and_english():
    findings = [
        {"level": "stop", "rule": "bsn", "words": [BSN], "why": ""},
        {"level": "warning", "rule": "promotional", "words": ["prachtige"], "why": ""},
        {"level": "warning", "rule": "first_person", "words": ["onze"], "why": ""},
    ]
    rep = make_report(
        [],
        [("bestuur", "Bestuur")],
        api_url="http://w/api.php",
        now="",
        guideline=[waiting(findings)],
    )
    (p,) = rep.priorities
    assert p.label == "Correctie wacht, met bevindingen van de richtlijncheck"
    assert p.text == (
        "#4 (voorgesteld): harde stop: burgerservicenummer; waarschuwing: wij-vorm, "
        "wervende woorden (bekijk met 'wikitrack correction check 4')"
    )
    assert BSN not in render_text(rep) and "prachtige" not in render_text(rep)
    en = make_report(
        [],
        [("bestuur", "Bestuur")],
        api_url="http://w/api.php",
        lang="en",
        guideline=[waiting(findings, "approved")],
    )
    assert en.priorities[0].text.startswith("#4 (approved): hard stop: citizen service number;")
    other_area = make_report(
        [], [("sport", "Sport")], api_url="http://w/api.php", guideline=[waiting(findings)]
    )
    assert other_area.priorities == ()


def test_findings_reach_the_report_and_the_mail_once(
    app: App,
    lemma: str,  # noqa: F811 (the fixture)
    sandbox: Sandbox,
    workdir: Path,
    smtp,  # noqa: F811 (the fixture)
):
    inbox, port = smtp
    cfg = write_config(workdir, sandbox.dir, extra=mail_config(port))
    run = invoker(cfg)
    assert run("nightly").exit_code == 0  # the first window
    inbox.messages.clear()
    proposed = propose(
        App(config_path=cfg),
        lemma,
        "--area",
        "bestuur",
        what="aanvulling",
        proposed="telt 11 leden in onze prachtige stad, volgens het geheime plan<ref>x</ref>",
    )
    assert proposed.exit_code == 0, proposed.output

    report = run("report", "--last-run")
    assert report.exit_code == 0, report.output
    assert "Correctie wacht, met bevindingen van de richtlijncheck" in report.output
    assert "harde stop: vertrouwelijk materiaal; waarschuwing: wij-vorm, wervende woorden" in (
        " ".join(report.output.split())
    )
    assert "geheime" not in report.output

    assert run("nightly").exit_code == 0
    assert Counter(r for rcpt, _ in inbox.messages for r in rcpt) == Counter(
        {"bestuur@almere.example": 1, "redactie@almere.example": 1}
    )
    for _, msg in inbox.messages:
        body = msg.get_body(("plain",)).get_content()
        assert "wikitrack correction check 1" in body and "geheime" not in msg.as_string()
    inbox.messages.clear()
    assert run("nightly").exit_code == 0
    assert inbox.messages == []  # told once; again only when the findings change

    refused = run("correction", "approve", "1", "--by", "A. de Vries")
    assert refused.exit_code == 2 and "prachtige" in refused.output  # the approver reads it
    log = (workdir / "wikitrack.log").read_text()
    assert "correction approve: exit 2" in log
    assert "geheime" not in log and "prachtige" not in log  # the log keeps no words found


def test_the_desk_sees_the_findings_on_the_lemma_page(
    app: App,
    lemma: str,  # noqa: F811 (the fixture)
):
    from urllib.parse import quote

    from .test_web import logged_in_client

    proposed = propose(
        app, lemma, "--area", "bestuur", what="aanvulling", proposed="telt 11 leden in onze stad"
    )
    assert proposed.exit_code == 0, proposed.output

    def lemma_page_as(login: str, name: str) -> str:
        client = logged_in_client(app, login, name)
        return client.get("/lemma/" + quote(lemma)).get_data(as_text=True)

    assert "Richtlijncheck: waarschuwing: wij-vorm" in lemma_page_as("avries", "A. de Vries")
    assert "Richtlijncheck" not in lemma_page_as("jsmit", "J. Smit")  # for the desk, who approves
