"""Controle aanvragen: policy staff ask the desk to look at a lemma of their own areas."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import flash, redirect, request, url_for

from wikitrack.app.browsing import make_page_context
from wikitrack.app.correcting import find_personal_data, request_review
from wikitrack.config import Config
from wikitrack.corrections.reviews import (
    MAX_DUE_DAYS,
    MAX_TEXT,
    DueError,
    DuplicateRequest,
    TextError,
    parse_due,
    typed_text,
)
from wikitrack.errors import InputError
from wikitrack.report.rendering import TIMEZONE
from wikitrack.texts import MONTHS, say
from wikitrack.web.common import context, db, page, state, text, viewer
from wikitrack.web.content import lemma_choices

__all__ = [
    "FIELDS",
    "format_day",
    "check_due",
    "check_reason",
    "check_review_form",
    "review_form",
]

FIELDS = ("terrein", "lemma", "reden", "streefdatum")


def format_day(day: str | None, lang: str = "nl") -> str:
    """'2027-01-31' -> '31 jan 2027'."""
    try:
        d = date.fromisoformat(day or "")
    except ValueError:
        return day or ""
    return f"{d.day} {MONTHS.get(lang, MONTHS['nl'])[d.month - 1]} {d.year}"


def check_reason(reason: str, lang: str, config: Config | None = None) -> str:
    """The message on a typed reason or outcome, or '' when it can be stored
    (`reviews.typed_text`, the CLI's rule too: not empty, at most MAX_TEXT characters, no
    control characters; and with `config`, no personal data, as `workflow.request_review`)."""
    try:
        typed_text(reason, "reason")
    except TextError as e:
        if e.problem == "empty":
            return say(lang, "form_reason")
        length = len(reason.replace("\r\n", "\n").strip())
        return say(lang, f"form_reason_{e.problem}", length=length, limit=MAX_TEXT)
    if config is not None and find_personal_data(make_page_context(config=config), reason):
        return say(lang, "form_reason_personal")
    return ""


def check_due(due: str, today: date, lang: str) -> str:
    """The message on the target date, or '' when it is empty or can be used."""
    try:
        parse_due(due, today)
    except DueError as e:
        last = format_day((today + timedelta(days=MAX_DUE_DAYS)).isoformat(), lang)
        return say(
            lang, f"form_due_{e.problem}", first=format_day(today.isoformat(), lang), last=last
        )
    return ""


def check_review_form(
    form: dict[str, str],
    lemmas_by_area: dict[str, list[str]],
    today: date,
    lang: str = "nl",
    config: Config | None = None,
) -> dict[str, str]:
    """Messages per field of the review form ({} when it may be filed). The areas are
    the person's own, so an area or lemma of someone else's area is simply unknown here;
    `workflow.request_review` then applies the CLI's rules once more."""
    area, lemma = form.get("terrein", ""), form.get("lemma", "")
    errors = {
        "terrein": "" if area in lemmas_by_area else say(lang, "form_area"),
        "lemma": say(lang, "form_lemma_missing") if not lemma else "",
        "reden": check_reason(form.get("reden", ""), lang, config),
        "streefdatum": check_due(form.get("streefdatum", ""), today, lang),
    }
    if lemma and area in lemmas_by_area and lemma not in lemmas_by_area[area]:
        errors["lemma"] = say(lang, "form_lemma_unknown")
    return {field: message for field, message in errors.items() if message}


def _filled_form(areas: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """What the form shows: what was sent, or for a new form the area and lemma asked for
    in the address (the only area, when there is one)."""
    form = {k: request.form.get(k, "") for k in (*FIELDS, "toch")}
    if request.method == "GET":
        form["terrein"] = request.args.get("terrein", "")
        form["lemma"] = request.args.get("lemma", "")
        if len(areas) == 1:
            form["terrein"] = areas[0][0]
    return form


def _file(form: dict[str, str], today: date) -> int | DuplicateRequest | None:
    """File the request in the viewer's name; its number, the open request it repeats (unless
    'toch indienen' was ticked), or None when the rules refused (the CLI's use case,
    `app.correcting.request_review`)."""
    try:
        return request_review(
            context(),
            lemma=form["lemma"],
            area=form["terrein"],
            by=viewer().person.name,
            reason=form["reden"].strip(),
            due=form["streefdatum"] or None,
            today=today,
            source="web",
            force=form.get("toch") == "ja",
        ).request_id
    except DuplicateRequest as e:
        return e
    except InputError:
        return None


def review_form() -> Any:
    v = viewer()
    choices = lemma_choices(db(), [slug for slug, _ in v.areas])
    form = _filled_form(v.areas)
    today = datetime.now(TIMEZONE).date()
    errors: dict[str, str] = {}
    number: int | DuplicateRequest | None = None
    if request.method == "POST":
        config = state().config
        errors = check_review_form(form, choices, today, config.language, config)
        number = None if errors else _file(form, today)
        if isinstance(number, DuplicateRequest):
            errors["reden"] = text("form_duplicate", number=number.request_id)
        elif number is not None:
            flash(text("request_filed", number=number, title=form["lemma"]))
            return redirect(url_for("my_requests"))
        if not errors:
            errors["lemma"] = text("form_refused")
    return page(
        "review-aanvragen.html",
        400 if errors else 200,
        form=form,
        errors=errors,
        choices=choices,
        today=today.isoformat(),
        last_due=(today + timedelta(days=MAX_DUE_DAYS)).isoformat(),
        duplicate=isinstance(number, DuplicateRequest) or bool(form["toch"]),
    )
