"""Pure: stored changes -> a report model -> text, Markdown, HTML or JSON. No I/O.

Everything that comes from the wiki (titles, user names, edit summaries, wikitext) is
attacker-controlled: the HTML template autoescapes it, Markdown escapes it, and plain text drops
control characters (a summary could otherwise move a terminal's cursor or hide lines).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from wikitrack.check.describe import describe_change
from wikitrack.check.records import StoredChange
from wikitrack.texts import TEXTS, texts

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = [
    "Entry",
    "LemmaReport",
    "AreaReport",
    "Priority",
    "Report",
    "make_report",
    "report_period",
    "render_text",
    "render_markdown",
    "render_html",
    "render_json",
    "render",
    "FORMATS",
    "WikiLinks",
    "change_row",
    "wiki_links",
    "guideline_summary",
    "TIMEZONE",
    "priority_kind",
    "PRIORITY_ORDER",
]

TIMEZONE = ZoneInfo("Europe/Amsterdam")  # whatever the machine's locale (cron: LANG=C)

# The staff-facing strings, per language (texts.py holds them all).
STRINGS: dict[str, dict[str, str]] = {lang: texts(lang, "report") for lang in TEXTS}
GUIDELINE_RULES: dict[str, dict[str, str]] = {
    lang: texts(lang, "guideline_rules") for lang in TEXTS
}
PRIORITY_ORDER = (
    "problem",
    "nomination",
    "blanked",
    "large_removal",
    "correction",
    "fact",
    "team",
    "talk",
    "guideline",
    "overdue",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Entry:
    """One revision or page event of a lemma, as people read it."""

    time: str
    user: str
    lines: tuple[str, ...]
    comment: str = ""
    anon: bool = False
    temp: bool = False
    team: bool = False
    bot: bool = False
    reverted: bool = False
    folded: bool = False
    words: tuple[dict[str, str], ...] = ()
    diff_url: str = ""
    rev_url: str = ""
    revid: int | None = None
    edits: int = 1  # revisions and page events this entry stands for (a folded revert: 2+)


@dataclass(frozen=True)
class LemmaReport:
    title: str
    url: str
    entries: tuple[Entry, ...]
    more: int = 0  # entries left out of a summarised report (see `summarise`)


@dataclass(frozen=True)
class AreaReport:
    slug: str
    name: str
    lemmas: tuple[LemmaReport, ...]

    @property
    def change_count(self) -> int:
        """Edits and page events, counted as the activity chart counts them: a folded revert
        is the edits it stands for, not one line."""
        return sum(e.edits for lem in self.lemmas for e in lem.entries) + sum(
            lem.more for lem in self.lemmas
        )


@dataclass(frozen=True)
class Priority:
    kind: str
    label: str
    title: str
    url: str
    text: str
    areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    lang: str
    title: str
    window: str
    generated: str
    areas: tuple[AreaReport, ...]
    priorities: tuple[Priority, ...]
    activity: tuple[tuple[str, tuple[int, ...]], ...] = ()
    activity_days: tuple[str, ...] = ()
    strings: dict[str, str] = field(default_factory=dict)
    note: str = ""  # set by `summarise`: what was left out and where to read it all

    @property
    def empty(self) -> bool:
        return not any(a.lemmas for a in self.areas) and not self.priorities


def wiki_links(api_url: str) -> tuple[str, str]:
    """(index.php URL, article path prefix) for links from the API URL."""
    base = api_url.rsplit("/", 1)[0]
    return base + "/index.php", base + "/index.php?title="


@dataclass(frozen=True)
class WikiLinks:
    """Links into the wiki: pages, diffs, revisions and histories."""

    index: str  # .../index.php
    article: str  # .../index.php?title=

    @classmethod
    def from_api_url(cls, api_url: str) -> WikiLinks:
        return cls(*wiki_links(api_url))

    def page(self, title: str, section: str | None = None) -> str:
        """A page's URL; with `section`, at that section."""
        url = self.article + urllib.parse.quote(title.replace(" ", "_"))
        if section is None:
            return url
        return url + "#" + urllib.parse.quote(section.replace(" ", "_"))

    def query(self, **params: Any) -> str:
        return self.index + "?" + urllib.parse.urlencode(params)


def format_time(timestamp: str, lang: str, *, seconds: bool = False) -> str:
    """'2026-11-25T17:09:27Z' -> '25 nov 2026 18:09' in Europe/Amsterdam."""
    if not timestamp:
        return ""
    try:
        dt = datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return timestamp
    local = dt.astimezone(TIMEZONE)
    month = STRINGS[lang]["months"].split()[local.month - 1]
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return f"{local.day} {month} {local.year} {clock}"


def format_period(start: str, end: str, lang: str) -> str:
    """'24 nov 2026 05:30 – 25 nov 2026 05:30'; to the second when minutes would make a real
    period look zero-length; only the end when there is no start."""
    if not start:
        return format_time(end, lang)
    first, last = format_time(start, lang), format_time(end, lang)
    if first == last:
        first, last = format_time(start, lang, seconds=True), format_time(end, lang, seconds=True)
    return f"{first} – {last}"


def _entry_for(changes: list[StoredChange], links: WikiLinks, lang: str) -> Entry:
    first = changes[0]
    words = [w for c in changes for w in c.details.get("words", [])]
    revid = first.revid
    return Entry(
        time=format_time(first.timestamp, lang),
        user=first.actor,
        lines=tuple(describe_change(c.kind, c.details, c.category, lang) for c in changes),
        comment=first.comment or first.details.get("comment", "") or "",
        **{f: f in first.flags for f in ("anon", "temp", "team", "bot")},
        reverted=first.reverted,
        words=tuple(words[:8]),
        diff_url=links.query(diff=revid, oldid=first.parent_id)
        if revid and first.parent_id
        else "",
        rev_url=links.query(oldid=revid) if revid else "",
        revid=revid,
    )


def _folded_entry(
    group: list[StoredChange], undone: list[list[StoredChange]], links: WikiLinks, lang: str
) -> Entry:
    """A revert of edits that are all in the report: one line saying what was undone."""
    users = ", ".join(sorted({u[0].user for u in undone}))
    undid = [describe_change(u.kind, u.details, u.category, lang) for g in undone for u in g][:2]
    # One line: what was undone belongs to the fold, not to the reverter's edit.
    folded = STRINGS[lang]["folded"].format(user=users, reverter=group[0].user)
    lines = (f"{folded}: {'; '.join(undid)}" if undid else folded,)
    base = _entry_for(group, links, lang)
    return dataclasses.replace(base, lines=lines, folded=True, words=(), edits=1 + len(undone))


def _lemma_entries(changes: list[StoredChange], links: WikiLinks, lang: str) -> list[Entry]:
    """Entries of one lemma, oldest first; reverted vandalism folded into one line."""
    by_key: dict[Any, list[StoredChange]] = {}
    for c in changes:
        by_key.setdefault(c.revid or f"log{c.log_id or c.id}", []).append(c)
    revids = {c.revid for c in changes if c.revid}
    folded_away: set[Any] = set()
    entries: list[Entry] = []
    for key, group in by_key.items():
        reverts = group[0].reverts if group[0].revid else ()
        if reverts and set(reverts) <= revids:
            undone = [by_key[r] for r in reverts if r in by_key]
            entries.append(_folded_entry(group, undone, links, lang))
            folded_away.update(reverts)
            folded_away.add(key)
    entries += [_entry_for(g, links, lang) for k, g in by_key.items() if k not in folded_away]
    entries.sort(key=lambda e: (e.revid or 0, e.time))
    return entries


def priority_kind(c: StoredChange) -> str:
    """What to act on first that a change is, or "" (team edits are flagged apart). The one
    rule: the report's "Eerst bekijken" and the worklist's items from changes both ask it."""
    live = not c.reverted
    if c.kind == "template_added" and c.category == "nomination" and live:
        return "nomination"
    if c.kind in ("blanked", "large_removal") and live:
        return c.kind
    if c.kind == "template_param_changed" and c.category == "fact" and live:
        return "fact"
    if c.kind == "talk_section_added":
        return "talk"
    if c.kind in ("correction_reverted", "correction_overwritten"):
        return "correction"
    return ""


def _priorities(
    changes: Iterable[StoredChange],
    links: WikiLinks,
    lang: str,
    logged_team_revids: set[int] | None,
) -> list[Priority]:
    s = STRINGS[lang]
    out: dict[tuple[str, Any], Priority] = {}
    for c in changes:
        kinds = [priority_kind(c)]
        if (
            "team" in c.flags
            and logged_team_revids is not None
            and c.revid not in logged_team_revids
        ):
            kinds.append("team")
        for kind in filter(None, kinds):
            out.setdefault(
                (kind, c.revid or c.id),
                Priority(
                    kind=kind,
                    label=s[f"p_{kind}"],
                    title=c.title,
                    url=links.page(c.title),
                    text=describe_change(c.kind, c.details, c.category, lang),
                    areas=c.areas,
                ),
            )
    return sorted(out.values(), key=lambda p: PRIORITY_ORDER.index(p.kind))


def report_period(start: str, changes: Sequence[StoredChange], now: datetime) -> tuple[str, str]:
    """The period a report covers, as ISO UTC: what was watched, from `start` (the date asked
    for, or when the check run before the window began) up to `now`. Without a start, from
    the oldest change; never the oldest revision's date otherwise: a check may store old
    history."""
    if not start and changes:
        start = min(c.timestamp for c in changes)
    return start, now.strftime("%Y-%m-%dT%H:%M:%SZ")


def make_report(
    changes: Sequence[StoredChange],
    areas: Sequence[tuple[str, str]],
    *,
    api_url: str,
    lang: str = "nl",
    window: tuple[str, str] = ("", ""),
    now: str = "",
    activity: dict[str, list[int]] | None = None,
    logged_team_revids: set[int] | None = None,
    overdue: Sequence[dict[str, Any]] = (),
    notices: Sequence[str] = (),
    guideline: Sequence[dict[str, Any]] = (),
) -> Report:
    """Group stored changes (`store.iter_changes`) by area, then lemma, then revision.

    `areas` is (slug, display name) in the order to show; a change appears under every area
    it belongs to. `api_url` is the wiki's (the caller resolves it from the config).
    `logged_team_revids`: team revisions that have a logged correction (None: do not flag
    team edits).
    """
    s = STRINGS[lang]
    links = WikiLinks.from_api_url(api_url)
    wanted = {slug for slug, _ in areas}
    priorities = [
        Priority(kind="problem", label=s["p_problem"], title=where, url="", text=what)
        for where, _, what in (n.partition(": ") for n in notices)
    ]
    priorities += _priorities(
        [c for c in changes if wanted & set(c.areas)], links, lang, logged_team_revids
    )
    priorities += [_overdue_priority(r, links, lang) for r in overdue if r.get("area") in wanted]
    priorities += [
        _guideline_priority(c, links, lang) for c in guideline if c.get("area") in wanted
    ]
    days, chart = _chart(areas, activity, now) if activity is not None else ((), ())
    return Report(
        lang=lang,
        title=s["title"],
        window=format_period(*window, lang),
        generated=format_time(now, lang) if now else "",
        areas=_area_reports(changes, areas, links, lang),
        priorities=tuple(priorities),
        activity=chart,
        activity_days=days,
        strings=s,
    )


def _area_reports(
    changes: Sequence[StoredChange], areas: Sequence[tuple[str, str]], links: WikiLinks, lang: str
) -> tuple[AreaReport, ...]:
    per_area: dict[str, dict[str, list[StoredChange]]] = {slug: {} for slug, _ in areas}
    for c in changes:
        for slug in c.areas:
            if slug in per_area:
                per_area[slug].setdefault(c.title, []).append(c)
    return tuple(
        AreaReport(
            slug,
            name,
            tuple(
                LemmaReport(
                    title,
                    links.page(title),
                    tuple(_lemma_entries(per_area[slug][title], links, lang)),
                )
                for title in sorted(per_area[slug])
            ),
        )
        for slug, name in areas
    )


def _chart(
    areas: Sequence[tuple[str, str]], activity: dict[str, list[int]], now: str
) -> tuple[tuple[str, ...], tuple[tuple[str, tuple[int, ...]], ...]]:
    """(the 30 local days, (area name, count per day) per area) for the activity chart."""
    end = (
        datetime.strptime(now, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        if now
        else datetime.now(UTC)
    )
    local_end = end.astimezone(TIMEZONE).date()
    days = tuple((local_end - timedelta(days=29 - i)).strftime("%d-%m") for i in range(30))
    return days, tuple((name, tuple(activity.get(slug, [0] * 30))) for slug, name in areas)


def _overdue_priority(request: dict[str, Any], links: WikiLinks, lang: str) -> Priority:
    return Priority(
        kind="overdue",
        label=STRINGS[lang]["p_overdue"],
        title=request["title"],
        url=links.page(request["title"]),
        text=f"#{request['id']}: {request.get('reason', '')} ({request.get('due', '')})",
        areas=(request["area"],),
    )


def guideline_summary(correction: dict[str, Any], lang: str) -> str:
    """One line on a correction's guideline findings: its rules, never the words found."""
    s, labels = STRINGS[lang], GUIDELINE_RULES[lang]
    parts = []
    for level, label in (("stop", s["g_stop"]), ("warning", s["g_warning"])):
        rules = sorted({f["rule"] for f in correction["guideline"] if f["level"] == level})
        if rules:
            parts.append(f"{label}: {', '.join(labels.get(r, r) for r in rules)}")
    return "; ".join(parts)


def _guideline_priority(correction: dict[str, Any], links: WikiLinks, lang: str) -> Priority:
    s = STRINGS[lang]
    status = s.get(f"s_{correction['status']}", correction["status"])
    return Priority(
        kind="guideline",
        label=s["p_guideline"],
        title=correction["title"],
        url=links.page(correction["title"]),
        text=(
            f"#{correction['id']} ({status}): {guideline_summary(correction, lang)} "
            f"({s['g_see']} 'wikitrack correction check {correction['id']}')"
        ),
        areas=(correction["area"],),
    )


def summarise(report: Report, max_entries: int, since: str) -> Report:
    """The report with at most `max_entries` entries written out (in the report's order);
    beyond that each lemma only counts its changes, and a note says where all of it is.
    Keeps a mail readable and small whatever a night brings (a bot run, a mass revert)."""
    total = sum(len(lem.entries) for a in report.areas for lem in a.lemmas)
    if total <= max_entries:
        return report
    left = max_entries
    areas = []
    for area in report.areas:
        lemmas = []
        for lem in area.lemmas:
            kept, hidden = lem.entries[:left], lem.entries[left:]
            left -= len(kept)
            more = sum(e.edits for e in hidden)
            lemmas.append(dataclasses.replace(lem, entries=kept, more=more))
        areas.append(dataclasses.replace(area, lemmas=tuple(lemmas)))
    edits = sum(e.edits for a in report.areas for lem in a.lemmas for e in lem.entries)
    shown = edits - sum(lem.more for a in areas for lem in a.lemmas)
    note = report.strings["summarised"].format(shown=shown, total=edits, since=since)
    return dataclasses.replace(report, areas=tuple(areas), note=note)


def _more(lemma: LemmaReport, s: dict[str, str]) -> str:
    return s["more"].format(n=lemma.more, noun=s["change"] if lemma.more == 1 else s["changes"])


def change_row(change: StoredChange, lang: str, *, full: bool = False) -> dict[str, Any]:
    """One stored change as a row of `wikitrack changes`; `full` adds every detail (for
    --json/--nl/--csv)."""
    row: dict[str, Any] = {
        "time": change.timestamp,
        "title": change.title,
        "kind": change.kind,
        "what": describe_change(change.kind, change.details, change.category, lang),
        "user": change.actor,
        "revid": change.revid,
        "reverted": change.reverted,
        "areas": ",".join(change.areas),
    }
    if full:
        row.update(
            details=change.details,
            category=change.category,
            page_id=change.page_id,
            comment=change.comment if change.revid else None,
            anon="anon" in change.flags,
            temporary_account="temp" in change.flags,
            bot="bot" in change.flags,
            minor="minor" in change.flags,
            size_delta=change.size_delta,
            tags=list(change.tags),
            team="team" in change.flags,
        )
    return row


# -- renderers ----------------------------------------------------------------------------------


def _plain(text: Any) -> str:
    return _CONTROL.sub("", str(text))


def _who(e: Entry, s: dict[str, str]) -> str:
    flags = [
        s[k]
        for k, on in (("logged_out", e.anon), ("temp", e.temp), ("team", e.team), ("bot", e.bot))
        if on
    ]
    return e.user + (f" ({', '.join(flags)})" if flags else "")


def _by(e: Entry, s: dict[str, str], escape: Any) -> str:
    """' door NAME (flags)', or nothing when the actor is unknown (a hidden user, a page event
    without its log entry): never a dangling 'door'."""
    return f" {s['by']} {escape(_who(e, s))}" if e.user else ""


def _opening(
    report: Report,
    head: list[str],
    note: str,
    act_first: list[str],
    priority: Callable[[Priority], str],
) -> list[str]:
    """Title and period, the note of a summarised report, what to act on first, and the line
    saying there were no changes: the same in text and Markdown, but for the markup."""
    out = list(head)
    if report.note:
        out += [note, ""]
    if report.priorities:
        out += act_first + [priority(p) for p in report.priorities] + [""]
    if report.empty:
        out.append(report.strings["no_changes"])
    return out


def _text_area(area: AreaReport, s: dict[str, str]) -> list[str]:
    noun = s["change"] if area.change_count == 1 else s["changes"]
    out = [f"== {area.name} ({area.change_count} {noun}) =="]
    for lemma in area.lemmas:
        out.append(f"* {_plain(lemma.title)}  <{lemma.url}>")
        for e in lemma.entries:
            mark = f" [{s['reverted']}]" if e.reverted and not e.folded else ""
            out.append(f"  - {e.time}{_by(e, s, _plain)}{mark}")
            out += [f"      {_plain(line)}" for line in e.lines]
            out += [f"      {s['summary']}: {_plain(e.comment)}"] if e.comment else []
            out += [f"      {s['diff']}: {e.diff_url}"] if e.diff_url else []
        out += [f"  - {_more(lemma, s)}"] if lemma.more else []
    return out + [""]


def render_text(report: Report) -> str:
    s = report.strings
    out = _opening(
        report,
        [f"{report.title}", f"{s['window']}: {report.window}", ""],
        report.note,
        [f"{s['act_first']}:"],
        lambda p: f"  ! {p.label}: {_plain(p.title)} — {_plain(p.text)}",
    )
    for area in report.areas:
        if area.lemmas:
            out += _text_area(area, s)
    return "\n".join(out).rstrip() + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def _md(text: Any) -> str:
    """Markdown-escaped text; &, < and > as entities, so no HTML gets through either."""
    plain = _plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", plain)


def _markdown_area(area: AreaReport, s: dict[str, str]) -> list[str]:
    out = [f"## {_md(area.name)}", ""]
    for lemma in area.lemmas:
        out += [f"### [{_md(lemma.title)}](<{lemma.url}>)", ""]
        for e in lemma.entries:
            link = f" ([{s['diff']}](<{e.diff_url}>))" if e.diff_url else ""
            out.append(f"- {_md(e.time)}{_by(e, s, _md)}{link}")
            out += [f"  - {_md(line)}" for line in e.lines]
            out += [f"  - *{s['summary']}*: {_md(e.comment)}"] if e.comment else []
        out += [f"- {_md(_more(lemma, s))}"] if lemma.more else []
        out.append("")
    return out


def render_markdown(report: Report) -> str:
    s = report.strings
    out = _opening(
        report,
        [f"# {_md(report.title)}", "", f"{s['window']}: {_md(report.window)}", ""],
        f"*{_md(report.note)}*",
        [f"## {s['act_first']}", ""],
        lambda p: f"- **{_md(p.label)}**: [{_md(p.title)}](<{p.url}>) — {_md(p.text)}",
    )
    for area in report.areas:
        if area.lemmas:
            out += _markdown_area(area, s)
    return "\n".join(out).rstrip() + "\n"


@functools.cache
def template_env() -> Environment:
    """The templates' environment, made on first use: commands that render no HTML (check,
    nightly's cron runs without HTML mail) need not import Jinja2."""
    from jinja2 import Environment, PackageLoader

    return Environment(
        loader=PackageLoader("wikitrack.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: Report) -> str:
    """One self-contained file: inline CSS, no scripts, no external resources."""
    peak = max([max(values) for _, values in report.activity] + [1])
    return (
        template_env()
        .get_template("report.html.j2")
        .render(r=report, s=report.strings, peak=peak, who=_who, more=_more)
    )


def render_json(report: Report) -> str:
    data = dataclasses.asdict(report)
    data.pop("strings")
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


_RENDERERS = {
    "text": render_text,
    "markdown": render_markdown,
    "html": render_html,
    "json": render_json,
}
FORMATS = tuple(_RENDERERS)  # the choices of `wikitrack report --format`


def render(report: Report, fmt: str) -> str:
    return _RENDERERS[fmt](report)


REPORT_DAYS = 1  # `wikitrack report` without --since or --last-run: the last 24 hours
