"""`wikitrack nightly` end to end on the FakeWiki: sync, check, snapshot, plan, save, send.

No MediaWiki: the wiki is in memory (tests/fakewiki.py), the mail goes to .eml files.
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from wikitrack.app.context import Context
from wikitrack.app.reporting import nightly_run
from wikitrack.watchlist.lists import load_watchlists
from wikitrack.watchlist.sync import sync_watchlists

from .fakewiki import FakeWiki
from .test_check_fake import ARTICLE

DESK = "redactie@almere.example"


def project(root: Path, wiki: FakeWiki) -> Context:
    """Two areas with a contact each and the desk; synced on the fake wiki."""
    (root / "watchlists").mkdir(parents=True)
    for slug, titles in (("zorg", ["Haven"]), ("sport", ["Buiten", "Poort"])):
        (root / "watchlists" / f"{slug}.toml").write_text(
            f'name = "{slug.title()}"\ncontacts = ["{slug}@almere.example"]\n'
            + "".join(f'[[lemma]]\ntitle = "{t}"\n' for t in titles),
            encoding="utf-8",
        )
    (root / "wikitrack.toml").write_text(
        '[database]\npath = "wikitrack.db"\n[wiki]\nurl = "http://fake.example/api.php"\n'
        f'[mail]\nsender = "wikitrack@almere.example"\ndesk = ["{DESK}"]\n'
        "[backup]\nnightly = false\n",
        encoding="utf-8",
    )
    ctx = Context(config_path=root / "wikitrack.toml", quiet=True, wiki_factory=lambda c: wiki)
    sync_watchlists(ctx.db, wiki, load_watchlists(ctx.config.watchlists_dir))
    return ctx


def mails(directory: Path) -> dict[str, list[email.message.EmailMessage]]:
    out: dict[str, list[email.message.EmailMessage]] = {}
    for path in sorted(directory.glob("*.eml")):
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        out.setdefault(str(msg["To"]), []).append(msg)  # type: ignore[arg-type]
    return out


def text(msg: email.message.EmailMessage) -> str:
    return msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]


@pytest.fixture
def wiki() -> FakeWiki:
    wiki = FakeWiki()
    pieter = wiki.actor("Pieter Bakker")
    for name in ("Haven", "Buiten", "Poort"):
        pieter.edit(name, ARTICLE.format(name=name), "nieuw")
    return wiki


def test_a_night_mails_each_area_its_own_changes_and_the_desk_all(tmp_path: Path, wiki: FakeWiki):
    ctx = project(tmp_path / "p", wiki)
    first = nightly_run(ctx, mail_dir=tmp_path / "baseline")
    assert first.problems == () and first.check.result.baselined == 3
    kees = wiki.actor("Kees Jansen")
    kees.edit("Haven", kees.text("Haven").replace("1.000", "1.250"), "inwoners")
    kees.edit("Poort", "{{weg|reden=NE}}\n" + kees.text("Poort"), "nominatie")

    out = tmp_path / "mail"
    night = nightly_run(ctx, mail_dir=out)
    assert night.problems == () and night.exit_code == 0
    got = mails(out)
    assert sorted(got) == sorted([DESK, "zorg@almere.example", "sport@almere.example"])
    zorg, sport, desk = (
        text(got[a][0]) for a in ("zorg@almere.example", "sport@almere.example", DESK)
    )
    assert "Haven" in zorg and "Poort" not in zorg
    assert "Poort" in sport and "Haven" not in sport
    assert "Haven" in desk and "Poort" in desk


def test_a_second_night_without_news_sends_nothing(tmp_path: Path, wiki: FakeWiki):
    ctx = project(tmp_path / "p", wiki)
    nightly_run(ctx, mail_dir=tmp_path / "baseline")
    kees = wiki.actor("Kees Jansen")
    kees.edit("Buiten", kees.text("Buiten") + "\nMeer.", "aanvulling")
    nightly_run(ctx, mail_dir=tmp_path / "one")
    assert sorted(mails(tmp_path / "one")) == sorted([DESK, "sport@almere.example"])
    again = nightly_run(ctx, mail_dir=tmp_path / "two")
    assert again.mail.queued == 0 and not list((tmp_path / "two").glob("*.eml"))
