"""A queued mail and its delivery status; a new one, as the nightly planner makes it."""

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

    @property
    def undelivered(self) -> bool:
        """Waiting to be sent, or failed: the next nightly message replaces it."""
        return self.status in ("pending", "failed")


@dataclass(frozen=True)
class NewMailing:
    """A message to store with its window: what `save_window` writes as pending."""

    recipient: str
    areas: tuple[str, ...]
    subject: str
    message: str
    first_run: int
    reminders: tuple[str, ...]
    changes: tuple[str, ...] = ()  # the identities of the changes it tells of
