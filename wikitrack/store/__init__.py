"""SQLite through sqlite-utils, by subject. Every function takes a Database; none does network I/O.

One module per subject: `lemmas` (areas, lemmas, membership), `runs`, `changes`, `mailings`,
`correction_log`, `review_requests`, `redactions`, `health_findings`, `worklist_items`,
`websessions`; `db` opens and migrates the file and holds `write_transaction`; `migrations` the
numbered schema steps (m001 ...), never changed by hand; `snapshot` copies and inspects a file
without migrating it, `backups` keeps dated copies by age and restores them; `state` is what
`doctor` sees of a file. Rows become frozen data classes at this boundary.

Writes that belong together happen in one `write_transaction(db)`, so a run killed at any
point leaves either all of a page's new revisions and changes, or none of them. Every write
transaction begins IMMEDIATE (`store.db.connect`), sqlite-utils' own included: the web, the CLI
and cron share the file, and a transaction that began as a read could not wait for the lock.

The only package that runs SQL (tests/test_layers.py holds it to that). The lowest layer: it
imports only `errors`, `files`, `config` and the subjects' data-class modules.
"""

from wikitrack.store.changes import (
    activity_by_area,
    iter_area_changes,
    iter_changes,
    known_log_ids,
    page_history,
    reverted_revids,
    save_checked_pages,
    save_page_event,
    save_page_revisions,
    seen_revisions,
)
from wikitrack.store.correction_log import (
    correction_events,
    get_correction,
    insert_correction,
    iter_corrections,
    latest_revid,
    lemma_titles,
    logged_team_revids,
    save_correction_change,
    save_guideline_findings,
    stored_revision,
    update_correction,
    watched_page_ids,
)
from wikitrack.store.db import (
    BUSY_TIMEOUT_S,
    migrate,
    move_aside,
    now_iso,
    open_db,
    write_transaction,
)
from wikitrack.store.lemmas import (
    area_counts,
    area_members,
    area_memberships,
    area_names,
    get_site,
    iter_lemmas,
    lemma_areas,
    lemma_by_title,
    page_areas,
    record_page_error,
    save_areas,
    save_resolved_lemmas,
    save_site,
    track_talk_page,
    watched_lemmas,
)
from wikitrack.store.redactions import (
    correction_places,
    corrections_holding,
    file_redaction_ids,
    places_named,
    places_with,
    redaction_ids,
    save_redaction,
)
from wikitrack.store.review_requests import (
    get_review,
    insert_review,
    iter_reviews,
    open_reviews_of,
    review_events,
    update_review,
)
from wikitrack.store.runs import (
    finish_run,
    last_finished_run,
    last_run_id,
    last_run_started,
    mark_checked,
    run_window_start,
    start_run,
)
from wikitrack.store.websessions import (
    WebSession,
    delete_login_sessions,
    drop_web_session,
    end_all_web_sessions,
    get_web_session,
    prune_web_sessions,
    save_web_session,
    touch_web_session,
    update_web_session,
)

__all__ = [
    "BUSY_TIMEOUT_S",
    "now_iso",
    "open_db",
    "migrate",
    "move_aside",
    "write_transaction",
    "save_areas",
    "save_resolved_lemmas",
    "iter_lemmas",
    "lemma_by_title",
    "area_counts",
    "get_site",
    "save_site",
    "page_areas",
    "area_names",
    "lemma_areas",
    "start_run",
    "finish_run",
    "mark_checked",
    "last_finished_run",
    "run_window_start",
    "last_run_id",
    "seen_revisions",
    "save_page_revisions",
    "save_page_event",
    "known_log_ids",
    "reverted_revids",
    "iter_changes",
    "iter_area_changes",
    "activity_by_area",
    # watchlists, check and sync
    "watched_lemmas",
    "track_talk_page",
    "record_page_error",
    "last_run_started",
    "page_history",
    "save_checked_pages",
    "area_memberships",
    "area_members",
    "save_guideline_findings",
    "insert_correction",
    "get_correction",
    "update_correction",
    "iter_corrections",
    "correction_events",
    "logged_team_revids",
    "save_correction_change",
    "lemma_titles",
    "stored_revision",
    "latest_revid",
    "watched_page_ids",
    "insert_review",
    "get_review",
    "iter_reviews",
    "update_review",
    "open_reviews_of",
    "review_events",
    "correction_places",
    "places_with",
    "places_named",
    "redaction_ids",
    "save_redaction",
    "corrections_holding",
    "file_redaction_ids",
    # the web view's sessions
    "WebSession",
    "get_web_session",
    "save_web_session",
    "update_web_session",
    "touch_web_session",
    "drop_web_session",
    "delete_login_sessions",
    "end_all_web_sessions",
    "prune_web_sessions",
]
