from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from wikitrack.cli.commands import App, cli
from wikitrack.watchlist.lists import parse_watchlist

BAD = """name = "Test"
colour = "blue"

[[lemma]]
title = "A|b"

[[lemma]]
title = ""

[[lemma]]
title = "Almere"

[[lemma]]
title = "almere"
weight = 3
"""


def test_every_problem_is_reported_with_file_and_line():
    _, problems = parse_watchlist(Path("watchlists/test.toml"), BAD)
    assert problems == [
        "watchlists/test.toml:2: unknown key 'colour'",
        "watchlists/test.toml:5: invalid title 'A|b': invalid character(s) '|'",
        "watchlists/test.toml:8: invalid title '': empty title",
        "watchlists/test.toml:15: unknown key 'weight' in [[lemma]]",
        "watchlists/test.toml:14: duplicate title 'almere' (first at line 11)",
    ]


def test_malformed_toml_names_file_and_line():
    _, problems = parse_watchlist(Path("w/x.toml"), 'name = "x"\n[[lemma]\ntitle = "A"\n')
    assert len(problems) == 1 and problems[0].startswith("w/x.toml:2: malformed TOML")


def test_starter_watchlists_are_valid(workdir: Path):
    result = CliRunner().invoke(cli, ["watchlist", "validate"], obj=App())
    assert result.exit_code == 0, result.output
    assert "9 areas" in result.output


def test_validate_reports_all_problems_and_exits_2(workdir: Path):
    (workdir / "watchlists" / "kapot.toml").write_text(BAD)
    result = CliRunner().invoke(cli, ["watchlist", "validate"], obj=App())
    assert result.exit_code == 2
    for line in (
        "kapot.toml:2: unknown key 'colour'",
        "kapot.toml:5: invalid title",
        "kapot.toml:8: invalid title",
        "kapot.toml:14: duplicate title",
        "kapot.toml:15: unknown key 'weight'",
    ):
        assert line in result.output


def test_add_and_remove_keep_comments_and_order(workdir: Path):
    path = workdir / "watchlists" / "sport.toml"
    before = path.read_text()
    runner = CliRunner()
    result = runner.invoke(
        cli, ["watchlist", "add", "sport", "almere Strandbad", "--note", "nieuw zwembad"], obj=App()
    )
    assert result.exit_code == 0, result.output
    text = path.read_text()
    assert text.startswith(before.rstrip("\n"))
    assert text.endswith('[[lemma]]\ntitle = "Almere Strandbad"\nnote = "nieuw zwembad"\n')
    assert "# Watchlist for the policy area" in text
    result = runner.invoke(cli, ["watchlist", "remove", "sport", "Almere Strandbad"], obj=App())
    assert result.exit_code == 0, result.output
    assert path.read_text().rstrip("\n") == before.rstrip("\n")


def test_bad_edits_change_nothing(workdir: Path):
    path = workdir / "watchlists" / "sport.toml"
    before = path.read_text()
    runner = CliRunner()
    result = runner.invoke(cli, ["watchlist", "add", "sport", "Goed", "Fout|titel"], obj=App())
    assert result.exit_code == 2 and "Fout|titel" in result.output
    result = runner.invoke(cli, ["watchlist", "remove", "sport", "Bestaat Niet"], obj=App())
    assert result.exit_code == 2 and "not on this watchlist" in result.output
    assert path.read_text() == before
    assert not (workdir / "wikitrack.db").exists()


def test_unknown_area_names_the_known_ones(workdir: Path):
    result = CliRunner().invoke(cli, ["watchlist", "show", "sprot"], obj=App())
    assert result.exit_code == 2
    assert "unknown area 'sprot'" in result.output and "sport" in result.output


def test_output_formats_and_conflicting_flags(workdir: Path):
    runner = CliRunner()
    result = runner.invoke(cli, ["watchlist", "list", "--json", "--csv"], obj=App())
    assert result.exit_code == 2 and "--json and --csv" in result.output
    result = runner.invoke(cli, ["watchlist", "list", "--csv"], obj=App())
    assert result.output.splitlines()[0] == "area,name,listed,categories,synced,contacts"
    result = runner.invoke(cli, ["watchlist", "list", "--nl"], obj=App())
    assert len(result.output.splitlines()) == 9
