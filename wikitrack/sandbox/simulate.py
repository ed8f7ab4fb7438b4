"""A realistic day on the sandbox: the edits wikitrack exists to notice.

Each step is independent: one that cannot run (its page was moved or deleted by an earlier day)
is reported as skipped, so `simulate` can run on any day of a sandbox's life.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .actor import ActorError

if TYPE_CHECKING:
    from . import Sandbox

__all__ = ["simulate_day"]


def _set_param(text: str, param: str, value: str) -> str:
    return re.sub(rf"(\|\s*{re.escape(param)}\s*=)[^\n|]*", rf"\g<1> {value}", text, count=1)


def simulate_day(sandbox: Sandbox) -> list[str]:
    from . import ADMIN_USER

    rng = random.Random()
    pieter = sandbox.actor("Pieter Bakker")
    fatima = sandbox.actor("Fatima El Amrani")
    kees = sandbox.actor("Kees Jansen")
    admin = sandbox.actor(ADMIN_USER)
    anon = sandbox.actor(ip="203.0.113.7")
    anon2 = sandbox.actor(ip="198.51.100.23")
    done: list[str] = []

    def infobox_fact() -> str:
        text = pieter.text("Almere")
        inwoners = f"{rng.randint(220, 232)}.{rng.randint(100, 999)}"
        text = _set_param(text, "inwoners", inwoners)
        text = _set_param(text, "peildatum", "1 januari 2025")
        pieter.edit("Almere", text, "Inwonertal bijgewerkt naar CBS-cijfer 2025")
        return f"Pieter Bakker changed the infobox of Almere (inwoners {inwoners})"

    def new_section() -> str:
        text = fatima.text("Flevoziekenhuis")
        section = (
            "\n== Zorgaanbod ==\nHet ziekenhuis heeft een spoedeisende hulp die dag en "
            "nacht open is.<ref>{{Citeer web|url=https://www.flevoziekenhuis.nl/seh|"
            "titel=Spoedeisende hulp}}</ref>\n"
        )
        text = text.replace("\n== Referenties ==", section + "\n== Referenties ==", 1)
        fatima.edit("Flevoziekenhuis", text, "Sectie over zorgaanbod toegevoegd")
        return "Fatima El Amrani added a section with a reference to Flevoziekenhuis"

    def nomination() -> str:
        text = kees.text("Almere Jazz")
        if "{{weg" not in text:
            kees.edit(
                "Almere Jazz",
                "{{weg|reden=Relevantie niet aangetoond, geen bronnen}}\n" + text,
                "Genomineerd voor verwijdering: geen bronnen",
            )
        return "Kees Jansen nominated Almere Jazz for deletion ({{weg}})"

    def maintenance() -> str:
        text = fatima.text("Oostvaardersplassen")
        text = text.replace(
            "konikpaarden en heckrunderen.", "konikpaarden en heckrunderen.{{bron?}}", 1
        )
        fatima.edit("Oostvaardersplassen", text, "Bron gevraagd", minor=True)
        return "Fatima El Amrani asked for a source on Oostvaardersplassen ({{bron?}})"

    def blanking_and_revert() -> str:
        original = pieter.text("Yanmar Stadion")
        anon.edit("Yanmar Stadion", "almere city is de slechtste club ooit!!!", "")
        pieter.edit("Yanmar Stadion", original, "Vandalisme teruggedraaid")
        return "203.0.113.7 blanked Yanmar Stadion; Pieter Bakker reverted it"

    def logged_out_fact() -> str:
        text = anon2.text("Almere City FC")
        text = _set_param(text, "competitie", "Eredivisie")
        text = text.replace(
            "voor het eerst naar de [[Eredivisie]].",
            "voor het eerst naar de [[Eredivisie]]. De club degradeerde in 2025.",
        )
        anon2.edit("Almere City FC", text, "update")
        return "198.51.100.23 (logged out) changed Almere City FC"

    def reference_removed() -> str:
        text = anon.text("Franc Weerwind")
        text = re.sub(r"<ref>.*?</ref>", "", text, count=1)
        anon.edit("Franc Weerwind", text, "")
        return "203.0.113.7 removed a reference from Franc Weerwind"

    def category_and_link() -> str:
        text = kees.text("Almere Pioneers")
        text += "[[Categorie:Sport in Almere]]\n"
        text = text.replace(
            "BNXT League.",
            "[[BNXT League]]. Zie ook de [https://www.almerepioneers.nl website van de club].",
            1,
        )
        kees.edit("Almere Pioneers", text, "Categorie en link")
        return "Kees Jansen added a category and links to Almere Pioneers"

    def section_renamed() -> str:
        text = pieter.text("Almere Stad")
        if "== Geschiedenis ==" in text:
            text = text.replace("== Geschiedenis ==", "== Ontstaan ==", 1)
            pieter.edit("Almere Stad", text, "Kopje hernoemd")
        return "Pieter Bakker renamed a section of Almere Stad"

    def talk_section() -> str:
        anon.edit(
            "Overleg:Almere",
            "Ik lees elders 230.000 inwoners. Wat is de bron? ~~~~",
            "Nieuw kopje",
            section="new",
            sectiontitle="Klopt het inwonertal?",
        )
        text = pieter.text("Overleg:Almere")
        pieter.edit(
            "Overleg:Almere", text.rstrip() + "\n:Het CBS, zie de infobox. ~~~~\n", "Reactie"
        )
        return "203.0.113.7 opened a talk-page section on Almere; Pieter Bakker replied"

    def move() -> str:
        admin.move("Glazen Huis (Almere)", "Glazen Huis (paviljoen)", "Preciezere titel")
        return "Beheerder moved Glazen Huis (Almere) to Glazen Huis (paviljoen)"

    def deletion() -> str:
        admin.delete(
            "Universiteit van Amsterdam Almere", "Niet-encyclopedisch: plan nooit uitgevoerd"
        )
        return "Beheerder deleted Universiteit van Amsterdam Almere"

    steps: list[Callable[[], str]] = [
        infobox_fact,
        new_section,
        nomination,
        maintenance,
        blanking_and_revert,
        logged_out_fact,
        reference_removed,
        category_and_link,
        section_renamed,
        talk_section,
        move,
        deletion,
    ]
    for step in steps:
        try:
            done.append(step())
        except ActorError as e:
            done.append(f"skipped {step.__name__}: {e}")
    return done
