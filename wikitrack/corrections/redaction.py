"""Redaction (AVG): a text that should never have been entered is replaced by a marker in every
stored value of a correction, its events and what came of them, as one recorded event.

The trail keeps a keyed hash of the removed text in its place: HMAC-SHA256 with a secret key
and a fresh salt per redaction. A plain or salted SHA-256 would not do: a Dutch mobile number
is one of 10^8, and with the salt beside the hash a laptop tries them all in seconds. The key
lives in the redactions file beside the database (`RedactionsFile`, mode 0600), never in the
database, a backup or an export, so an export handed out under the Woo proves that something
was removed at that point of the trail, and whoever holds the original text and the key can
prove which, but nobody can read it back.

The same file lists every redaction, so `restore` re-applies those a backup does not have yet:
it finds the text again by its hash (`find_by_digest`) in the restored correction and in the
places the redaction recorded.

A stored mail (`mailings.message`) is a MIME message whose text parts are quoted-printable:
"Máximalaan" is stored as `M=C3=A1ximalaan` and long lines are broken with `=` and a newline,
so such a place is searched and rewritten decoded (`mime_texts`, `redact_mime`).

The data (a `Redaction`, a `Place`, the texts a stored value holds) is in `erasures.py`, so
the store can take it; here the pure functions first, the file at the bottom.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from wikitrack.corrections.erasures import (
    Place,
    Redaction,
    html_forms,
    iter_strings,
    mime_may_hold,
    mime_texts,
)
from wikitrack.errors import InputError, StorageError
from wikitrack.files import write_private

__all__ = [
    "MARKER",
    "MIN_LENGTH",
    "Redaction",
    "Place",
    "digest",
    "redact_value",
    "redact_place",
    "mime_texts",
    "mime_may_hold",
    "redact_mime",
    "iter_strings",
    "find_by_digest",
    "check_redaction",
    "RedactionsFile",
    "redactions_file",
]

MARKER = "[verwijderd: AVG]"
# Shorter texts match too much (a redaction of "06" would eat every date): redact the whole
# number or address.
MIN_LENGTH = 5


def digest(key: bytes, salt: str, text: str) -> str:
    """HMAC-SHA256 of the salt and the text under the secret key, in hex."""
    return hmac.new(key, bytes.fromhex(salt) + text.encode("utf-8"), hashlib.sha256).hexdigest()


def check_redaction(text: str, reason: str) -> None:
    """InputError unless the text is long enough to be one thing and a reason is given."""
    if len(text.strip()) < MIN_LENGTH:
        raise InputError(
            f"--text must be the whole text to remove (at least {MIN_LENGTH} characters, "
            "such as the full e-mail address or phone number)"
        )
    if not reason.strip():
        raise InputError('--reason must say why (for example "verzoek betrokkene, AVG art. 17")')


def redact_value(value: Any, text: str, marker: str = MARKER) -> Any:
    """`value` with every occurrence of `text` replaced by `marker`, in strings nested in lists
    and dicts too (decoded JSON); other values as they are."""
    if isinstance(value, str):
        return value.replace(text, marker)
    if isinstance(value, list | tuple):
        return type(value)(redact_value(v, text, marker) for v in value)
    if isinstance(value, dict):
        return {k: redact_value(v, text, marker) for k, v in value.items()}
    return value


def redact_place(place: Place, text: str) -> Place:
    """The place with `text` replaced by the marker, a mail re-encoded."""
    if place.is_mime:
        return replace(place, value=redact_mime(place.value, text))
    return replace(place, value=redact_value(place.value, text))


def redact_mime(message: str, text: str, marker: str = MARKER) -> str:
    """The stored mail with `text` replaced by `marker` in its subject and text parts, each
    part encoded again as a mail is (so no encoded copy of the text survives)."""
    from email import message_from_string, policy  # lazy: keeps start-up free of email

    msg: Any = message_from_string(message, policy=policy.default)
    subject = str(msg.get("Subject", ""))
    if text in subject:
        msg.replace_header("Subject", subject.replace(text, marker))
    for part in msg.walk():
        if part.get_content_maintype() != "text":
            continue
        content = original = part.get_content()
        subtype = part.get_content_subtype()
        for form in html_forms(text) if subtype == "html" else [text]:
            content = content.replace(form, marker)
        if content != original:
            had_version = "MIME-Version" in part
            part.set_content(content, subtype=subtype)
            if not had_version:
                del part["MIME-Version"]
    return str(msg.as_string())


def find_by_digest(values: Iterable[Any], key: bytes, redaction: Redaction) -> str | None:
    """The text a redaction removed, found again among `values` by its keyed hash: every
    substring of its length is tried (a few thousand HMACs for a correction's values)."""
    n = redaction.length
    for s in (s for v in values for s in iter_strings(v)):
        for i in range(len(s) - n + 1):
            candidate = s[i : i + n]
            if digest(key, redaction.salt, candidate) == redaction.digest:
                return candidate
    return None


# -- the redactions file: the key and every redaction, beside the database --------------------


def redactions_file(db_path: Path) -> RedactionsFile:
    return RedactionsFile(db_path.with_name(db_path.name + ".redactions.json"))


@dataclass(frozen=True)
class RedactionsFile:
    """`<database>.redactions.json` (mode 0600): the secret key of the hashes and every
    redaction made. It is never copied into a backup: a restored backup gets the redactions
    made after it from here."""

    path: Path

    def _read(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        try:
            return dict(json.loads(self.path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as e:
            raise StorageError(f"{self.path}: unreadable redactions file ({e})") from e

    def key(self) -> bytes:
        """The secret key, made (and the file written) on first use."""
        data = self._read()
        if "key" not in data:
            data = {"key": secrets.token_hex(32), "redactions": data.get("redactions", [])}
            self._write(data)
        return bytes.fromhex(data["key"])

    def redactions(self) -> list[Redaction]:
        return [Redaction.from_dict(r) for r in self._read().get("redactions", [])]

    def add(self, redaction: Redaction) -> None:
        data = self._read()
        if "key" not in data:
            raise StorageError(f"{self.path}: the redactions file lost its key")
        data["redactions"] = [*data.get("redactions", []), redaction.as_dict()]
        self._write(data)

    def _write(self, data: dict[str, Any]) -> None:
        """Private from the first byte and replaced in one step, never half-written."""
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        try:
            write_private(tmp, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            os.replace(tmp, self.path)
        except OSError as e:
            tmp.unlink(missing_ok=True)
            raise StorageError(f"{self.path}: cannot write the redactions file ({e})") from e
