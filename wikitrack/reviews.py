"""Pure rules of review requests: policy staff ask the desk to look at a lemma.

open -> assigned -> done or declined (an open request can be closed directly); every change
is an event with who and when. A request is overdue when its due date has passed and it is
still open or assigned.
"""

from __future__ import annotations

from datetime import date

from .errors import InputError

__all__ = ["REVIEW_STATUSES", "next_review_status", "is_overdue"]

REVIEW_STATUSES = ("open", "assigned", "done", "declined")
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
