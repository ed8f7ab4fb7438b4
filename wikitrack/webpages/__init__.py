"""The web view's pages, one module each, over one small set of shared parts (`common`).

`login` (inloggen, uitloggen and the session every other page needs), `area` (Mijn terrein;
Alle beleidsterreinen for the desk), `review_form` (Controle aanvragen), `requests` (Mijn
verzoeken, Alle verzoeken for the desk, who assigns and closes there; the requester changes
or withdraws an open request), `lemma` (a lemma page), `worklist` (Werklijst; the desk
claims and closes items on the lemma page), and `guard` (what stands before every page:
request numbers, the forms' origin, failures logged). A page reads the request, asks
`content` (plain functions over the database, no Flask) for what it shows, and renders one
template.
`wikitrack.webapp.create_app` registers them under their endpoint names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import area, lemma, login, requests, review_form, worklist

__all__ = ["ROUTES"]

# (rule, endpoint, view, methods)
ROUTES: tuple[tuple[str, str, Callable[..., Any], tuple[str, ...]], ...] = (
    ("/", "home", login.home, ("GET",)),
    ("/inloggen", "login", login.login, ("GET", "POST")),
    ("/uitloggen", "logout", login.logout, ("POST",)),
    ("/mijn-terrein", "my_area", area.my_area, ("GET",)),
    ("/review-aanvragen", "review_form", review_form.review_form, ("GET", "POST")),
    ("/mijn-verzoeken", "my_requests", requests.my_requests, ("GET",)),
    ("/verzoeken/<number:request_id>", "update_request", requests.update_request, ("POST",)),
    (
        "/verzoeken/<number:request_id>/wijzigen",
        "edit_request",
        requests.edit_request,
        ("GET", "POST"),
    ),
    ("/lemma/<path:title>", "lemma_page", lemma.lemma_page, ("GET",)),
    # the worklist (issue 25)
    ("/werklijst", "worklist", worklist.worklist_page, ("GET",)),
    ("/werklijst/<number:item_id>", "worklist_action", worklist.worklist_action, ("POST",)),
)
