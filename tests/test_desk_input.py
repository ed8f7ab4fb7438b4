"""What a desk editor really types, and messages that say what is true (issue 28, points 4-5):
pasted wiki URLs, sources, unknown areas, a tidy watchlist file, doctor's warnings, health's
Dutch, Ctrl-C during check, review requests shown in full. On the FakeWiki: no MediaWiki."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from wikitrack.app.context import Context
from wikitrack.cli.commands import cli
from wikitrack.corrections.rules import check_sources
from wikitrack.errors import InputError
from wikitrack.watchlist.areas import Area, WatchedTitle
from wikitrack.watchlist.sync import sync_watchlists

from .conftest import PEOPLE
from .fakewiki import FakeWiki

ARTICLE = "'''{name}''' is een wijk in [[Almere]]. Er wonen 1.000 mensen.\n"
TITLES = ["Almere Poort", "Café de Zon", "Almere Haven"]


@pytest.fixture
def wiki() -> FakeWiki:
    wiki = FakeWiki()
    pieter = wiki.actor("Pieter Bakker")
    for name in TITLES:
        pieter.edit(name, ARTICLE.format(name=name), "nieuw")
    return wiki


def desk(root: Path, wiki: FakeWiki, titles: list[str] = TITLES) -> Context:
    """A config with [[people]], the area 'bestuur' watching `titles`, synced."""
    (root / "watchlists").mkdir(parents=True, exist_ok=True)
    (root / "watchlists" / "bestuur.toml").write_text(
        'name = "Bestuur"\n' + "".join(f'\n[[lemma]]\ntitle = "{t}"\n' for t in titles),
        encoding="utf-8",
    )
    (root / "wikitrack.toml").write_text(
        '[database]\npath = "wikitrack.db"\n[wiki]\nurl = "http://fake.example/api.php"\n' + PEOPLE,
        encoding="utf-8",
    )
    ctx = desk_context(root, wiki)
    area = Area("bestuur", "Bestuur", lemmas=tuple(WatchedTitle(t) for t in titles))
    sync_watchlists(ctx.db, wiki, [area])
    return ctx


def desk_context(root: Path, wiki: FakeWiki) -> Context:
    return Context(config_path=root / "wikitrack.toml", quiet=True, wiki_factory=lambda c: wiki)


def invoke(root: Path, wiki: FakeWiki, *args: str):
    return CliRunner().invoke(cli, list(args), obj=desk_context(root, wiki))


# -- 4. input a person really types ---------------------------------------------------------------


@pytest.mark.parametrize(
    "typed,title",
    [
        ("Almere Poort", "Almere Poort"),
        ("https://nl.wikipedia.org/wiki/Almere_Poort", "Almere Poort"),
        ("  https://nl.wikipedia.org/wiki/Almere_Poort ", "Almere Poort"),
        ("http://nl.wikipedia.org/wiki/Caf%C3%A9_de_Zon#Geschiedenis", "Café de Zon"),
        ("https://nl.m.wikipedia.org/wiki/Station_Almere_Centrum", "Station Almere Centrum"),
        ("https://nl.wikipedia.org/w/index.php?title=Almere_Haven&action=history", "Almere Haven"),
        ("https://nl.m.wikipedia.org/w/index.php?title=Overleg:Buiten", "Overleg:Buiten"),
        ("nl.wikipedia.org/wiki/AC%2FDC", "AC/DC"),
        ("https://NL.Wikipedia.org/wiki/Weerwater?oldid=1", "Weerwater"),
        ("Wikipedia:De kroeg", "Wikipedia:De kroeg"),  # a namespace, not a URL
        ("Almere.nl", "Almere.nl"),
    ],
)
def test_a_pasted_wiki_url_names_its_title(typed: str, title: str):
    from wikitrack.wiki.sitefacts import typed_title

    assert typed_title(typed) == title


@pytest.mark.parametrize(
    "typed,why",
    [
        ("https://www.almere.nl/wonen/almere-poort", "a URL of www.almere.nl, not a page of"),
        ("www.almere.nl/wonen", "a URL of www.almere.nl"),
        ("https://en.wikipedia.org/wiki/Almere", "a URL of en.wikipedia.org"),
        ("https://nl.wikipedia.org/", "is not the address of a page"),
        ("https://nl.wikipedia.org/w/index.php?search=Almere", "is not the address of a page"),
    ],
)
def test_a_url_of_another_site_or_of_no_page_is_refused(typed: str, why: str):
    from wikitrack.wiki.sitefacts import typed_title

    with pytest.raises(InputError, match=why):
        typed_title(typed)


def test_watchlist_add_takes_the_title_from_a_pasted_url(workdir: Path):
    path = workdir / "watchlists" / "wonen.toml"
    url = "https://nl.wikipedia.org/wiki/Almere_Poort_(wijk)"
    result = CliRunner().invoke(cli, ["watchlist", "add", "wonen", url], obj=Context())
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert '[[lemma]]\ntitle = "Almere Poort (wijk)"\n' in text and "wikipedia.org" not in text
    result = CliRunner().invoke(cli, ["watchlist", "remove", "wonen", url], obj=Context())
    assert result.exit_code == 0, result.output
    assert "Almere Poort (wijk)" not in path.read_text()


def test_watchlist_add_refuses_another_sites_url_and_writes_nothing(workdir: Path):
    path = workdir / "watchlists" / "wonen.toml"
    before = path.read_text()
    url = "https://www.almere.nl/wonen"
    result = CliRunner().invoke(cli, ["watchlist", "add", "wonen", "Goed", url], obj=Context())
    assert result.exit_code == 2
    assert "'https://www.almere.nl/wonen' is a URL of www.almere.nl" in result.output
    assert path.read_text() == before


def test_validate_refuses_an_address_written_as_a_title():
    """A URL typed into the file by hand is found offline, not as 'missing' at sync."""
    from wikitrack.watchlist.lists import parse_watchlist

    text = (
        'name = "Wonen"\n\n[[lemma]]\ntitle = "https://nl.wikipedia.org/wiki/Almere_Poort"\n'
        '\n[[lemma]]\ntitle = "https://www.almere.nl/poort"\n'
    )
    _, problems = parse_watchlist(Path("watchlists/wonen.toml"), text)
    assert problems == [
        "watchlists/wonen.toml:4: invalid title 'https://nl.wikipedia.org/wiki/Almere_Poort': "
        "a web address, not a title: write 'Almere Poort'",
        "watchlists/wonen.toml:7: invalid title 'https://www.almere.nl/poort': "
        "a web address of no nl.wikipedia page, not a title",
    ]


def test_removing_a_lemma_leaves_the_file_as_it_was(workdir: Path):
    """No stray blank line: add then remove gives back the very same file."""
    path = workdir / "watchlists" / "sport.toml"
    before = path.read_text()
    runner = CliRunner()
    for args in (["add", "sport", "Almere Strandbad"], ["remove", "sport", "Almere Strandbad"]):
        assert runner.invoke(cli, ["watchlist", *args], obj=Context()).exit_code == 0
    assert path.read_text() == before


@pytest.mark.parametrize(
    "source,why",
    [
        ("https://", "has no valid host"),
        ("http://cbs", "has no valid host"),
        ("https:// www.almere.nl", "has no valid host"),
        ("www.almere.nl/feiten", "is not a URL"),
        ("ftp://ftp.almere.nl/feiten.pdf", "is not a URL"),
        ("http://[::1", "is not a URL"),
    ],
)
def test_a_source_is_a_full_web_address_with_a_host(source: str, why: str):
    (problem,) = check_sources([source])
    assert why in problem


def test_real_sources_pass():
    sources = ["https://www.almere.nl/feiten", "http://localhost:8080/x", "HTTPS://CBS.NL"]
    assert check_sources(sources) == []


@pytest.mark.parametrize(
    "args",
    [
        ["changes", "--area", "cultur"],
        ["review", "list", "--area", "cultur"],
        ["correction", "list", "--area", "cultur"],
        ["report", "--area", "bestuur", "--area", "cultur"],
    ],
)
def test_every_area_option_names_the_known_areas(tmp_path: Path, wiki: FakeWiki, args):
    desk(tmp_path, wiki)
    result = invoke(tmp_path, wiki, *args)
    assert result.exit_code == 2, result.output
    assert "unknown area 'cultur' (known areas: bestuur)" in result.output


def test_a_known_area_still_lists(tmp_path: Path, wiki: FakeWiki):
    desk(tmp_path, wiki)
    for args in (["changes", "--area", "bestuur"], ["review", "list", "--area", "bestuur"]):
        assert invoke(tmp_path, wiki, *args).exit_code == 0


def test_a_proposal_and_a_review_request_take_a_pasted_url(tmp_path: Path, wiki: FakeWiki):
    desk(tmp_path, wiki)
    url = "https://nl.wikipedia.org/wiki/Caf%C3%A9_de_Zon"
    result = invoke(
        tmp_path,
        wiki,
        *("review", "request", url, "--area", "bestuur", "--by", "J. Smit"),
        *("--reason", "Klopt het aantal inwoners nog?"),
    )
    assert result.exit_code == 0, result.output
    result = invoke(
        tmp_path,
        wiki,
        *("correction", "propose", url, "--area", "bestuur", "--by", "J. Smit"),
        *("--what", "Inwonertal verouderd", "--find", "1.000", "--proposed", "1.250"),
        *("--source", "https://www.almere.nl/feiten"),
    )
    assert result.exit_code == 0, result.output
    listed = invoke(tmp_path, wiki, "correction", "list", "--json").output
    assert '"title": "Café de Zon"' in listed
    health = invoke(tmp_path, wiki, "health", "--lemma", url)
    assert health.exit_code == 0, health.output


# -- 5. messages that mislead ---------------------------------------------------------------------


def test_doctor_warns_of_a_failed_run_and_no_backup(tmp_path: Path, wiki: FakeWiki):
    from wikitrack import store
    from wikitrack.app.doctor import database_checks
    from wikitrack.cli.output import show_checks

    ctx = desk(tmp_path, wiki)
    run_id = store.start_run(ctx.db, area=None, since=None, method="batched")
    store.finish_run(ctx.db, run_id, status="failed", errors=["interrupted"])
    shown = show_checks(database_checks(ctx.config))
    assert any(line.startswith(f"[warn] latest run: #{run_id} ") for line in shown), shown
    assert any(line.startswith("[warn] backup: none yet") for line in shown), shown
    assert shown[0].startswith("[ok ] database:")


def test_health_speaks_dutch_and_leaves_an_assigned_request_alone():
    from wikitrack.health.overview import describe_finding

    proposed = describe_finding("correction", {"id": 3, "status": "proposed", "what": "Inwoners"})
    assert proposed.startswith("Correctie #3 staat open (voorgesteld): Inwoners.")
    review = {"id": 2, "status": "assigned", "reason": "Klopt dit?", "assignee": "S. Bouali"}
    taken = describe_finding("review", review)
    assert taken == "Controleverzoek #2 is in behandeling bij S. Bouali: Klopt dit?"
    open_one = describe_finding("review", {**review, "status": "open", "assignee": ""})
    assert open_one.endswith("Neem het in behandeling.")
    english = describe_finding("review", review, "en")
    assert english == "Review request #2 is being handled by S. Bouali: Klopt dit?"


def test_health_records_who_has_a_request(tmp_path: Path):
    from wikitrack.health.assess import find_record_problems

    review = {"id": 2, "status": "assigned", "reason": "r", "due": None, "assignee": "S. Bouali"}
    (finding,) = find_record_problems([], [review])
    assert finding.details["assignee"] == "S. Bouali"


def test_a_proposal_on_a_title_missing_on_the_wiki_says_so(tmp_path: Path, wiki: FakeWiki):
    """Sync reported it missing: 'watchlist sync first' would send the desk round in a circle."""
    desk(tmp_path, wiki, [*TITLES, "Almere Pooort"])
    result = invoke(
        tmp_path,
        wiki,
        *("correction", "propose", "Almere Pooort", "--area", "bestuur", "--by", "J. Smit"),
        *("--what", "x", "--find", "a", "--proposed", "b", "--source", "https://cbs.nl/x"),
    )
    assert result.exit_code == 2
    assert "'Almere Pooort' does not exist on the wiki" in result.output
    assert "watchlist sync' first" not in result.output


def test_ctrl_c_during_check_says_what_was_kept(tmp_path: Path, wiki: FakeWiki):
    ctx = desk(tmp_path, wiki)
    assert invoke(tmp_path, wiki, "check").exit_code == 0
    pieter = wiki.actor("Pieter Bakker")
    pieter.edit("Almere Haven", pieter.text("Almere Haven") + "Meer.\n", "aanvulling")
    wiki.fail("fetch_revision_texts", KeyboardInterrupt())  # type: ignore[arg-type]
    result = invoke(tmp_path, wiki, "check")
    assert result.exit_code == 130
    assert "Aborted!" not in result.output
    assert result.stderr == "interrupted: 0 pages saved; the next check continues from there\n"
    status = ctx.db.execute("SELECT status FROM check_runs ORDER BY id DESC").fetchone()[0]
    assert status == "failed"


def test_ctrl_c_while_the_wiki_is_opened_says_nothing_was_saved(tmp_path: Path, wiki: FakeWiki):
    desk(tmp_path, wiki)

    def opening(config: object) -> FakeWiki:
        raise KeyboardInterrupt  # pywikibot's import and login take seconds

    ctx = Context(config_path=tmp_path / "wikitrack.toml", wiki_factory=opening)
    result = CliRunner().invoke(cli, ["check"], obj=ctx)
    assert result.exit_code == 130
    assert result.stderr == "interrupted: 0 pages saved; the next check continues from there\n"


def test_an_interrupted_check_counts_the_pages_it_saved(tmp_path: Path, wiki: FakeWiki):
    from wikitrack.check.pipeline import run_check
    from wikitrack.errors import CheckInterrupted

    ctx = desk(tmp_path, wiki)
    run_check(ctx.db, wiki)
    pieter = wiki.actor("Pieter Bakker")
    for title in TITLES:
        pieter.edit(title, pieter.text(title) + "Meer.\n", "aanvulling")
    saved: list[int] = []

    def stop_after_two(page_id: int) -> None:
        saved.append(page_id)
        if len(saved) == 2:
            raise KeyboardInterrupt

    with pytest.raises(CheckInterrupted) as stopped:
        run_check(ctx.db, wiki, on_page_saved=stop_after_two)
    assert stopped.value.saved == 2
    assert isinstance(stopped.value, KeyboardInterrupt)  # still stops whatever Ctrl-C stops


def test_review_assign_show_and_list_name_the_person_and_the_outcome(
    tmp_path: Path, wiki: FakeWiki
):
    desk(tmp_path, wiki)
    steps = [
        ("review", "request", "Almere Poort", "--area", "bestuur", "--by", "J. Smit"),
        ("--reason", "Klopt het?"),
    ]
    assert invoke(tmp_path, wiki, *steps[0], *steps[1]).exit_code == 0
    result = invoke(tmp_path, wiki, "review", "assign", "1", "--to", "a. DE vries")
    assert result.output == "review request 1 assigned to A. de Vries\n"
    closed = invoke(tmp_path, wiki, "review", "close", "1", "--outcome", "klopt nog")
    assert closed.exit_code == 0, closed.output
    listed = invoke(tmp_path, wiki, "review", "list").output
    assert "outcome" in listed and "klopt nog" in listed and "correction_id" in listed
    shown = invoke(tmp_path, wiki, "review", "show", "1")
    assert shown.exit_code == 0, shown.output
    assert "assignee" in shown.output and "A. de Vries" in shown.output
    assert "assigned to A. de Vries" in shown.output and "klopt nog" in shown.output
    missing = invoke(tmp_path, wiki, "review", "show", "9")
    assert missing.exit_code == 2 and "no review request with ID 9" in missing.output


def test_approving_with_one_warning_says_one_warning(tmp_path: Path, wiki: FakeWiki):
    ctx = desk(tmp_path, wiki)
    proposed = invoke(
        tmp_path,
        wiki,
        *("correction", "propose", "Almere Poort", "--area", "bestuur", "--by", "J. Smit"),
        *("--what", "Inwonertal", "--find", "1.000", "--proposed", "1.250<ref>CBS</ref> prachtige"),
        *("--source", "https://www.almere.nl/feiten"),
    )
    assert "warning promotional: prachtige" in proposed.output, proposed.output
    approve = ("correction", "approve", "1", "--by", "A. de Vries", "--accept-warnings")
    assert invoke(tmp_path, wiki, *approve).exit_code == 0
    note = ctx.db.execute("SELECT note FROM correction_events ORDER BY id DESC").fetchone()[0]
    assert note == "approve (accepted 1 warning)"
