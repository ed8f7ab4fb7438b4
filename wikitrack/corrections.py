"""Pure rules of the corrections log: the state machine, the guideline's own-area rule, the
edit summary's disclosure, and what a later revision means for an applied correction.

A correction goes proposed -> approved -> applied -> verified, or ends rejected or withdrawn;
an applied one can later turn out reverted or overwritten. Every transition is an event in an
append-only trail (who, when, from -> to, note).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import InputError
from .wikifacts import DISCLOSURE_MARKER

__all__ = [
    "STATUSES",
    "next_status",
    "check_proposal",
    "edit_summary",
    "talk_request",
    "apply_to_text",
    "outcome_after",
]

STATUSES = (
    "proposed",
    "approved",
    "rejected",
    "withdrawn",
    "applied",
    "verified",
    "reverted",
    "overwritten",
)
_TRANSITIONS: dict[tuple[str, str], str] = {
    ("proposed", "approve"): "approved",
    ("proposed", "reject"): "rejected",
    ("proposed", "withdraw"): "withdrawn",
    ("approved", "withdraw"): "withdrawn",
    ("approved", "rebase"): "approved",
    ("approved", "apply"): "applied",
    ("approved", "record"): "applied",
    ("applied", "verify"): "verified",
    ("applied", "revert"): "reverted",
    ("verified", "revert"): "reverted",
    ("applied", "overwrite"): "overwritten",
    ("verified", "overwrite"): "overwritten",
}


def next_status(correction_id: int, status: str, action: str) -> str:
    """The status after `action`, or InputError saying why it cannot happen."""
    try:
        return _TRANSITIONS[(status, action)]
    except KeyError:
        allowed = sorted(a for (s, a) in _TRANSITIONS if s == status)
        hint = f"; possible now: {', '.join(allowed)}" if allowed else ""
        raise InputError(
            f"correction {correction_id} is {status}: cannot {action} it{hint}"
        ) from None


def check_proposal(
    *,
    title: str,
    area: str,
    lemma_areas: Sequence[str],
    sources: Sequence[str],
    override_reason: str | None,
    override_by: str | None,
) -> list[str]:
    """Problems with a proposal (empty: accepted).

    The municipality's guideline: civil servants correct facts only within their own policy
    area. A lemma outside the proposer's area is refused unless an editor overrides it with a
    reason, which is recorded. A correction needs at least one source.
    """
    problems = []
    if not any(s.strip() for s in sources):
        problems.append("a correction needs at least one source (--source URL)")
    for s in sources:
        if s.strip() and not s.strip().startswith(("http://", "https://")):
            problems.append(f"source '{s}' is not a URL")
    if area not in lemma_areas:
        where = ", ".join(lemma_areas) or "no area"
        if not override_reason or not override_by:
            problems.append(
                f"'{title}' is not on the watchlist of area '{area}' (it is watched by {where});"
                " the guideline allows corrections only within your own policy area. An editor"
                ' may override with --override-reason "..." --editor NAME'
            )
    return problems


def edit_summary(correction_id: int, what: str, person: str, lang: str = "nl") -> str:
    """The summary of a team edit: the correction ID and the disclosure the Terms of Use ask
    for (paid contributions name their employer), so readers of the history see who edits."""
    what = " ".join(what.split())
    if len(what) > 150:
        what = what[:149] + "…"
    if lang == "en":
        return f"Correction #{correction_id} {DISCLOSURE_MARKER} (edited by {person}): {what}"
    return f"Correctie #{correction_id} {DISCLOSURE_MARKER} (bewerkt door {person}): {what}"


def talk_request(correction: dict[str, Any], person: str) -> tuple[str, str]:
    """(section title, text) of an edit request on the talk page, the way nl.wikipedia's
    conflict-of-interest page prefers for organisations writing about themselves."""
    sources = "\n".join(f"* {s}" for s in correction["sources"])
    title = f"Verzoek om correctie (#{correction['id']}): {correction['what'][:80]}"
    text = (
        f"Namens de Gemeente Almere ({person}) vragen wij een andere bewerker om het volgende"
        f" te corrigeren. Wij bewerken het artikel niet zelf vanwege belangenverstrengeling.\n\n"
        f"'''Wat klopt er niet:''' {correction['what']}\n\n"
        f"'''Voorstel:''' {correction['proposed']}\n\n'''Bronnen:'''\n{sources}\n\n~~~~"
    )
    return title, text


def apply_to_text(text: str, find: str, proposed: str, correction_id: int) -> str:
    """The article text with `find` replaced by `proposed`; exactly one occurrence, so the edit
    does what was approved and nothing else."""
    if not find:
        raise InputError(
            f"correction {correction_id} has no --find text to replace: apply it via the talk"
            " page (--via talk) or record a hand-made edit with 'correction record'"
        )
    count = text.count(find)
    if count != 1:
        raise InputError(
            f"correction {correction_id}: the text to replace occurs {count} times in the"
            " current article (it must occur exactly once); rebase or edit by hand"
        )
    return text.replace(find, proposed)


def outcome_after(
    status: str, *, reverted: bool, latest_text: str | None, proposed: str, via: str
) -> str | None:
    """What a later state of the page means for an applied correction: 'revert',
    'overwrite', 'verify' or None (nothing to do)."""
    if status not in ("applied", "verified"):
        return None
    if reverted:
        return "revert"
    if via == "article" and latest_text is not None and proposed and proposed not in latest_text:
        return "overwrite"
    if status == "applied":
        return "verify"
    return None
