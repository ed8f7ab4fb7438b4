"""Facts about nl.wikipedia, as data: one place to add a template or a namespace alias.

Template names are case-insensitive in their first letter only (MediaWiki's rule), so the lists
hold canonical names and `template_kind` compares through `normalize_title`.
"""

from __future__ import annotations

__all__ = [
    "NOMINATION_TEMPLATES",
    "MAINTENANCE_TEMPLATES",
    "CATEGORY_PREFIXES",
    "FILE_PREFIXES",
    "INFOBOX_PREFIXES",
    "REDIRECT_WORDS",
    "DISCLOSURE_MARKER",
    "OUTDATED_TEMPLATES",
    "DEAD_LINK_TEMPLATES",
    "DEAD_LINK_PARAMS",
    "REFERENCE_DATE_WORDS",
    "REFERENCE_DATE_AFFIXES",
    "CITATION_DATE_PARAMS",
    "NON_CONTENT_SECTIONS",
    "USER_NAMESPACES",
    "MONTHS",
    "normalize_title",
    "titles_match",
    "invalid_title_reason",
]

# Deletion nominations on nl.wikipedia (Wikipedia:Te beoordelen pagina's) and merge proposals.
NOMINATION_TEMPLATES: tuple[str, ...] = (
    "Weg",
    "Artikelweg",
    "Nuweg",
    "Ne",
    "Wiu",
    "Auteur",
    "Reclame",
    "Wb",
    "Samenvoegen",
    "Samenvoegenvan",
    "Samenvoegennaar",
)
# Requests for sources and doubts about facts.
MAINTENANCE_TEMPLATES: tuple[str, ...] = (
    "Bron?",
    "Feit",
    "Twijfel",
    "Twijfel-gedeelte",
    "Bronvermelding gewenst",
)
# mwparserfromhell does not know localized namespaces: [[Categorie:X]] is a plain wikilink.
CATEGORY_PREFIXES: tuple[str, ...] = ("categorie:", "category:")
FILE_PREFIXES: tuple[str, ...] = ("bestand:", "file:", "afbeelding:", "image:", "media:")
INFOBOX_PREFIXES: tuple[str, ...] = ("infobox",)
REDIRECT_WORDS: tuple[str, ...] = ("#redirect", "#doorverwijzing")
# Every team edit summary carries this, so the wiki's readers see who edits (Terms of Use).
DISCLOSURE_MARKER = "namens Gemeente Almere"

# Facts marked as out of date ("dit artikel is verouderd", "actueel").
OUTDATED_TEMPLATES: tuple[str, ...] = ("Verouderd", "Actueel", "Update")
# External links marked dead: a template beside the link or inside its reference, or a
# citation parameter (Citeer web's dode-url, the English url-status / deadurl).
DEAD_LINK_TEMPLATES: tuple[str, ...] = ("Dode link", "Dodelink", "Dead link", "Deadlink")
DEAD_LINK_PARAMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("dode-url", ("ja", "yes")),
    ("dodeurl", ("ja", "yes")),
    ("url-status", ("dead", "dood")),
    ("deadurl", ("yes", "ja")),
)
# Infobox parameters that date the value before them ("inwoners = 218.000 | peildatum =
# 1 januari 2023"), and the words that date a parameter they are attached to
# ("inwoners_peildatum", "inwonersjaar"). A bare "jaar" is a fact of its own (a film's year).
REFERENCE_DATE_WORDS: tuple[str, ...] = ("peildatum", "peiljaar", "peil", "stand")
REFERENCE_DATE_AFFIXES: tuple[str, ...] = (*REFERENCE_DATE_WORDS, "jaar", "datum")
# A figure sourced by a reference beside it is dated by the source's date (not the date it was
# consulted: "bezochtdatum", "access-date").
CITATION_DATE_PARAMS: tuple[str, ...] = ("peildatum", "datum", "date", "jaar", "year")
# Sections that hold references, links or lists by convention, never prose needing a source.
NON_CONTENT_SECTIONS: tuple[str, ...] = (
    "Referenties",
    "Bronnen",
    "Noten",
    "Bronvermelding",
    "Bronnen, noten en/of referenties",
    "Voetnoten",
    "Externe links",
    "Externe link",
    "Zie ook",
    "Literatuur",
    "References",
    "Notes",
    "Sources",
    "External links",
    "See also",
    "Further reading",
)
# User and contributions namespaces in signatures, Dutch names and English aliases
# (lower case; "Speciaal:Bijdragen/203.0.113.7" signs a logged-out editor).
USER_NAMESPACES: tuple[str, ...] = (
    "gebruiker",
    "overleg gebruiker",
    "gebruikersoverleg",
    "user",
    "user talk",
    "speciaal:bijdragen",
    "special:contributions",
)
# Month names in dates and signatures: nl.wikipedia signs "25 nov 2026 21:32 (CET)".
MONTHS: dict[str, int] = {
    **{
        m: i + 1
        for i, m in enumerate(
            "januari februari maart april mei juni juli augustus september oktober "
            "november december".split()
        )
    },
    **{m: i + 1 for i, m in enumerate("jan feb mrt apr mei jun jul aug sep okt nov dec".split())},
    **{
        m: i + 1
        for i, m in enumerate(
            "january february march april may june july august september october "
            "november december".split()
        )
    },
    **{m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())},
}

_INVALID_TITLE_CHARS = set("#<>[]|{}")


def normalize_title(title: str) -> str:
    """The title as MediaWiki stores it: underscores are spaces, runs of spaces collapse,
    and the first letter is upper case (nl.wikipedia is a first-letter-case wiki)."""
    t = " ".join(title.replace("_", " ").split())
    return t[:1].upper() + t[1:]


def titles_match(a: str, b: str) -> bool:
    """Whether two titles name the same page. Never compare titles with `==`."""
    return normalize_title(a) == normalize_title(b)


def invalid_title_reason(title: str) -> str | None:
    """Why `title` cannot be a page title on a MediaWiki wiki, or None when it can."""
    if not isinstance(title, str):
        return "title is not a string"
    stripped = title.strip()
    if not stripped:
        return "empty title"
    bad = sorted(set(stripped) & _INVALID_TITLE_CHARS)
    if bad:
        return "invalid character(s) " + " ".join(repr(c) for c in bad)
    if any(ord(c) < 32 or ord(c) == 127 for c in stripped):
        return "control character in title"
    if len(stripped.encode("utf-8")) > 255:
        return "longer than 255 bytes"
    if stripped.startswith(":") or stripped in (".", "..") or "/./" in stripped:
        return "not a valid page title"
    if "~~~" in stripped:
        return "contains '~~~'"
    return None
