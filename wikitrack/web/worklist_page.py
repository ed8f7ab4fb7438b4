"""De werklijst (issue 25): the worklist of the viewer's areas, read only for policy staff; on
a lemma page desk editors claim and close its items. The rules are the CLI's own
(`app.triage`'s use cases): a refusal shows its reason and changes nothing."""

from __future__ import annotations

import re
from typing import Any

from flask import abort, flash, redirect, request, url_for

from wikitrack.app.triage import (
    claim_worklist_item,
    find_worklist_item,
    finish_worklist_item,
    list_worklist,
)
from wikitrack.errors import InputError
from wikitrack.texts import texts
from wikitrack.web.common import context, page, state, viewer
from wikitrack.worklist.core import CLOSING_OUTCOMES, Item

__all__ = ["worklist_page", "worklist_action", "items_of_lemma", "worklist_texts"]


def worklist_texts() -> dict[str, Any]:
    return texts(state().config.language, "worklist")


def _visible(items: list[Item]) -> list[Item]:
    slugs = viewer().slugs
    return [i for i in items if slugs & set(i.areas)]


def worklist_page() -> Any:
    items = _visible(list_worklist(context()))
    return page("werklijst.html", items=items, w=worklist_texts())


def items_of_lemma(title: str) -> list[Item]:
    """The items not done of a lemma and its talk page, for the lemma page."""
    from wikitrack.wiki.sitefacts import talk_title

    titles = {title, talk_title(title)}
    return [i for i in _visible(list_worklist(context())) if i.title in titles]


def _number(field: str) -> int | None:
    value = request.form.get(field, "").strip()
    if not value:
        return None
    if not re.fullmatch(r"[1-9][0-9]{0,8}", value):  # ASCII digits, within SQLite's range
        abort(400)
    return int(value)


def worklist_action(item_id: int) -> Any:
    """POST from a lemma page: `actie` is oppakken (claim) or afhandelen (done)."""
    v = viewer()
    ctx = context()
    item = find_worklist_item(ctx, item_id)
    if not v.person.is_desk or item is None or not (v.slugs & set(item.areas)):
        abort(404)
    action = request.form.get("actie", "")
    w = worklist_texts()
    try:
        if action == "oppakken":
            claim_worklist_item(ctx, item_id, by=v.person.name)
            flash(w["claimed_ok"].format(id=item_id))
        elif action == "afhandelen":
            outcome = request.form.get("uitkomst", "")
            if outcome not in CLOSING_OUTCOMES:
                abort(400)
            number = _number("nummer")
            finish_worklist_item(
                ctx, item_id, by=v.person.name, outcome=outcome, note=request.form.get(
                    "toelichting", ""), correction=number, review=number,
            )  # fmt: skip
            flash(w["done_ok"].format(id=item_id))
        else:
            abort(400)
    except InputError as e:
        flash(str(e), "fout")
    lemma = item.title.removeprefix("Overleg:")
    return redirect(url_for("lemma_page", title=lemma) + "#werklijst")
