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
it finds the text again in the restored correction by its hash (`find_by_digest`).

Pure functions first; the file at the bottom.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .errors import InputError, StorageError
from .files import write_private

__all__ = [
    "MARKER",
    "MIN_LENGTH",
    "Redaction",
    "Place",
    "digest",
    "redact_value",
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


@dataclass(frozen=True)
class Redaction:
    """One redaction as the trail and the redactions file keep it: who, when, why, where, and
    the keyed hash of the removed text (never the text)."""

    id: str
    correction_id: int
    at: str
    actor: str
    reason: str
    salt: str
    digest: str
    length: int
    places: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "places": list(self.places)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Redaction:
        return cls(**{**d, "places": tuple(d.get("places", ()))})


@dataclass(frozen=True)
class Place:
    """One stored value: a column of a row (`value` decoded when the column holds JSON)."""

    table: str
    key_column: str
    key: Any
    column: str
    value: Any
    is_json: bool = False

    @property
    def name(self) -> str:
        return f"{self.table} {self.key} {self.column}"

    def holds(self, text: str) -> bool:
        return any(text in s for s in iter_strings(self.value))


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


def iter_strings(value: Any) -> Iterator[str]:
    """Every string in `value`, nested ones included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for v in value:
            yield from iter_strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from iter_strings(v)


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
