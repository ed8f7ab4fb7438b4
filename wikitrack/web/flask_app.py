"""The web view for policy staff: a small Flask application, served by waitress.

Pages (Dutch, templates in wikitrack/web/ with autoescape; everything from the wiki is
attacker-controlled text): inloggen, Mijn terrein (the report's own descriptions of the last
30 days of the person's areas; Alle beleidsterreinen for the desk), Controle aanvragen (the
form), Mijn verzoeken (with history, 50 a page; the requester changes or withdraws an open
one; desk editors assign and close here, under Alle verzoeken), and a lemma page; one module each in
`wikitrack.web.routes`. Every login belongs to a person of [[people]]; policy staff see only
their areas, desk editors see all. There is no SQL, no table browser and no JSON/CSV endpoint:
what a page shows is chosen there, per person.

Run as a child of `wikitrack serve`: `python -m wikitrack.web.flask_app CONFIG HOST PORT`, the
session secret in WIKITRACK_WEB_SECRET.
"""

from __future__ import annotations

import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, current_app, request, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from markupsafe import Markup
from werkzeug.exceptions import InternalServerError
from werkzeug.wrappers import Response

from wikitrack.access.logins import dummy_hash
from wikitrack.app.context import resolve_config
from wikitrack.config import Config, load_config
from wikitrack.facts.notices import fact_html
from wikitrack.logfile import open_log
from wikitrack.report.rendering import format_time, guideline_summary
from wikitrack.texts import CORRECTION_STATUS, ERROR_PAGES, REVIEW_STATUS, page_text
from wikitrack.web import oidc
from wikitrack.web.common import PeopleFile, WebState, close_db, page, text
from wikitrack.web.guard import RequestNumber, check_origin, log_failure
from wikitrack.web.login_page import require_login, visible_areas
from wikitrack.web.review_form import check_review_form, format_day
from wikitrack.web.routes import ROUTES
from wikitrack.web.sessions import ServerSessions

__all__ = [
    "WAITRESS_THREADS",
    "create_app",
    "check_review_form",
    "visible_areas",
    "REVIEW_STATUS_NL",
    "main",
]

REVIEW_STATUS_NL = REVIEW_STATUS["nl"]
WAITRESS_THREADS = 4  # pages and logins share them: access.logins.HashGate keeps logins to two
WAITRESS_OPTIONS: dict[str, Any] = {
    "threads": WAITRESS_THREADS,
    "ident": "wikitrack",
    # A TLS proxy on this machine says the browser came over HTTPS and from which address (the
    # login throttle counts per client address); nobody else can.
    "trusted_proxy": "127.0.0.1",
    "trusted_proxy_count": 1,
    "trusted_proxy_headers": {"x-forwarded-proto", "x-forwarded-for"},
    "clear_untrusted_proxy_headers": True,
}
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on every
    # form, and the forms' origin check (web.guard) could not tell this site from another
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def _flask(secret: str) -> Flask:
    """Flask with the templates and static files of wikitrack/web/ (templates/, static/),
    sessions kept on the server (the cookie: a random ID, HttpOnly, SameSite=Lax, Secure over
    HTTPS) and CSRF tokens on every form."""
    here = Path(__file__).parent
    app = Flask(
        "wikitrack",
        template_folder=str(here / "templates"),
        static_folder=str(here / "static"),
        static_url_path="/static",
    )
    app.config.update(
        SECRET_KEY=secret,
        SESSION_COOKIE_NAME="wikitrack_sessie",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session, not shorter
        MAX_CONTENT_LENGTH=64 * 1024,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.session_interface = ServerSessions()
    app.jinja_env.autoescape = True
    CSRFProtect(app)
    return app


def _template_helpers(lang: str) -> dict[str, Any]:
    reviews = REVIEW_STATUS.get(lang, REVIEW_STATUS["nl"])
    corrections = CORRECTION_STATUS.get(lang, CORRECTION_STATUS["nl"])
    return {
        "lang": lang if lang in REVIEW_STATUS else "nl",
        # our own text is markup as it stands (it holds no HTML: an apostrophe stays one);
        # whatever fills its fields is escaped
        "t": lambda key, **fields: Markup(page_text(lang, key)).format(**fields),
        "format_time": lambda ts: format_time(ts or "", lang),
        "format_day": lambda day: format_day(day, lang),
        "review_status": lambda s: reviews.get(s, s),
        "correction_status": lambda s: corrections.get(s, s),
        "guideline_summary": lambda c: guideline_summary({"guideline": c.guideline}, lang),
        "lemma_url": lambda title: url_for("lemma_page", title=title),
        # a fact of the facts register: fields escaped, the source a link only if http(s)
        "fact_line": lambda item, linked=False: Markup(
            fact_html(item, lang, url_for("lemma_page", title=item.title) if linked else "")
        ),
    }


def desk_contact(config: Config) -> str:
    """The address the footer gives: the desk's first in [mail] desk, else [wiki] contact
    when it is an address."""
    found = [a for a in (*config.mail.desk, config.contact) if "@" in a]
    return found[0] if found else ""


def _headers(response: Response) -> Response:
    response.headers.update(HEADERS)
    sso = current_app.extensions["wikitrack"].config.web
    if sso.sso:  # the logout form is redirected to the provider's logout
        policy = HEADERS["Content-Security-Policy"]
        origin = oidc.provider_origin(sso)
        response.headers["Content-Security-Policy"] = policy.replace(
            "form-action 'self'", f"form-action 'self' {origin}"
        )
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def _error_pages(app: Flask, config: Config) -> None:
    """Every error as a page of the site, in the site's words (never a traceback); a failure
    (500) is written to the log with its traceback."""
    lang = config.language
    log = open_log(config.log_file)

    @app.errorhandler(CSRFError)
    def csrf_error(e: CSRFError) -> Any:
        return page("fout.html", 400, title=text("csrf_title"), text=text("csrf_text"))

    pages = ERROR_PAGES.get(lang, ERROR_PAGES["nl"])
    for code, (title, message) in pages.items():
        app.register_error_handler(
            code, lambda e, c=code, t=title, x=message: page("fout.html", c, title=t, text=x)
        )

    @app.errorhandler(InternalServerError)
    def failure(e: InternalServerError) -> Any:
        log_failure(log, e)
        title, message = pages[500]
        return page("fout.html", 500, title=title, text=message)


def create_app(config: Config, secret: str, sso_secret: str = "") -> Flask:
    """The web view; with `[web] auth = "oidc"` single sign-on (`sso_secret`: the client
    secret of the app registration, from the environment variable the config names)."""
    app = _flask(secret)
    app.session_interface = ServerSessions(max_session=timedelta(hours=config.web.session_hours))
    app.extensions["wikitrack"] = WebState(
        config, config.base_dir / "web-users.json", people=PeopleFile(config)
    )
    open_log(config.log_file)  # sign-ins, refusals and sign-outs
    if config.web.sso:
        oidc.setup_sso(app, config.web, sso_secret)
        for rule, endpoint, view, method in (
            ("/sso/start", "sso_start", oidc.sso_start, "GET"),
            ("/sso/terug", "sso_callback", oidc.sso_callback, "GET"),
            ("/sso/afmelden", "sso_backchannel", oidc.sso_backchannel, "POST"),
        ):
            app.add_url_rule(rule, endpoint, view, methods=[method])
        # the provider's server posts there: no browser, no form of ours, its own signature
        app.extensions["csrf"].exempt(oidc.sso_backchannel)
    dummy_hash()  # made now, not during the first login of an unknown name
    app.jinja_env.globals.update(_template_helpers(config.language))
    app.jinja_env.globals["desk_contact"] = desk_contact(config)
    app.teardown_appcontext(close_db)
    app.before_request(lambda: check_origin(config.web_url))
    app.before_request(require_login)
    app.after_request(_headers)
    app.url_map.converters["number"] = RequestNumber
    for rule, endpoint, view, methods in ROUTES:
        app.add_url_rule(rule, endpoint, view, methods=list(methods))
    _error_pages(app, config)
    return app


def main(argv: list[str] | None = None) -> int:
    """`python -m wikitrack.web.flask_app CONFIG HOST PORT` (what `wikitrack serve` runs)."""
    import waitress

    config_path, host, port = (argv or sys.argv[1:])[:3]
    # The wiki resolved once at start-up (a sandbox to its local URL), not per page.
    config, _ = resolve_config(load_config(Path(config_path), required=True))
    secret = os.environ.pop("WIKITRACK_WEB_SECRET", "")
    if not secret:
        print("WIKITRACK_WEB_SECRET is not set", file=sys.stderr)
        return 2
    app = create_app(config, secret, os.environ.get(config.web.client_secret_env, ""))
    waitress.serve(app, host=host, port=int(port), **WAITRESS_OPTIONS)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
