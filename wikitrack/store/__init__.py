"""SQLite through sqlite-utils, by subject. Every function takes a Database; none does network I/O.

Writes that belong together happen in one `write_transaction(db)`, so a run killed at any
point leaves either all of a page's new revisions and changes, or none of them. Every write
transaction begins IMMEDIATE (`store.db.connect`), sqlite-utils' own included: the web, the CLI
and cron share the file, and a transaction that began as a read could not wait for the lock.

This package is the only place that runs SQL (tests/test_layers.py holds it to that), apart
from the schema itself in `migrations.py`.
"""

from .changes import (
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
from .corrections import (
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
from .db import BUSY_TIMEOUT_S, migrate, move_aside, now_iso, open_db, write_transaction
from .lemmas import (
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
from .redactions import (
    correction_places,
    corrections_holding,
    file_redaction_ids,
    places_with,
    redaction_ids,
    save_redaction,
)
from .reviews import get_review, insert_review, iter_reviews, review_events, update_review
from .runs import (
    finish_run,
    last_finished_run,
    last_run_id,
    last_run_started,
    mark_checked,
    run_window_start,
    start_run,
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
    "review_events",
    "correction_places",
    "places_with",
    "redaction_ids",
    "save_redaction",
    "corrections_holding",
    "file_redaction_ids",
]
