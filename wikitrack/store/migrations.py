"""Numbered migrations, applied once each and recorded by sqlite-utils' `Migrations`.

The schema is never changed by hand: add `m00N_what` below.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence

from sqlite_utils import Database, Migrations

__all__ = [
    "migrations",
    "SCHEMA_VERSION",
    "schema_version",
    "pending_migrations",
    "unknown_migrations",
]

migrations = Migrations("wikitrack")

_TYPES: dict[str, type] = {"int": int, "str": str, "float": float}


def _columns(spec: str) -> dict[str, type]:
    """A table's columns as sqlite-utils creates them, in order: "id int, title str, ..."."""
    return {name: _TYPES[kind] for name, kind in (column.split() for column in spec.split(","))}


@migrations()
def m001_initial(db: Database) -> None:
    db.table("areas").create(
        _columns("slug str, name str, description str, contacts str, path str"),
        pk="slug",
    )
    # One row per watched page (articles and their talk pages), by page ID: a page keeps its
    # ID when moved, so a lemma survives a move; the title is only its current name.
    db.table("lemmas").create(
        _columns(
            "page_id int, title str, namespace int, subject_id int, talk_id int, "
            "redirect_target str, status str, last_revid int, baseline_at str, checked_at str, "
            "last_error str"
        ),
        pk="page_id",
    )
    db.table("area_lemmas").create(
        _columns("area str, page_id int, listed_title str, note str, source str"),
        pk=("area", "page_id"),
        foreign_keys=[("area", "areas", "slug"), ("page_id", "lemmas", "page_id")],
    )
    db.table("check_runs").create(
        _columns(
            "id int, started str, finished str, status str, method str, area str, since str, "
            "lemmas int, revisions int, changes int, requests int, seconds float, errors str, "
            "window_start str"
        ),
        pk="id",
    )
    db.table("revisions").create(
        _columns(
            "revid int, page_id int, parent_id int, timestamp str, user str, userid int, "
            "anon int, temp int, bot int, minor int, size int, size_delta int, comment str, "
            "tags str, sha1 str, is_team int, reverts str, reverted_by int, run_id int, "
            "title str"
        ),
        pk="revid",
    )
    # A change's id is derived from its revision (or log entry) and position, so a re-run
    # after a crash rewrites the same rows instead of adding new ones.
    db.table("changes").create(
        _columns(
            "id str, revid int, log_id int, page_id int, seq int, kind str, category str, "
            "details str, timestamp str, run_id int"
        ),
        pk="id",
    )
    db.table("revisions").create_index(["page_id", "revid"])
    db.table("changes").create_index(["page_id"])
    db.table("changes").create_index(["timestamp"])
    db.table("changes").create_index(["kind"])
    db.table("area_lemmas").create_index(["page_id"])


@migrations()
def m002_mailings(db: Database) -> None:
    # One row per message of a nightly run. The window is a range of check runs, so a change
    # is mailed by the run that detected it, whatever its revision's timestamp. A row goes
    # pending -> sending -> sent (or failed, retried by the next run); a row left in
    # "sending" by a crash is reported and never sent again, so nothing is mailed twice.
    db.table("mailings").create(
        _columns(
            "id int, created str, first_run int, last_run int, recipient str, areas str, "
            "subject str, message str, status str, attempts int, error str, sent_at str"
        ),
        pk="id",
    )
    db.table("mailings").create_index(["recipient", "first_run", "last_run"], unique=True)
    db.table("mailings").create_index(["status"])
    # Each nightly run's window of check runs; the next window starts after the last one.
    db.table("nightly_windows").create(
        _columns("id int, created str, first_run int, last_run int, mailings int"),
        pk="id",
    )


def _append_only(db: Database, table: str) -> None:
    """A trail no command, and no hand-written SQL, can edit or delete."""
    for op in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )


def _create_events(db: Database, table: str, owner: str, owner_table: str) -> None:
    """The trail of a correction or a review request: one row per change of status."""
    db.table(table).create(
        _columns(
            f"id int, {owner} int, at str, actor str, from_status str, to_status str, note str"
        ),
        pk="id",
        foreign_keys=[(owner, owner_table, "id")],
    )
    db.table(table).create_index([owner])


@migrations()
def m003_corrections(db: Database) -> None:
    db.table("corrections").create(
        _columns(
            "id int, page_id int, title str, area str, proposed_by str, what str, find str, "
            "proposed str, sources str, via str, base_revid int, status str, "
            "override_reason str, override_by str, applied_revid int, applied_account str, "
            "talk_section str, created str, updated str"
        ),
        pk="id",
        foreign_keys=[("page_id", "lemmas", "page_id")],
    )
    _create_events(db, "correction_events", "correction_id", "corrections")
    db.table("corrections").create_index(["applied_revid"])
    _append_only(db, "correction_events")


_NORMALIZED_NEW_TITLE = (
    "upper(substr(trim(replace(NEW.title, '_', ' ')), 1, 1)) || "
    "substr(trim(replace(NEW.title, '_', ' ')), 2)"
)


@migrations()
def m004_review_requests(db: Database) -> None:
    db.execute(
        "CREATE TABLE review_requests (id INTEGER PRIMARY KEY, page_id INTEGER REFERENCES "
        "lemmas(page_id), title TEXT NOT NULL, area TEXT NOT NULL REFERENCES areas(slug), "
        "requested_by TEXT NOT NULL, reason TEXT NOT NULL, due TEXT, status TEXT NOT NULL "
        "DEFAULT 'open', assignee TEXT, outcome TEXT, correction_id INTEGER REFERENCES "
        "corrections(id), source TEXT NOT NULL DEFAULT 'cli', created TEXT NOT NULL DEFAULT "
        "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), updated TEXT NOT NULL DEFAULT "
        "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
    )
    _create_events(db, "review_events", "request_id", "review_requests")
    # The rules live in the database, so the web form (a Datasette canned query) and the CLI
    # obey the same ones. The messages are what policy staff read in the form, so Dutch.
    db.execute(
        "CREATE TRIGGER review_requests_check BEFORE INSERT ON review_requests BEGIN "  # noqa: S608 (constants only)
        "SELECT RAISE(ABORT, 'Vul een reden in.') WHERE trim(coalesce(NEW.reason, '')) = ''; "
        "SELECT RAISE(ABORT, 'Onbekende indiener: log eerst in.') "
        "WHERE trim(coalesce(NEW.requested_by, '')) = ''; "
        "SELECT RAISE(ABORT, 'De streefdatum is geen datum (JJJJ-MM-DD).') "
        "WHERE coalesce(NEW.due, '') != '' AND date(NEW.due) IS NULL; "
        "SELECT RAISE(ABORT, 'Dit lemma staat niet op de volglijst van dit beleidsterrein. "
        "Alleen lemma''s op de volglijst kunnen worden aangevraagd.') WHERE NOT EXISTS ("
        "SELECT 1 FROM lemmas l JOIN area_lemmas al ON al.page_id = l.page_id "
        f"WHERE l.namespace = 0 AND al.area = NEW.area AND l.title = {_NORMALIZED_NEW_TITLE}); "
        "END"
    )
    db.execute(
        "CREATE TRIGGER review_requests_fill AFTER INSERT ON review_requests BEGIN "  # noqa: S608 (constants only)
        f"UPDATE review_requests SET title = {_NORMALIZED_NEW_TITLE}, "
        "page_id = (SELECT l.page_id FROM lemmas l WHERE l.namespace = 0 AND "
        f"l.title = {_NORMALIZED_NEW_TITLE}), due = nullif(NEW.due, '') WHERE id = NEW.id; "
        "INSERT INTO review_events (request_id, at, actor, from_status, to_status, note) "
        "VALUES (NEW.id, NEW.created, NEW.requested_by, '', 'open', "
        "'requested via ' || NEW.source); END"
    )
    _append_only(db, "review_events")


@migrations()
def m005_mailing_reminders(db: Database) -> None:
    # What a message reminds of besides changes (a JSON list of keys: overdue review requests,
    # broken watchlist files), so each reminder goes to a recipient at most once a day. A
    # backlog message that a later, wider one replaces gets the status "superseded".
    db.table("mailings").add_column("reminders", str)


@migrations()
def m006_correction_edits(db: Database) -> None:
    """Events say which action they record and keep what an edit changed (before and after);
    a review request's due date may not lie in the past."""
    db.execute("ALTER TABLE correction_events ADD COLUMN action TEXT")
    db.execute("ALTER TABLE correction_events ADD COLUMN details TEXT")
    trigger = db.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'review_requests_check'"
    ).fetchone()[0]
    # UTC's date is never ahead of Amsterdam's, so the trigger never refuses today there;
    # the CLI checks against Amsterdam's own date.
    past_due = (
        "SELECT RAISE(ABORT, 'De streefdatum ligt in het verleden.') "
        "WHERE coalesce(NEW.due, '') != '' AND date(NEW.due) < date('now'); END"
    )
    db.execute("DROP TRIGGER review_requests_check")
    db.execute(trigger.rstrip().removesuffix("END").rstrip() + " " + past_due)


@migrations()
def m007_guideline_findings(db: Database) -> None:
    """The guideline check's findings on a correction's text, as of its last check (JSON)."""
    db.execute("ALTER TABLE corrections ADD COLUMN guideline TEXT")


@migrations()
def m008_health(db: Database) -> None:
    # One row per `wikitrack health` run; `scope` is "all", "area:X" or "lemma:T". Only runs
    # over whole areas feed the trend ("3 open problems fewer than last month").
    db.table("health_runs").create(
        _columns(
            "id int, started str, finished str, scope str, lemmas int, findings int, "
            "text_requests int, history_requests int, requests int, seconds float"
        ),
        pk="id",
    )
    # One row per finding and area of its lemma; `key` names a finding across runs, so a later
    # run knows what was solved and reuses the age of a template found before.
    db.table("health_findings").create(
        _columns(
            "id int, run_id int, area str, page_id int, title str, kind str, key str, "
            "weight float, details str, since str"
        ),
        pk="id",
        foreign_keys=[("run_id", "health_runs", "id")],
    )
    db.table("health_findings").create_index(["run_id", "area"])
    db.table("health_findings").create_index(["page_id", "key"])


@migrations()
def m009_listed_redirects(db: Database) -> None:
    # Whether a listed title reached its page through a redirect at the last sync. A listed
    # title that was the page itself and is now a redirect to the same page ID was moved (a
    # rename); one that was a redirect all along stays a redirect, never a rename.
    db.table("area_lemmas").add_column("via_redirect", int)


@migrations()
def m010_site_identity(db: Database) -> None:
    # Which wiki this database describes (siteinfo's wikiid and server), recorded at the first
    # contact, so a database is never silently matched against another or a reinstalled wiki.
    db.table("site").create(
        _columns("id int, wikiid str, server str, sitename str, api_url str, since str"),
        pk="id",
    )


# m011's masks, frozen as corrections/guideline.py had them when it was written: a migration
# never changes, so it keeps its own copy rather than follow the live check.
def _m011_digits(word: str, head: int, tail: int) -> str:
    digits = "".join(c for c in word if c.isalnum())
    return digits[:head] + "•" * max(len(digits) - head - tail, 4) + digits[-tail:]


def _m011_phone(word: str) -> str:
    digits = re.sub(r"^(?:\+31|0031)", "0", "".join(c for c in word if c.isdigit() or c == "+"))
    return _m011_digits(digits, 2, 2)


def _m011_mail(word: str) -> str:
    local, _, domain = word.partition("@")
    return f"{local[:1]}•••@{domain}"


def _m011_initials(name: str) -> str:
    return "".join(f"{w[0]}." for w in re.split(r"[ .-]+", name) if w)


_M011_MASKS: dict[str, Callable[[str], str]] = {
    "bsn": lambda w: _m011_digits(w, 0, 4),
    "iban": lambda w: _m011_digits(w, 2, 4),
    "phone": _m011_phone,
    "email": _m011_mail,
    "person_name": _m011_initials,
}
_M011_LINE = re.compile(r"(STOP|warning) (\w+): (.*) \((.*)\)", re.S)


def _m011_words(rule: str, words: Sequence[str]) -> list[str]:
    """A finding's words as the check stores them since m011: personal data masked."""
    mask = _M011_MASKS.get(rule)
    return [mask(w) for w in words] if mask else list(words)


def _m011_line(line: str) -> str:
    """A finding's line ("STOP bsn: 111222333 (why)") with its words masked; a line of
    another shape stays as it is."""
    m = _M011_LINE.fullmatch(line)
    if m is None:
        return line
    words = _m011_words(m.group(2), m.group(3).split(", "))
    return f"{m.group(1)} {m.group(2)}: {', '.join(words)} ({m.group(4)})"


@migrations()
def m011_mask_guideline_words(db: Database) -> None:
    # The guideline check stored the exact words it found, personal data included (BSN,
    # e-mail, names), in corrections.guideline and in the append-only trail, where they could
    # never be erased (AVG). Mask them as the check now stores them; the trail's triggers are
    # lifted for this one rewrite only.
    for row in list(db.query("SELECT id, guideline FROM corrections WHERE guideline IS NOT NULL")):
        findings = [
            {**f, "words": _m011_words(f["rule"], f["words"])}
            for f in json.loads(row["guideline"] or "[]")
        ]
        db.execute(
            "UPDATE corrections SET guideline = ? WHERE id = ?",
            [json.dumps(findings, ensure_ascii=False, sort_keys=True), row["id"]],
        )
    events = list(
        db.query(
            "SELECT rowid AS event_rowid, details FROM correction_events "
            "WHERE details LIKE '%\"stops\"%' OR details LIKE '%\"accepted_warnings\"%'"
        )
    )
    if not events:
        return
    db.execute("DROP TRIGGER correction_events_no_update")
    db.execute("DROP TRIGGER correction_events_no_delete")
    for event in events:
        details = json.loads(event["details"])
        for key in ("stops", "accepted_warnings"):
            if isinstance(details.get(key), list):
                details[key] = [_m011_line(str(line)) for line in details[key]]
        db.execute(
            "UPDATE correction_events SET details = ? WHERE rowid = ?",
            [json.dumps(details, ensure_ascii=False, sort_keys=True), event["event_rowid"]],
        )
    _append_only(db, "correction_events")


@migrations()
def m012_history_indices(db: Database) -> None:
    # A municipality keeps years of history (hundreds of thousands of changes): the queries a
    # check, a report and a nightly run make must find their rows by index, never by reading
    # every change (tests/test_query_plans.py). check rewrites a revision's changes by revid;
    # a nightly report reads the changes of its check runs; an area filter follows a talk page
    # to its subject; audit and corrections find a lemma by title.
    db.table("changes").create_index(["revid"])
    db.table("changes").create_index(["run_id"])
    db.table("lemmas").create_index(["title"])
    db.table("lemmas").create_index(["subject_id"])
    db.table("corrections").create_index(["status"])
    db.table("review_requests").create_index(["status"])


@migrations()
def m013_titles_in_python(db: Database) -> None:
    """One title rule, Python's `wikifacts.normalize_title`: the store normalises a review
    request's title before it inserts it, so the triggers compare titles as stored. (They
    normalised in SQL, which disagreed: 'élan_vital' stayed lower case, double spaces stayed.)
    The rules and their Dutch messages are unchanged."""
    for name in ("review_requests_check", "review_requests_fill"):
        sql = db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [name]
        ).fetchone()[0]
        sql = sql.replace(f"title = {_NORMALIZED_NEW_TITLE}, ", "")  # fill keeps the title
        db.execute(f"DROP TRIGGER {name}")
        db.execute(sql.replace(_NORMALIZED_NEW_TITLE, "NEW.title"))


@migrations()
def m014_page_areas(db: Database) -> None:
    # The one statement of the rule "a change belongs to the areas of its page, or, for a talk
    # page, of its article": store, report, nightly, chart and web read a page's (and so its
    # changes') areas through this view. A talk page listed in an area itself keeps that area
    # too; such a pair can appear twice (readers take DISTINCT). No UNION, so SQLite flattens
    # the view into a reader's query and looks one page up by index.
    db.execute(
        "CREATE VIEW page_areas AS SELECT l.page_id, al.area FROM lemmas l "
        "JOIN area_lemmas al ON al.page_id IN (l.page_id, l.subject_id)"
    )


# An event's text may change only while a redaction of its correction is being applied, and
# only its note and details: who, when and which step stay as they were.
_EVENT_KEPT = ("id", "correction_id", "at", "actor", "from_status", "to_status", "action")


@migrations()
def m015_redactions(db: Database) -> None:
    """Redaction (AVG, wikitrack/corrections/redaction.py): one row per text removed from a
    correction, with who, when, why, where, and a keyed hash of the text, never the text. The
    trail stays append-only except for the redaction itself: while a redaction row is
    `applying`, the note and details of its correction's events may be rewritten, nothing else."""
    db.table("redactions").create(
        _columns(
            "id str, correction_id int, at str, actor str, reason str, salt str, digest str, "
            "length int, places str, applying int"
        ),
        pk="id",
        foreign_keys=[("correction_id", "corrections", "id")],
    )
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _EVENT_KEPT)
    db.execute("DROP TRIGGER correction_events_no_update")
    db.execute(
        "CREATE TRIGGER correction_events_no_update BEFORE UPDATE ON correction_events "  # noqa: S608 (constants only)
        "WHEN NOT EXISTS (SELECT 1 FROM redactions r WHERE r.applying = 1 "
        f"AND r.correction_id = OLD.correction_id) OR {changed} "
        "BEGIN SELECT RAISE(ABORT, 'correction_events is append-only'); END"
    )
    kept = " OR ".join(
        f"NEW.{c} IS NOT OLD.{c}"
        for c in ("id", "correction_id", "at", "actor", "reason", "salt", "digest", "length")
    )
    db.execute(
        "CREATE TRIGGER redactions_no_update BEFORE UPDATE ON redactions "
        f"WHEN OLD.applying IS NOT 1 OR {kept} "
        "BEGIN SELECT RAISE(ABORT, 'redactions is append-only'); END"
    )
    db.execute(
        "CREATE TRIGGER redactions_no_delete BEFORE DELETE ON redactions "
        "BEGIN SELECT RAISE(ABORT, 'redactions is append-only'); END"
    )


@migrations()
def m016_mailed_changes(db: Database) -> None:
    # Which changes each message told of, by the change's identity (`StoredChange.identity`:
    # its page, revision or log entry, and what changed), not its row: a check that finds a
    # change again (`check --since`, a re-diff) stores it under its newest run, and a window is a
    # range of runs, so without this record the next nightly mailed it again.
    # Looked up by identity (the primary key); a mailing removed takes its rows along.
    db.execute(
        "CREATE TABLE mailed_changes (identity TEXT NOT NULL, "
        "mailing_id INTEGER NOT NULL REFERENCES mailings(id) ON DELETE CASCADE, "
        "PRIMARY KEY (identity, mailing_id)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX mailed_changes_mailing ON mailed_changes (mailing_id)")


@migrations()
def m017_web_sessions(db: Database) -> None:
    # The web view's sessions live here, not in the cookie: the cookie holds a random ID and
    # nothing else, the table its SHA-256 (a copy of the database opens no session), so the
    # web and the `web-user` commands end a login's sessions by deleting its rows.
    db.table("web_sessions").create(
        _columns("id str, login str, created float, seen float, data str"), pk="id"
    )
    db.table("web_sessions").create_index(["login"])


@migrations()
def m018_worklist(db: Database) -> None:
    # The desk's worklist (issue 25): one row per thing to act on, named across nights by `key`
    # (a signal seen again is the same item); `state` open -> claimed -> done with an outcome.
    # Its trail is append-only: reassign and reopen are events, nothing is deleted.
    db.execute(
        "CREATE TABLE worklist_items (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, "
        "kind TEXT NOT NULL, source TEXT NOT NULL, page_id INTEGER, title TEXT NOT NULL, "
        "areas TEXT NOT NULL, text TEXT NOT NULL DEFAULT '', weight REAL NOT NULL DEFAULT 0, "
        "appeared TEXT NOT NULL, deadline TEXT, origin TEXT NOT NULL DEFAULT '{}', "
        "state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'claimed', 'done')), "
        "holder TEXT, outcome TEXT, outcome_ref INTEGER, note TEXT NOT NULL DEFAULT '', "
        "claimed TEXT, done TEXT, created TEXT NOT NULL, updated TEXT NOT NULL)"
    )
    db.execute("CREATE INDEX worklist_items_state ON worklist_items (state, source)")
    db.execute(
        "CREATE TABLE worklist_events (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL "
        "REFERENCES worklist_items(id), at TEXT NOT NULL, actor TEXT NOT NULL, "
        "action TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, "
        "note TEXT NOT NULL DEFAULT '')"
    )
    db.execute("CREATE INDEX worklist_events_item ON worklist_events (item_id)")
    _append_only(db, "worklist_events")


@migrations()
def m019_parent_sha1(db: Database) -> None:
    # The SHA1 of a stored revision's parent as check read it: the first revision after a
    # baseline has a parent that is never stored, and without its SHA1 a revert to that text on
    # a later day was not seen as one (the blanking stayed "unreverted", the worklist open).
    db.table("revisions").add_column("parent_sha1", str)


@migrations()
def m020_redactable_review_events(db: Database) -> None:
    """A redaction (AVG) reaches review requests too: while a redaction row is `applying`, the
    note of a review event may be rewritten, nothing else; otherwise the trail stays
    append-only."""
    kept = ("id", "request_id", "at", "actor", "from_status", "to_status")
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in kept)
    db.execute("DROP TRIGGER IF EXISTS review_events_no_update")
    db.execute(
        "CREATE TRIGGER review_events_no_update BEFORE UPDATE ON review_events "  # noqa: S608 (constants only)
        f"WHEN NOT EXISTS (SELECT 1 FROM redactions r WHERE r.applying = 1) OR {changed} "
        "BEGIN SELECT RAISE(ABORT, 'review_events is append-only'); END"
    )


SCHEMA_VERSION = len(migrations._migrations)


def pending_migrations(db: Database) -> list[str]:
    return [m.name for m in migrations.pending(db)]


def schema_version(db: Database) -> int:
    return len(migrations.applied(db))


def unknown_migrations(db: Database) -> list[str]:
    """Migrations the database has that this code does not know: it is from a newer wikitrack."""
    known = {m.name for m in migrations._migrations}
    return [m.name for m in migrations.applied(db) if m.name not in known]
