"""The facts register against the real local MediaWiki (issue 24): `facts check` on the
sandbox's seed reports exactly the seeded differences, and a difference goes through
`facts propose` → `correction approve` → `correction apply` → `check` until the next
`facts check` says it matches."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikitrack.cli.commands import App, cli
from wikitrack.sandbox import ADMIN_USER, Sandbox
from wikitrack.sandbox.seed import iter_seed_pages

from .conftest import write_config

# What the seed holds against facts/*.toml, and nothing else.
SEEDED = {
    "almere-inwoners": "older",
    "almere-oppervlakte": "matches",
    "almere-burgemeester": "matches",
    "almere-raadszetels": "matches",
    "almere-wethouders": "differs",
    "raad-zetels": "matches",
    "raad-fracties": "not_found",
    "yanmar-capaciteit": "differs",
    "station-centrum-reizigers": "differs",
    "station-centrum-opening": "matches",
    "hollandse-brug-opening": "matches",
}


# The pages the facts are about, as seeded. Other tests edit the session's sandbox (the
# simulated day changes Almere's population), and these tests apply a correction: the pages are
# put back to their seed text before and after this module.
FACT_PAGES = {
    "Almere",
    "Gemeenteraad van Almere",
    "Station Almere Centrum",
    "Hollandse Brug",
    "Yanmar Stadion",
}


def restore_seed(sandbox: Sandbox) -> None:
    admin = sandbox.actor(ADMIN_USER)
    for page in iter_seed_pages():
        if page.namespace == 0 and page.title in FACT_PAGES:
            admin.edit(page.title, page.text, "facts tests: seed text")


def run(app: App, *args: str):
    return CliRunner().invoke(cli, list(args), obj=app)


@pytest.fixture(scope="module")
def synced(sandbox: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from .conftest import ROOT

    restore_seed(sandbox)
    work = tmp_path_factory.mktemp("facts-work")
    shutil.copytree(ROOT / "watchlists", work / "watchlists")
    shutil.copytree(ROOT / "facts", work / "facts")
    cfg = write_config(work, sandbox.dir)
    app = App(config_path=cfg)
    for args in (["watchlist", "sync"], ["check"]):
        result = run(app, *args)
        assert result.exit_code == 0, result.output
    yield cfg
    restore_seed(sandbox)


def statuses(app: App, *args: str) -> dict[str, str]:
    result = run(app, "facts", "check", "--json", *args)
    assert result.exit_code in (0, 3), result.output
    return {row["id"]: row["status"] for row in json.loads(result.output)["facts"]}


def test_facts_check_on_the_seed_reports_exactly_the_seeded_states(
    synced: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(synced.parent)
    app = App(config_path=synced)
    result = run(app, "facts", "check", "--json")
    assert result.exit_code == 3, result.output
    done = json.loads(result.output)
    assert {row["id"]: row["status"] for row in done["facts"]} == SEEDED
    rows = {row["id"]: row for row in done["facts"]}
    assert rows["almere-inwoners"]["wiki"] == "218.000"
    assert rows["almere-inwoners"]["wiki_date"] == "2023-01-01"
    assert "'fracties' is not in the template" in rows["raad-fracties"]["detail"]
    # five pages, one batch: ⌈5/50⌉ requests
    assert (done["pages"], done["requests"]) == (5, 1)
    csv_out = run(app, "facts", "check", "--csv", "--area", "sport").output
    assert csv_out.splitlines()[0].startswith("id,area,lemma,status,ours,wiki")
    assert (
        run(app, "facts", "check", "--area", "verkeer", "--lemma", "Hollandse Brug").exit_code == 0
    )


def test_differences_are_lemma_health_findings_with_the_source(
    synced: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(synced.parent)
    app = App(config_path=synced)
    result = run(app, "health", "--area", "sport", "--json")
    assert result.exit_code == 0, result.output
    rows = [r for r in json.loads(result.stdout) if r["kind"] == "fact"]
    assert [r["title"] for r in rows] == ["Yanmar Stadion"]
    assert "op de wiki 4.501, in ons register 10000" in rows[0]["what"]
    assert "https://www.almere.nl/sport/yanmar-stadion" in rows[0]["what"]


def mails(directory: Path) -> dict[str, tuple[str, str]]:
    """{recipient: (plain text, html)} of the .eml files in `directory`, which is emptied."""
    from email import message_from_bytes, policy

    out = {}
    for f in sorted(directory.glob("*.eml")):
        msg = message_from_bytes(f.read_bytes(), policy=policy.default)
        parts = [msg.get_body((kind,)).get_content() for kind in ("plain", "html")]  # type: ignore[union-attr]
        out[str(msg["To"])] = (parts[0], parts[1])
        f.unlink()
    return out


def test_the_nightly_mail_tells_a_difference_to_its_area_once(
    synced: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(synced.parent)
    app = App(config_path=synced)
    assert run(app, "health", "--area", "sport").exit_code == 0
    assert run(app, "nightly", "--mail-dir", str(tmp_path)).exit_code == 0
    first = mails(tmp_path)
    text, html = first["sport@almere.example"]
    assert "Yanmar Stadion (" in text and "op de wiki 4.501, in ons register 10000" in text
    assert '<a href="https://www.almere.nl/sport/yanmar-stadion' in html
    assert (
        "verkeer@almere.example" not in first or "Yanmar" not in first["verkeer@almere.example"][0]
    )
    assert run(app, "nightly", "--mail-dir", str(tmp_path)).exit_code == 0
    assert not any("Yanmar" in text for text, _ in mails(tmp_path).values())  # told once


def test_propose_approve_apply_check_then_the_fact_matches(
    synced: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(synced.parent)
    app = App(config_path=synced)
    proposed = run(app, "facts", "propose", "--by", "J. Smit", "--fact", "almere-inwoners")
    assert proposed.exit_code == 0, proposed.output
    assert "almere-inwoners: proposed correction #1 (Almere)" in proposed.output
    shown = json.loads(run(app, "correction", "show", "1", "--json").output)[0]
    assert shown["find"] == "inwoners = 218.000\n| peildatum = 1 januari 2023"
    assert shown["proposed"].startswith(
        "inwoners = 226.786<ref>{{Citeer web|url=https://www.cbs.nl/"
    )
    assert shown["proposed"].endswith("\n| peildatum = 1 januari 2025")
    assert shown["area"] == "bestuur" and shown["sources"][0].startswith("https://www.cbs.nl/")
    again = run(app, "facts", "propose", "--by", "J. Smit", "--fact", "almere-inwoners")
    assert "correction #1 (proposed) already covers it" in again.output
    assert len(json.loads(run(app, "correction", "list", "--json").output)) == 1
    # the four eyes: the proposer cannot approve
    assert run(app, "correction", "approve", "1", "--by", "J. Smit").exit_code == 2
    approved = run(app, "correction", "approve", "1", "--by", "A. de Vries")
    assert approved.exit_code == 0, approved.output
    applied = run(app, "correction", "apply", "1", "--by", "A. de Vries", "--yes")
    assert applied.exit_code == 0, applied.output
    assert run(app, "check").exit_code == 0
    assert json.loads(run(app, "correction", "show", "1", "--json").output)[0]["status"] == (
        "verified"
    )
    assert statuses(app, "--lemma", "Almere")["almere-inwoners"] == "matches"


def test_a_prose_difference_is_proposed_in_the_pages_words(
    synced: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(synced.parent)
    app = App(config_path=synced)
    proposed = run(app, "facts", "propose", "--by", "J. Smit", "--fact", "almere-wethouders")
    assert proposed.exit_code == 0, proposed.output
    cid = proposed.output.split("#")[1].split()[0]
    shown = json.loads(run(app, "correction", "show", cid, "--json").output)[0]
    assert shown["find"] == "de burgemeester en zes wethouders"
    assert shown["proposed"].startswith("de burgemeester en zeven wethouders<ref>")


def test_bad_input_exits_2_and_writes_nothing(
    synced: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(synced.parent)
    app = App(config_path=synced)
    before = len(json.loads(run(app, "correction", "list", "--json").output))
    # not the proposer's own area: refused by the corrections' own rule, nothing stored
    refused = run(app, "facts", "propose", "--by", "J. Smit", "--area", "sport")
    assert refused.exit_code == 2 and "yanmar-capaciteit: refused" in refused.output
    assert len(json.loads(run(app, "correction", "list", "--json").output)) == before
    assert run(app, "facts", "check", "--area", "nergens").exit_code == 2
    assert run(app, "facts", "check", "--lemma", "Lelystad").exit_code == 2
    assert run(app, "facts", "propose", "--by", "J. Smit").exit_code == 2
    facts_file = synced.parent / "facts" / "bestuur.toml"
    text = facts_file.read_text()
    bad = synced.parent / "bad.csv"
    bad.write_text(
        "id,lemma,value,reference_date,source\n"
        "a-1,Almere,5,2026-01-01,https://www.cbs.nl\n"
        "a-2,Lelystad,5,2026-01-01,https://www.cbs.nl\n"
    )
    imported = run(app, "facts", "import", "bestuur", str(bad))
    assert imported.exit_code == 2 and "bad.csv:row 3: lemma 'Lelystad'" in imported.output
    assert facts_file.read_text() == text
    bad.write_text("id,lemma,value,reference_date,source\na-1,Almere,5,2026-01-01,https://x.nl\n")
    assert run(app, "facts", "import", "bestuur", str(bad)).exit_code == 2  # no place given
    assert facts_file.read_text() == text


def test_a_good_csv_is_merged_and_checked(synced: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(synced.parent)
    app = App(config_path=synced)
    good = synced.parent / "good.csv"
    good.write_text(
        "id,lemma,template,parameter,value,reference_date,source\n"
        "raad-zetels,Gemeenteraad van Almere,Infobox gemeenteraad,zetels,47,2026-03-18,"
        "https://www.almere.nl/verkiezingen\n"
    )
    imported = run(app, "facts", "import", "bestuur", str(good))
    assert imported.exit_code == 0, imported.output
    assert "0 added, 1 updated" in imported.output
    text = (synced.parent / "facts" / "bestuur.toml").read_text()
    assert text.startswith("# Officiële cijfers") and "value = 47" in text
    assert run(app, "facts", "validate").exit_code == 0
    assert statuses(app, "--lemma", "Gemeenteraad van Almere")["raad-zetels"] == "differs"


def test_a_difference_can_go_to_the_talk_page(synced: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(synced.parent)
    app = App(config_path=synced)
    args = ("--by", "K. Visser", "--fact", "yanmar-capaciteit", "--via", "talk")
    proposed = run(app, "facts", "propose", *args)
    assert proposed.exit_code == 0, proposed.output
    cid = proposed.output.split("#")[1].split()[0]
    shown = json.loads(run(app, "correction", "show", cid, "--json").output)[0]
    assert (shown["via"], shown["area"], shown["find"]) == ("talk", "sport", "capaciteit = 4.501")
    assert shown["proposed"].startswith("capaciteit = 10.000<ref>")
