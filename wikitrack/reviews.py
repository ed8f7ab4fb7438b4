"""Pure rules of review requests: policy staff ask the desk to look at a lemma.

open -> assigned -> done or declined (an open request can be closed directly); every change
is an event with who and when. A request is overdue when its due date has passed and it is
still open or assigned.
"""

from __future__ import annotations

from datetime import date
from typing import get_args

from .config import Person
from .errors import InputError
from .models import Correction, ReviewRequest, ReviewStatus

__all__ = [
    "REVIEW_STATUSES",
    "next_review_status",
    "is_overdue",
    "check_due",
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


def check_due(due: str | None, today: date) -> None:
    """A due date is a real date, today or later (a request due yesterday is late at once)."""
    if not due:
        return
    try:
        day = date.fromisoformat(due)
    except ValueError:
        raise InputError(f"--due '{due}' is not a date (YYYY-MM-DD)") from None
    if day < today:
        raise InputError(f"--due {due} is in the past (today is {today.isoformat()})")


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
