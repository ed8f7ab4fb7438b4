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
