"""The facts register where people see it (issue 24, point 4): each area's contacts are told a
fact's difference, or our own figure that aged, once per state in the nightly mail, and a
difference that is gone once more; the lemma page and Mijn terrein show them with our source
as a link. Dates are relative to today, so the tests hold for years."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from wikitrack.app.context import Context
from wikitrack.app.reporting import nightly_run
from wikitrack.app.watching import check_once
from wikitrack.facts.notices import (
    FactItem,
    FactsSection,
    FactState,
    fact_html,
    fact_text,
    plan_fact_notices,
)

from .fakewiki import FakeWiki
from .test_check_fake import ARTICLE


def item(wiki: str = "1.000", status: str = "differs", **kw: str) -> FactItem:
    fields = {
        "kind": "fact",
        "fact": "haven-inwoners",
        "area": "haven",
        "title": "Haven",
        "status": status,
        "ours": "1250 inwoners",
        "wiki": wiki,
        "date": "2025-01-01",
        "source": "https://www.cbs.nl/haven",
        "where": "Infobox plaats: inwoners",
    }
    return FactItem(**(fields | kw))  # type: ignore[arg-type]


def state(*items: FactItem) -> FactState:
    return FactState(items, frozenset({"haven"}), {"haven-inwoners": "Haven"})


def test_a_difference_is_told_once_per_state_and_once_more_when_it_is_gone() -> None:
    told: list[str] = []

    def night(now: FactState) -> list[str]:
        planned = plan_fact_notices(now, told)
        told.extend(i.key for i in planned)
        return [i.kind for i in planned]

    assert night(state(item())) == ["fact"]
    assert night(state(item())) == []  # stays differs: silent
    assert night(state(item(wiki="1.100"))) == ["fact"]  # another wiki value: a new state
    assert night(state(item(wiki="1.100", status="older"))) == ["fact"]
    assert night(state()) == ["fact_fixed"]  # good news, one line
    assert night(state()) == []
    assert night(state(item())) == ["fact"]  # differs again, though told so before


def test_good_news_needs_a_run_over_the_area_and_the_fact_still_in_the_register() -> None:
    told = [item().key]
    uncovered = FactState((), frozenset(), {"haven-inwoners": "Haven"})
    assert plan_fact_notices(uncovered, told) == []
    removed = FactState((), frozenset({"haven"}), {})
    assert plan_fact_notices(removed, told) == []


def test_a_difference_the_register_has_moved_past_is_unknown_until_the_next_run() -> None:
    from wikitrack.facts.notices import fact_items_of
    from wikitrack.facts.register import Fact
    from wikitrack.facts.values import FactDate
    from wikitrack.health.stored import StoredFinding

    today = date.today()
    ref = today - timedelta(days=40)
    fact = Fact(
        id="haven-inwoners",
        area="haven",
        lemma="Haven",
        value="1250",
        unit="inwoners",
        reference_date=FactDate(ref.year, ref.month, ref.day),
        source="https://www.cbs.nl/haven",
        compare="number",
        template="Infobox plaats",
        parameter="inwoners",
    )
    seen = item(date=ref.isoformat())
    row = StoredFinding(
        page_id=0, title="Haven", kind="fact", key="", details={**vars(seen), "kind": None}
    )
    assert fact_items_of({"haven": [row]}, [fact], today).items == (seen,)
    updated = Fact(**{**vars(fact), "value": "1000"})
    moved = fact_items_of({"haven": [row]}, [updated], today)
    assert moved.items == () and moved.unknown == {"haven-inwoners"}
    assert plan_fact_notices(moved, [seen.key]) == []  # no good news that is not known


def test_an_aged_figure_is_told_once_per_reference_date() -> None:
    aged = item(kind="fact_aged", status="", wiki="")
    assert plan_fact_notices(state(aged), []) == [aged]
    assert plan_fact_notices(state(aged), [aged.key]) == []
    newer = item(kind="fact_aged", status="", wiki="", date="2026-01-01")
    assert plan_fact_notices(state(newer), [aged.key]) == [newer]


def test_the_lines_escape_the_wiki_and_link_only_http_sources() -> None:
    evil = item(wiki='<script>alert(1)</script>"', title="A&B")
    html = fact_html(evil, "nl")
    assert "<script>" not in html and "&lt;script&gt;" in html and "A&amp;B" in html
    assert '<a href="https://www.cbs.nl/haven" rel="noreferrer noopener">' in html
    sneaky = fact_html(item(source="javascript:alert(1)"), "en")
    assert "<a " not in sneaky and "javascript:alert(1)" in sneaky
    assert "on two lines" in fact_text(item(wiki="on two\n lines"), "en")
    text = fact_text(evil, "en")
    assert "the wiki says <script>" in text and "source https://www.cbs.nl/haven" in text
    section = FactsSection.of([item()] * 105, "nl")
    assert section is not None and len(section.items) == 100
    assert "En nog 5 meer" in section.render("text")


# -- the nightly mail, against the FakeWiki ---------------------------------------------------


def project(root: Path, wiki: FakeWiki, ref: date) -> Context:
    (root / "watchlists").mkdir(parents=True)
    (root / "facts").mkdir()
    for slug, title in (("haven", "Haven"), ("rand", "Buiten")):
        (root / "watchlists" / f"{slug}.toml").write_text(
            f'name = "{slug}"\ncontacts = ["{slug}@almere.example"]\n'
            f'[[lemma]]\ntitle = "{title}"\n',
            encoding="utf-8",
        )
    (root / "facts" / "haven.toml").write_text(
        '[[fact]]\nid = "haven-inwoners"\nlemma = "Haven"\ntemplate = "Infobox plaats"\n'
        'parameter = "inwoners"\nvalue = 1250\nunit = "inwoners"\ncompare = "number"\n'
        f'reference_date = {ref.isoformat()}\nsource = "https://www.cbs.nl/haven?a=1&b=<2>"\n',
        encoding="utf-8",
    )
    (root / "wikitrack.toml").write_text(
        '[database]\npath = "wikitrack.db"\n[wiki]\nurl = "http://fake.example/api.php"\n',
        encoding="utf-8",
    )
    return Context(config_path=root / "wikitrack.toml", quiet=True, wiki_factory=lambda c: wiki)


def nightly(ctx: Context, mail_dir: Path) -> dict[str, str]:
    """One nightly run: {recipient: plain text} of the mails it wrote."""
    from email import message_from_bytes, policy

    for f in mail_dir.glob("*"):
        f.unlink()
    outcome = nightly_run(ctx, mail_dir=mail_dir)
    assert outcome.problems == (), outcome.problems
    out = {}
    for f in mail_dir.glob("*"):
        msg = message_from_bytes(f.read_bytes(), policy=policy.default)
        out[str(msg["To"])] = msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        html = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
        assert "<2>" not in html  # the source, from our file, escaped as anything else
        if "cbs.nl" in html:
            assert 'href="https://www.cbs.nl/haven?a=1&amp;b=&lt;2&gt;"' in html
    return out


def health(ctx: Context) -> None:
    from wikitrack.health.sweep import sweep_health

    sweep_health(ctx.db, ctx.wiki, ctx.config)


def test_nightly_tells_the_area_a_difference_once_and_when_it_is_gone(tmp_path: Path) -> None:
    wiki = FakeWiki()
    pieter = wiki.actor("Pieter Bakker")
    for name in ("Haven", "Buiten"):
        pieter.edit(name, ARTICLE.format(name=name), "nieuw")
    ctx = project(tmp_path / "p", wiki, date.today() - timedelta(days=40))
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    from wikitrack.app.watching import usable_areas
    from wikitrack.watchlist.sync import sync_watchlists

    sync_watchlists(ctx.db, wiki, usable_areas(ctx)[0])
    check_once(ctx)
    nightly(ctx, mail_dir)  # the first window, before any health run: nothing to tell
    health(ctx)
    first = nightly(ctx, mail_dir)
    assert list(first) == ["haven@almere.example"]  # the fact's area only
    assert "Feiten uit ons register" in first["haven@almere.example"]
    assert "op de wiki 1.000, in ons register 1250 inwoners" in first["haven@almere.example"]
    health(ctx)
    assert nightly(ctx, mail_dir) == {}  # still differs: silent

    kees = wiki.actor("Kees Jansen")
    kees.edit("Haven", kees.text("Haven").replace("1.000", "1.250"), "inwoners")
    health(ctx)
    fixed = nightly(ctx, mail_dir)
    assert (
        "de wiki wijkt niet meer af van ons gegeven 'haven-inwoners'"
        in (fixed["haven@almere.example"])
    )
    assert "1.000, in ons register" not in fixed["haven@almere.example"]
    health(ctx)
    assert nightly(ctx, mail_dir) == {}


def test_nightly_tells_an_aged_figure_without_a_health_run(tmp_path: Path) -> None:
    wiki = FakeWiki()
    wiki.actor("Pieter Bakker").edit("Haven", ARTICLE.format(name="Haven"), "nieuw")
    wiki.actor("Pieter Bakker").edit("Buiten", ARTICLE.format(name="Buiten"), "nieuw")
    ctx = project(tmp_path / "p", wiki, date.today() - timedelta(days=3 * 365))
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    from wikitrack.app.watching import usable_areas
    from wikitrack.watchlist.sync import sync_watchlists

    sync_watchlists(ctx.db, wiki, usable_areas(ctx)[0])
    check_once(ctx)
    first = nightly(ctx, mail_dir)
    assert (
        "is ouder dan 24 maanden: werk het bij in facts/haven.toml"
        in (first["haven@almere.example"])
    )
    assert nightly(ctx, mail_dir) == {}


# -- the web view ------------------------------------------------------------------------------


def test_the_lemma_page_and_my_area_show_the_facts_with_a_source_link(tmp_path: Path) -> None:
    import re
    from datetime import UTC, datetime

    from wikitrack import store
    from wikitrack.access.logins import add_user
    from wikitrack.app.watching import usable_areas
    from wikitrack.config import load_config
    from wikitrack.watchlist.sync import sync_watchlists
    from wikitrack.web.content import lemma_content
    from wikitrack.web.flask_app import create_app

    wiki = FakeWiki()
    for name in ("Haven", "Buiten"):
        wiki.actor("Pieter Bakker").edit(name, ARTICLE.format(name=name), "nieuw")
    ref = date.today() - timedelta(days=40)
    ctx = project(tmp_path / "p", wiki, ref)
    sync_watchlists(ctx.db, wiki, usable_areas(ctx)[0])
    check_once(ctx)
    health(ctx)

    lemma = store.lemmas.web_lemma(ctx.db, "Haven")
    assert lemma is not None
    now = datetime.now(UTC)
    page = lemma_content(
        ctx.db, ctx.config, lemma, [("haven", "haven")], requested_by=None, now=now, since=""
    )
    assert page is not None
    (shown,) = page.facts
    assert (shown.ours, shown.wiki, shown.date) == ("1250 inwoners", "1.000", ref.isoformat())
    assert shown.source_url == "https://www.cbs.nl/haven?a=1&b=<2>"
    assert not [i for i in page.health_items if i.kind.startswith("fact")]  # not twice

    root = tmp_path / "p"
    with (root / "wikitrack.toml").open("a", encoding="utf-8") as f:
        f.write('[[people]]\nname = "A. de Vries"\nrole = "desk"\n')
    config = load_config(root / "wikitrack.toml")
    add_user(root / "web-users.json", config.people, "avries", "A. de Vries", "een-lang-wachtwoord")
    client = create_app(config, "test-secret").test_client()
    form = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form)
    assert token
    login = {
        "csrf_token": token.group(1),
        "gebruikersnaam": "avries",
        "wachtwoord": "een-lang-wachtwoord",
    }
    assert client.post("/inloggen", data=login).status_code == 302
    link = '<a href="https://www.cbs.nl/haven?a=1&amp;b=&lt;2&gt;" rel="noreferrer noopener">'
    for path in ("/lemma/Haven", "/mijn-terrein"):
        html = client.get(path).get_data(as_text=True)
        assert "Feiten uit ons register" in html and link in html, path
        assert "op de wiki 1.000, in ons register 1250 inwoners (peildatum" in html
        assert "<2>" not in html
    assert '<a href="/lemma/Haven">Haven</a> (Infobox' in client.get("/mijn-terrein").get_data(
        as_text=True
    )
