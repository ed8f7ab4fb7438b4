"""Single sign-on (`[web] auth = "oidc"`): OpenID Connect's authorization code flow with PKCE,
through Authlib's Flask client, nothing hand-made.

/sso/start sends the browser to the provider (state, nonce and PKCE verifier kept in the
server-side session); /sso/terug takes the code back, and Authlib checks the state, exchanges
the code and verifies the ID token (signature against the provider's JWKS, issuer, audience,
expiry, nonce). Then `access.logins.match_sso` names the person of [[people]]; their login records
the provider's stable ID on first sign-in. Someone signed in but not in [[people]] gets one page
that says whom to ask. Uitloggen ends our sessions and sends the browser to the provider's
end_session_endpoint (RP-initiated logout). Each sign-in, refusal and sign-out goes to the log
with the person and no token.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app, redirect, request, session
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from werkzeug.wrappers import Response

from wikitrack.access.logins import bind_sso, load_users, match_sso
from wikitrack.app.serving import signing_algorithms
from wikitrack.app.signins import log_out
from wikitrack.config import Person, WebConfig
from wikitrack.logfile import LOGGER_NAME
from wikitrack.web.common import context, page, people, state, text

__all__ = [
    "PUBLIC",
    "setup_sso",
    "sso_start",
    "sso_callback",
    "sso_backchannel",
    "provider_logout",
    "log_event",
]

# endpoints reached without a session: the two legs of the sign-in, and the provider's own
# call when someone signs out there (back-channel logout)
PUBLIC = ("sso_start", "sso_callback", "sso_backchannel")
BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout"
MAX_LOGOUT_AGE = 300  # seconds: an older logout token is refused
TIMEOUT = 10.0  # seconds for each request to the provider
NAME = "sso"
# What goes wrong on the way back: the provider's error, a missing or replayed state, a token
# that does not verify, and a provider that cannot be reached.
REFUSED = (AuthlibBaseError, JoseError, ValueError, KeyError)
UNREACHABLE = (requests.RequestException,)


def _log() -> logging.Logger:
    return logging.getLogger(LOGGER_NAME)


def _plain(value: str, limit: int = 200) -> str:
    """A value from the provider or the browser as one printable line: a claim or an
    error_description with a line break in it cannot forge a line of the log."""
    return "".join(c if c.isprintable() else "?" for c in value[:limit])


def log_event(event: str, who: str, detail: str = "") -> None:
    """One line per sign-in, refusal and sign-out: the person (or the claim they came with),
    never a token. The time is the log's own."""
    detail = f" ({_plain(detail, 300)})" if detail else ""
    _log().info("web %s: %s%s", event, _plain(who), detail)


def setup_sso(app: Flask, web: WebConfig, secret: str) -> None:
    """Authlib's client for the configured provider, its metadata read on first use
    (discovery), PKCE with S256."""
    oauth = OAuth(app)
    oauth.register(
        NAME,
        client_id=web.client_id,
        client_secret=secret or None,
        server_metadata_url=web.issuer + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": web.scopes,
            "code_challenge_method": "S256",
            "token_endpoint_auth_method": "client_secret_basic" if secret else "none",
            "default_timeout": TIMEOUT,
        },
    )
    app.extensions["wikitrack_sso"] = oauth


def _client() -> Any:
    return current_app.extensions["wikitrack_sso"].create_client(NAME)


def _web() -> WebConfig:
    return state().config.web


def _down(error: Exception) -> Any:
    _log().warning("web sign-in: the provider %s cannot be reached (%s)", _web().issuer, error)
    return page("fout.html", 503, title=text("sso_down_title"), text=text("sso_down_text"))


def sso_start() -> Any:
    """To the provider's sign-in page; where to go afterwards is kept in the session."""
    from wikitrack.web.login_page import safe_target

    session["sso_next"] = safe_target(request.args.get("volgende", ""))
    try:
        return _client().authorize_redirect(_web().redirect_uri)
    except UNREACHABLE as e:
        return _down(e)


def _refuse(reason: str, who: str = "", status: int = 400) -> Any:
    log_event("sign-in refused", who or "unknown", reason)
    return page(
        "sso-geweigerd.html",
        status,
        title=text("sso_refused_title"),
        text=text("sso_refused_text", contact=_contact()),
    )


def _contact() -> str:
    """`[web] contact`, else the desk's address the footer gives, else "the desk"."""
    found = _web().contact or current_app.jinja_env.globals.get("desk_contact")
    return str(found or text("sso_desk"))


def _claims_checked() -> dict[str, Any] | Any:
    """The verified ID token's claims, or the page that says why not."""
    web = _web()
    client = _client()
    try:
        metadata = client.load_server_metadata()
        # Authlib takes the algorithms the provider names: only public-key signatures here. An
        # empty list would make Authlib fall back to its defaults, HS256 among them.
        algorithms = signing_algorithms(metadata)
        if not algorithms:
            return _refuse("the provider names no public-key signature for ID tokens")
        metadata["id_token_signing_alg_values_supported"] = algorithms
        token = client.authorize_access_token(
            claims_options={
                "iss": {"essential": True, "value": web.issuer},
                # Authlib checks `aud` only when told: a token for another application that
                # names us as its `azp` would pass otherwise
                "aud": {"essential": True, "value": web.client_id},
            }
        )
    except UNREACHABLE as e:
        return _down(e)
    except REFUSED as e:  # the message names the check, never the token
        return _refuse(f"{type(e).__name__}: {e}")
    claims = token.get("userinfo")
    if not claims:
        return _refuse("the provider sent no ID token")
    return dict(claims)


def _claim_address(claims: dict[str, Any]) -> str:
    """The first configured claim the token carries, but only when the provider vouches for
    the address: `email_verified` true (OpenID Connect), or Entra ID's `xms_edov` (the
    address's domain is verified by its owner). An address that a user or a guest's home
    tenant may set itself would otherwise let anyone become a person who has not signed in
    yet (the "nOAuth" attack); without such a claim nobody is matched by address."""
    if claims.get("email_verified") is not True and claims.get("xms_edov") not in (True, 1, "1"):
        return ""
    return next((str(claims[c]) for c in _web().match_claim if claims.get(c)), "")


def _desk_allowed(claims: dict[str, Any]) -> bool:
    """Without a configured desk group the desk role is [[people]]'s alone; with one, the
    token must carry that group as well (a group never makes anyone desk)."""
    web = _web()
    if not web.desk_group:
        return True
    groups = claims.get(web.groups_claim) or []
    return isinstance(groups, list) and web.desk_group in groups


def sso_callback() -> Any:
    checked = _claims_checked()
    if not isinstance(checked, dict):
        return checked
    web = _web()
    subject_id = str(checked.get(web.subject_claim) or "")
    if not subject_id:
        return _refuse(f"the ID token has no {web.subject_claim} claim")
    subject = f"{web.issuer} {subject_id}"
    address = _claim_address(checked)
    found = match_sso(load_users(state().users_file), people(), subject, address)
    if found.person is None:
        return _refuse(found.refusal, address or subject_id, 403)
    person: Person = found.person
    desk = _desk_allowed(checked)
    if person.is_desk and not desk and not person.areas:
        return _refuse(f"{person.name} lacks the group {web.desk_group}", person.name, 403)
    login = bind_sso(state().users_file, person, subject)
    if login is None:  # another account was bound to this person meanwhile
        return _refuse(f"{person.name}'s login belongs to another account", person.name, 403)
    target = session.get("sso_next") or "/"
    from wikitrack.web.login_page import start_session

    start_session(login.login, {"auth": "oidc", "desk": desk, "id_token": _id_token()})
    log_event("sign-in", person.name, f"single sign-on, login {login.login}")
    return redirect(target)


def _id_token() -> str:
    """The ID token just verified (kept in the server-side session for the logout's
    id_token_hint; never shown or logged)."""
    token = _client().token or {}
    return str(token.get("id_token", ""))


def provider_logout(id_token: str) -> Response | None:
    """The redirect to the provider's end_session_endpoint (with id_token_hint and our
    post_logout_redirect_uri), or None when it has none or cannot be reached: then our own
    logout stands alone."""
    try:
        target = _client().create_logout_url(
            post_logout_redirect_uri=_web().url.rstrip("/") + "/inloggen",
            id_token_hint=id_token or None,
            client_id=_web().client_id,
        )
    except (RuntimeError, *UNREACHABLE) as e:
        _log().warning("web sign-out: no logout at the provider (%s)", e)
        return None
    return redirect(target["url"])


def _logout_claims(logout_token: str) -> dict[str, Any]:
    """The claims of a back-channel logout token once joserfc has verified it: signed with the
    provider's key, our issuer and audience, recent, the logout event, no nonce (so an ID
    token is not one)."""
    web = _web()
    client = _client()
    metadata = client.load_server_metadata()
    keys = KeySet.import_key_set(client.fetch_jwk_set())
    algorithms = signing_algorithms(metadata)
    if not algorithms:  # joserfc's default would be every algorithm it knows
        raise ValueError("the provider names no public-key signature algorithm")
    token = jwt.decode(logout_token, keys, algorithms=algorithms)
    now = int(time.time())
    jwt.JWTClaimsRegistry(
        now=now,
        leeway=60,
        iss={"essential": True, "value": web.issuer},
        aud={"essential": True, "value": web.client_id},
        iat={"essential": True},
        events={"essential": True},
    ).validate(token.claims)
    claims = dict(token.claims)
    events = claims.get("events")
    if not isinstance(events, dict) or BACKCHANNEL_EVENT not in events or "nonce" in claims:
        raise ValueError("not a logout token")
    if not isinstance(claims["iat"], int) or now - claims["iat"] > MAX_LOGOUT_AGE:
        raise ValueError("the logout token is too old")
    return claims


def sso_backchannel() -> Any:
    """The provider says a person signed out there (OpenID Connect Back-Channel Logout, a POST
    from the provider's server with `logout_token`): every session of their login ends."""
    try:
        claims = _logout_claims(request.form.get("logout_token", ""))
    except UNREACHABLE as e:
        _log().warning("web sign-out by the provider: keys unreachable (%s)", e)
        return "", 503
    except REFUSED as e:
        log_event("sign-out by the provider refused", "unknown", f"{type(e).__name__}: {e}")
        return "", 400
    subject = f"{_web().issuer} {claims.get('sub', '')}"
    login = next((u for u in load_users(state().users_file).values() if u.subject == subject), None)
    if not claims.get("sub") or login is None:
        log_event("sign-out by the provider", "unknown", "no login of this account")
        return "", 200
    ended = log_out(context(), login.login)
    log_event("sign-out by the provider", login.person, f"login {login.login}, {ended} session(s)")
    return "", 200


def provider_origin(web: WebConfig) -> str:
    """The provider's origin, for the Content-Security-Policy's form-action (the logout form
    is redirected there)."""
    parts = urlsplit(web.issuer)
    return f"{parts.scheme}://{parts.netloc}"
