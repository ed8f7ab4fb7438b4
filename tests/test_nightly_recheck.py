"""A change that a contact was mailed is never mailed to them again, however a later check
found it a second time (`check --since` re-reads history; a run started again re-diffs a page):
"already mailed" holds by the change's identity (page, revision, what changed), not by the check
run that stored it last. Against the FakeWiki, with mails as files."""

from __future__ import annotations

from pathlib import Path

from wikitrack.app.context import Context
from wikitrack.app.reporting import nightly_run
from wikitrack.app.watching import check_once

from .fakewiki import FakeWiki
from .test_check_fake import ARTICLE

TITLES = ("Haven", "Buiten", "Poort")


def project(root: Path, wiki: FakeWiki) -> Context:
    (root / "watchlists").mkdir(parents=True)
    for slug, title in (("haven", "Haven"), ("rand", "Buiten"), ("rand2", "Poort")):
        (root / "watchlists" / f"{slug}.toml").write_text(
            f'name = "{slug}"\ncontacts = ["{slug}@almere.example", "desk@almere.example"]\n'
            f'[[lemma]]\ntitle = "{title}"\n',
            encoding="utf-8",
        )
    (root / "wikitrack.toml").write_text(
        '[database]\npath = "wikitrack.db"\n[wiki]\nurl = "http://fake.example/api.php"\n',
        encoding="utf-8",
    )
    return Context(config_path=root / "wikitrack.toml", quiet=True, wiki_factory=lambda c: wiki)


def nightly(ctx: Context, mail_dir: Path) -> list[str]:
    """One nightly run; the addressees of the mails it wrote (mail_dir is emptied first)."""
    for f in mail_dir.glob("*"):
        f.unlink()
    outcome = nightly_run(ctx, mail_dir=mail_dir)
    assert outcome.problems == (), outcome.problems
    return sorted(outcome.mail.sent)


def test_a_recheck_does_not_mail_old_news_again(tmp_path: Path):
    wiki = FakeWiki()
    pieter = wiki.actor("Pieter Bakker")
    for name in TITLES:
        pieter.edit(name, ARTICLE.format(name=name), "nieuw")
    ctx = project(tmp_path / "p", wiki)
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    from wikitrack.app.watching import usable_areas
    from wikitrack.watchlist.sync import sync_watchlists

    sync_watchlists(ctx.db, wiki, usable_areas(ctx)[0])
    assert check_once(ctx).result.baselined == 3
    nightly(ctx, mail_dir)  # the first window
    before = wiki.tick()  # after the pages were made, before the edits
    kees = wiki.actor("Kees Jansen")
    for name in TITLES:
        kees.edit(name, kees.text(name).replace("1.000", "1.250"), "inwoners")
    first = nightly(ctx, mail_dir)
    assert first == [
        "desk@almere.example",
        "haven@almere.example",
        "rand2@almere.example",
        "rand@almere.example",
    ]
    assert nightly(ctx, mail_dir) == []  # nothing new
    again = check_once(ctx, since=before)  # history re-read: the same changes found again
    assert again.result.changes >= 3
    assert nightly(ctx, mail_dir) == []  # old news, to every contact

    # What is new after the re-check still goes out, and only that.
    kees.edit("Haven", kees.text("Haven") + "\n[[Categorie:Haven]]", "categorie")
    assert nightly(ctx, mail_dir) == ["desk@almere.example", "haven@almere.example"]
    body = next(mail_dir.glob("*")).read_text(encoding="utf-8")
    assert "Buiten" not in body and "1.250" not in body
