"""A lemma page: one article of the viewer's areas, with its talk pages' changes, the
corrections and the review requests. A talk page is shown with its article."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import abort, redirect, url_for

from wikitrack.app.browsing import find_web_lemma
from wikitrack.web.common import CHANGES_DAYS, context, db, page, since_days, state, viewer
from wikitrack.web.content import lemma_content

__all__ = ["lemma_page"]


def lemma_page(title: str) -> Any:
    v = viewer()
    lemma = find_web_lemma(context(), title)
    if lemma is not None and lemma.subject_title is not None:
        return redirect(url_for("lemma_page", title=lemma.subject_title))
    content = None
    if lemma is not None:
        content = lemma_content(
            db(),
            state().config,
            lemma,
            v.areas,
            requested_by=None if v.person.is_desk else v.person.name,
            now=datetime.now(UTC).replace(microsecond=0),
            since=since_days(),
        )
    if content is None or lemma is None:
        abort(404)
    return page(
        "lemma.html",
        days=CHANGES_DAYS,
        marked_entries=content.marked_entries,
        **vars(content),
        **_worklist(lemma.title),
    )


def _worklist(title: str) -> dict[str, Any]:
    """The lemma's worklist items (issue 25), for `_werklijst.html`."""
    from wikitrack.web.worklist_page import items_of_lemma, worklist_texts
    from wikitrack.worklist.core import CLOSING_OUTCOMES

    return {
        "work_items": items_of_lemma(title),
        "w": worklist_texts(),
        "outcomes": CLOSING_OUTCOMES,
    }
