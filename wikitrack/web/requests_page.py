"""Mijn verzoeken: a person's review requests with their trails, 50 a page, open ones first;
the desk sees every area's requests here (Alle verzoeken), and assigns, handles or declines
them. Whoever filed a request may change or withdraw it while it is open. Handling, declining
and withdrawing are asked once more on a page of their own before they are done. Each step is
the CLI's own use case (`app.correcting`)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from flask import abort, flash, redirect, request, url_for
from werkzeug.wrappers import Response

from wikitrack.app.browsing import find_review
from wikitrack.app.correcting import (
    assign_review,
    close_review,
    edit_review_request,
    withdraw_review_request,
)
from wikitrack.corrections.entries import ReviewRequest
from wikitrack.corrections.reviews import MAX_DUE_DAYS, next_review_status
from wikitrack.errors import InputError
from wikitrack.report.rendering import TIMEZONE
from wikitrack.texts import REVIEW_STATUS
from wikitrack.web.common import context, db, page, state, text, viewer
from wikitrack.web.content import request_page
from wikitrack.web.review_form import check_due, check_reason

__all__ = ["my_requests", "update_request", "edit_request"]

# the form's action -> (the workflow's action, the status it leads to)
CLOSING = {"afhandelen": ("close", "done"), "afwijzen": ("decline", "declined")}
DESK_ACTIONS = ("toewijzen", *CLOSING)


def _page_number() -> int:
    """?pagina=N (ASCII digits; anything else is the first page)."""
    asked = request.args.get("pagina", "")
    return int(asked) if re.fullmatch(r"[0-9]{1,6}", asked, re.ASCII) else 1


def my_requests() -> Any:
    v = viewer()
    found = request_page(
        db(),
        [slug for slug, _ in v.areas],
        today=datetime.now(TIMEZONE).date(),
        requested_by=None if v.person.is_desk else v.person.name,
        number=_page_number(),
    )
    desk = [p.name for p in state().config.people if p.is_desk]
    return page("mijn-verzoeken.html", requests=found.cards, paging=found, desk=desk)


def _back(request_id: int) -> Response:
    return redirect(url_for("my_requests") + f"#verzoek-{request_id}")


def _status_now(r: ReviewRequest) -> str:
    return (find_review(context(), r.id) or r).status


def _refused(r: ReviewRequest) -> Response:
    """The workflow's rules refused (in English); say it from the request's state."""
    now = _status_now(r)
    status = REVIEW_STATUS.get(state().config.language, REVIEW_STATUS["nl"]).get(now, now)
    flash(text("request_refused", number=r.id, status=status), "fout")
    return _back(r.id)


def _confirm(r: ReviewRequest, action: str, outcome: str, leads_to: str) -> Any:
    """The page that asks once more before a request is closed or withdrawn."""
    return page("bevestigen.html", r=r, action=action, outcome=outcome, leads_to=leads_to)


def _assign(r: ReviewRequest) -> Response:
    to = request.form.get("behandelaar", "").strip()
    if not to:
        flash(text("request_no_assignee", number=r.id), "fout")
        return _back(r.id)
    step = assign_review(context(), r.id, to=to, by=viewer().person.name)
    flash(text("request_assigned", number=r.id, to=step.assignee or to))
    return _back(r.id)


def _close(r: ReviewRequest, action: str) -> Any:
    outcome = request.form.get("uitkomst", "").strip()
    problem = check_reason(outcome, state().config.language, state().config)
    if problem:
        flash(text("request_no_outcome", number=r.id) if not outcome else problem, "fout")
        return _back(r.id)
    step, status = CLOSING[action]
    next_review_status(r.id, r.status, step)  # refused before it is asked, not after
    if request.form.get("bevestigd") != "ja":
        return _confirm(r, action, outcome, status)
    by = viewer().person.name
    close_review(context(), r.id, outcome=outcome, declined=step == "decline", by=by)
    flash(text(f"request_{status}", number=r.id))
    return _back(r.id)


def _withdraw(r: ReviewRequest) -> Any:
    next_review_status(r.id, r.status, "withdraw")
    if request.form.get("bevestigd") != "ja":
        return _confirm(r, "intrekken", "", "withdrawn")
    withdraw_review_request(context(), r.id, by=viewer().person.name)
    flash(text("request_withdrawn", number=r.id))
    return _back(r.id)


def _own(r: ReviewRequest | None) -> ReviewRequest:
    """The viewer's own request, or not found (404) for anyone else's."""
    if r is None or r.requested_by != viewer().person.name:
        abort(404)
    return r


def update_request(request_id: int) -> Any:
    found = find_review(context(), request_id)
    action = request.form.get("actie", "")
    if action == "intrekken":
        act = _withdraw
        found = _own(found)
    elif action in DESK_ACTIONS and viewer().person.is_desk and found is not None:
        act = _assign if action == "toewijzen" else lambda r: _close(r, action)
    elif found is None or not viewer().person.is_desk:
        abort(404)
    else:
        abort(400)
    try:
        return act(found)
    except InputError:
        return _refused(found)


def edit_request(request_id: int) -> Any:
    """Change the reason or target date of one's own open request."""
    r = _own(find_review(context(), request_id))
    if r.status != "open":
        return _refused(r)
    lang = state().config.language
    today = datetime.now(TIMEZONE).date()
    form = {"reden": r.reason, "streefdatum": r.due or ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = {k: request.form.get(k, "") for k in form}
        found = {
            "reden": check_reason(form["reden"], lang, state().config),
            "streefdatum": ""
            if form["streefdatum"].strip() == (r.due or "")  # kept as it was, passed or not
            else check_due(form["streefdatum"], today, lang),
        }
        errors = {k: v for k, v in found.items() if v}
        if not errors:
            try:
                edit_review_request(
                    context(),
                    r.id,
                    by=viewer().person.name,
                    reason=form["reden"],
                    due=form["streefdatum"] or None,
                    today=today,
                )
            except InputError:
                if _status_now(r) != "open":
                    return _refused(r)
                errors["reden"] = text("form_unchanged")
            else:
                flash(text("request_edited", number=r.id))
                return _back(r.id)
    return page(
        "verzoek-wijzigen.html",
        400 if errors else 200,
        r=r,
        form=form,
        errors=errors,
        today=today.isoformat(),
        last_due=(today + timedelta(days=MAX_DUE_DAYS)).isoformat(),
    )
