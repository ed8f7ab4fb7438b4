"""Use cases of the facts register (issue 24).

Each takes the `Context` and the command's arguments as plain values and returns a result
object that the CLI (and the web) render; none prints, none imports click."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wikitrack.app.context import Context, verify_own_wiki
from wikitrack.app.triage import sync_worklist_after_facts

if TYPE_CHECKING:  # check imports the diff workers; only the type is needed here
    from wikitrack.facts.notices import FactState


# -- the facts register (issue 24) ---------------------------------------------------------------
# The use cases live in `facts.run`; these are the names the CLI (and the web) call.


def validate_facts(ctx: Context) -> list[Any]:
    from wikitrack.facts.checking import validate_register

    return validate_register(ctx)


def list_facts(ctx: Context, *, area: str | None = None, lemma: str | None = None) -> list[Any]:
    from wikitrack.facts.checking import read_facts as listed

    return listed(ctx, area=area, lemma=lemma)


def import_facts(ctx: Context, *, area: str, csv_path: Path) -> Any:
    from wikitrack.facts.checking import import_fact_csv as imported

    return imported(ctx, area=area, csv_path=csv_path)


def check_facts(ctx: Context, *, area: str | None = None, lemma: str | None = None) -> Any:
    from wikitrack.facts.checking import run_fact_check as checked

    verify_own_wiki(ctx)  # page IDs of another wiki name other pages
    done = checked(ctx, area=area, lemma=lemma)
    sync_worklist_after_facts(ctx, done)
    return done


def propose_facts(
    ctx: Context,
    *,
    by: str,
    fact_id: str | None = None,
    area: str | None = None,
    via: str = "article",
) -> Any:
    from wikitrack.facts.checking import propose_from_facts as proposed

    verify_own_wiki(ctx)
    return proposed(ctx, by=by, fact_id=fact_id, area=area, via=via)


def read_fact_items(ctx: Context, slugs: Sequence[str], today: date) -> FactState:
    """The facts register's findings in the areas `slugs` as the web shows them: differences
    from the newest health run over each area, figures aged by `today` from the register (read
    offline; none when only the database is there)."""
    from wikitrack.facts.notices import current_facts, register_facts

    facts = register_facts(ctx.config.watchlists_dir)
    return current_facts(ctx.db, sorted(slugs), facts, today)
