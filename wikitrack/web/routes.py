"""The web view's pages, one module each, over one small set of shared parts (`common`).

`login` (inloggen, uitloggen and the session every other page needs), `area` (Mijn terrein;
Alle beleidsterreinen for the desk), `review_form` (Controle aanvragen), `requests` (Mijn
verzoeken, Alle verzoeken for the desk, who assigns and closes there; the requester changes
or withdraws an open request), `lemma` (a lemma page), `worklist` (Werklijst; the desk
claims and closes items on the lemma page), and `guard` (what stands before every page:
request numbers, the forms' origin, failures logged). A page reads the request, asks
`content` (plain functions over the database, no Flask) for what it shows, and renders one
template.
`wikitrack.web.flask_app.create_app` registers them under their endpoint names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wikitrack.web import (
    area_page,
    lemma_page,
    login_page,
    requests_page,
    review_form,
    worklist_page,
)

__all__ = ["ROUTES"]

# (rule, endpoint, view, methods)
ROUTES: tuple[tuple[str, str, Callable[..., Any], tuple[str, ...]], ...] = (
    ("/", "home", login_page.home, ("GET",)),
    ("/inloggen", "login", login_page.login, ("GET", "POST")),
    ("/uitloggen", "logout", login_page.logout, ("POST",)),
    ("/mijn-terrein", "my_area", area_page.my_area, ("GET",)),
    ("/review-aanvragen", "review_form", review_form.review_form, ("GET", "POST")),
    ("/mijn-verzoeken", "my_requests", requests_page.my_requests, ("GET",)),
    ("/verzoeken/<number:request_id>", "update_request", requests_page.update_request, ("POST",)),
    (
        "/verzoeken/<number:request_id>/wijzigen",
        "edit_request",
        requests_page.edit_request,
        ("GET", "POST"),
    ),
    ("/lemma/<path:title>", "lemma_page", lemma_page.lemma_page, ("GET",)),
    # the worklist (issue 25)
    ("/werklijst", "worklist", worklist_page.worklist_page, ("GET",)),
    ("/werklijst/<number:item_id>", "worklist_action", worklist_page.worklist_action, ("POST",)),
)
