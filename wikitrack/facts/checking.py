"""The facts register's shell: read the files, fetch the lemmas' current texts in batches,
classify every fact, and turn each difference into an ordinary correction proposal.

The pure work is in `register`, `locate` and `classify`; here the store says which page each
lemma is, the wiki gives the texts (`fetch_current_texts`: ⌈N/50⌉ requests, ⌈N/500⌉ as a bot),
and `workflow.propose_correction` applies the same four eyes, own-area rule and guideline check
as to any correction.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from wikitrack import store
from wikitrack.check.pool import BoundedPool
from wikitrack.corrections.entries import Correction
from wikitrack.corrections.guideline import Finding
from wikitrack.errors import EXIT_PARTIAL, EXIT_USAGE, InputError, WikiError
from wikitrack.facts.classify import DIFFERENCES, FactResult, classify_page, draft_correction
from wikitrack.facts.register import (
    Fact,
    facts_dir_for,
    import_csv,
    load_facts,
    validate_fact_files,
)
from wikitrack.watchlist.areas import Area
from wikitrack.watchlist.lists import find_area, load_watchlists
from wikitrack.wiki.pages import PageText
from wikitrack.wiki.ports import FactsScope

__all__ = [
    "FactsCheck",
    "ProposedFact",
    "ProposedFacts",
    "ImportedFacts",
    "facts_dir",
    "validate_register",
    "read_facts",
    "import_fact_csv",
    "run_fact_check",
    "propose_from_facts",
]

# Corrections still on their way to the wiki: a fact they cover is not proposed again.
OPEN_STATUSES = ("proposed", "approved")


def facts_dir(ctx: FactsScope) -> Path:
    return facts_dir_for(ctx.config.watchlists_dir)


def _register(ctx: FactsScope) -> tuple[list[Area], list[Fact]]:
    areas = load_watchlists(ctx.config.watchlists_dir)
    return areas, load_facts(facts_dir(ctx), areas)


def validate_register(ctx: FactsScope) -> list[Fact]:
    """Every fact, when every file is valid (offline); else InputError with every problem."""
    return _register(ctx)[1]


def read_facts(ctx: FactsScope, *, area: str | None = None, lemma: str | None = None) -> list[Fact]:
    areas, facts = _register(ctx)
    return select_facts(facts, areas, area=area, lemma=lemma)


def select_facts(
    facts: Sequence[Fact],
    areas: Sequence[Area],
    *,
    area: str | None = None,
    lemma: str | None = None,
    fact_id: str | None = None,
) -> list[Fact]:
    """The facts of one area, lemma or ID; an unknown one is an error, not an empty list."""
    from wikitrack.wiki.sitefacts import normalize_title

    chosen = list(facts)
    if area:
        find_area(areas, area)
        chosen = [f for f in chosen if f.area == area]
    if lemma:
        chosen = [f for f in chosen if f.lemma == normalize_title(lemma)]
        if not chosen:
            raise InputError(f"no facts about lemma '{normalize_title(lemma)}'")
    if fact_id:
        chosen = [f for f in chosen if f.id == fact_id]
        if not chosen:
            known = ", ".join(f.id for f in facts) or "none"
            raise InputError(f"unknown fact '{fact_id}' (known facts: {known})")
    return chosen


@dataclass(frozen=True)
class ImportedFacts:
    area: str
    path: Path
    added: int
    updated: int


def import_fact_csv(ctx: FactsScope, *, area: str, csv_path: Path) -> ImportedFacts:
    """Merge a CSV into `facts/<area>.toml`; any bad row: InputError, nothing written."""
    from wikitrack.files import write_atomically

    areas = load_watchlists(ctx.config.watchlists_dir)
    found = find_area(areas, area)
    try:
        csv_text = csv_path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{csv_path}: cannot read the CSV: {e}") from e
    path = facts_dir(ctx) / f"{area}.toml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    new, added, updated = import_csv(path, text, found, str(csv_path), csv_text)
    others, problems = validate_fact_files(facts_dir(ctx), areas)
    clash = {f.id for f in others if f.area != area}
    dup = [i for i in _ids(new, path, found) if i in clash]
    if dup:
        raise InputError(f"{csv_path}: fact ids already used by another area: {', '.join(dup)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, new)
    return ImportedFacts(area, path, added, updated)


def _ids(text: str, path: Path, area: Area) -> list[str]:
    from wikitrack.facts.register import parse_facts

    return [f.id for f in parse_facts(path, text, area)[0]]


# -- facts check --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FactsCheck:
    """Every chosen fact against its page, and what reading the pages cost."""

    results: tuple[FactResult, ...]
    pages: int
    requests: int
    batch_size: int
    seconds: float = 0.0  # inside facts check: files, store, wiki and parsing
    parse_seconds: float = 0.0
    today: date | None = None  # for the age of our own figures

    @property
    def differences(self) -> list[FactResult]:
        return [r for r in self.results if r.status in DIFFERENCES]

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.differences else 0


def _page_ids(ctx: FactsScope, facts: Sequence[Fact]) -> dict[str, int]:
    """The page ID of each fact's lemma, from the synced store; a lemma that is not synced
    or not in the fact's area is an error naming the fact's file and line."""
    ids: dict[str, int] = {}
    problems = []
    for fact in facts:
        row = store.lemma_by_title(ctx.db, fact.lemma)
        if row is None or row.namespace != 0:
            problems.append(
                f"{fact.path}:{fact.line}: lemma '{fact.lemma}' is not a synced lemma "
                "('wikitrack watchlist sync' first)"
            )
        elif fact.area not in store.lemma_areas(ctx.db, row.page_id):
            problems.append(
                f"{fact.path}:{fact.line}: lemma '{fact.lemma}' is not on the watchlist of "
                f"area '{fact.area}'"
            )
        else:
            ids[fact.id] = int(row.page_id)
    if problems:
        raise InputError(f"{len(problems)} fact(s) about unknown lemmas", problems)
    return ids


def run_fact_check(
    ctx: FactsScope,
    *,
    area: str | None = None,
    lemma: str | None = None,
    fact_id: str | None = None,
) -> FactsCheck:
    """`wikitrack facts check`: every chosen fact against its lemma's current text."""
    started = time.monotonic()
    areas, facts = _register(ctx)
    chosen = select_facts(facts, areas, area=area, lemma=lemma, fact_id=fact_id)
    ids = _page_ids(ctx, chosen)
    before = ctx.wiki.requests
    texts = ctx.wiki.fetch_current_texts(sorted(set(ids.values()))) if ids else {}
    requests = ctx.wiki.requests - before
    by_page: dict[int, list[Fact]] = {}
    for fact in chosen:
        by_page.setdefault(ids[fact.id], []).append(fact)
    parsing = time.monotonic()
    found = _classify_pages(ctx, by_page, texts)
    results = tuple(found[f.id] for f in chosen)
    now = time.monotonic()
    return FactsCheck(
        results,
        len(texts),
        requests,
        ctx.wiki.batch_size,
        now - started,
        now - parsing,
        date.today(),
    )


def _classify_pages(
    ctx: FactsScope, by_page: dict[int, list[Fact]], texts: dict[int, PageText]
) -> dict[str, FactResult]:
    """Each fact's result by ID; the pages are parsed in bounded workers, and a page that is
    gone or could not be parsed makes its facts not found, with the reason."""
    out: dict[str, FactResult] = {}
    work = {}
    for pid, facts in by_page.items():
        page = texts.get(pid)
        if page is None or page.missing or page.text is None:
            out |= {f.id: FactResult(f, "not_found", detail="the page is gone") for f in facts}
        else:
            work[pid] = (tuple(facts), page.text)
    with BoundedPool(classify_page, timeout=ctx.config.parse_timeout) as pool:
        parsed = pool.map(work) if work else {}
    for pid, results in parsed.items():
        if isinstance(results, WikiError):
            why = f"the page could not be read: {results}"
            out |= {f.id: FactResult(f, "not_found", detail=why) for f in by_page[pid]}
            continue
        revid = texts[pid].revid
        out |= {r.fact.id: replace(r, revid=revid) for r in results}
    return out


# -- facts propose ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposedFact:
    """What `facts propose` did with one difference: a correction, or why none."""

    fact: Fact
    status: str
    correction_id: int | None = None
    skipped: str = ""
    findings: tuple[Finding, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "fact": self.fact.id,
            "lemma": self.fact.lemma,
            "status": self.status,
            "correction": self.correction_id,
            "skipped": self.skipped,
        }


def _covering(open_corrections: Sequence[Correction], page_id: int, find: str) -> Correction | None:
    """The open correction of the same page whose text to replace overlaps this one's."""
    for c in open_corrections:
        if c.page_id == page_id and c.find and (c.find in find or find in c.find):
            return c
    return None


@dataclass(frozen=True)
class ProposedFacts:
    """Every difference `facts propose` looked at; exit 2 when the rules refused one."""

    facts: tuple[ProposedFact, ...]

    @property
    def exit_code(self) -> int:
        return EXIT_USAGE if any(p.status == "refused" for p in self.facts) else 0


def propose_from_facts(
    ctx: FactsScope,
    *,
    by: str,
    fact_id: str | None = None,
    area: str | None = None,
    via: str = "article",
) -> ProposedFacts:
    """`wikitrack facts propose`: each difference of one fact or one area as a correction
    proposal by `by`, through the corrections' own rules. A fact an open correction already
    covers is skipped, and so is one without a place to correct (not found, Wikidata)."""
    from wikitrack.corrections.workflow import Proposal, log_proposal

    if bool(fact_id) == bool(area):
        raise InputError("give either --fact ID or --area A")
    checked = run_fact_check(ctx, area=area, fact_id=fact_id)
    ids = _page_ids(ctx, [r.fact for r in checked.results])
    open_ones = [c for c in store.iter_corrections(ctx.db) if c.status in OPEN_STATUSES]
    done = []
    for result in checked.results:
        fact, draft = result.fact, draft_correction(result)
        if draft is None:
            done.append(ProposedFact(fact, result.status, skipped=_why_not(result)))
            continue
        if covered := _covering(open_ones, ids[fact.id], draft.find):
            why = f"correction #{covered.id} ({covered.status}) already covers it"
            done.append(ProposedFact(fact, result.status, skipped=why))
            continue
        proposal = Proposal(
            lemma=fact.lemma,
            area=fact.area,
            by=by,
            what=draft.what,
            proposed=draft.proposed,
            sources=(fact.source,),
            find=draft.find,
            via=via,
        )
        try:
            cid, findings, _repeats = log_proposal(ctx, proposal)
        except InputError as e:  # refused by the corrections' rules: say why, go on
            done.append(ProposedFact(fact, "refused", skipped=str(e)))
            continue
        done.append(ProposedFact(fact, result.status, cid, findings=tuple(findings)))
    return ProposedFacts(tuple(done))


def _why_not(result: FactResult) -> str:
    if result.status == "matches":
        return "the page matches"
    if result.status == "wikidata":
        return "the page shows Wikidata's value: correct it on Wikidata"
    return result.detail or result.status
