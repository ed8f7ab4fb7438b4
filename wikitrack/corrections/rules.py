"""Pure rules of the corrections log: the state machine, the guideline's own-area rule, the
edit summary's disclosure, and what a later revision means for an applied correction.

A correction goes proposed -> approved -> applied -> verified, or ends rejected or withdrawn;
an applied one can later turn out reverted or overwritten. Every transition is an event in an
append-only trail (who, when, from -> to, note). Everything here works on our `Correction`s
and their events (`entries`) and configured `Person`s; the workflow module reads and writes
them.

Four eyes: proposals come from people of the area; desk editors approve, reject, apply,
record, rebase and override the own-area rule; nobody approves or overrides a correction they
proposed or edited.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, get_args
from urllib.parse import urlencode, urlsplit

from wikitrack.config import Person
from wikitrack.corrections.entries import Correction, CorrectionEvent, CorrectionStatus
from wikitrack.corrections.guideline import Finding
from wikitrack.errors import InputError
from wikitrack.wiki.pages import Revision
from wikitrack.wiki.sitefacts import DISCLOSURE_MARKER

__all__ = [
    "STATUSES",
    "EDITABLE_FIELDS",
    "EXPORT_COLUMNS",
    "EVENT_COLUMNS",
    "SUMMARY_LIMIT",
    "next_status",
    "authors",
    "check_actor",
    "check_proposer",
    "check_proposal",
    "check_sources",
    "source_problem",
    "check_find",
    "plan_edit",
    "export_row",
    "export_event_row",
    "edit_summary",
    "talk_request",
    "apply_to_text",
    "outcome_after",
    "audit_next_step",
    "AuditLog",
    "TeamEdits",
    "AuditFinding",
    "plan_audit_findings",
]

STATUSES: tuple[CorrectionStatus, ...] = get_args(CorrectionStatus)
_TRANSITIONS: dict[tuple[str, str], str] = {
    ("proposed", "approve"): "approved",
    ("proposed", "reject"): "rejected",
    ("proposed", "withdraw"): "withdrawn",
    ("proposed", "edit"): "proposed",
    ("proposed", "rebase"): "proposed",
    ("approved", "withdraw"): "withdrawn",
    # an edited approval is no approval: the new text goes back to the desk
    ("approved", "edit"): "proposed",
    ("approved", "rebase"): "approved",
    ("approved", "apply"): "applied",
    ("approved", "record"): "applied",
    ("applied", "verify"): "verified",
    ("applied", "revert"): "reverted",
    ("verified", "revert"): "reverted",
    ("applied", "overwrite"): "overwritten",
    ("verified", "overwrite"): "overwritten",
}


# Actions people take with `wikitrack correction ACTION`; the others are check's findings.
_COMMANDS = ("approve", "reject", "withdraw", "edit", "rebase", "apply", "record")


def next_status(correction_id: int, status: str, action: str) -> str:
    """The status after `action`, or InputError saying why it cannot happen and which
    commands can."""
    try:
        return _TRANSITIONS[(status, action)]
    except KeyError:
        allowed = sorted(a for (s, a) in _TRANSITIONS if s == status and a in _COMMANDS)
        if allowed:
            hint = f"; possible now: wikitrack correction {'|'.join(allowed)} {correction_id}"
        elif status in ("applied", "verified"):
            hint = "; 'wikitrack check' follows it on the wiki from here"
        else:
            hint = "; it is closed (propose a new correction instead)"
        raise InputError(
            f"correction {correction_id} is {status}: cannot {action} it{hint}"
        ) from None


def authors(correction: Correction, events: Iterable[CorrectionEvent]) -> frozenset[str]:
    """Who wrote the correction's content: its proposer and everyone who edited it."""
    return frozenset([correction.proposed_by, *(e.actor for e in events if e.action == "edit")])


# Who may take each action: desk editors only, or also the correction's own authors.
_DESK_ONLY = ("approve", "reject", "apply", "record", "rebase")
_AUTHOR_OR_DESK = ("withdraw", "edit")
# Four eyes: nobody approves what they wrote.
_NOT_BY_AUTHORS = ("approve", "reject")


def check_actor(
    action: str, person: Person, correction: Correction, events: Iterable[CorrectionEvent]
) -> None:
    """InputError unless `person` may `action` this correction (see the module's rules)."""
    cid = correction.id
    wrote = authors(correction, events)
    if action in _NOT_BY_AUTHORS and person.name in wrote:
        role = "proposed" if person.name == correction.proposed_by else "edited"
        raise InputError(
            f"{person.name} {role} correction {cid} and cannot {action} it: four eyes, "
            "another desk editor decides"
        )
    if action in _DESK_ONLY and not person.is_desk:
        raise InputError(
            f"{person.name} is {person.role} staff: only desk editors {action} corrections"
        )
    if action in _AUTHOR_OR_DESK and not person.is_desk and person.name not in wrote:
        raise InputError(
            f"{person.name} may not {action} correction {cid}: only its proposer "
            f"({correction.proposed_by}) or a desk editor can"
        )


def check_proposer(proposer: Person, area: str, override_editor: Person | None = None) -> list[str]:
    """Problems with who proposes (empty: fine): a person of the area, and an override
    editor who is a desk editor other than the proposer."""
    problems = []
    if area not in proposer.areas:
        mine = ", ".join(proposer.areas) or "none"
        problems.append(
            f"{proposer.name} does not work for area '{area}' (their areas in [[people]]: "
            f"{mine}); a proposal comes from someone of the area"
        )
    if override_editor is not None:
        if not override_editor.is_desk:
            problems.append(
                f"--editor {override_editor.name} is {override_editor.role} staff: only a desk "
                "editor overrides the own-area rule"
            )
        if override_editor.name == proposer.name:
            problems.append(
                f"--editor {override_editor.name} is the proposer: another desk editor must "
                "override (four eyes)"
            )
    return problems


def check_sources(sources: Sequence[str]) -> list[str]:
    """A correction needs at least one source, and every source is a URL."""
    problems = []
    if not any(s.strip() for s in sources):
        problems.append("a correction needs at least one source (--source URL)")
    problems += [reason for s in sources if s.strip() and (reason := source_problem(s.strip()))]
    return problems


def source_problem(source: str) -> str | None:
    """Why `source` is no source a reader can open (None when it is one): a full http(s) URL
    with a host, as Wikipedia cites it. Every --source goes through here."""
    try:
        url = urlsplit(source)
        host = url.hostname or ""
    except ValueError:  # a malformed [IPv6] host or port
        host, url = "", urlsplit("")
    if url.scheme.lower() not in ("http", "https"):
        return f"source '{source}' is not a URL: give its full address (https://...)"
    named = "." in host.strip(".") or host == "localhost"
    if not named or any(c.isspace() for c in source):
        return f"source '{source}' has no valid host: give its full address (https://host/...)"
    return None


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
    problems = check_sources(sources)
    if area not in lemma_areas:
        where = ", ".join(lemma_areas) or "no area"
        if not override_reason or not override_by:
            problems.append(
                f"'{title}' is not on the watchlist of area '{area}' (it is watched by {where});"
                " the guideline allows corrections only within your own policy area. An editor"
                ' may override with --override-reason "..." --editor NAME'
            )
    return problems


def check_find(find: str, text: str, *, via: str, proposed: str, where: str) -> list[str]:
    """Problems with --find against the lemma's current text (empty: fine).

    An article edit replaces `find`, so it must occur exactly once; a talk-page request only
    quotes it, so there it must occur at all. `where` names the text (title and revision).
    """
    if not find:
        if via == "talk":
            return []
        return [
            "an article edit needs --find: the exact wikitext that --proposed replaces (or ask"
            " on the talk page with --via talk)"
        ]
    count = text.count(find)
    problems = []
    if count == 0 or (count > 1 and via == "article"):
        need = "exactly once" if via == "article" else "at least once"
        fix = (
            "copy it from the article's wikitext (edit source)"
            if count == 0
            else "make it longer so that it is unique"
        )
        problems.append(f"--find occurs {count} times in {where}; it must occur {need}: {fix}")
    if find == proposed:
        problems.append("--proposed is the same as --find: the correction changes nothing")
    return problems


# What `correction edit` may change before a correction is applied.
EDITABLE_FIELDS = ("what", "find", "proposed", "sources", "via")


def plan_edit(
    correction: Correction, changes: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(before, after) of the fields `changes` really changes, in the order of
    EDITABLE_FIELDS; InputError when none does. Sources are compared as a tuple, the way a
    `Correction` holds them."""
    unknown = set(changes) - set(EDITABLE_FIELDS) - {"base_revid"}
    if unknown:
        raise InputError(f"cannot edit {', '.join(sorted(unknown))} of a correction")
    order = [*EDITABLE_FIELDS, "base_revid"]  # the trail names fields in one order
    wanted = {
        k: tuple(changes[k]) if isinstance(changes[k], list) else changes[k]
        for k in order
        if k in changes
    }
    after = {k: v for k, v in wanted.items() if v is not None and v != getattr(correction, k)}
    if not set(after) - {"base_revid"}:
        raise InputError(
            f"correction {correction.id}: nothing to change (give --what, --find, "
            "--proposed, --source or --via with a new value)"
        )
    before = {k: getattr(correction, k) for k in after}
    return before, after


# Every field of a correction, for accountability requests (Wet open overheid): one column
# each in the CSV export, the approval and the application read from the trail.
EXPORT_COLUMNS = (
    "id",
    "title",
    "page_id",
    "area",
    "status",
    "proposed_by",
    "created",
    "what",
    "find",
    "proposed",
    "sources",
    "via",
    "base_revid",
    "override_reason",
    "override_by",
    "approved_by",
    "approved_at",
    "applied_by",
    "applied_at",
    "applied_revid",
    "applied_account",
    "talk_section",
    "guideline",
    "updated",
)
EVENT_COLUMNS = (
    "correction_id",
    "title",
    "at",
    "actor",
    "action",
    "from_status",
    "to_status",
    "note",
    "details",
)


def _last_event(events: Sequence[CorrectionEvent], to_status: str) -> CorrectionEvent | None:
    found = [e for e in events if e.to_status == to_status and e.from_status != to_status]
    return found[-1] if found else None


def export_row(correction: Correction, events: Sequence[CorrectionEvent]) -> dict[str, Any]:
    """One flat row per correction: every field its own column, sources one per line."""
    approved = _last_event(events, "approved")
    applied = _last_event(events, "applied")
    row = {
        **correction.as_dict(),
        "sources": "\n".join(correction.sources),
        "guideline": "\n".join(_finding_line(f) for f in correction.guideline),
        "approved_by": approved.actor if approved else "",
        "approved_at": approved.at if approved else "",
        "applied_by": applied.actor if applied else "",
        "applied_at": applied.at if applied else "",
    }
    return {c: row.get(c) for c in EXPORT_COLUMNS}


def _finding_line(finding: dict[str, Any]) -> str:
    return Finding(**{**finding, "words": tuple(finding["words"])}).line()


def export_event_row(correction: Correction, event: CorrectionEvent) -> dict[str, Any]:
    fields = event.as_dict()
    return {
        **{c: fields.get(c) for c in EVENT_COLUMNS},
        "correction_id": correction.id,
        "title": correction.title,
    }


# MediaWiki keeps at most 500 characters of an edit summary (CommentStore's character limit)
# and cuts the rest silently.
SUMMARY_LIMIT = 500
_WHAT_LIMIT = 150


def edit_summary(
    correction_id: int, what: str, person: str, lang: str = "nl", source: str = ""
) -> str:
    """The summary of a team edit: the correction ID, the disclosure the Terms of Use ask
    for (paid contributions name their employer), so readers of the history see who edits,
    and the first source, because Wikipedia reverts changed facts without one.

    The whole summary fits the wiki's limit: `what` is shortened first; a source URL is
    never cut (a cut URL is a wrong one), but left out when it cannot fit at all.
    """
    what = " ".join(what.split())
    if lang == "en":
        head = f"Correction #{correction_id} {DISCLOSURE_MARKER} (edited by {person}): "
        tail = f" (source: {source})" if source else ""
    else:
        head = f"Correctie #{correction_id} {DISCLOSURE_MARKER} (bewerkt door {person}): "
        tail = f" (bron: {source})" if source else ""
    room = min(_WHAT_LIMIT, SUMMARY_LIMIT - len(head) - len(tail))
    if room < 20:
        tail, room = "", min(_WHAT_LIMIT, SUMMARY_LIMIT - len(head))
    if len(what) > room:
        what = what[: room - 1] + "…"
    return f"{head}{what}{tail}"


def talk_request(correction: Correction, person: str) -> tuple[str, str]:
    """(section title, text) of an edit request on the talk page, the way nl.wikipedia's
    conflict-of-interest page prefers for organisations writing about themselves."""
    sources = "\n".join(f"* {s}" for s in correction.sources)
    proposal = correction.proposed or "(deze tekst verwijderen)"
    title = f"Verzoek om correctie (#{correction.id}): {correction.what[:80]}"
    current = (
        f"'''Huidige tekst:''' <code><nowiki>{_nowiki(correction.find)}</nowiki></code>\n\n"
        if correction.find
        else ""
    )
    text = (
        f"Namens de Gemeente Almere ({person}) vragen wij een andere bewerker om het volgende"
        f" te corrigeren. Wij bewerken het artikel niet zelf vanwege belangenverstrengeling.\n\n"
        f"'''Wat klopt er niet:''' {correction.what}\n\n{current}"
        f"'''Voorstel:''' {proposal}\n\n'''Bronnen:'''\n{sources}\n\n~~~~"
    )
    return title, text


def _nowiki(text: str) -> str:
    """Text shown literally inside <nowiki>, which ends only at its closing tag."""
    return text.replace("<", "&lt;")


def apply_to_text(text: str, find: str, proposed: str, correction_id: int) -> str:
    """The article text with `find` replaced by `proposed`; exactly one occurrence, so the edit
    does what was approved and nothing else."""
    if not find:
        raise InputError(
            f"correction {correction_id} has no --find text to replace: give it with "
            f"'wikitrack correction edit {correction_id} --find TEXT', route it to the talk "
            f"page with 'wikitrack correction edit {correction_id} --via talk', or link a "
            f"hand-made edit with 'wikitrack correction record {correction_id} --revid N'"
        )
    count = text.count(find)
    if count != 1:
        raise InputError(
            f"correction {correction_id}: the text to replace occurs {count} times in the"
            " current article (it must occur exactly once); change it with "
            f"'wikitrack correction edit {correction_id} --find TEXT'"
        )
    return text.replace(find, proposed)


def outcome_after(
    status: str,
    *,
    reverted: bool,
    latest_text: str | None,
    proposed: str,
    via: str,
    find: str = "",
) -> str | None:
    """What a later state of the page means for an applied correction: 'revert',
    'overwrite', 'verify' or None (nothing to do). A deletion (empty `proposed`) is
    overwritten when the removed `find` text is back."""
    if status not in ("applied", "verified"):
        return None
    if reverted:
        return "revert"
    if via == "article" and latest_text is not None:
        gone = proposed not in latest_text if proposed else bool(find) and find in latest_text
        if gone:
            return "overwrite"
    if status == "applied":
        return "verify"
    return None


# What to do about each kind of audit finding; {title}, {revid}, {correction} and {user}
# come from the finding.
_NEXT_STEPS = {
    "no_correction": (
        "log it: 'wikitrack correction propose \"{title}\" ...', have it approved, then "
        "'wikitrack correction record ID --revid {revid} --by NAME'; or undo the edit"
    ),
    "no_correction_open": (
        "if this is correction {correction}: "
        "'wikitrack correction record {correction} --revid {revid} --by NAME'"
    ),
    "outside_area": "none if the override still holds; the reason is in "
    "'wikitrack correction show {correction}'",
    "unwatched_page": "watch the page ('wikitrack watchlist add AREA \"{title}\"') or undo "
    "the edit",
    "no_disclosure": "{user} did not disclose the municipality in this summary: state it on "
    'the talk page of "{title}" and on the account\'s user page (Terms of Use)',
    "revision_missing": "the revision is gone (deleted or never saved): check "
    "'wikitrack correction show {correction}' and the page's history",
    "not_a_team_edit": "revision {revid} is by {user}, not a team account: check "
    "'wikitrack correction show {correction}'",
    "correction_reverted": 'read the revert\'s summary and the talk page of "{title}"; '
    "propose again with a stronger source or ask on the talk page (--via talk)",
}


def audit_next_step(finding: dict[str, Any]) -> str:
    """The next step for an audit finding, naming real commands."""
    kind = finding["finding"]
    if kind == "no_correction" and finding.get("correction"):
        kind = "no_correction_open"
    return _NEXT_STEPS[kind].format(**finding)


# -- the audit's plan: which team edits the log does not account for ---------------------------


@dataclass(frozen=True)
class AuditLog:
    """The log's side of the audit: corrections by applied revision, approved corrections by
    page (and talk page), every watched page ID, and the reverted corrections."""

    logged: dict[int, Correction]
    approved: dict[int, Correction]
    watched: frozenset[int]
    reverted: tuple[Correction, ...] = ()


@dataclass(frozen=True)
class TeamEdits:
    """The wiki's side: the team accounts' contributions as (title, revision), and the
    logged revisions that are not among them, by ID (absent: the revision does not exist)."""

    contribs: tuple[tuple[str, Revision], ...]
    logged_revisions: dict[int, Revision] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditFinding:
    """One thing the audit found, with its date, a diff link and the next step to take."""

    finding: str
    date: str
    revid: int | None
    title: str
    user: str
    correction: int | None
    detail: str
    diff_url: str
    next_step: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _audit_finding(
    index_url: str,
    kind: str,
    revid: int | None,
    title: str,
    user: str,
    detail: str,
    correction: Correction | None = None,
    day: str = "",
) -> AuditFinding:
    facts: dict[str, Any] = {
        "finding": kind,
        "date": day,
        "revid": revid,
        "title": title,
        "user": user,
        "correction": correction.id if correction else None,
        "detail": detail,
        "diff_url": f"{index_url}?{urlencode({'diff': 'prev', 'oldid': revid})}" if revid else "",
    }
    return AuditFinding(**facts, next_step=audit_next_step(facts))


def _contrib_findings(
    log: AuditLog, title: str, rev: Revision, found: Callable[..., AuditFinding]
) -> Iterator[AuditFinding]:
    """What one team edit lacks: a logged correction (or one within the area), a watched
    page, the disclosure in its summary."""
    logged = log.logged.get(rev.revid)
    if logged is None:
        detail = f"edit without a logged correction: {rev.comment}"
        yield found(
            "no_correction",
            rev.revid,
            title,
            rev.user,
            detail,
            log.approved.get(rev.page_id),
            rev.timestamp,
        )
    elif logged.override_reason:
        detail = (
            f"outside area '{logged.area}' (override by {logged.override_by}: "
            f"{logged.override_reason})"
        )
        yield found("outside_area", rev.revid, title, rev.user, detail, logged, rev.timestamp)
    if rev.page_id not in log.watched:
        detail = "edit on a page no watchlist contains"
        yield found("unwatched_page", rev.revid, title, rev.user, detail, day=rev.timestamp)
    if DISCLOSURE_MARKER.lower() not in rev.comment.lower():
        detail = f"summary lacks '{DISCLOSURE_MARKER}': {rev.comment}"
        yield found("no_disclosure", rev.revid, title, rev.user, detail, day=rev.timestamp)


def _logged_findings(
    log: AuditLog, edits: TeamEdits, users: Sequence[str], found: Callable[..., AuditFinding]
) -> Iterator[AuditFinding]:
    """Applied corrections whose revision is not among the team's contributions: gone, or
    made by someone else."""
    seen = {rev.revid for _, rev in edits.contribs}
    for revid, c in log.logged.items():
        if revid in seen:
            continue
        rev = edits.logged_revisions.get(revid)
        if rev is None:
            detail = "correction marked applied, but its revision does not exist"
            yield found(
                "revision_missing", revid, c.title, c.applied_account or "", detail, c, c.updated
            )
        elif rev.user not in users:
            detail = "correction marked applied, but the revision is by someone else"
            yield found("not_a_team_edit", revid, c.title, rev.user, detail, c, rev.timestamp)


def plan_audit_findings(
    log: AuditLog, edits: TeamEdits, users: Sequence[str], index_url: str
) -> list[AuditFinding]:
    """Reconcile every contribution of the team accounts (`users`) with the log: edits
    without a correction, outside the area, on unwatched pages or without the disclosure;
    applied corrections whose revision is missing or by someone else; reverted corrections.
    `index_url` is the wiki's index.php, for the diff links."""
    found = functools.partial(_audit_finding, index_url)
    findings = [
        f for title, rev in edits.contribs for f in _contrib_findings(log, title, rev, found)
    ]
    findings += _logged_findings(log, edits, users, found)
    for c in log.reverted:
        detail = f"correction {c.id} was reverted: {c.what}"
        findings.append(
            found(
                "correction_reverted",
                c.applied_revid,
                c.title,
                c.applied_account or "",
                detail,
                c,
                c.updated,
            )
        )
    return findings
