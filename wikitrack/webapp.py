"""The web view for policy staff: a small Flask application, served by waitress.

Pages (Dutch, templates in wikitrack/web/ with autoescape; everything from the wiki is
attacker-controlled text): inloggen, Mijn terrein (the report's own descriptions of the last
30 days of the person's areas), Review aanvragen (the form), Mijn verzoeken (with history;
desk editors assign and close here), and a lemma page. Every login belongs to a person of
[[people]]; policy staff see only their areas, desk editors see all. There is no SQL, no
table browser and no JSON/CSV endpoint: what a page shows is chosen here, per person.

Run as a child of `wikitrack serve`: `python -m wikitrack.webapp CONFIG HOST PORT`, the
session secret in WIKITRACK_WEB_SECRET.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from flask import (
    Flask,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlite_utils import Database
from werkzeug.wrappers import Response

from . import store
from .config import Config, Person, load_config
from .errors import InputError
from .report import TIMEZONE, Report, format_time, guideline_summary
from .reviews import is_overdue
from .webusers import LoginThrottle, check_login, load_users, password_stamp

__all__ = ["create_app", "check_review_form", "visible_areas", "REVIEW_STATUS_NL", "main"]

IDLE_TIMEOUT = timedelta(hours=2)  # the cookie lapses after two idle hours
MAX_SESSION = timedelta(hours=10)  # and a login lasts one working day at most
CHANGES_DAYS = 30

REVIEW_STATUS_NL = {
    "open": "Open",
    "assigned": "In behandeling",
    "done": "Afgehandeld",
    "declined": "Afgewezen",
}
CORRECTION_STATUS_NL = {
    "proposed": "Voorgesteld",
    "approved": "Goedgekeurd",
    "rejected": "Afgewezen",
    "withdrawn": "Ingetrokken",
    "applied": "Toegepast",
    "verified": "Geverifieerd",
    "reverted": "Teruggedraaid",
    "overwritten": "Overschreven",
}
_MONTHS = "jan feb mrt apr mei jun jul aug sep okt nov dec".split()


# -- pure helpers ---------------------------------------------------------------------------------


def visible_areas(person: Person, areas: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(slug, name) of the areas a person sees: all for the desk, their own for policy staff."""
    return [(slug, name) for slug, name in areas if person.is_desk or slug in person.areas]


def format_day(day: str | None) -> str:
    """'2027-01-31' -> '31 jan 2027'."""
    try:
        d = date.fromisoformat(day or "")
    except ValueError:
        return day or ""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def check_review_form(
    form: dict[str, str],
    lemmas_by_area: dict[str, list[str]],
    today: date,
) -> dict[str, str]:
    """Dutch messages per field of the review form ({} when it may be filed). The areas are
    the person's own, so an area or lemma of someone else's area is simply unknown here;
    `workflow.request_review` then applies the CLI's rules once more."""
    errors: dict[str, str] = {}
    area = form.get("terrein", "")
    if area not in lemmas_by_area:
        errors["terrein"] = "Kies een van uw beleidsterreinen."
    lemma = form.get("lemma", "")
    if not lemma:
        errors["lemma"] = "Kies het lemma dat de redactie moet bekijken."
    elif area in lemmas_by_area and lemma not in lemmas_by_area[area]:
        errors["lemma"] = (
            "Dit lemma staat niet op de volglijst van dit beleidsterrein. "
            "Kies een lemma uit de lijst."
        )
    if not form.get("reden", "").strip():
        errors["reden"] = "Schrijf op waarom de redactie dit lemma moet bekijken."
    due = form.get("streefdatum", "")
    if due:
        try:
            day = date.fromisoformat(due)
        except ValueError:
            errors["streefdatum"] = "Dit is geen datum. Gebruik de vorm JJJJ-MM-DD."
        else:
            if day < today:
                first = format_day(today.isoformat())
                errors["streefdatum"] = (
                    f"Deze datum ligt in het verleden. Kies vandaag ({first}) of later."
                )
    return errors


@dataclass(frozen=True)
class Viewer:
    login: str
    person: Person
    areas: tuple[tuple[str, str], ...]

    @property
    def slugs(self) -> set[str]:
        return {slug for slug, _ in self.areas}


# -- the application ------------------------------------------------------------------------------


def create_app(config: Config, secret: str) -> Flask:
    here = Path(__file__).parent / "web"
    app = Flask(
        "wikitrack",
        template_folder=str(here),
        static_folder=str(here / "static"),
        static_url_path="/static",
    )
    app.config.update(
        SECRET_KEY=secret,
        SESSION_COOKIE_NAME="wikitrack_sessie",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=IDLE_TIMEOUT,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session, not shorter
        MAX_CONTENT_LENGTH=64 * 1024,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.jinja_env.autoescape = True
    app.jinja_env.globals.update(
        format_time=lambda ts: format_time(ts or "", "nl"),
        format_day=format_day,
        review_status=lambda s: REVIEW_STATUS_NL.get(s, s),
        correction_status=lambda s: CORRECTION_STATUS_NL.get(s, s),
        guideline_summary=lambda c: guideline_summary(c, "nl"),
        lemma_url=lambda title: url_for("lemma_page", title=title),
    )
    CSRFProtect(app)
    users_file = config.base_dir / "web-users.json"
    throttle = LoginThrottle()

    def db() -> Database:
        if "db" not in g:
            g.db = store.open_db(config.db_path, create=False)
        return g.db  # type: ignore[no-any-return]

    @app.teardown_appcontext
    def close_db(_: BaseException | None) -> None:
        conn = g.pop("db", None)
        if conn is not None:
            conn.conn.close()

    def current_viewer() -> Viewer | None:
        login = session.get("login")
        if not login:
            return None
        user = load_users(users_file).get(login)
        started = float(session.get("since", 0))
        if (
            user is None
            or user.disabled
            or session.get("stamp") != password_stamp(user)
            or time.time() - started > MAX_SESSION.total_seconds()
        ):
            session.clear()
            return None
        try:
            person = next(p for p in config.people if p.name == user.person)
        except StopIteration:
            session.clear()
            return None
        return Viewer(login, person, tuple(visible_areas(person, store.area_names(db()))))

    @app.before_request
    def require_login() -> Response | None:
        g.viewer = None
        if request.endpoint in ("static",):
            return None
        g.viewer = current_viewer()
        if g.viewer is None and request.endpoint not in ("login",):
            if request.method != "GET":
                abort(403)
            return redirect(url_for("login", volgende=request.full_path.rstrip("?")))
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response

    def viewer() -> Viewer:
        v: Viewer = g.viewer
        return v

    def page(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
        return render_template(template, viewer=g.get("viewer"), **context), status

    def lemmas_by_area(v: Viewer) -> dict[str, list[str]]:
        return {
            slug: [r["title"] for r in store.iter_lemmas(db(), slug, include_talk=False)]
            for slug, _ in v.areas
        }

    # -- routes -----------------------------------------------------------------------------------

    @app.route("/")
    def home() -> Response:
        return redirect(url_for("my_area"))

    @app.route("/inloggen", methods=["GET", "POST"])
    def login() -> Any:
        target = request.values.get("volgende", "")
        if not target.startswith("/") or target.startswith("//") or "\\" in target:
            target = url_for("my_area")
        if g.viewer is not None and request.method == "GET":
            return redirect(target)
        error = ""
        name = ""
        if request.method == "POST":
            name = request.form.get("gebruikersnaam", "").strip()
            if throttle.blocked(name, time.time()):
                error = (
                    "Er is te vaak een verkeerd wachtwoord gegeven. Probeer het over een "
                    "kwartier opnieuw, of vraag de redactie om een nieuw wachtwoord."
                )
                return page("inloggen.html", 429, error=error, name=name, target=target)
            found = check_login(
                load_users(users_file), config.people, name, request.form.get("wachtwoord", "")
            )
            if found is not None:
                user, _ = found
                throttle.succeeded(name)
                session.clear()
                session.permanent = True
                session.update(login=user.login, stamp=password_stamp(user), since=time.time())
                return redirect(target)
            throttle.failed(name, time.time())
            error = "De gebruikersnaam of het wachtwoord klopt niet."
        return page("inloggen.html", 401 if error else 200, error=error, name=name, target=target)

    @app.route("/uitloggen", methods=["POST"])
    def logout() -> Response:
        session.clear()
        flash("U bent uitgelogd.")
        return redirect(url_for("login"))

    @app.route("/mijn-terrein")
    def my_area() -> Any:
        from .reporting import make_report

        v = viewer()
        since = (datetime.now(UTC) - timedelta(days=CHANGES_DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")
        report = make_report(db(), config, since=since, areas=sorted(v.slugs))
        health = health_of(sorted(v.slugs))
        return page("mijn-terrein.html", report=report, days=CHANGES_DAYS, health=health)

    def health_of(slugs: list[str]) -> list[Any]:
        """Per area, what the newest `wikitrack health` run over it found (AreaHealth)."""
        from .health_run import latest_section

        sections = (latest_section(db(), config, areas=[slug]) for slug in slugs)
        return [a for s in sections if s is not None for a in s.report.areas]

    @app.route("/review-aanvragen", methods=["GET", "POST"])
    def review_form() -> Any:
        from .workflow import request_review

        v = viewer()
        choices = lemmas_by_area(v)
        form = {k: request.form.get(k, "") for k in ("terrein", "lemma", "reden", "streefdatum")}
        if request.method == "GET":
            form["terrein"] = request.args.get("terrein", "")
            form["lemma"] = request.args.get("lemma", "")
            if len(v.areas) == 1:
                form["terrein"] = v.areas[0][0]
        errors: dict[str, str] = {}
        if request.method == "POST":
            today = datetime.now(TIMEZONE).date()
            errors = check_review_form(form, choices, today)
            if not errors:
                try:
                    number = request_review(
                        db(),
                        config,
                        lemma=form["lemma"],
                        area=form["terrein"],
                        by=v.person.name,
                        reason=form["reden"].strip(),
                        due=form["streefdatum"] or None,
                        today=today,
                        source="web",
                    )
                except InputError:
                    errors["lemma"] = "Het verzoek is niet aangenomen. Controleer het lemma."
                else:
                    flash(f"Uw verzoek #{number} over {form['lemma']} is ingediend.")
                    return redirect(url_for("my_requests"))
        return page(
            "review-aanvragen.html",
            400 if errors else 200,
            form=form,
            errors=errors,
            choices=choices,
            today=datetime.now(TIMEZONE).date().isoformat(),
        )

    def requests_for(v: Viewer, **where: Any) -> Iterator[dict[str, Any]]:
        today = datetime.now(TIMEZONE).date()
        for r in store.iter_reviews(db()):
            if r["area"] not in v.slugs:
                continue
            if not v.person.is_desk and r["requested_by"] != v.person.name:
                continue
            if any(r.get(k) != val for k, val in where.items()):
                continue
            yield {
                **r,
                "overdue": is_overdue(r["status"], r["due"], today),
                "events": store.review_events(db(), r["id"]),
            }

    @app.route("/mijn-verzoeken")
    def my_requests() -> Any:
        v = viewer()
        rows = list(requests_for(v))
        rows.sort(key=lambda r: (r["status"] not in ("open", "assigned"), -r["id"]))
        desk = [p.name for p in config.people if p.is_desk]
        return page("mijn-verzoeken.html", requests=rows, desk=desk)

    @app.route("/verzoeken/<int:request_id>", methods=["POST"])
    def update_request(request_id: int) -> Any:
        from .workflow import review_transition

        v = viewer()
        r = store.get_review(db(), request_id)
        if not v.person.is_desk or r is None:
            abort(404)
        action = request.form.get("actie", "")
        try:
            if action == "toewijzen":
                to = request.form.get("behandelaar", "")
                review_transition(
                    db(),
                    config,
                    request_id,
                    "assign",
                    by=v.person.name,
                    note=f"assigned to {to}",
                    assignee=to,
                )
                flash(f"Verzoek #{request_id} is toegewezen aan {to}.")
            elif action in ("afhandelen", "afwijzen"):
                outcome = request.form.get("uitkomst", "").strip()
                if not outcome:
                    flash(f"Verzoek #{request_id} is niet bijgewerkt: vul de uitkomst in.", "fout")
                    return redirect(url_for("my_requests") + f"#verzoek-{request_id}")
                review_transition(
                    db(),
                    config,
                    request_id,
                    "close" if action == "afhandelen" else "decline",
                    by=v.person.name,
                    note=outcome,
                    outcome=outcome,
                )
                done = "afgehandeld" if action == "afhandelen" else "afgewezen"
                flash(f"Verzoek #{request_id} is {done}.")
            else:
                abort(400)
        except InputError:
            # the CLI's rules refused (English); say it in Dutch from the request's state
            now = (store.get_review(db(), request_id) or r)["status"]
            flash(
                f"Verzoek #{request_id} is niet bijgewerkt (status: "
                f"{REVIEW_STATUS_NL.get(now, now)}). Alleen redacteuren uit de lijst kunnen een "
                "open verzoek toewijzen of afhandelen.",
                "fout",
            )
        return redirect(url_for("my_requests") + f"#verzoek-{request_id}")

    @app.route("/lemma/<path:title>")
    def lemma_page(title: str) -> Any:
        from .reporting import make_report

        v = viewer()
        row = store.lemma_by_title(db(), title)
        if row is not None and row["subject_id"]:
            # a talk page is shown with its article (whose areas it follows)
            subject = next(
                db().query("SELECT title FROM lemmas WHERE page_id = ?", [row["subject_id"]]), None
            )
            if subject is not None:
                return redirect(url_for("lemma_page", title=subject["title"]))
        areas = store.lemma_areas(db(), row["page_id"]) if row else []
        mine = [a for a in areas if a in v.slugs]
        if row is None or not mine:
            abort(404)
        since = (datetime.now(UTC) - timedelta(days=CHANGES_DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")
        report: Report = make_report(db(), config, since=since, areas=mine[:1])
        pages = {row["title"]} | {
            r["title"]
            for r in store.iter_lemmas(db(), mine[0])
            if r["subject_id"] == row["page_id"]
        }
        entries = sorted(
            (
                e
                for a in report.areas
                for lem in a.lemmas
                if lem.title in pages
                for e in lem.entries
            ),
            key=lambda e: e.revid or 0,
        )
        wiki_url = next(
            (lem.url for a in report.areas for lem in a.lemmas if lem.title == row["title"]), ""
        )
        corrections = [
            c
            for c in store.iter_corrections(db())
            if c["title"] == row["title"] and c["area"] in v.slugs
        ]
        health_items = [
            item
            for a in health_of(mine[:1])
            for entry in a.lemmas
            if entry.title == row["title"]
            for item in entry.items
        ]
        return page(
            "lemma.html",
            lemma=row,
            health_items=health_items,
            areas=[name for slug, name in v.areas if slug in mine],
            entries=entries,
            wiki_url=wiki_url,
            corrections=corrections,
            requests=list(requests_for(v, title=row["title"])),
            days=CHANGES_DAYS,
        )

    @app.errorhandler(CSRFError)
    def csrf_error(e: CSRFError) -> Any:
        return page(
            "fout.html",
            400,
            title="Formulier verlopen",
            text="Het formulier was verlopen of onvolledig. Laad de pagina opnieuw en "
            "probeer het nog eens.",
        )

    for code, title, text in (
        (400, "Ongeldig verzoek", "Dit verzoek kon niet worden verwerkt."),
        (403, "Geen toegang", "U heeft geen toegang tot deze pagina. Log eerst in."),
        (404, "Niet gevonden", "Deze pagina bestaat niet, of hoort niet bij uw beleidsterreinen."),
        (405, "Niet toegestaan", "Deze pagina kan zo niet worden gebruikt."),
        (413, "Te groot", "Wat u verstuurde is te groot."),
        (500, "Er ging iets mis", "Er ging iets mis aan onze kant. Probeer het later nog eens."),
    ):
        app.register_error_handler(
            code, lambda e, c=code, t=title, x=text: page("fout.html", c, title=t, text=x)
        )
    return app


def main(argv: list[str] | None = None) -> int:
    """`python -m wikitrack.webapp CONFIG HOST PORT` (what `wikitrack serve` runs)."""
    import waitress

    config_path, host, port = (argv or sys.argv[1:])[:3]
    config = load_config(Path(config_path), required=True)
    secret = os.environ.pop("WIKITRACK_WEB_SECRET", "")
    if not secret:
        print("WIKITRACK_WEB_SECRET is not set", file=sys.stderr)
        return 2
    app = create_app(config, secret)
    waitress.serve(app, host=host, port=int(port), threads=4, ident="wikitrack")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
