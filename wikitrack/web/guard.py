"""What stands before every page: addresses that name a request by number, forms that come
from this site only, and every failure written to the log.

A request's number in an address is ASCII digits, at most nine of them: Python's `int` reads
'１' and '٣' as 1 and 3, and SQLite refuses 9223372036854775808 with an OverflowError, so
werkzeug's own `int` converter let both through. Anything else is not found (404).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from flask import abort, request
from werkzeug.exceptions import InternalServerError
from werkzeug.routing import BaseConverter

__all__ = ["RequestNumber", "same_origin", "check_origin", "log_failure"]


class RequestNumber(BaseConverter):
    """`<number:request_id>`: 1 to 999999999, ASCII digits only."""

    regex = r"[1-9][0-9]{0,8}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: Any) -> str:
        return str(int(value))


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.netloc or "").lower()


def same_origin(source: str, host_url: str, public_url: str = "") -> bool:
    """Whether a form's `Origin` (or, without one, its `Referer`) is this site: the address
    the request came to, or the configured public address. `null` (a sandboxed frame, a
    file) is another site."""
    found = _origin(source)
    if not found[0] or not found[1]:
        return False
    return found == _origin(host_url) or bool(public_url) and found == _origin(public_url)


def check_origin(public_url: str) -> None:
    """Before every form sent (anything but GET and HEAD): refused (403) when the browser says
    it comes from another site, even with a valid CSRF token. A client that sends neither
    header (not a browser) still needs the token."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if source is not None and not same_origin(source, request.host_url, public_url):
        abort(403)


def log_failure(log: logging.Logger, e: InternalServerError) -> None:
    """A page that failed, with its traceback, in wikitrack.log (the visitor sees the site's
    own error page; serve's stderr is read by nobody)."""
    cause = e.original_exception or e
    log.error(
        "web: %s %s failed (%s)",
        request.method,
        request.path,
        type(cause).__name__,
        exc_info=(type(cause), cause, cause.__traceback__),
    )
