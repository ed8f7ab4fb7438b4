"""What a redaction (AVG) is and where it looks, as plain data: a stored value (`Place`), the
texts a reader sees in one (a stored mail decoded), and the record of a redaction. The rules,
the hash and the rewrite are in `redaction.py`; the store finds and rewrites the places."""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Redaction", "Place", "html_forms", "mime_texts", "mime_may_hold", "iter_strings"]


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
    """One stored value: a column of a row (`value` decoded when the column holds JSON; the
    whole message as stored when it is a mail, `is_mime`)."""

    table: str
    key_column: str
    key: Any
    column: str
    value: Any
    is_json: bool = False
    is_mime: bool = False

    @property
    def name(self) -> str:
        return f"{self.table} {self.key} {self.column}"

    def strings(self) -> list[str]:
        """The texts a reader sees in the value: a mail's decoded parts, not its encoding."""
        return mime_texts(self.value) if self.is_mime else list(iter_strings(self.value))

    def holds(self, text: str) -> bool:
        return any(text in s for s in self.strings())


def html_forms(text: str) -> list[str]:
    """`text` as an HTML part may hold it: as it is, and escaped (both apostrophe styles)."""
    escaped = html.escape(text)
    return list(
        dict.fromkeys(
            [text, html.escape(text, quote=False), escaped, escaped.replace("&#x27;", "&#39;")]
        )
    )


def mime_texts(message: str) -> list[str]:
    """The subject and every text part of a stored mail, decoded (HTML unescaped too)."""
    from email import message_from_string, policy  # lazy: keeps start-up free of email

    msg: Any = message_from_string(message, policy=policy.default)
    found = [str(msg.get("Subject", ""))]
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            content = part.get_content()
            found.append(content)
            if part.get_content_subtype() == "html":
                found.append(html.unescape(content))
    return found


def mime_may_hold(message: str, text: str) -> bool:
    """False only when the stored mail cannot hold `text` in a text part: each part decoded
    (quoted-printable or base64) by the legacy parser, about three times faster than
    `Place.holds`, which reads the whole mail as `policy.default` does (a few milliseconds
    each, and there is one a night per recipient). A subject is searched in its own column."""
    from email import message_from_string, policy  # lazy: keeps start-up free of email

    msg = message_from_string(message, policy=policy.compat32)
    for part in msg.walk():
        if part.get_content_maintype() != "text":
            continue
        if (part.get_content_charset() or "us-ascii") not in ("utf-8", "us-ascii"):
            return True  # not decoded here: let the full reading decide
        data = part.get_payload(decode=True)
        if isinstance(data, bytes) and any(f.encode() in data for f in html_forms(text)):
            return True
    return False


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
