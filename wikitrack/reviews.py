"""Pure rules of review requests: policy staff ask the desk to look at a lemma.

open -> assigned -> done or declined (an open request can be closed directly); every change
is an event with who and when. A request is overdue when its due date has passed and it is
still open or assigned.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal, get_args

from .config import Person
from .errors import InputError
from .models import Correction, ReviewRequest, ReviewStatus

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
]

REVIEW_STATUSES: tuple[ReviewStatus, ...] = get_args(ReviewStatus)
_TRANSITIONS = {
    ("open", "assign"): "assigned",
    ("assigned", "assign"): "assigned",
    ("open", "close"): "done",
    ("assigned", "close"): "done",
    ("open", "decline"): "declined",
    ("assigned", "decline"): "declined",
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
