"""Mijn verzoeken: a person's review requests with their trails; the desk sees every area's
requests here (Alle verzoeken), and assigns and closes them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from .. import store
from ..errors import InputError
from ..report import TIMEZONE
from ..texts import REVIEW_STATUS
from .common import db, page, state, text, viewer
from .content import CLOSED_REQUESTS, request_cards

__all__ = ["my_requests", "update_request"]

# the form's action -> (the workflow's action, the flash message)
CLOSING = {"afhandelen": ("close", "request_done"), "afwijzen": ("decline", "request_declined")}


def my_requests() -> Any:
    v = viewer()
    cards, hidden = request_cards(
        db(),
        [slug for slug, _ in v.areas],
        today=datetime.now(TIMEZONE).date(),
        requested_by=None if v.person.is_desk else v.person.name,
        closed_limit=CLOSED_REQUESTS,
    )
    desk = [p.name for p in state().config.people if p.is_desk]
    capped = text("requests_capped", n=CLOSED_REQUESTS, hidden=hidden) if hidden else ""
    return page("mijn-verzoeken.html", requests=cards, desk=desk, capped=capped)


def _back(request_id: int) -> Response:
    return redirect(url_for("my_requests") + f"#verzoek-{request_id}")


def _transition(request_id: int, action: str) -> str | None:
    """Carry out the desk's `action` (toewijzen, afhandelen, afwijzen) on the request; the
    message to show, or None when the form lacks the outcome. InputError when the workflow's
    rules refuse."""
    from ..workflow import review_transition

    by = viewer().person.name
    if action == "toewijzen":
        to = request.form.get("behandelaar", "")
        note = f"assigned to {to}"
        review_transition(db(), state().config, request_id, "assign", by=by, note=note, assignee=to)
        return text("request_assigned", number=request_id, to=to)
    if action not in CLOSING:
        abort(400)
    outcome = request.form.get("uitkomst", "").strip()
    if not outcome:
        return None
    step, message = CLOSING[action]
    review_transition(db(), state().config, request_id, step, by=by, note=outcome, outcome=outcome)
    return text(message, number=request_id)


def update_request(request_id: int) -> Any:
    found = store.get_review(db(), request_id)
    if not viewer().person.is_desk or found is None:
        abort(404)
    try:
        message = _transition(request_id, request.form.get("actie", ""))
    except InputError:
        # the workflow's rules refused (in English); say it from the request's state
        now = (store.get_review(db(), request_id) or found)["status"]
        status = REVIEW_STATUS.get(state().config.language, REVIEW_STATUS["nl"]).get(now, now)
        flash(text("request_refused", number=request_id, status=status), "fout")
        return _back(request_id)
    if message is None:
        flash(text("request_no_outcome", number=request_id), "fout")
    else:
        flash(message)
    return _back(request_id)
