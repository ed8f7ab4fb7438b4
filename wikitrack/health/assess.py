"""Pure lemma health: (wikitext, talk-page wikitext, our own records) -> findings -> ranking.

No I/O: `health.sweep` fetches the texts and the history, this module says what is wrong on a
lemma now, however long ago it went wrong. Wiki rules that shape the code:

- Template names are compared through `normalize_title` (first letter case-insensitive).
- Templates inside <ref> belong to a reference: a `{{bron?}}` there is no claim about the
  article, but a dead-link mark there is exactly about the reference's link.
- An infobox fact is dated by a parameter named for it (`inwoners_peildatum`), by a bare
  `peildatum`/`stand` right after it (the usual nl.wikipedia layout), or by a year in brackets
  in its own value (`22.000 (2016)`). A year alone (`verkiezing = 2022`) is a fact, not a date.
- Talk pages are signed `[[Gebruiker:X|X]] 25 nov 2026 21:32 (CET)`; a section in which only its
  opener signed has had no reply. A section opened by one of our team accounts is our own edit
  request (the route nl.wikipedia's conflict-of-interest page prefers).
- The lead of an article summarises sourced sections and needs no references of its own, and
  sections like "Externe links" hold no claims: neither is reported as unsourced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import mwparserfromhell
from mwparserfromhell.nodes import ExternalLink, Tag, Template
from mwparserfromhell.wikicode import Wikicode

from wikitrack.check.diff import _iter_outside_refs, _sections, is_redirect
from wikitrack.health.kinds import DEFAULT_WEIGHTS, KINDS, Finding
from wikitrack.wiki.sitefacts import (
    CITATION_DATE_PARAMS,
    DEAD_LINK_PARAMS,
    DEAD_LINK_TEMPLATES,
    INFOBOX_PREFIXES,
    MAINTENANCE_TEMPLATES,
    MONTHS,
    NOMINATION_TEMPLATES,
    NON_CONTENT_SECTIONS,
    OUTDATED_TEMPLATES,
    REFERENCE_DATE_AFFIXES,
    REFERENCE_DATE_WORDS,
    USER_NAMESPACES,
    normalize_title,
)

__all__ = [
    "KINDS",
    "DEFAULT_WEIGHTS",
    "HealthRules",
    "Finding",
    "LemmaHealth",
    "find_article_problems",
    "find_talk_problems",
    "find_record_problems",
    "find_page_problems",
    "deleted_finding",
    "rank_lemmas",
    "parse_wiki_date",
    "iter_signatures",
    "templates_present",
    "compare_runs",
]

# Kinds whose age comes from the page history (when the template appeared).
TEMPLATE_KINDS = ("nomination", "maintenance", "outdated")


def _names(names: Iterable[str]) -> frozenset[str]:
    return frozenset(normalize_title(n) for n in names)


@dataclass(frozen=True)
class HealthRules:
    """What counts as a problem, and how much (from the config's [health] table)."""

    nominations: frozenset[str] = _names(NOMINATION_TEMPLATES)
    maintenance: frozenset[str] = _names(MAINTENANCE_TEMPLATES)
    outdated: frozenset[str] = _names(OUTDATED_TEMPLATES)
    dead_links: frozenset[str] = _names(DEAD_LINK_TEMPLATES)
    max_age_days: int = 730  # a reference date older than this is old
    talk_days: int = 30  # a talk section without a reply for longer than this
    request_days: int = 14  # our own edit request without a reply for longer than this
    # Older questions nobody answered are history, not work: real talk pages keep years of them.
    talk_max_days: int = 3 * 365
    min_section_chars: int = 200  # shorter sections are not reported as unsourced
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    team_users: frozenset[str] = frozenset()

    def weight(self, kind: str) -> float:
        return float(self.weights.get(kind, DEFAULT_WEIGHTS.get(kind, 1)))

    def template_kind(self, name: str) -> str:
        norm = normalize_title(name)
        if norm in self.nominations:
            return "nomination"
        if norm in self.maintenance:
            return "maintenance"
        if norm in self.outdated:
            return "outdated"
        return ""


@dataclass(frozen=True)
class LemmaHealth:
    page_id: int
    title: str
    score: float
    findings: tuple[Finding, ...]


# -- dates ----------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"\b((?:1[89]|20)\d{2})-(\d{1,2})-(\d{1,2})\b")
_DMY_NUMERIC = re.compile(r"\b(\d{1,2})-(\d{1,2})-((?:1[89]|20)\d{2})\b")
_DMY_WORDS = re.compile(r"\b(?:(\d{1,2})\s+)?([a-z]{3,9})\.?\s+((?:1[89]|20)\d{2})\b")
_YEAR = re.compile(r"\b((?:1[89]|20)\d{2})\b")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_wiki_date(text: str) -> date | None:
    """The date a value states: '1 januari 2023', '1 jan. 2023', 'januari 2023', '2023-01-01',
    '01-01-2023' or a bare year. A month without a day counts as its last day and a year as
    31 December, so a value is never called older than it may be."""
    t = " ".join(text.lower().split())
    if m := _ISO_DATE.search(t):
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _DMY_NUMERIC.search(t):
        return _safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    for m in _DMY_WORDS.finditer(t):
        month = MONTHS.get(m.group(2))
        if month:
            year = int(m.group(3))
            if m.group(1):
                return _safe_date(year, month, int(m.group(1)))
            nxt = date(year + (month == 12), month % 12 + 1, 1)
            return nxt - timedelta(days=1)
    if m := _YEAR.search(t):
        return date(int(m.group(1)), 12, 31)
    return None


# -- pieces of an article -------------------------------------------------------------------------


def _is_ref(node: Any) -> bool:
    return isinstance(node, Tag) and str(node.tag).strip().lower() == "ref"


def _plain(wikitext: Any) -> str:
    """Readable text of a parameter value: references dropped, markup stripped."""
    if isinstance(wikitext, Wikicode) and "<ref" not in str(wikitext).lower():
        return " ".join(str(wikitext.strip_code()).split())  # parsed already, nothing to drop
    code = mwparserfromhell.parse(str(wikitext))
    for ref in code.filter_tags(matches=_is_ref):
        try:
            code.remove(ref)
        except ValueError:
            pass
    return " ".join(str(code.strip_code()).split())


def _iter_templates(code: Wikicode) -> Iterator[Template]:
    """Templates of the article (also inside tables and other templates), not of references."""
    for node in _iter_outside_refs(code):
        if isinstance(node, Template):
            yield node


def templates_present(text: str, rules: HealthRules) -> set[str]:
    """Finding keys of the nomination, maintenance and outdated templates in `text` (the n-th
    use of a template is its own key). Used on old revisions to date the current ones."""
    return {f.key for f in _template_findings(mwparserfromhell.parse(text), rules)}


def _template_findings(code: Wikicode, rules: HealthRules) -> list[Finding]:
    out = []
    seen: dict[str, int] = {}
    for t in _iter_templates(code):
        name = normalize_title(str(t.name).strip())
        kind = rules.template_kind(name)
        if not kind:
            continue
        seen[name] = seen.get(name, 0) + 1
        reason = ""
        for p in t.params:
            if str(p.name).strip().lower() in ("reden", "reason", "1"):
                reason = _plain(p.value)[:200]
                break
        out.append(
            Finding(kind, f"{kind}:{name}#{seen[name]}", {"template": name, "reason": reason})
        )
    return out


def _date_params(params: Sequence[tuple[str, str]]) -> Iterator[tuple[str, str, str]]:
    """(dated parameter, date parameter, date text) pairs of one infobox."""
    names = {n.lower(): n for n, _ in params}
    previous = ""
    for name, value in params:
        lowered = name.lower().strip()
        stem = previous if lowered in REFERENCE_DATE_WORDS else ""
        for word in () if stem else REFERENCE_DATE_AFFIXES:
            for candidate in (lowered.removesuffix(word), lowered.removeprefix(word)):
                candidate = candidate.strip(" _-")
                if candidate != lowered and candidate in names:
                    stem = names[candidate]
                    break
            if stem:
                break
        if stem or lowered in REFERENCE_DATE_WORDS:
            if stem and value:
                yield stem, name, value
            continue
        if value:
            previous = name


_BRACKETED_DATE = re.compile(
    r"\((?:[^()]*?\b)?((?:\d{1,2}\s+)?[a-z]*\.?\s*(?:1[89]|20)\d{2})\s*\)", re.IGNORECASE
)


def _cited_date(value: Wikicode) -> str:
    """The date of the source a value cites: the first date parameter of a citation template
    in a reference inside the value, or a date written in a plain reference."""
    for ref in value.filter_tags(matches=_is_ref):
        if ref.contents is None:
            continue
        for t in ref.contents.filter_templates(recursive=True):
            for key in CITATION_DATE_PARAMS:
                if t.has(key) and (text := _plain(t.get(key).value)) and parse_wiki_date(text):
                    return text
        text = _plain(ref.contents)
        if _DMY_WORDS.search(text.lower()) or _ISO_DATE.search(text):
            return text
    return ""


def _old_date_findings(code: Wikicode, rules: HealthRules, today: date) -> list[Finding]:
    out = []
    limit = today - timedelta(days=rules.max_age_days)
    for t in _iter_templates(code):
        template = normalize_title(str(t.name).strip())
        if not template.lower().startswith(INFOBOX_PREFIXES):
            continue
        params = [(str(p.name).strip(), _plain(p.value)) for p in t.params]
        values = dict(params)  # later duplicates win, as in MediaWiki
        raw = {str(p.name).strip(): p.value for p in t.params}
        dated: dict[str, tuple[str, str]] = {}
        for stem, date_param, date_text in _date_params(params):
            dated[stem] = (date_param, date_text)
        for name, value in values.items():
            if name in dated or not value:
                continue
            m = _BRACKETED_DATE.search(value)
            # "22.000 (2016)": a figure dated in its own value; "(2016)" alone is no figure.
            if m and re.search(r"\d", value[: m.start()] + value[m.end() :]):
                dated[name] = (name, m.group(1))
            elif re.search(r"\d", value) and (cited := _cited_date(raw[name])):
                dated[name] = ("<ref>", cited)
        for name, (date_param, date_text) in dated.items():
            when = parse_wiki_date(date_text)
            if when is None or when >= limit:
                continue
            out.append(
                Finding(
                    "old_date",
                    f"old_date:{template}:{name}",
                    {
                        "template": template,
                        "param": name,
                        "value": values.get(name, "")[:200],
                        "date_param": date_param,
                        "date": date_text[:80],
                    },
                    since=when.isoformat() + "T00:00:00Z",
                )
            )
    return out


def _dead_link_in(node_code: Wikicode, rules: HealthRules) -> bool:
    for t in node_code.filter_templates(recursive=True):
        if normalize_title(str(t.name).strip()) in rules.dead_links:
            return True
        for pname, dead_values in DEAD_LINK_PARAMS:
            if t.has(pname) and _plain(t.get(pname).value).lower() in dead_values:
                return True
    return False


def _first_url(code: Wikicode) -> str:
    for t in code.filter_templates(recursive=True):
        for key in ("url", "URL"):
            if t.has(key) and str(t.get(key).value).strip():
                return str(t.get(key).value).strip()
    links = code.filter_external_links(recursive=True)
    return str(links[0].url).strip() if links else ""


def _dead_link_findings(code: Wikicode, rules: HealthRules) -> list[Finding]:
    """Dead links inside references (one finding per reference) and beside a link in the
    text (the link just before the mark)."""
    urls: list[str] = []
    for ref in code.filter_tags(matches=_is_ref):
        if ref.contents is not None and _dead_link_in(ref.contents, rules):
            urls.append(_first_url(ref.contents))
    last_link = ""
    for node in _iter_outside_refs(code):
        if isinstance(node, ExternalLink):
            last_link = str(node.url).strip()
        elif (
            isinstance(node, Template)
            and normalize_title(str(node.name).strip()) in rules.dead_links
        ):
            given = [str(p.value).strip() for p in node.params if "//" in str(p.value)]
            urls.append(given[0] if given else last_link)
    out = []
    for i, url in enumerate(urls, 1):
        out.append(Finding("dead_link", f"dead_link:{url or i}", {"url": url[:300]}))
    return out


_REF_MARK = re.compile(r"<ref[\s>/]|\{\{\s*(sfn|harv|bron\s*\|)", re.IGNORECASE)


def _unreferenced_sections(text: str, rules: HealthRules) -> list[Finding]:
    skip = _names(NON_CONTENT_SECTIONS)
    out = []
    for section in _sections(text)[1:]:  # the lead summarises; it needs no references
        if not section.title or normalize_title(section.title) in skip:
            continue
        if _REF_MARK.search(section.body):
            continue
        prose = _plain(section.body)
        if len(prose) < rules.min_section_chars:
            continue
        out.append(
            Finding(
                "unreferenced_section",
                f"unreferenced_section:{section.title}",
                {"section": section.title, "chars": len(prose)},
            )
        )
    return out


def find_article_problems(text: str, rules: HealthRules, today: date) -> list[Finding]:
    """What is wrong in an article's current wikitext (templates, dates, links, sections).

    The age of a template is not in the text; `health.sweep` fills `since` from the history.
    """
    if is_redirect(text) is not None:
        return []
    code = mwparserfromhell.parse(text)
    return (
        _template_findings(code, rules)
        + _old_date_findings(code, rules, today)
        + _dead_link_findings(code, rules)
        + _unreferenced_sections(text, rules)
    )


# -- talk pages -----------------------------------------------------------------------------------

_USER_LINK = re.compile(
    r"\[\[\s*:?\s*(" + "|".join(re.escape(n) for n in USER_NAMESPACES) + r")\s*[:/]\s*([^|\]#/]+)",
    re.IGNORECASE,
)
_NL_STAMP = re.compile(
    r"(\d{1,2}) ([a-z]{3,9})\.? (\d{4}) (\d{1,2}):(\d{2}) \((CES?T|UTC)\)", re.IGNORECASE
)
_EN_STAMP = re.compile(
    r"(\d{1,2}):(\d{2}), (\d{1,2}) ([A-Za-z]{3,9}) (\d{4}) \((UTC|CES?T)\)", re.IGNORECASE
)
_OFFSETS = {"cet": 1, "cest": 2, "utc": 0}


def _stamp(m: re.Match[str], english: bool) -> datetime | None:
    if english:
        hh, mm, d, mon, y, zone = m.groups()
    else:
        d, mon, y, hh, mm, zone = m.groups()
    month = MONTHS.get(mon.lower())
    if not month:
        return None
    try:
        local = datetime(int(y), month, int(d), int(hh), int(mm), tzinfo=UTC)
    except ValueError:
        return None
    return local - timedelta(hours=_OFFSETS[zone.lower()])


def iter_signatures(text: str) -> Iterator[tuple[str, datetime]]:
    """(user, UTC time) of every signature: a user or contributions link followed on the same
    line by a timestamp. Logged-out editors sign with their address."""
    for line in text.splitlines():
        stamps = [(m, False) for m in _NL_STAMP.finditer(line)]
        stamps += [(m, True) for m in _EN_STAMP.finditer(line)]
        for m, english in sorted(stamps, key=lambda s: s[0].start()):
            users = [u for u in _USER_LINK.finditer(line[: m.start()])]
            when = _stamp(m, english)
            if users and when:
                yield normalize_title(users[-1].group(2).strip()), when


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def find_talk_problems(
    text: str, rules: HealthRules, now: datetime, *, last_edit: str = ""
) -> list[Finding]:
    """Talk sections nobody answered for `talk_days` (but not for more than `talk_max_days`),
    and our own requests (sections opened by a team account) nobody answered for
    `request_days`. A section without any signature counts
    from the talk page's last edit (`last_edit`, ISO), the latest it can have been written."""
    team = {normalize_title(u) for u in rules.team_users}
    out = []
    for section in _sections(text)[1:]:
        if not section.title:
            continue
        signatures = list(iter_signatures(section.body))
        opener = signatures[0][0] if signatures else ""
        if any(user != opener for user, _ in signatures):
            continue  # someone else answered
        if signatures:
            since = _iso(max(when for _, when in signatures))
        elif last_edit:
            since = last_edit
        else:
            continue
        own = opener in team
        days = rules.request_days if own else rules.talk_days
        if since > _iso(now - timedelta(days=days)):
            continue
        if not own and since < _iso(now - timedelta(days=rules.talk_max_days)):
            continue
        kind = "own_request" if own else "talk_unanswered"
        m = re.search(r"#(\d+)", section.title) if own else None
        details: dict[str, Any] = {"section": section.title, "user": opener}
        if m:
            details["correction"] = int(m.group(1))
        out.append(Finding(kind, f"{kind}:{section.title}", details, since=since))
    return out


def find_page_problems(
    text: str, talk: str | None, talk_last_edit: str, rules: HealthRules, now: datetime
) -> list[Finding]:
    """An article's problems and its talk page's (None: it has none), in one call: the unit
    `health.sweep` hands to a bounded parser process."""
    found = find_article_problems(text, rules, now.date())
    if talk is not None:
        found += find_talk_problems(talk, rules, now, last_edit=talk_last_edit)
    return found


# -- our own records ------------------------------------------------------------------------------

OPEN_CORRECTION_STATUSES = ("proposed", "approved", "reverted", "overwritten")
OPEN_REVIEW_STATUSES = ("open", "assigned")


def _record_finding(kind: str, record: Mapping[str, Any], **details: Any) -> Finding:
    """An open correction or review request: its ID and status, and what it says."""
    return Finding(
        kind,
        f"{kind}:{record['id']}",
        {"id": record["id"], "status": record["status"], **details},
        since=str(record.get("created") or ""),
    )


def find_record_problems(
    corrections: Iterable[Mapping[str, Any]], reviews: Iterable[Mapping[str, Any]]
) -> list[Finding]:
    """Open corrections (waiting for approval or for the edit, or undone on the wiki) and open
    review requests of one lemma, from the corrections log and the review requests."""
    out = [
        _record_finding("correction", c, what=str(c.get("what", ""))[:200])
        for c in corrections
        if c["status"] in OPEN_CORRECTION_STATUSES
    ]
    out += [
        _record_finding(
            "review",
            r,
            reason=str(r.get("reason", ""))[:200],
            due=r.get("due") or "",
            assignee=r.get("assignee") or "",  # taken on already: nobody need pick it up
        )
        for r in reviews
        if r["status"] in OPEN_REVIEW_STATUSES
    ]
    return out


def deleted_finding(title: str, when: str = "") -> Finding:
    """A watched page that no longer exists (deleted, or its ID gone with a re-creation)."""
    return Finding("deleted", "deleted", {"title": title}, since=when)


# -- ranking and trend ----------------------------------------------------------------------------


def rank_lemmas(
    lemmas: Iterable[tuple[int, str, Sequence[Finding]]], rules: HealthRules
) -> list[LemmaHealth]:
    """Lemmas with at least one finding, most urgent first: the sum of their findings' weights,
    then the oldest problem, then the title. Each lemma's findings heaviest first."""
    out = []
    for page_id, title, findings in lemmas:
        if not findings:
            continue
        ordered = sorted(
            findings, key=lambda f: (-rules.weight(f.kind), KINDS.index(f.kind), f.since, f.key)
        )
        score = sum(rules.weight(f.kind) for f in findings)
        out.append(LemmaHealth(page_id, title, score, tuple(ordered)))

    def oldest(lem: LemmaHealth) -> str:
        return min((f.since for f in lem.findings if f.since), default="~")

    return sorted(out, key=lambda lem: (-lem.score, oldest(lem), lem.title))


def compare_runs(
    before: Iterable[tuple[int, str]], now: Iterable[tuple[int, str]]
) -> tuple[set[tuple[int, str]], set[tuple[int, str]]]:
    """(solved, new) between two runs' (page_id, finding key) sets."""
    a, b = set(before), set(now)
    return a - b, b - a
