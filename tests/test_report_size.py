"""A night with thousands of changes: every format renders them all; the mail summarises beyond
a cap and stays under MAIL_MAX_BYTES, pointing to the full report (plain data, no timings:
benchmarks/bench_history.py times rendering)."""

from __future__ import annotations

import functools
import json

from tests.stored_rows import build_report
from wikitrack.config import Config, load_config
from wikitrack.mail.planner import MAIL_MAX_BYTES, _fitting_message, _message
from wikitrack.report.rendering import FORMATS, render, summarise


def rows(n: int) -> list[dict]:
    words = [{"old": "oud " * 40, "new": "nieuw " * 40} for _ in range(12)]
    return [
        {
            "id": f"{100 + i}:0",
            "timestamp": f"2026-11-24T{i % 24:02}:{i % 60:02}:00Z",
            "page_id": 1 + i % 300,
            "title": f"Lemma {i % 300}",
            "namespace": 0,
            "kind": "section_edited",
            "category": "",
            "details": {"section": "Geschiedenis", "words": words},
            "revid": 100 + i,
            "log_id": None,
            "user": f"Gebruiker{i}",
            "comment": "samenvatting " * 20,
            "anon": 0,
            "temp": 0,
            "bot": 0,
            "is_team": 0,
            "minor": 0,
            "size_delta": 10,
            "reverted_by": None,
            "reverts": None,
            "parent_id": 99 + i,
            "tags": "[]",
            "areas": ["bestuur"],
        }
        for i in range(n)
    ]


def report(n: int):
    return build_report(
        rows(n),
        [("bestuur", "Bestuur")],
        api_url="https://nl.wikipedia.org/w/api.php",
        window=("2026-11-24T00:00:00Z", "2026-11-25T00:00:00Z"),
        now="2026-11-25T00:00:00Z",
    )


def test_every_format_renders_a_thousand_changes_in_full():
    rep = report(1000)
    for fmt in FORMATS:
        out = render(rep, fmt)
        assert out.count("Gebruiker999") == 1, fmt
    assert len(json.loads(render(rep, "json"))["areas"][0]["lemmas"]) == 300


def test_a_big_night_is_summarised_in_the_mail_under_the_size_limit(tmp_path):
    rep = report(3000)
    assert len(render(rep, "html").encode()) > 3 * MAIL_MAX_BYTES  # the cap matters here
    (tmp_path / "wikitrack.toml").write_text('[wiki]\nurl = "https://nl.wikipedia.org/w/api.php"\n')
    config: Config = load_config(tmp_path / "wikitrack.toml")
    build = functools.partial(_message, config, "bestuur@almere.nl", "Wijzigingen", None)
    msg = _fitting_message(rep, "2026-11-24", build)
    assert len(msg.as_bytes()) < MAIL_MAX_BYTES
    html = msg.get_body(("html",)).get_content()
    text = msg.get_body(("plain",)).get_content()
    for body in (html, text):
        assert "Te veel voor één mail" in body
        assert "wikitrack report --since 2026-11-24" in body
        assert "nog 1 wijziging, samengevat" in body or "wijzigingen, samengevat" in body
    assert "(3000 wijzigingen)" in text  # the area still counts every change


def test_a_small_report_is_not_summarised():
    rep = report(10)
    assert summarise(rep, 300, "2026-11-24") is rep
    assert "Te veel" not in render(rep, "text")
