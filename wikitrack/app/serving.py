"""`wikitrack serve`: runs the web view (wikitrack.web.flask_app, under waitress) as a child
process.

The shell around it: the session secret (a 0600 file, made once), a private temporary folder,
the port checked before anything says "serving", and the child stopped and the folder removed
however serve ends (Ctrl-C, SIGTERM, a failed bind).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wikitrack.access.logins import load_users
from wikitrack.config import Config, WebConfig
from wikitrack.errors import ConfigError, ProviderError
from wikitrack.files import write_private

__all__ = [
    "serve_command",
    "run_server",
    "ensure_port_free",
    "provider_checks",
    "discover",
    "signing_algorithms",
]

PROVIDER_TIMEOUT = 10.0  # seconds for each request to the single sign-on provider
SIGNING_ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384")


def _get_json(url: str, what: str) -> dict[str, Any]:
    import requests

    try:
        answer = requests.get(url, timeout=PROVIDER_TIMEOUT)
        answer.raise_for_status()
        found = answer.json()
    except requests.RequestException as e:
        raise ProviderError(f"the sign-in provider's {what} {url} cannot be read: {e}") from e
    except ValueError as e:
        raise ProviderError(f"the sign-in provider's {what} {url} is not JSON") from e
    if not isinstance(found, dict):
        raise ProviderError(f"the sign-in provider's {what} {url} is not a JSON object")
    return found


def discover(web: WebConfig) -> dict[str, Any]:
    """The provider's discovery document, checked: its issuer is the configured one and it
    names the endpoints the code flow needs."""
    url = web.issuer + "/.well-known/openid-configuration"
    found = _get_json(url, "discovery document")
    if str(found.get("issuer", "")).rstrip("/") != web.issuer:
        raise ProviderError(
            f"{url} names the issuer {found.get('issuer')!r}, not [web] issuer {web.issuer!r}"
        )
    missing = [
        k for k in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not found.get(k)
    ]
    if missing:
        raise ProviderError(f"{url} lacks {', '.join(missing)}")
    return found


def provider_checks(web: WebConfig) -> list[tuple[str, bool, str]]:
    """What `doctor` says of the provider: discovery, the signing keys and algorithms, PKCE,
    the logout endpoint and the client secret's variable. (name, ok, message) each."""
    try:
        found = discover(web)
    except ProviderError as e:
        return [("sign-in provider", False, str(e))]
    pkce = found.get("code_challenge_methods_supported")
    logout = found.get("end_session_endpoint")
    secret = web.client_secret_env
    return [
        ("sign-in provider", True, f"{web.issuer}: discovery document ok"),
        _keys_check(found),
        (
            "sign-in PKCE",
            pkce is None or "S256" in pkce,
            "S256 supported" if pkce else "the provider does not list PKCE methods (S256 is sent)",
        ),
        (
            "sign-in logout",
            True,
            f"end_session_endpoint {logout}"
            if logout
            else "no end_session_endpoint: Uitloggen ends only wikitrack's session",
        ),
        (
            "sign-in client secret",
            True,
            f"{secret} is set"
            if os.environ.get(secret)
            else f"{secret} is not set: the client is treated as public (PKCE only)",
        ),
        (
            "sign-in redirect URI",
            True,
            f"register {web.redirect_uri} at the provider"
            + (
                f", and {web.url.rstrip('/')}/sso/afmelden as its back-channel logout URI"
                if found.get("backchannel_logout_supported")
                else " (it offers no back-channel logout: a sign-out there leaves ours open)"
            ),
        ),
    ]


def signing_algorithms(discovered: dict[str, Any]) -> list[str]:
    """The ID token algorithms wikitrack accepts of those the provider names: public-key
    signatures only (never "none", never a secret-keyed HS256)."""
    named = discovered.get("id_token_signing_alg_values_supported") or ["RS256"]
    return [a for a in named if a in SIGNING_ALGORITHMS]


def _keys_check(found: dict[str, Any]) -> tuple[str, bool, str]:
    named = found.get("id_token_signing_alg_values_supported") or ["RS256"]
    usable = signing_algorithms(found)
    try:
        keys = _get_json(str(found["jwks_uri"]), "key set").get("keys") or []
    except ProviderError as e:
        return ("sign-in keys", False, str(e))
    signing = [k for k in keys if isinstance(k, dict) and k.get("use", "sig") == "sig"]
    message = (
        f"{len(signing)} signing key(s) at {found['jwks_uri']}; ID token algorithms "
        f"{', '.join(named)}"
    )
    if not usable:
        message += f" (none that wikitrack accepts: {', '.join(SIGNING_ALGORITHMS)})"
    elif not signing:
        message += " (no signing key)"
    return ("sign-in keys", bool(signing) and bool(usable), message)


def serve_command(
    config: Config,
    *,
    host: str,
    port: int,
    users_file: Path,
    secret_file: Path,
    work: Path,
) -> tuple[list[str], dict[str, str]]:
    """The web server's command line and environment. The session secret travels in the
    environment, never on the command line (visible in `ps`); the child's temporary files
    (waitress spills large requests to disk) go to `work`, removed on every way out."""
    if config.web.sso:
        discover(config.web)  # a provider that cannot be reached: a clear exit, no server
    elif not load_users(users_file):
        raise ConfigError(
            f"no web users in {users_file}: add one with "
            "'wikitrack web-user add LOGIN --name \"Person Name\"'"
        )
    if config.path is None:
        raise ConfigError("serve needs a config file (wikitrack init writes one)")
    if not secret_file.exists():
        write_private(secret_file, secrets.token_hex(32))
    cmd = [sys.executable, "-m", "wikitrack.web.flask_app", str(config.path), host, str(port)]
    env = dict(
        os.environ,
        WIKITRACK_WEB_SECRET=secret_file.read_text().strip(),
        TMPDIR=str(work),
    )
    return cmd, env


def ensure_port_free(host: str, port: int) -> None:
    """Fail before anything says "serving" when the address cannot be bound."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as e:
            raise ConfigError(
                f"cannot serve on {host}:{port}: {e.strerror or e} (choose another --port)"
            ) from e


def run_server(
    config: Config,
    *,
    host: str,
    port: int,
    on_ready: Callable[[], None] = lambda: None,
) -> int:
    """Run the web server until it stops, Ctrl-C or SIGTERM; returns its exit code (0 when stopped
    by a signal). The temporary folder is removed on every way out."""
    base = config.base_dir
    work = Path(tempfile.mkdtemp(prefix="wikitrack-web-"))
    os.chmod(work, 0o700)
    previous = signal.getsignal(signal.SIGTERM)
    proc: subprocess.Popen[bytes] | None = None

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    try:
        cmd, env = serve_command(
            config,
            host=host,
            port=port,
            users_file=base / "web-users.json",
            secret_file=base / "web-secret",
            work=work,
        )
        ensure_port_free(host, port)
        signal.signal(signal.SIGTERM, stop)
        proc = subprocess.Popen(cmd, env=env)  # noqa: S603 (our own command line)
        on_ready()
        try:
            return proc.wait()
        except KeyboardInterrupt:
            return 0
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(work, ignore_errors=True)
