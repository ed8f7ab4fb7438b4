"""A realistic day on the sandbox: the edits wikitrack exists to notice.

Each step is independent: one that cannot run (its page was moved or deleted by an earlier day)
is reported as skipped, so `simulate` can run on any day of a sandbox's life.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wikitrack.sandbox.actor import Actor, ActorError
from wikitrack.wiki.sitefacts import talk_title

if TYPE_CHECKING:
    from wikitrack.sandbox import Sandbox

__all__ = ["simulate_day"]


def _set_param(text: str, param: str, value: str) -> str:
    return re.sub(rf"(\|\s*{re.escape(param)}\s*=)[^\n|]*", rf"\g<1> {value}", text, count=1)


@dataclass(frozen=True)
class _Cast:
    """Who edits on a simulated day, each logged in once, and the day's dice."""

    pieter: Actor
    fatima: Actor
    kees: Actor
    admin: Actor
    anon: Actor  # logged out from 203.0.113.7
    anon2: Actor  # logged out from 198.51.100.23
    rng: random.Random


def _revise(
    actor: Actor, title: str, change: Callable[[str], str], summary: str, *, minor: bool = False
) -> None:
    """Read `title` as `actor`, change its text and save it."""
    actor.edit(title, change(actor.text(title)), summary, minor=minor)


def _infobox_fact(cast: _Cast) -> str:
    inwoners = f"{cast.rng.randint(220, 232)}.{cast.rng.randint(100, 999)}"

    def change(text: str) -> str:
        text = _set_param(text, "inwoners", inwoners)
        return _set_param(text, "peildatum", "1 januari 2025")

    _revise(cast.pieter, "Almere", change, "Inwonertal bijgewerkt naar CBS-cijfer 2025")
    return f"Pieter Bakker changed the infobox of Almere (inwoners {inwoners})"


_NEW_SECTION = (
    "\n== Zorgaanbod ==\nHet ziekenhuis heeft een spoedeisende hulp die dag en "
    "nacht open is.<ref>{{Citeer web|url=https://www.flevoziekenhuis.nl/seh|"
    "titel=Spoedeisende hulp}}</ref>\n"
)


def _new_section(cast: _Cast) -> str:
    _revise(
        cast.fatima,
        "Flevoziekenhuis",
        lambda text: text.replace("\n== Referenties ==", _NEW_SECTION + "\n== Referenties ==", 1),
        "Sectie over zorgaanbod toegevoegd",
    )
    return "Fatima El Amrani added a section with a reference to Flevoziekenhuis"


def _nomination(cast: _Cast) -> str:
    text = cast.kees.text("Almere Jazz")
    if "{{weg" not in text:
        cast.kees.edit(
            "Almere Jazz",
            "{{weg|reden=Relevantie niet aangetoond, geen bronnen}}\n" + text,
            "Genomineerd voor verwijdering: geen bronnen",
        )
    return "Kees Jansen nominated Almere Jazz for deletion ({{weg}})"


def _maintenance(cast: _Cast) -> str:
    _revise(
        cast.fatima,
        "Oostvaardersplassen",
        lambda text: text.replace(
            "konikpaarden en heckrunderen.", "konikpaarden en heckrunderen.{{bron?}}", 1
        ),
        "Bron gevraagd",
        minor=True,
    )
    return "Fatima El Amrani asked for a source on Oostvaardersplassen ({{bron?}})"


def _blanking_and_revert(cast: _Cast) -> str:
    original = cast.pieter.text("Yanmar Stadion")
    cast.anon.edit("Yanmar Stadion", "almere city is de slechtste club ooit!!!", "")
    cast.pieter.edit("Yanmar Stadion", original, "Vandalisme teruggedraaid")
    return "203.0.113.7 blanked Yanmar Stadion; Pieter Bakker reverted it"


def _logged_out_fact(cast: _Cast) -> str:
    def change(text: str) -> str:
        return _set_param(text, "competitie", "Eredivisie").replace(
            "voor het eerst naar de [[Eredivisie]].",
            "voor het eerst naar de [[Eredivisie]]. De club degradeerde in 2025.",
        )

    _revise(cast.anon2, "Almere City FC", change, "update")
    return "198.51.100.23 (logged out) changed Almere City FC"


def _reference_removed(cast: _Cast) -> str:
    _revise(
        cast.anon, "Franc Weerwind", lambda text: re.sub(r"<ref>.*?</ref>", "", text, count=1), ""
    )
    return "203.0.113.7 removed a reference from Franc Weerwind"


def _category_and_link(cast: _Cast) -> str:
    def change(text: str) -> str:
        return (text + "[[Categorie:Sport in Almere]]\n").replace(
            "BNXT League.",
            "[[BNXT League]]. Zie ook de [https://www.almerepioneers.nl website van de club].",
            1,
        )

    _revise(cast.kees, "Almere Pioneers", change, "Categorie en link")
    return "Kees Jansen added a category and links to Almere Pioneers"


def _section_renamed(cast: _Cast) -> str:
    text = cast.pieter.text("Almere Stad")
    if "== Geschiedenis ==" in text:
        text = text.replace("== Geschiedenis ==", "== Ontstaan ==", 1)
        cast.pieter.edit("Almere Stad", text, "Kopje hernoemd")
    return "Pieter Bakker renamed a section of Almere Stad"


def _talk_section(cast: _Cast) -> str:
    cast.anon.edit(
        talk_title("Almere"),
        "Ik lees elders 230.000 inwoners. Wat is de bron? ~~~~",
        "Nieuw kopje",
        section="new",
        sectiontitle="Klopt het inwonertal?",
    )
    _revise(
        cast.pieter,
        talk_title("Almere"),
        lambda text: text.rstrip() + "\n:Het CBS, zie de infobox. ~~~~\n",
        "Reactie",
    )
    return "203.0.113.7 opened a talk-page section on Almere; Pieter Bakker replied"


def _move(cast: _Cast) -> str:
    cast.admin.move("Glazen Huis (Almere)", "Glazen Huis (paviljoen)", "Preciezere titel")
    return "Beheerder moved Glazen Huis (Almere) to Glazen Huis (paviljoen)"


def _deletion(cast: _Cast) -> str:
    cast.admin.delete(
        "Universiteit van Amsterdam Almere", "Niet-encyclopedisch: plan nooit uitgevoerd"
    )
    return "Beheerder deleted Universiteit van Amsterdam Almere"


_BLANKED = "Museum De Paviljoens"


def _blanking(cast: _Cast) -> str:
    """A blanking nobody reverts the same day: the worklist's item until the next day's revert."""
    if len(cast.anon2.text(_BLANKED).strip()) < 200:
        raise ActorError(f"{_BLANKED} is blanked already")
    cast.anon2.edit(_BLANKED, "dit museum bestaat niet meer", "")
    return f"198.51.100.23 blanked {_BLANKED} (not reverted today)"


def _revert_blanking(cast: _Cast) -> str:
    """The second day: a wiki editor puts back the text before yesterday's blanking."""
    data = cast.kees.call(
        action="query",
        prop="revisions",
        titles=_BLANKED,
        rvprop="content|user",
        rvslots="main",
        rvlimit=2,
    )
    revisions = data["query"]["pages"][0].get("revisions", [])
    if len(revisions) < 2 or len(revisions[0]["slots"]["main"]["content"].strip()) >= 200:
        raise ActorError(f"{_BLANKED} is not blanked")
    cast.kees.edit(_BLANKED, revisions[1]["slots"]["main"]["content"], "Vandalisme teruggedraaid")
    return f"Kees Jansen reverted the blanking of {_BLANKED}"


# A day's steps, in order; each returns what it did, in a line for the terminal.
_STEPS: tuple[Callable[[_Cast], str], ...] = (
    _infobox_fact,
    _new_section,
    _nomination,
    _maintenance,
    _blanking_and_revert,
    _logged_out_fact,
    _reference_removed,
    _category_and_link,
    _section_renamed,
    _talk_section,
    _move,
    _deletion,
    _blanking,
)
# The day after: what the wiki undoes by itself.
_SECOND_DAY: tuple[Callable[[_Cast], str], ...] = (_revert_blanking,)


def simulate_day(sandbox: Sandbox, day: int = 1) -> list[str]:
    """Run every step of the day (1, or 2: the day after) once; a step that cannot run is
    reported as skipped."""
    from wikitrack.sandbox import ADMIN_USER

    cast = _Cast(
        pieter=sandbox.actor("Pieter Bakker"),
        fatima=sandbox.actor("Fatima El Amrani"),
        kees=sandbox.actor("Kees Jansen"),
        admin=sandbox.actor(ADMIN_USER),
        anon=sandbox.actor(ip="203.0.113.7"),
        anon2=sandbox.actor(ip="198.51.100.23"),
        rng=random.Random(),
    )
    done: list[str] = []
    for step in _STEPS if day == 1 else _SECOND_DAY:
        try:
            done.append(step(cast))
        except ActorError as e:
            done.append(f"skipped {step.__name__.lstrip('_')}: {e}")
    return done
