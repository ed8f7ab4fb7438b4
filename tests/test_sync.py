from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from wikitrack.cli.commands import App, cli
from wikitrack.sandbox import Sandbox
from wikitrack.wiki.adapter import WikiClient


def test_resolving_1000_titles_takes_2_requests_as_bot_and_20_anonymously(sandbox: Sandbox):
    titles = [f"Almere testlemma {i}" for i in range(997)] + ["Almere", "Weerwater", "Gooimeer"]
    bot = WikiClient(
        sandbox.api_url, user="Anouk-GemeenteAlmere", pywikibot_dir=sandbox.pywikibot_dir
    )
    bot.login()
    before = bot.requests
    resolved = bot.resolve_titles(titles)
    assert bot.requests - before == 2
    assert sum(r.page_id is not None for r in resolved) == 3
    anon = WikiClient(sandbox.api_url, pywikibot_dir=sandbox.pywikibot_dir)
    anon._rights = frozenset()  # what the API answers for a logged-out reader
    before = anon.requests
    anon.resolve_titles(titles)
    assert anon.requests - before == 20


def test_sync_reports_missing_and_redirects_and_counts_requests(app: App):
    result = CliRunner().invoke(cli, ["watchlist", "sync", "--json"], obj=app)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    rows = {(r["area"], r["listed_title"]): r for r in data["rows"]}
    assert rows[("verkeer", "Station Almere Muziekwijk")]["status"] == "missing"
    redirect = rows[("bestuur", "Gemeente Almere")]
    assert redirect["status"] == "redirect" and redirect["title"] == "Almere"
    assert data["resolve_requests"] == 1
    # a lemma in two areas is stored once, a member of both
    areas = [
        r["area"]
        for r in app.db.query(
            "SELECT area FROM area_lemmas al JOIN lemmas l USING (page_id) WHERE l.title = 'Almere'"
        )
    ]
    assert sorted(areas) == ["bestuur", "bestuur", "wonen"] or sorted(set(areas)) == [
        "bestuur",
        "wonen",
    ]


def test_a_moved_lemma_is_the_same_lemma_and_fix_titles_updates_the_file(
    app: App, sandbox: Sandbox, workdir: Path
):
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["watchlist", "add", "natuur", "Lepelaarplassen"], obj=app).exit_code
        == 0
    )
    sandbox.actor("Pieter Bakker").edit(
        "Lepelaarplassen", "Een natuurgebied bij Almere.\n", "nieuw"
    )
    assert runner.invoke(cli, ["watchlist", "sync"], obj=app).exit_code == 0
    page_id = app.db.execute(
        "SELECT page_id FROM lemmas WHERE title = 'Lepelaarplassen'"
    ).fetchone()[0]
    sandbox.actor("Beheerder").move("Lepelaarplassen", "Lepelaarplassen (Almere)", "preciezer")
    result = runner.invoke(cli, ["watchlist", "sync", "--fix-titles"], obj=app)
    assert result.exit_code == 0, result.output
    assert "renamed" in result.output and "Lepelaarplassen (Almere)" in result.output
    row = app.db.execute(
        "SELECT page_id, title FROM lemmas WHERE page_id = ?", [page_id]
    ).fetchone()
    assert row == (page_id, "Lepelaarplassen (Almere)")
    text = (workdir / "watchlists" / "natuur.toml").read_text()
    assert 'title = "Lepelaarplassen (Almere)"' in text and "# Watchlist" in text


def test_import_category_writes_titles_into_the_file(app: App, workdir: Path):
    path = workdir / "watchlists" / "wonen.toml"
    before = path.read_text()
    result = CliRunner().invoke(
        cli, ["watchlist", "import-category", "wonen", "Stadsdeel van Almere"], obj=app
    )
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert text.startswith(before.rstrip("\n"))  # comments and order kept
    # the six districts are all listed already: nothing is added twice
    assert text.count('title = "Almere Haven"') == 1
    assert "added 0 of 6 titles" in result.output
    culture = workdir / "watchlists" / "cultuur.toml"
    result = CliRunner().invoke(
        cli, ["watchlist", "import-category", "cultuur", "Bouwwerk in Almere"], obj=app
    )
    assert result.exit_code == 0, result.output
    text = culture.read_text()
    assert 'title = "Stadhuis van Almere"\nnote = "uit categorie Bouwwerk in Almere"' in text
    empty = CliRunner().invoke(
        cli, ["watchlist", "import-category", "wonen", "Bestaat niet"], obj=app
    )
    assert empty.exit_code == 2 and "has no articles" in empty.output


def _sync_rows(app: App, *args: str) -> dict[tuple[str, str], dict]:
    result = CliRunner().invoke(cli, ["watchlist", "sync", "--json", *args], obj=app)
    assert result.exit_code == 0, result.output
    return {(r["area"], r["listed_title"]): r for r in json.loads(result.output)["rows"]}


def test_a_redirect_stays_a_redirect_and_fix_titles_never_breaks_a_file(app: App):
    for _ in range(3):
        rows = _sync_rows(app)
        redirect = rows[("bestuur", "Gemeente Almere")]
        assert redirect["status"] == "redirect", redirect
        assert "'Almere' is already listed in this area" in redirect["detail"]
    rows = _sync_rows(app, "--fix-titles")
    assert rows[("bestuur", "Gemeente Almere")]["status"] == "redirect"
    validate = CliRunner().invoke(cli, ["watchlist", "validate"], obj=app)
    assert validate.exit_code == 0, validate.output
    # the page itself keeps its own listed title as its membership, not the redirect's
    listed = app.db.execute(
        "SELECT listed_title FROM area_lemmas al JOIN lemmas l USING (page_id) "
        "WHERE al.area = 'bestuur' AND l.title = 'Almere'"
    ).fetchall()
    assert listed == [("Almere",)]


def test_a_move_onto_a_title_already_listed_is_reported_and_the_file_left_alone(
    app: App, sandbox: Sandbox, workdir: Path
):
    import uuid

    tag = uuid.uuid4().hex[:6]
    old, new, other = f"Kade {tag}", f"Kade {tag} (Almere)", f"Plein {tag}"
    pieter = sandbox.actor("Pieter Bakker")
    pieter.edit(old, "Een kade in Almere.\n", "nieuw")
    pieter.edit(other, "Een plein in Almere.\n", "nieuw")
    path = workdir / "watchlists" / "wonen.toml"
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["watchlist", "add", "wonen", old, new, other], obj=app).exit_code == 0
    )
    assert _sync_rows(app)[("wonen", new)]["status"] == "missing"
    sandbox.actor("Beheerder").move(old, new, "preciezer")
    sandbox.actor("Beheerder").move(other, f"{other} (Almere)", "preciezer")
    for _ in range(3):
        rows = _sync_rows(app)
        assert rows[("wonen", old)]["status"] == "renamed"
        assert f"'{new}' is already listed" in rows[("wonen", old)]["detail"]
        assert rows[("wonen", other)]["status"] == "renamed"
    before = path.read_text()
    rows = _sync_rows(app, "--fix-titles")
    text = path.read_text()
    assert f'title = "{old}"' in text and text.count(f'title = "{new}"') == 1
    assert f'title = "{other} (Almere)"' in text  # the plain rename is written
    assert text != before
    validate = runner.invoke(cli, ["watchlist", "validate"], obj=app)
    assert validate.exit_code == 0, validate.output


def test_unwatchable_titles_are_refused_offline_and_reported_by_sync(
    app: App, sandbox: Sandbox, workdir: Path
):
    runner = CliRunner()
    path = workdir / "watchlists" / "verkeer.toml"
    before = path.read_text()
    for title in ("Speciaal:Zoeken", "Special:Search", "Media:Kaart.png", "en:Almere", "A%20b"):
        refused = runner.invoke(cli, ["watchlist", "add", "verkeer", title], obj=app)
        assert refused.exit_code == 2 and "invalid title" in refused.output, refused.output
    assert path.read_text() == before
    (workdir / "watchlists" / "test.toml").write_text(
        'name = "Test"\n\n[[lemma]]\ntitle = "Almere"\n\n[[lemma]]\ntitle = "Speciaal:Zoeken"\n'
    )
    validate = runner.invoke(cli, ["watchlist", "validate"], obj=app)
    assert validate.exit_code == 2
    assert "test.toml:7: invalid title 'Speciaal:Zoeken'" in validate.output
    # What only the wiki knows: its own interwiki prefixes, and redirects to special pages.
    pieter = sandbox.actor("Pieter Bakker")
    pieter.edit("Zoekpagina Almere", "#DOORVERWIJZING [[Speciaal:Zoeken]]", "test")
    pieter.edit("Almere elders", "#DOORVERWIJZING [[wikipedia:Almere]]", "test")
    (workdir / "watchlists" / "test.toml").write_text(
        'name = "Test"\n\n[[lemma]]\ntitle = "Almere"\n\n[[lemma]]\ntitle = "wikipedia:Almere"\n'
        '\n[[lemma]]\ntitle = "Zoekpagina Almere"\n\n[[lemma]]\ntitle = "Almere elders"\n'
    )
    rows = _sync_rows(app)
    for title in ("Wikipedia:Almere", "Zoekpagina Almere", "Almere elders"):
        assert rows[("test", title)]["status"] == "invalid", rows[("test", title)]
        assert rows[("test", title)]["page_id"] is None
    assert rows[("test", "Almere")]["status"] == "ok"
    assert rows[("bestuur", "Almere")]["status"] == "ok"  # other areas are synced as usual


def test_a_page_moved_before_its_first_sync_is_a_rename_by_the_move_log(
    app: App, sandbox: Sandbox, workdir: Path
):
    import uuid

    old = f"Markt {uuid.uuid4().hex[:6]}"
    sandbox.actor("Pieter Bakker").edit(old, "Een markt in Almere.\n", "nieuw")
    sandbox.actor("Beheerder").move(old, f"{old} (Almere)", "preciezer")
    assert CliRunner().invoke(cli, ["watchlist", "add", "wonen", old], obj=app).exit_code == 0
    for _ in range(2):
        row = _sync_rows(app)[("wonen", old)]
        assert row["status"] == "renamed" and row["title"] == f"{old} (Almere)", row
    assert _sync_rows(app)[("bestuur", "Gemeente Almere")]["status"] == "redirect"
