"""Issue 28: personal data never enters the corrections log, and what did can be redacted for
good (AVG); each desk editor edits through their own account; a duplicate is warned about and
a text can be removed (`--delete`)."""

# ruff: noqa: F811 (the `lemma` fixture of test_corrections is imported, then requested)

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest

from wikitrack.cli.commands import App
from wikitrack.config import load_config
from wikitrack.errors import ConfigError
from wikitrack.sandbox import TEAM_USER, Sandbox

from .conftest import write_config
from .test_corrections import PROPOSED, events_of, lemma, propose, run  # noqa: F401 (fixture)

MAIL = "jan.jansen@gmail.com"
PHONE = "0612345678"
BRAM = "Bram-GemeenteAlmere"  # B. Bos's own account in the sandbox


def _stored(app: App) -> tuple[int, int]:
    return app.db.table("corrections").count, app.db.table("correction_events").count


# -- point 1: refused before anything is stored --------------------------------------------


def test_a_proposal_with_personal_data_is_refused_and_nothing_is_stored(
    app: App, lemma: str, workdir: Path
):
    refused = propose(
        app,
        lemma,
        "--area",
        "bestuur",
        proposed=f"een filmhuis (info: {MAIL}, {PHONE})<ref>x</ref>",
    )
    assert refused.exit_code == 2, refused.output
    assert "refused: it holds personal data" in refused.output
    assert "nothing was stored" in refused.output
    assert "STOP phone" in refused.output and f"STOP email: {MAIL}" in refused.output
    assert _stored(app) == (0, 0)
    # an edit cannot bring it in either; the log file never holds the words
    assert propose(app, lemma, "--area", "bestuur").exit_code == 0
    edit = run(app, "correction", "edit", "1", "--by", "J. Smit", "--proposed", f"bel {PHONE}")
    assert edit.exit_code == 2 and "personal data" in edit.output
    assert app.db.table("corrections").get(1)["proposed"] == PROPOSED
    assert _stored(app) == (1, 1)
    # nor a note, an override's reason or a redaction's reason
    note = run(app, "correction", "approve", "1", "--by", "A. de Vries", "--note", f"zie {MAIL}")
    assert note.exit_code == 2 and "--note refused: it holds personal data" in note.output
    assert _stored(app) == (1, 1)
    log = (workdir / "wikitrack.log").read_text(encoding="utf-8")
    assert MAIL not in log and PHONE not in log


# -- point 1: redaction ---------------------------------------------------------------------


def test_the_keyed_hash_finds_the_text_again_and_nothing_without_the_key():
    from wikitrack.corrections.redaction import Redaction, digest, find_by_digest, redact_value

    key, salt = secrets.token_bytes(32), secrets.token_hex(16)
    r = Redaction("x", 1, "", "A", "why", salt, digest(key, salt, MAIL), len(MAIL))
    values = [{"before": {"proposed": f"info: {MAIL}, later"}}, "other"]
    assert find_by_digest(values, key, r) == MAIL
    assert find_by_digest(values, secrets.token_bytes(32), r) is None
    # a plain or salted sha256 of the number is not what is stored
    assert digest(key, salt, PHONE) != digest(b"", salt, PHONE)
    assert redact_value(values, MAIL) == [
        {"before": {"proposed": "info: [verwijderd: AVG], later"}},
        "other",
    ]


def _file_bytes(workdir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in workdir.iterdir() if p.name.startswith("wikitrack.db"))


def test_a_redaction_removes_a_planted_address_everywhere_and_from_a_restored_backup(
    app: App, lemma: str, workdir: Path
):
    """Acceptance: show, export --events, the database file (and its WAL) and a restored
    older backup hold the address nowhere; the trail keeps one event with a keyed hash."""
    assert propose(app, lemma, "--area", "bestuur").exit_code == 0
    # planted as older versions let it in: a proposed text, edited away since (the edit's
    # `before` keeps it), and a note of another correction
    app.db.execute("UPDATE corrections SET proposed = ? WHERE id = 1", [f"mail {MAIL}"])
    app.db.conn.commit()
    edited = run(app, "correction", "edit", "1", "--by", "J. Smit", "--proposed", PROPOSED)
    assert edited.exit_code == 0, edited.output
    assert propose(app, lemma, "--area", "bestuur", find="De wijkraad").exit_code == 0
    from wikitrack import store

    store.update_correction(  # a note an older version took
        app.db, 2, actor="B. Bos", from_status="proposed", to_status="rejected", note=MAIL
    )
    assert MAIL in run(app, "correction", "export", "--format", "csv", "--events").output
    assert run(app, "backup").exit_code == 0  # an older backup that holds it
    staff = run(
        app, "correction", "redact", "1", "--by", "J. Smit", "--text", MAIL, "--reason", "x"
    )
    assert staff.exit_code == 2 and "only desk editors" in staff.output
    done = run(
        app,
        "correction",
        "redact",
        "1",
        "--by",
        "A. de Vries",
        "--text",
        MAIL,
        "--reason",
        "verzoek betrokkene (AVG art. 17)",
    )
    assert done.exit_code == 0, done.output
    assert "replaced the text in 1 place(s)" in done.output and " details" in done.output
    assert "older backup(s) still hold the text" in done.output
    assert "correction(s) 2 hold the same text" in done.output
    also = run(
        app, "correction", "redact", "2", "--by", "B. Bos", "--text", MAIL, "--reason", "ook"
    )
    assert also.exit_code == 0, also.output

    def nowhere() -> None:
        shown = run(app, "correction", "show", "1", "--json").output
        shown += run(app, "correction", "show", "2", "--json").output
        events = run(app, "correction", "export", "--format", "csv", "--events").output
        assert MAIL not in shown + events
        assert "[verwijderd: AVG]" in events
        assert MAIL.encode() not in _file_bytes(workdir)

    nowhere()
    redact = events_of(app, 1)[-1]
    assert (redact["action"], redact["actor"]) == ("redact", "A. de Vries")
    assert redact["note"] == "redacted: verzoek betrokkene (AVG art. 17)"
    assert len(redact["details"]["hmac_sha256"]) == 64 and redact["details"]["length"] == len(MAIL)
    # the trail is still append-only outside a redaction
    with pytest.raises(Exception, match="append-only"):
        app.db.execute("UPDATE correction_events SET note = 'x'")
    # the key and the list stay beside the database, never in a backup
    side = workdir / "wikitrack.db.redactions.json"
    assert side.stat().st_mode & 0o077 == 0
    assert not list((workdir / "backups").rglob("*redactions*"))
    older = sorted((workdir / "backups").iterdir())[0]
    assert MAIL.encode() in (older / "wikitrack.db").read_bytes()
    restored = run(app, "restore", str(older))
    assert restored.exit_code == 0, restored.output
    assert "applied again the 2 redaction(s) made after this backup" in restored.output
    nowhere()
    assert [e["action"] for e in events_of(app, 1)].count("redact") == 1
    # without the redactions file a restore would bring the address back: refused
    side.rename(workdir / "elsewhere.json")
    lost = run(app, "restore", str(older))
    assert lost.exit_code == 1 and "lacks 2 redaction(s)" in lost.output
    nowhere()


def test_a_text_the_correction_does_not_hold_is_refused(app: App, lemma: str):
    assert propose(app, lemma, "--area", "bestuur").exit_code == 0
    wrong = run(
        app, "correction", "redact", "1", "--by", "B. Bos", "--text", "niet hier", "--reason", "x"
    )
    assert wrong.exit_code == 2 and "does not hold that text" in wrong.output
    short = run(app, "correction", "redact", "1", "--by", "B. Bos", "--text", "13", "--reason", "x")
    assert short.exit_code == 2 and "whole text" in short.output


# -- point 2: each person edits through their own account ----------------------------------


def test_apply_edits_through_the_appliers_own_account_and_names_them(
    app: App, sandbox: Sandbox, lemma: str
):
    """Acceptance: a desk editor without an account is refused with the fix; one with an
    account edits under it, with their own name in the summary and the trail."""
    assert propose(app, lemma, "--area", "bestuur").exit_code == 0
    assert run(app, "correction", "approve", "1", "--by", "A. de Vries").exit_code == 0
    refused = run(app, "correction", "apply", "1", "--by", "S. Bouali", "--yes")
    assert refused.exit_code == 2, refused.output
    assert "S. Bouali has no team account of their own" in refused.output
    assert 'person = "S. Bouali"' in refused.output and "password file" in refused.output
    dry = run(app, "correction", "apply", "1", "--by", "S. Bouali", "--dry-run")
    assert dry.exit_code == 2
    applied = run(app, "correction", "apply", "1", "--by", "B. Bos", "--yes")
    assert applied.exit_code == 0, applied.output
    revid = int(applied.output.split()[-1])
    rev = app.wiki.fetch_revisions_by_id([revid])[revid]
    assert rev.user == BRAM
    assert "(bewerkt door B. Bos)" in rev.comment and "Anouk" not in rev.comment
    stored = app.db.table("corrections").get(1)
    assert stored["applied_account"] == BRAM
    assert events_of(app, 1)[-1]["actor"] == "B. Bos"
    # and the next one by A. de Vries goes through hers, in the same process
    assert propose(app, lemma, "--area", "bestuur", find="De wijkraad").exit_code == 0
    assert run(app, "correction", "approve", "2", "--by", "B. Bos").exit_code == 0
    second = run(app, "correction", "apply", "2", "--by", "A. de Vries", "--yes")
    assert second.exit_code == 0, second.output
    revid = int(second.output.split()[-1])
    rev = app.wiki.fetch_revisions_by_id([revid])[revid]
    assert rev.user == TEAM_USER and "(bewerkt door A. de Vries)" in rev.comment


def test_a_team_account_belongs_to_one_person_of_people(tmp_path: Path):
    cfg = write_config(tmp_path, tmp_path / "sb")
    text = cfg.read_text().replace('person = "B. Bos"', 'person = "Anouk de Vries"', 1)
    cfg.write_text(text)
    with pytest.raises(ConfigError) as e:
        load_config(cfg)
    assert "belongs to 'Anouk de Vries', who is not in [[people]]" in str(e.value)
    assert f"{cfg}:" in str(e.value)
    cfg.write_text(text.replace('person = "Anouk de Vries"', 'person = "a. de vries"'))
    with pytest.raises(ConfigError, match="has two team accounts"):
        load_config(cfg)


# -- point 4: a duplicate is warned about; --delete removes text ---------------------------


def test_an_identical_open_correction_is_accepted_with_a_warning(app: App, lemma: str):
    assert propose(app, lemma, "--area", "bestuur").output == "correction 1 proposed\n"
    again = propose(app, lemma, "--area", "bestuur")
    assert again.exit_code == 0
    assert "warning: correction 1 is open and makes the very same change" in again.output
    assert "wikitrack correction withdraw 2" in again.output
    assert run(app, "correction", "withdraw", "1", "--by", "J. Smit").exit_code == 0
    assert "warning" not in propose(app, lemma, "--area", "bestuur", find="De wijkraad").output


def test_delete_proposes_to_remove_the_find_text(app: App, lemma: str):
    empty = propose(app, lemma, "--area", "bestuur", proposed="")
    assert empty.exit_code == 2 and "give --delete instead" in empty.output
    removal = propose(
        app,
        lemma,
        "--area",
        "bestuur",
        "--delete",
        what="dubbele zin",
        find="\nDe wijkraad telt 11 leden.",
        proposed=None,
    )
    assert removal.exit_code == 0, removal.output
    assert run(app, "correction", "approve", "1", "--by", "A. de Vries").exit_code == 0
    dry = run(app, "correction", "apply", "1", "--by", "A. de Vries", "--dry-run")
    assert "-De wijkraad telt 11 leden." in dry.output
    assert run(app, "correction", "apply", "1", "--by", "A. de Vries", "--yes").exit_code == 0
    assert "telt 11 leden" not in app.wiki.text_of(app.db.table("corrections").get(1)["page_id"])[0]
    shown = json.loads(run(app, "correction", "show", "1", "--json").output)[0]
    assert shown["proposed"] == ""


def test_an_older_sandbox_gets_the_second_team_account_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A sandbox installed before issue 28 has one team account: `start` adds B. Bos's own,
    and the password file then holds a line for each."""
    sb = Sandbox(tmp_path)
    old = {u: {"password": "p", "botpassword": "b" * 32} for u in ("Beheerder", TEAM_USER)}
    (tmp_path / "secrets.json").write_text(json.dumps(old))
    (tmp_path / "state.json").write_text(json.dumps({"port": 8080}))
    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(sb, "_maintenance", lambda *args, **kw: calls.append(args) or "")
    sb._add_missing_accounts()
    assert [c[:2] for c in calls] == [
        ("createAndPromote.php", BRAM),
        ("createBotPassword.php", "--appid"),
    ]
    assert "--bot" not in calls[0]  # a person's account, not the reading bot
    lines = (sb.pywikibot_dir / "user-password.cfg").read_text().splitlines()
    assert [line.split(",")[0] for line in lines] == [f"('{TEAM_USER}'", f"('{BRAM}'"]
    sb._add_missing_accounts()
    assert len(calls) == 2  # nothing missing any more


def test_a_deletion_is_overwritten_when_the_removed_text_is_back():
    from wikitrack.corrections.rules import outcome_after

    gone = dict(reverted=False, proposed="", via="article", find="telt 11 leden")
    assert outcome_after("applied", latest_text="De raad.", **gone) == "verify"
    assert outcome_after("verified", latest_text="De raad telt 11 leden.", **gone) == "overwrite"
