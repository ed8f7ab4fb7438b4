"""A queued mail and its delivery status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MailingStatus = Literal["pending", "sending", "sent", "failed", "superseded", "unknown"]


@dataclass(frozen=True)
class Mailing:
    """One message of a nightly window, as stored: it goes pending -> sending -> sent (or
    failed, retried; superseded by a wider one; unknown when a send was interrupted)."""

    id: int
    created: str
    first_run: int
    last_run: int
    recipient: str
    subject: str
    status: MailingStatus
    areas: tuple[str, ...] = ()
    message: str = ""
    attempts: int = 0
    error: str = ""
    reminders: tuple[str, ...] = ()
