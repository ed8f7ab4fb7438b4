"""Pure rules of review requests: policy staff ask the desk to look at a lemma.

open -> assigned -> done or declined (an open request can be closed directly); while it is
open, its requester may edit its reason and due date (open -> open) or withdraw it (open ->
withdrawn). Every change is an event with who and when. A request is overdue when its due date
has passed and it is still open or assigned.

The texts people type (a reason, an outcome) pass one check, `typed_text`, for the CLI and the
web alike: not empty, not longer than MAX_TEXT characters, no control characters but newline
and tab.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal, get_args

from wikitrack.config import Person
from wikitrack.corrections.entries import Correction, ReviewRequest, ReviewStatus
from wikitrack.errors import InputError

__all__ = [
    "REVIEW_STATUSES",
    "next_review_status",
    "is_overdue",
    "MAX_DUE_DAYS",
    "DueProblem",
    "parse_due",
    "check_requester",
    "check_desk",
    "check_linked_correction",
    "check_withdrawer",
    "MAX_TEXT",
    "TextProblem",
    "TextError",
    "typed_text",
    "DuplicateRequest",
    "find_duplicate",
    "same_reason",
]

REVIEW_STATUSES: tuple[ReviewStatus, ...] = get_args(ReviewStatus)
_TRANSITIONS = {
    ("open", "assign"): "assigned",
    ("assigned", "assign"): "assigned",
    ("open", "close"): "done",
    ("assigned", "close"): "done",
    ("open", "decline"): "declined",
    ("assigned", "decline"): "declined",
    ("open", "edit"): "open",
    ("open", "withdraw"): "withdrawn",
}


def next_review_status(request_id: int, status: str, action: str) -> str:
    try:
        return _TRANSITIONS[(status, action)]
    except KeyError:
        raise InputError(f"review request {request_id} is {status}: cannot {action} it") from None


def is_overdue(status: str, due: str | None, today: date) -> bool:
    if status not in ("open", "assigned") or not due:
        return False
    try:
        return date.fromisoformat(due) < today
    except ValueError:
        return False


MAX_DUE_DAYS = 366
DueProblem = Literal["invalid", "past", "far"]
# `+14d`, `+2w` or `+14` (days): a due date relative to today, which stays valid in examples
# and scripts for years, unlike a fixed date.
_RELATIVE_DUE = re.compile(r"\+([0-9]{1,3})([dw]?)", re.ASCII)


class DueError(InputError):
    """A due date that cannot be used; `problem` says why, for the web form's own message."""

    def __init__(self, message: str, problem: DueProblem):
        super().__init__(message)
        self.problem = problem


def parse_due(due: str | None, today: date) -> str | None:
    """A due date as ISO `YYYY-MM-DD`, from an ISO date or `+Nd` / `+Nw` days or weeks from
    `today`; None when empty. It is today or later (a request due yesterday would be late at
    once) and at most MAX_DUE_DAYS ahead (9999-12-31 is a typing error, not a plan)."""
    text = (due or "").strip()
    if not text:
        return None
    relative = _RELATIVE_DUE.fullmatch(text)
    try:
        if relative:
            count = int(relative.group(1)) * (7 if relative.group(2) == "w" else 1)
            day = today + timedelta(days=count)
        elif re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text, re.ASCII):
            day = date.fromisoformat(text)
        else:
            raise ValueError(text)
    except (ValueError, OverflowError):
        raise DueError(
            f"--due '{text}' is not a date (YYYY-MM-DD, or +14d / +2w from today)", "invalid"
        ) from None
    if day < today:
        raise DueError(f"--due {text} is in the past (today is {today.isoformat()})", "past")
    if day > today + timedelta(days=MAX_DUE_DAYS):
        raise DueError(
            f"--due {text} is more than {MAX_DUE_DAYS} days ahead (today is {today.isoformat()})",
            "far",
        )
    return day.isoformat()


def check_requester(person: Person, area: str) -> None:
    """Requests come from people of the area, or from the desk."""
    if not person.is_desk and area not in person.areas:
        raise InputError(
            f"{person.name} does not work for area '{area}' (their areas in [[people]]: "
            f"{', '.join(person.areas) or 'none'})"
        )


def check_desk(person: Person, what: str) -> None:
    if not person.is_desk:
        raise InputError(f"{person.name} is {person.role} staff: only desk editors {what}")


def check_withdrawer(person: Person, request: ReviewRequest, action: str) -> None:
    """Only the person who filed a request edits or withdraws it (the desk declines instead)."""
    if person.name != request.requested_by:
        raise InputError(
            f"review request {request.id} was filed by {request.requested_by}: only they can "
            f"{action} it"
        )


MAX_TEXT = 2000  # characters of a reason or an outcome: a few paragraphs, never a dump
TextProblem = Literal["empty", "long", "control"]
# C0 controls but tab and newline (a carriage return comes from a browser's line ends and is
# folded into newlines by `typed_text`), DEL and the C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class TextError(InputError):
    """A typed text that cannot be stored; `problem` says why, for the web form's message."""

    def __init__(self, message: str, problem: TextProblem):
        super().__init__(message)
        self.problem = problem


def typed_text(value: str, what: str) -> str:
    """A reason or outcome as it is stored: line ends as newlines, surrounding space gone.
    TextError when it is empty, longer than MAX_TEXT characters or holds a control character
    other than newline and tab (a NUL byte ends up raw in exports and mails)."""
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise TextError(f"{what} must not be empty", "empty")
    if len(text) > MAX_TEXT:
        raise TextError(
            f"{what} is {len(text)} characters long: at most {MAX_TEXT} are kept", "long"
        )
    found = _CONTROL.search(text)
    if found:
        raise TextError(
            f"{what} holds the control character U+{ord(found.group()):04X} at position "
            f"{found.start() + 1}: only newlines and tabs are allowed",
            "control",
        )
    return text


def same_reason(a: str, b: str) -> bool:
    """Two reasons say the same when they differ only in case and spacing."""
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


class DuplicateRequest(InputError):
    """A request that says what an open one of the same lemma says; `request_id` is that one."""

    def __init__(self, message: str, request_id: int):
        super().__init__(message)
        self.request_id = request_id


def find_duplicate(reason: str, open_requests: Sequence[ReviewRequest]) -> ReviewRequest | None:
    """The open or assigned request among `open_requests` (of one lemma) with the same
    reason, if any: filing it again would only make the desk read it twice."""
    return next(
        (
            r
            for r in open_requests
            if r.status in ("open", "assigned") and same_reason(r.reason, reason)
        ),
        None,
    )


def check_linked_correction(
    request: ReviewRequest, correction: Correction | None, correction_id: int
) -> None:
    """A request is closed with a correction of the same lemma, never another one."""
    if correction is None:
        raise InputError(f"no correction with ID {correction_id}")
    same = (
        correction.page_id == request.page_id
        if request.page_id
        else correction.title == request.title
    )
    if not same:
        raise InputError(
            f"correction {correction_id} is about '{correction.title}', review request "
            f"{request.id} about '{request.title}': link a correction of that lemma"
        )
