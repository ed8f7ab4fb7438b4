"""Issue 28 point 1, the reviewer's defects: a redaction reaches the copies stored encoded
(JSON with \\u escapes, quoted-printable mails) and review requests; `restore` applies every
redaction again before the restored file is put in place, says which it could not, and keeps
the live logins; `redact` names the copies nobody prunes; review texts refuse personal data.
No wiki: the first release's database (tests/data/schema1.sql) migrated."""

from __future__ import annotations

import html
import json
import quopri
from email import message_from_string, policy
from pathlib import Path

import pytest

from wikitrack import store
from wikitrack.cli.commands import App
from wikitrack.corrections.redaction import MARKER
from wikitrack.mail.messages import build_message

from .test_backup import dated, invoke, offline  # noqa: F401 (fixture)
from .test_web_staff import site  # noqa: F401 (fixture)

# ruff: noqa: F811 (the `offline` fixture of test_backup is imported, then requested)

NAME = "Jörg Müller-Ångström"
# longer than a quoted-printable line (76), with non-ASCII letters and an address in it
LONG = f"{NAME}, Máximalaan 112, 1311 AB Almere, jorg.muller.angstrom@ziggo.nl"
MAIL = "jan.jansen@gmail.com"
DESK = ("--by", "A. de Vries")


def mime_texts(message: str) -> list[str]:
    """The subject and text parts of a stored mail, decoded as a mail program shows them."""
    msg = message_from_string(message, policy=policy.default)
    parts = [p for p in msg.walk() if p.get_content_maintype() == "text"]
    return [str(msg["Subject"]), *(p.get_content() for p in parts)]  # type: ignore[attr-defined]


def _file_bytes(workdir: Path) -> bytes:
    return b"".join(p.read_bytes() for p in workdir.iterdir() if p.name.startswith("wikitrack.db"))


def _encoded(text: str) -> list[bytes]:
    """`text` as a file may hold it: UTF-8, JSON's \\u escapes, quoted-printable."""
    return [text.encode(), json.dumps(text)[1:-1].encode(), quopri.encodestring(text.encode())]


def _nowhere(workdir: Path, *texts: str) -> None:
    raw = _file_bytes(workdir)
    for text in texts:
        for form in _encoded(text):
            assert form not in raw, (text, form)


def _correction(app: App, proposed: str) -> int:
    fields = {
        "page_id": 11,
        "title": "Almere",
        "area": "bestuur",
        "proposed_by": "J. Smit",
        "what": "adres",
        "find": "Almere",
        "proposed": proposed,
        "sources": ["https://www.almere.nl/"],
        "via": "edit",
        "base_revid": 1003,
    }
    return store.insert_correction(app.db, fields, actor="J. Smit")


def _redact(app: App, cid: int, text: str):
    return invoke(app, "correction", "redact", str(cid), *DESK, "--text", text, "--reason", "AVG")


def _plant_mailing(app: App, body: str) -> None:
    msg = build_message(
        sender="wikitrack@almere.nl",
        recipient="redactie@almere.nl",
        subject="Wikitrack",
        text=f"Beste redactie,\n\n{body} vroeg om een correctie.\n",
        html=f"<p>{html.escape(body)} vroeg om een correctie.</p>",
    )
    app.db.table("mailings").insert(
        {"created": "2020-01-01T00:00:00Z", "first_run": 1, "last_run": 1, "status": "sent"}
        | {"recipient": "redactie@almere.nl", "areas": "[]", "subject": "Wikitrack"}
        | {"message": msg.as_string(), "attempts": 1, "error": "", "reminders": "[]"}
    )


# -- A: copies stored encoded ----------------------------------------------------------------


def test_a_redaction_reaches_json_escapes_and_quoted_printable_mails(offline: App, workdir: Path):
    cid = _correction(offline, f"adres: {LONG}")
    run_id = store.health_findings.save_health_run(
        offline.db, {"started": "2020-01-01T00:00:00Z"}, []
    )
    row = {"run_id": run_id, "area": "bestuur", "page_id": 11, "title": "Almere", "kind": "x"}
    # as older versions wrote health details: json.dumps, so "ö" is stored as \u00f6
    offline.db.table("health_findings").insert({**row, "details": json.dumps({"w": LONG})})
    # as they are written now: as the text reads
    new = {**row, "key": "k", "details": {"w": NAME}}
    store.health_findings.save_health_run(offline.db, {"started": "2020-01-02T00:00:00Z"}, [new])
    details = offline.db.execute("SELECT details FROM health_findings WHERE key = 'k'")
    assert details.fetchone()[0] == json.dumps({"w": NAME}, ensure_ascii=False)
    _plant_mailing(offline, LONG)
    stored = offline.db.execute("SELECT message FROM mailings").fetchone()[0]
    assert LONG not in stored and LONG in mime_texts(stored)[1]  # quoted-printable, soft breaks

    done = _redact(offline, cid, LONG)
    assert done.exit_code == 0, done.output
    assert "health_findings" in done.output and "mailings 1 message" in done.output
    _nowhere(workdir, LONG, "Máximalaan 112", "angstrom@ziggo")
    message = offline.db.execute("SELECT message FROM mailings").fetchone()[0]
    assert all(LONG not in t for t in mime_texts(message)) and MARKER in mime_texts(message)[1]
    assert "Beste redactie" in message  # the rest of the mail is as it was
    # the name alone, now only in the details written without escapes, is found there
    again = _redact(offline, cid, NAME)
    assert again.exit_code == 0 and "health_findings" in again.output, again.output
    _nowhere(workdir, NAME)


# -- B and C: restore ----------------------------------------------------------------------


def test_restore_applies_a_redaction_found_outside_the_correction_before_it_is_in_place(
    offline: App, workdir: Path, monkeypatch: pytest.MonkeyPatch
):
    cid = _correction(offline, "adres klopt niet")
    offline.db.execute("UPDATE revisions SET comment = ? WHERE revid = 1003", [f"zie {MAIL}"])
    offline.db.table("web_sessions").insert(
        {"id": "oud", "login": "jsmit", "created": 1.0, "seen": 1.0, "data": "{}"}
    )
    offline.db.conn.commit()
    assert invoke(offline, "backup").exit_code == 0
    (older,) = dated(workdir / "backups")
    done = _redact(offline, cid, MAIL)  # found only in the edit summary
    assert done.exit_code == 0 and "revisions 1003 comment" in done.output, done.output
    later = _correction(offline, f"bel {LONG}")  # made after the backup
    assert _redact(offline, later, LONG).exit_code == 0

    from wikitrack.store import snapshot as store_backup

    copied, live = [], workdir / "wikitrack.db"
    original = store_backup.copy_into

    def watched(source: Path, target: Path) -> None:
        if target == live:  # what the live file is given holds no old text, no old session
            copied.append(source)
            assert MAIL.encode() not in source.read_bytes()
            assert not store.open_db(source).execute("SELECT * FROM web_sessions").fetchall()
        original(source, target)

    monkeypatch.setattr(store_backup, "copy_into", watched)
    restored = invoke(App(config_path=offline.config_path), "restore", str(older.path))
    assert restored.exit_code == 0, restored.output
    assert copied and not copied[0].exists()  # the prepared copy is gone
    assert "applied again the 1 redaction(s)" in restored.output
    assert "1 redaction(s) made after this backup were not applied again" in restored.output
    assert f"(correction {later}): the backup predates the correction" in restored.output
    _nowhere(workdir, MAIL)


def test_a_failing_redaction_leaves_the_live_database_as_it_was(
    offline: App, workdir: Path, monkeypatch: pytest.MonkeyPatch
):
    cid = _correction(offline, f"mail {MAIL}")
    assert invoke(offline, "backup").exit_code == 0
    (older,) = dated(workdir / "backups")
    assert _redact(offline, cid, MAIL).exit_code == 0
    before = _file_bytes(workdir)
    from wikitrack.corrections import workflow

    def broken(*_: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(workflow, "reapply_redactions", broken)
    failed = invoke(App(config_path=offline.config_path), "restore", str(older.path))
    assert failed.exit_code != 0
    _nowhere(workdir, MAIL)
    assert not list(workdir.glob("wikitrack.db.restoring-*"))
    assert MAIL.encode() not in before


# -- D: the live logins are kept ---------------------------------------------------------------


def test_restore_brings_back_no_removed_login_and_no_older_password(offline: App, workdir: Path):
    add = ["web-user", "add", "kvisser", "--name", "K. Visser", "--password-stdin"]
    assert invoke(offline, *add, input="een-lang-wachtwoord\n").exit_code == 0
    assert invoke(offline, "backup").exit_code == 0
    (older,) = dated(workdir / "backups")
    assert invoke(offline, "web-user", "remove", "kvisser").exit_code == 0
    live = (workdir / "web-users.json").read_text()
    restored = invoke(App(config_path=offline.config_path), "restore", str(older.path))
    assert restored.exit_code == 0, restored.output
    assert (workdir / "web-users.json").read_text() == live and "kvisser" not in live
    assert "kept the current" in restored.output and "no removed or disabled login" in (
        restored.output
    )
    # on a new server (no logins file yet) the backup's is put back
    (workdir / "web-users.json").unlink()
    again = invoke(App(config_path=offline.config_path), "restore", str(older.path))
    assert "restored web-users.json from the backup" in again.output
    assert "kvisser" in (workdir / "web-users.json").read_text()


# -- E: the copies nobody prunes are named -----------------------------------------------------


def test_redact_names_the_copies_that_must_be_removed_by_hand(offline: App, workdir: Path):
    cid = _correction(offline, f"mail {MAIL}")
    upgrade = [b for b in store_backup_list(workdir) if b.name.endswith("before-upgrade")]
    assert upgrade  # the fixture's migration made one
    aside = workdir / "wikitrack.db.before-restore-2020-01-01T000000Z"
    replaced = workdir / "wikitrack.db.replaced-2020-01-01T000000Z"
    aside.write_bytes(b"")
    replaced.write_bytes(b"")
    done = _redact(offline, cid, MAIL)
    assert done.exit_code == 0, done.output
    assert "never removed automatically: remove them by hand" in done.output
    for path in (*upgrade, aside, replaced):
        assert f"  {path}\n" in done.output


def store_backup_list(workdir: Path) -> list[Path]:
    return sorted((workdir / "backups").iterdir())


# -- F: review requests ------------------------------------------------------------------------


REQUEST = ("review", "request", "Almere", "--area", "bestuur", "--by", "J. Smit")


def test_review_reasons_and_outcomes_with_personal_data_are_refused(offline: App):
    refused = invoke(offline, *REQUEST, "--reason", f"bel 0612345678 of mail {MAIL}")
    assert refused.exit_code == 2 and "--reason refused: it holds personal data" in (refused.output)
    assert MAIL not in refused.output.split("STOP")[0]
    assert offline.db.table("review_requests").count == 0
    assert invoke(offline, *REQUEST, "--reason", "inwonertal").exit_code == 0
    edit = ["review", "edit", "1", "--by", "J. Smit", "--reason", f"mail {MAIL}"]
    assert invoke(offline, *edit).exit_code == 2
    close = ["review", "close", "1", *DESK, "--outcome", "gebeld met 0612345678"]
    closed = invoke(offline, *close)
    assert closed.exit_code == 2 and "--outcome refused" in closed.output
    assert store.get_review(offline.db, 1).status == "open"


def test_a_redaction_reaches_review_requests_and_their_trail(offline: App, workdir: Path):
    assert invoke(offline, *REQUEST, "--reason", "inwonertal").exit_code == 0
    cid = _correction(offline, f"mail {MAIL}")
    # as older versions let it in: a reason and an event's note
    offline.db.execute("UPDATE review_requests SET reason = ?, outcome = ?", [MAIL, MAIL])
    with pytest.raises(Exception, match="append-only"):
        offline.db.execute("UPDATE review_events SET note = ?", [MAIL])
    offline.db.execute("DROP TRIGGER review_events_no_update")
    offline.db.execute("UPDATE review_events SET note = ?", [f"zie {MAIL}"])
    offline.db.conn.commit()
    from wikitrack.store.migrations import m020_redactable_review_events

    m020_redactable_review_events(offline.db)
    item = {"key": "review:1", "kind": "review", "source": "reviews", "title": "Almere"}
    item |= {"areas": '["bestuur"]', "text": f"#1 J. Smit: {MAIL}", "appeared": "2020-01-01"}
    offline.db.table("worklist_items").insert(item | {"created": "x", "updated": "x"})
    done = _redact(offline, cid, MAIL)
    assert done.exit_code == 0, done.output
    assert "review_requests 1 reason" in done.output and "review_events" in done.output
    assert "worklist_items 1 text" in done.output
    _nowhere(workdir, MAIL)
    with pytest.raises(Exception, match="append-only"):  # outside a redaction, as before
        offline.db.execute("UPDATE review_events SET note = 'x'")


def test_the_web_form_refuses_personal_data_in_dutch(tmp_path: Path):
    from datetime import date

    from wikitrack.config import load_config
    from wikitrack.web.flask_app import check_review_form

    from .conftest import write_config

    config = load_config(write_config(tmp_path, tmp_path / ".sandbox"))
    form = {"terrein": "bestuur", "lemma": "Almere", "reden": f"mail {MAIL}"}
    errors = check_review_form(form, {"bestuur": ["Almere"]}, date.today(), "nl", config)
    assert errors["reden"].startswith("Deze tekst bevat persoonsgegevens")
    form["reden"] = "het inwonertal klopt niet"
    assert check_review_form(form, {"bestuur": ["Almere"]}, date.today(), "nl", config) == {}


def test_the_web_forms_refuse_personal_data_and_store_nothing(site):
    """The request form, the edit form and a desk editor's outcome (issue 28, point 1)."""
    from .test_web_staff import client_of, file_request, post, status_of

    db, config = site
    client = client_of(config, "jsmit")
    form = {"terrein": "gebied3", "lemma": "Lemma 3", "reden": f"Bel mij: {MAIL}"}
    before = db.table("review_requests").count
    answer = post(client, "/review-aanvragen", **form)
    assert answer.status_code == 400
    assert "Deze tekst bevat persoonsgegevens" in answer.get_data(as_text=True)
    assert db.table("review_requests").count == before
    number = file_request(db, config, reason="Het adres klopt niet meer")
    edit = post(client, f"/verzoeken/{number}/wijzigen", reden="Bel 0612345678", streefdatum="")
    assert edit.status_code == 400 and "persoonsgegevens" in edit.get_data(as_text=True)
    assert store.get_review(db, number).reason == "Het adres klopt niet meer"
    desk = client_of(config, "avries")
    closing = {"actie": "afhandelen", "uitkomst": f"gemaild met {MAIL}", "bevestigd": "ja"}
    assert post(desk, f"/verzoeken/{number}", **closing).status_code == 302
    assert status_of(db, number) == "open"
    assert "persoonsgegevens" in desk.get("/mijn-verzoeken").get_data(as_text=True)


def test_a_base64_mail_is_redacted_too():
    from wikitrack.corrections.redaction import Place, redact_mime

    # many non-ASCII characters: the e-mail package chooses base64 for the text part
    body = "Inwoners 220.000 → 226.786 → 227.001 (CBS) → ±\n" * 100 + f"{LONG}\n"
    msg = build_message(
        sender="a@almere.nl", recipient="b@almere.nl", subject="S", text=body, html="<p>x</p>"
    ).as_string()
    assert "base64" in msg and LONG not in msg
    place = Place("mailings", "id", 1, "message", msg, is_mime=True)
    assert place.holds(LONG)
    redacted = redact_mime(msg, LONG)
    assert LONG not in "".join(mime_texts(redacted)) and MARKER in mime_texts(redacted)[1]
    assert "226.786" in mime_texts(redacted)[1]


def test_restoring_an_older_schema_makes_no_new_copy_of_erased_text(offline: App, workdir: Path):
    """The fixture's first open migrated the first release's database and backed it up first;
    restoring that backup migrates its copy without another backup, which would keep the text
    of the redaction made since for good (and list it: the backup predates the correction)."""
    text = "220.000 → 226.786"  # an edit summary of the first release's fixture
    cid = _correction(offline, "inwonertal")
    (old,) = [b for b in store_backup_list(workdir) if b.name.endswith("before-upgrade")]
    assert _redact(offline, cid, text).exit_code == 0
    restored = invoke(App(config_path=offline.config_path), "restore", str(old))
    assert restored.exit_code == 0, restored.output
    assert [b for b in store_backup_list(workdir) if b.name.endswith("before-upgrade")] == [old]
    assert f"(correction {cid}): the backup predates the correction" in restored.output
