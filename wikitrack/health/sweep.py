"""One `wikitrack health` run: read every watched lemma and its talk page now, find what is
wrong (the pure `health` module), date the templates from bounded history look-ups, store it.

Requests, for N watched pages (articles and talk pages) and b = 50 values a request (500 with
apihighlimits):

- the current texts: ceil(N/b), plus a continuation when a batch passes the API's 8 MiB;
- per page with a nomination, maintenance or outdated template whose age is not known from an
  earlier run: one history listing of at most `history_revisions` revisions, then a bisection
  over those revisions in rounds; each round fetches the probed revisions of every such page
  together, by revid, so the rounds cost about ceil(log2(history_revisions + 1)) batches;
- one deletion-log request per watched page that no longer exists.
"""

from __future__ import annotations

import calendar
import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

from sqlite_utils import Database

from wikitrack import store
from wikitrack.check.pool import BoundedPool
from wikitrack.config import Config
from wikitrack.errors import InputError
from wikitrack.health.assess import (
    TEMPLATE_KINDS,
    Finding,
    HealthRules,
    deleted_finding,
    find_page_problems,
    find_record_problems,
    templates_present,
)
from wikitrack.health.overview import HealthReport, build_health_report, render_health
from wikitrack.health.stored import StoredFinding, StoredHealthRun, WatchedArticle
from wikitrack.report.rendering import TIMEZONE
from wikitrack.store import health_findings as health_store
from wikitrack.wiki.pages import PageText, Revision
from wikitrack.wiki.ports import HealthWiki
from wikitrack.wiki.sitefacts import normalize_title

__all__ = [
    "HealthRun",
    "rules_from_config",
    "sweep_health",
    "date_templates",
    "make_health_report",
    "history_bound",
    "HealthSection",
    "monthly_health",
]


@dataclass
class HealthRun:
    run_id: int = 0
    scope: str = "all"
    lemmas: int = 0
    pages: int = 0
    findings: int = 0
    text_requests: int = 0
    history_requests: int = 0
    requests: int = 0
    history_pages: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.lemmas} lemmas ({self.pages} pages with talk pages): {self.findings} "
            f"findings; {self.text_requests} requests for the texts, {self.history_requests} "
            f"for the history of {self.history_pages} pages, {self.requests} in all, "
            f"{self.seconds:.1f} s" + (f", {len(self.errors)} errors" if self.errors else "")
        )


def rules_from_config(config: Config) -> HealthRules:
    h = config.health
    from wikitrack.health.kinds import DEFAULT_WEIGHTS

    maintenance = tuple(config.maintenance_templates)
    return HealthRules(
        nominations=frozenset(normalize_title(t) for t in config.nomination_templates),
        maintenance=frozenset(normalize_title(t) for t in maintenance),
        max_age_days=round(h.max_age_years * 365.25),
        talk_days=h.talk_days,
        request_days=h.request_days,
        min_section_chars=h.min_section_chars,
        weights={**DEFAULT_WEIGHTS, **dict(h.weights)},
        team_users=config.team_user_names(),
    )


def date_templates(
    wiki: HealthWiki,
    wanted: dict[int, set[str]],
    rules: HealthRules,
    limit: int,
    parse: Callable[[dict[int, str]], dict[int, Any]] | None = None,
) -> dict[tuple[int, str], tuple[str, bool]]:
    """{(page_id, key): (since, exact)} for templates present now: when each appeared, from at
    most `limit` revisions of each page's history. `exact` is False when the template is older
    than the revisions read ("at least since"). `parse` gives the template keys of many texts
    (default: in this process); a revision it could not parse counts as without them.

    Bisection assumes a template stayed once added; one that was removed and re-added is dated
    to one of its additions, never to a time it was absent.
    """

    def in_process(texts: dict[int, str]) -> dict[int, Any]:
        return {k: templates_present(t, rules) for k, t in texts.items()}

    parse = parse or in_process
    histories: dict[int, list[Revision]] = {}
    for pid in wanted:
        histories[pid] = list(islice(wiki.iter_revisions(pid, per_request=limit), limit))
    # Per (page, key): [lo, hi] over the history (newest first); lo is present, hi absent.
    bounds: dict[tuple[int, str], list[int]] = {}
    for pid, keys in wanted.items():
        for key in keys:
            bounds[(pid, key)] = [0, len(histories[pid])]
    seen: dict[int, set[str]] = {}
    while True:
        probes = {
            (pid, key): (lo + hi) // 2 for (pid, key), (lo, hi) in bounds.items() if hi - lo > 1
        }
        if not probes:
            break
        revids = {histories[pid][i].revid for (pid, _), i in probes.items()}
        missing = sorted(r for r in revids if r not in seen)
        texts = {r: text or "" for r, (text, _) in wiki.fetch_revision_texts(missing).items()}
        for revid, present in parse(texts).items():
            seen[revid] = present if isinstance(present, set) else set()
        for (pid, key), i in probes.items():
            present = key in seen.get(histories[pid][i].revid, set())
            bounds[(pid, key)][0 if present else 1] = i
    out = {}
    for (pid, key), (lo, hi) in bounds.items():
        history = histories[pid]
        if not history:
            continue
        # Exact when an absent revision was found, or when the whole history was read.
        exact = hi < len(history) or len(history) < limit
        out[(pid, key)] = (history[lo].timestamp, exact)
    return out


def _deleted(wiki: HealthWiki, page: WatchedArticle) -> Finding:
    events = wiki.fetch_log_events(log_type="delete", title=page.title, limit=1)
    event = next((e for e in events if e.action == "delete"), None)
    finding = deleted_finding(page.title, event.timestamp if event else "")
    if event:
        finding.details.update(user=event.user, comment=event.comment[:200])
    return finding


def _fetch_texts(
    wiki: HealthWiki, pages: list[WatchedArticle], ids: list[int]
) -> tuple[dict[int, PageText], list[WatchedArticle]]:
    """Current texts of the lemmas and their talk pages; a talk page that `check` has not met
    yet is named by its article's answer and read in one more batch. Returns the texts, and
    the pages with the talk pages so learnt."""
    texts = wiki.fetch_current_texts(ids)
    pages = [
        p if p.talk_id or texts[p.page_id].missing else replace(p, talk_id=texts[p.page_id].talk_id)
        for p in pages
    ]
    new_talk = [p.talk_id for p in pages if p.talk_id and p.talk_id not in texts]
    if new_talk:
        texts.update(wiki.fetch_current_texts(new_talk))
    return dict(texts), pages


def _finding_rows(
    pages: list[WatchedArticle],
    findings: dict[int, list[Finding]],
    titles: dict[int, str],
    rules: HealthRules,
    area: str | None,
) -> list[dict[str, Any]]:
    """One row per finding and area of its lemma (only `area`, when given)."""
    return [
        {
            "area": slug,
            "page_id": page.page_id,
            "title": titles[page.page_id],
            "kind": f.kind,
            "key": f.key,
            "weight": rules.weight(f.kind),
            "details": f.details,
            "since": f.since,
        }
        for page in pages
        for f in findings[page.page_id]
        for slug in page.areas
        if not area or slug == area
    ]


def _watched_pages(db: Database, area: str | None, lemma: str | None) -> list[WatchedArticle]:
    """The watched articles a run reads: of one area, one lemma, or all."""
    lemma_ids = None
    if lemma:
        row = store.lemma_by_title(db, lemma)
        if row is None or row.namespace != 0:
            raise InputError(f"'{lemma}' is not a watched lemma (run 'wikitrack watchlist sync')")
        lemma_ids = [row.page_id]
    pages = health_store.watched_articles(db, area=area, lemma_ids=lemma_ids)
    if not pages:
        raise InputError("no watched lemmas: run 'wikitrack watchlist sync' first")
    return pages


def _parse_work(
    pages: list[WatchedArticle], texts: dict[int, PageText], rules: HealthRules, now: datetime
) -> dict[int, tuple[Any, ...]]:
    """The arguments of `find_page_problems` for each article that exists."""
    work: dict[int, tuple[Any, ...]] = {}
    for page in pages:
        article = texts[page.page_id]
        talk = texts.get(page.talk_id) if page.talk_id else None
        if talk is not None and talk.missing:
            talk = None
        if not article.missing:
            work[page.page_id] = (
                article.text or "",
                None if talk is None else talk.text or "",
                talk.timestamp if talk else "",
                rules,
                now,
            )
    return work


def _page_findings(
    db: Database,
    wiki: HealthWiki,
    pages: list[WatchedArticle],
    texts: dict[int, PageText],
    parsed: dict[int, Any],
    result: HealthRun,
    on_page: Callable[[int], None],
) -> dict[int, list[Finding]]:
    """Each page's findings: a deleted page's, the parsed text's, and our own records'."""
    corrections = list(store.iter_corrections(db))
    reviews = list(store.iter_reviews(db))
    findings: dict[int, list[Finding]] = {}
    for page in pages:
        pid = page.page_id
        found: list[Finding] = []
        if texts[pid].missing:
            found.append(_deleted(wiki, page))
            on_page(1)
        elif isinstance(parsed[pid], Exception):
            result.errors.append(f"{page.title}: {parsed[pid]}")
        else:
            found += parsed[pid]
        found += find_record_problems(
            [c.as_dict() for c in corrections if c.page_id == pid],
            [r.as_dict() for r in reviews if r.page_id == pid],
        )
        findings[pid] = found
    return findings


def sweep_health(
    db: Database,
    wiki: HealthWiki,
    config: Config,
    *,
    area: str | None = None,
    lemma: str | None = None,
    now: datetime | None = None,
    on_page: Callable[[int], None] = lambda n: None,
) -> HealthRun:
    """Find, date, rank and store the problems of the watched lemmas (of one area or one)."""
    started = time.monotonic()
    now = now or datetime.now(UTC)
    rules = rules_from_config(config)
    result = HealthRun(scope=f"area:{area}" if area else f"lemma:{lemma}" if lemma else "all")
    pages = _watched_pages(db, area, lemma)
    ids = [p.page_id for p in pages] + [p.talk_id for p in pages if p.talk_id]
    result.lemmas = len(pages)
    before = wiki.requests
    texts, pages = _fetch_texts(wiki, pages, ids)
    result.pages = len(texts)
    result.text_requests = wiki.requests - before
    before = wiki.requests
    with (
        BoundedPool(find_page_problems, timeout=config.parse_timeout) as pool,
        BoundedPool(templates_present, timeout=config.parse_timeout) as history_pool,
    ):
        parsed = pool.map(_parse_work(pages, texts, rules, now), on_done=lambda: on_page(1))
        findings = _page_findings(db, wiki, pages, texts, parsed, result, on_page)
        _add_fact_findings(config, pages, texts, findings, now)

        def parse(texts: dict[int, str]) -> dict[int, Any]:
            return history_pool.map({k: (t, rules) for k, t in texts.items()})

        _fill_template_ages(
            db, wiki, findings, rules, config.health.history_revisions, result, parse
        )
    result.history_requests = wiki.requests - before
    result.requests = result.text_requests + result.history_requests
    result.seconds = time.monotonic() - started
    titles = {p.page_id: (texts[p.page_id].title or p.title) for p in pages}
    result.findings = sum(len(f) for f in findings.values())
    result.run_id = _save_run(db, result, now, _finding_rows(pages, findings, titles, rules, area))
    return result


def _add_fact_findings(
    config: Config,
    pages: list[WatchedArticle],
    texts: dict[int, PageText],
    findings: dict[int, list[Finding]],
    now: datetime,
) -> None:
    """The facts register's differences and aged figures of the lemmas of this run. A broken
    facts file is `facts validate`'s to report: the facts that parse are used."""
    from wikitrack.facts.classify import classify_page
    from wikitrack.facts.findings import fact_findings
    from wikitrack.facts.register import facts_dir_for, validate_fact_files
    from wikitrack.watchlist.lists import validate_watchlists
    from wikitrack.wiki.sitefacts import normalize_title

    areas, _ = validate_watchlists(config.watchlists_dir)
    facts, _ = validate_fact_files(facts_dir_for(config.watchlists_dir), areas)
    by_title = {normalize_title(p.title): p.page_id for p in pages}
    work: dict[int, list[Any]] = {}
    for fact in facts:
        pid = by_title.get(fact.lemma)
        if pid is not None and not texts[pid].missing and texts[pid].text is not None:
            work.setdefault(pid, []).append(fact)
    if not work:
        return
    with BoundedPool(classify_page, timeout=config.parse_timeout) as pool:
        parsed = pool.map({pid: (tuple(fs), texts[pid].text) for pid, fs in work.items()})
    for pid, results in parsed.items():
        if not isinstance(results, Exception):
            findings[pid] += fact_findings(results, now.date())


def _save_run(db: Database, result: HealthRun, now: datetime, rows: list[dict[str, Any]]) -> int:
    return health_store.save_health_run(
        db,
        {
            "started": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "finished": store.now_iso(),
            "scope": result.scope,
            "lemmas": result.lemmas,
            "findings": result.findings,
            "text_requests": result.text_requests,
            "history_requests": result.history_requests,
            "requests": result.requests,
            "seconds": round(result.seconds, 3),
        },
        rows,
    )


def _fill_template_ages(
    db: Database,
    wiki: HealthWiki,
    findings: dict[int, list[Finding]],
    rules: HealthRules,
    limit: int,
    result: HealthRun,
    parse: Callable[[dict[int, str]], dict[int, Any]] | None = None,
) -> None:
    """Set `since` of every template finding: from an earlier run when it saw the template
    already, else from the history (bounded)."""
    known = health_store.known_since(db, list(findings))
    wanted: dict[int, set[str]] = {}
    for pid, found in findings.items():
        for i, f in enumerate(found):
            if f.kind not in TEMPLATE_KINDS:
                continue
            earlier = known.get((pid, f.key))
            if earlier:
                exact = bool(earlier.details.get("since_exact", True))
                found[i] = replace(
                    f, since=earlier.since, details={**f.details, "since_exact": exact}
                )
            else:
                wanted.setdefault(pid, set()).add(f.key)
    result.history_pages = len(wanted)
    if not wanted:
        return
    dated = date_templates(wiki, wanted, rules, limit, parse)
    for pid in wanted:
        found = findings[pid]
        for i, f in enumerate(found):
            if (pid, f.key) in dated:
                since, exact = dated[(pid, f.key)]
                found[i] = replace(f, since=since, details={**f.details, "since_exact": exact})


def history_bound(pages: int, limit: int, batch: int) -> int:
    """The most requests the history look-ups of `pages` pages can take (without the 8 MiB
    continuations): one listing each, and the bisection rounds in batches of `batch` revids."""
    rounds = math.ceil(math.log2(limit + 1))
    return pages + rounds * math.ceil(pages / batch) if pages else 0


def make_health_report(
    db: Database,
    config: Config,
    run: StoredHealthRun,
    *,
    areas: Sequence[str] | None = None,
    api_url: str,
) -> HealthReport:
    """The report of a stored run for its areas (or `areas`), with the trend per area against
    the run of about a month before, and the corrections that solved what disappeared.
    `api_url`: the wiki's, for links (the caller resolves it: `app.context.wiki_api_url`)."""
    all_rows = health_store.health_rows(db, run.id)
    covered = {r.area for r in all_rows}
    chosen = [
        (slug, name)
        for slug, name in store.area_names(db)
        if (areas is None or slug in areas) and _covers(run, slug, covered)
    ]
    rows = {slug: [r for r in all_rows if r.area == slug] for slug, _ in chosen}
    before: dict[str, tuple[str, list[StoredFinding]]] = {}
    solving: dict[tuple[int, str], list[int]] = {}
    if not str(run.scope).startswith("lemma:"):
        for slug, _ in chosen:
            earlier = health_store.comparison_run(db, run, slug)
            if earlier is None:
                continue
            previous = health_store.health_rows(db, earlier.id, slug)
            before[slug] = (earlier.started, previous)
            now_keys = {(r.page_id, r.key) for r in rows[slug]}
            for r in previous:
                if (r.page_id, r.key) not in now_keys:
                    solving[(r.page_id, r.key)] = health_store.solving_corrections(
                        db, r.page_id, earlier.started, run.finished or run.started
                    )
    return build_health_report(
        chosen,
        rows,
        rules=rules_from_config(config),
        api_url=api_url,
        lang=config.language,
        now=run.started,
        before=before,
        solving=solving,
    )


def _covers(run: StoredHealthRun, slug: str, with_findings: set[str]) -> bool:
    scope = str(run.scope)
    if scope == "all":
        return True
    if scope.startswith("area:"):
        return scope == f"area:{slug}"
    return slug in with_findings


@dataclass(frozen=True)
class HealthSection:
    """A rendered health report to add to a change report or mail."""

    report: HealthReport

    def attach(self, rendered: str, fmt: str) -> str:
        """`rendered` (a change report in `fmt`) with this section added at its end."""
        if fmt == "json":
            data = json.loads(rendered)
            data["health"] = json.loads(render_health(self.report, "json"))
            return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        part = render_health(self.report, fmt, heading=fmt != "html")  # html: a fragment
        if fmt == "html":
            head, sep, tail = rendered.rpartition("</body>")
            return head + part + sep + tail if sep else rendered + part
        return rendered.rstrip("\n") + "\n\n" + part


def latest_section(
    db: Database,
    config: Config,
    *,
    areas: Sequence[str] | None = None,
    max_age_days: int = 0,
    now: datetime | None = None,
    api_url: str,
) -> HealthSection | None:
    """The last stored run over whole areas as a section (None when there is none, or when it
    is older than `max_age_days`, if given)."""
    # A run over one area says nothing of the others: take the newest that covers them all.
    covering = list(areas) if areas is not None else [slug for slug, _ in store.area_names(db)]
    run = health_store.latest_health_run(db, covering=covering)
    if run is None:
        return None
    if max_age_days:
        limit = (now or datetime.now(UTC)) - timedelta(days=max_age_days)
        if run.started < limit.strftime("%Y-%m-%dT%H:%M:%SZ"):
            return None
    return HealthSection(make_health_report(db, config, run, areas=areas, api_url=api_url))


def monthly_health(
    db: Database,
    config: Config,
    areas: Sequence[str] | None,
    now: datetime,
    *,
    api_url: str,
) -> HealthSection | None:
    """The health section for the area mails, on [health] mail_day (Europe/Amsterdam; a day
    the month lacks means its last day) only, from a run of the last month (schedule
    'wikitrack health' before the nightly run of that day)."""
    local = now.astimezone(TIMEZONE)
    last_day = calendar.monthrange(local.year, local.month)[1]
    day = min(config.health.mail_day, last_day)  # 31: the last day of every month
    if not day or local.day != day:
        return None
    return latest_section(db, config, areas=areas, max_age_days=31, now=now, api_url=api_url)
