"""What the web view's pages show, as plain data (wikitrack/webpages/content.py) on a synthetic
history, without a server or a wiki: the bounded pages say what the unbounded ones said where
they are not cut, and the review form's checks speak the config's language."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.history import fill
from wikitrack import store
from wikitrack.app.reporting import report_from_store
from wikitrack.config import load_config
from wikitrack.web.content import area_report, lemma_content, request_cards
from wikitrack.web.flask_app import check_review_form

NOW = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
SINCE = (NOW - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory):
    root: Path = tmp_path_factory.mktemp("history")
    fill(root / "wikitrack.db", NOW, n_changes=6_000, n_lemmas=100, years=1)
    (root / "wikitrack.toml").write_text(
        '[wiki]\nurl = "https://nl.wikipedia.org/w/api.php"\n'
        '[mail]\nsender = "wikitrack@almere.nl"\ndesk = ["redactie@almere.nl"]\n'
    )
    config = load_config(root / "wikitrack.toml")
    db = store.open_db(config.db_path)
    yield db, config
    db.close()


@pytest.mark.parametrize("slugs", [["gebied3"], ["gebied1", "gebied3", "gebied7"]])
def test_an_uncut_area_report_is_the_report_of_those_areas(history, slugs):
    db, config = history
    expected = report_from_store(db, config, since=SINCE, areas=slugs, now=NOW)
    report, capped = area_report(db, config, slugs, since=SINCE, now=NOW, per_area=10_000)
    assert not capped
    assert report.areas == expected.areas
    assert report.priorities == expected.priorities
    assert report.window == expected.window


def test_a_busy_area_shows_its_newest_changes(history):
    db, config = history
    full = report_from_store(db, config, since=SINCE, areas=["gebied1", "gebied3"], now=NOW)
    report, capped = area_report(
        db, config, ["gebied1", "gebied3"], since=SINCE, now=NOW, per_area=5
    )
    assert capped
    for cut, whole in zip(report.areas, full.areas, strict=True):
        shown = [e for lemma in cut.lemmas for e in lemma.entries]
        newest = sorted(
            (e for lemma in whole.lemmas for e in lemma.entries), key=lambda e: e.revid or 0
        )[-len(shown) :]
        assert 3 <= len(shown) <= 6  # two changes of one revision make one entry
        assert sorted(e.revid or 0 for e in shown) == [e.revid or 0 for e in newest]


def test_requests_keep_every_open_one_and_count_the_closed_left_out(history):
    db, _ = history
    slugs = [f"gebied{a}" for a in range(10)]
    every, hidden = request_cards(db, slugs, today=NOW.date())
    assert hidden == 0 and len(every) == 2000
    cards, hidden = request_cards(db, slugs, today=NOW.date(), closed_limit=20)
    assert [c.status for c in cards[:51]] == ["open"] * 51 and len(cards) == 71
    assert hidden == 1949 - 20
    assert [c.id for c in cards[51:]] == list(range(1949, 1929, -1))
    (steps,) = db.execute("SELECT count(*) FROM review_events").fetchone()
    assert sum(len(c.events) for c in every) == steps > 0  # each trail read, in one query
    assert all(list(c.events) == sorted(c.events, key=lambda e: e.at) for c in every)
    assert not any(c.overdue for c in cards)
    later, _ = request_cards(db, slugs, today=date(2027, 1, 31), closed_limit=0)
    assert len(later) == 51 and all(c.overdue for c in later)  # closed ones are never overdue


def test_a_lemma_page_shows_its_changes_and_its_talk_pages(history):
    db, config = history
    lemma = store.lemmas.web_lemma(db, "lemma 13")  # the wiki's first-letter rule
    assert lemma is not None and lemma.title == "Lemma 13"
    talk = store.lemmas.web_lemma(db, "Overleg:Lemma 13")
    assert talk is not None and talk.subject_title == "Lemma 13"
    areas = [("gebied3", "Gebied 3")]
    page = lemma_content(db, config, lemma, areas, requested_by=None, now=NOW, since=SINCE)
    assert page is not None and page.areas == ("Gebied 3",)
    full = report_from_store(db, config, since=SINCE, areas=["gebied3"], now=NOW)
    expected = [
        e
        for a in full.areas
        for lem in a.lemmas
        if lem.title in ("Lemma 13", "Overleg:Lemma 13")
        for e in lem.entries
    ]
    assert page.entries and sorted(e.revid or 0 for e in page.entries) == sorted(
        e.revid or 0 for e in expected
    )
    assert all(c.id for c in page.corrections)
    assert (
        lemma_content(
            db, config, lemma, [("gebied4", "Gebied 4")], requested_by=None, now=NOW, since=SINCE
        )
        is None
    )


@pytest.mark.parametrize(
    ("lang", "word"), [("nl", "Kies een van uw beleidsterreinen."), ("en", "Choose one of")]
)
def test_the_review_form_is_checked_in_the_configured_language(lang, word):
    today = date(2026, 11, 25)
    errors = check_review_form(
        {"terrein": "sport", "lemma": "", "reden": " ", "streefdatum": "2026-11-24"},
        {"bestuur": ["Almere"]},
        today,
        lang,
    )
    assert list(errors) == ["terrein", "lemma", "reden", "streefdatum"]
    assert errors["terrein"].startswith(word)
    good = {"terrein": "bestuur", "lemma": "Almere", "reden": "x", "streefdatum": ""}
    assert check_review_form(good, {"bestuur": ["Almere"]}, today, lang) == {}
    unknown = dict(good, lemma="Lelystad", streefdatum="morgen")
    assert list(check_review_form(unknown, {"bestuur": ["Almere"]}, today, lang)) == [
        "lemma",
        "streefdatum",
    ]
    far = check_review_form(
        dict(good, streefdatum="9999-12-31"), {"bestuur": ["Almere"]}, today, lang
    )
    assert list(far) == ["streefdatum"] and "2027" in far["streefdatum"]
    soon = dict(good, streefdatum="+14d")
    assert check_review_form(soon, {"bestuur": ["Almere"]}, today, lang) == {}


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "nl",
            ["Alle beleidsterreinen", "Alle verzoeken", "Controle aanvragen", "Wijzigingen van de"],
        ),
        ("en", ["All areas", "All requests", "Request a review", "Changes of the last"]),
    ],
)
def test_every_page_speaks_the_configured_language(tmp_path: Path, history, lang, words):
    import re

    from wikitrack.access.logins import add_user
    from wikitrack.web.flask_app import create_app

    db, config = history
    (tmp_path / "wikitrack.toml").write_text(
        config.path.read_text()
        + f'[report]\nlanguage = "{lang}"\n[database]\npath = "{config.db_path}"\n'
        + '[[people]]\nname = "A. de Vries"\nrole = "desk"\n'
    )
    local = load_config(tmp_path / "wikitrack.toml")
    add_user(
        tmp_path / "web-users.json", local.people, "avries", "A. de Vries", "een-lang-wachtwoord"
    )
    client = create_app(local, "test-secret").test_client()
    form = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token and f'<html lang="{lang}">' in form
    login = {
        "csrf_token": token.group(1),
        "gebruikersnaam": "avries",
        "wachtwoord": "een-lang-wachtwoord",
    }
    assert client.post("/inloggen", data=login).status_code == 302
    seen = ""
    for path in ("/mijn-terrein", "/mijn-verzoeken", "/review-aanvragen", "/lemma/Lemma 13"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        seen += answer.get_data(as_text=True)
    assert all(word in seen for word in words)
    assert client.get("/bestaat-niet").status_code == 404


def test_the_session_cookie_is_secure_over_https_and_httponly_always(tmp_path: Path, history):
    from wikitrack.web.flask_app import create_app

    _, config = history
    app = create_app(config, "test-secret")
    plain = app.test_client().get("/inloggen").headers.get("Set-Cookie", "")
    secure = (
        app.test_client()
        .get("/inloggen", base_url="https://localhost")
        .headers.get("Set-Cookie", "")
    )
    assert "wikitrack_sessie=" in plain and "HttpOnly" in plain and "Secure" not in plain
    assert "wikitrack_sessie=" in secure and "HttpOnly" in secure and "Secure" in secure
