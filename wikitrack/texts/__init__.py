"""Every staff-facing string, one module per language: `nl` (the default) and `en`
(`[report] language = "en"`). Reports, mails, change lines and the health report read a part of
a language's table with `texts(lang, part)`; the web view reads its messages with `say`, its
templates' text with `page_text`, and its status names, months and error pages from the tables
below. Placeholders are `str.format` fields; what fills them (titles, names) is escaped by the
templates like everything else, and no string here holds HTML. Code, CLI help (`clihelp`) and
docs stay English.
"""

from __future__ import annotations

from typing import Any

from wikitrack.texts import en, nl

__all__ = [
    "TEXTS",
    "texts",
    "say",
    "page_text",
    "REVIEW_STATUS",
    "CORRECTION_STATUS",
    "MONTHS",
    "ERROR_PAGES",
]

TEXTS: dict[str, dict[str, dict[str, Any]]] = {"nl": nl.PARTS, "en": en.PARTS}
REVIEW_STATUS = {"nl": nl.REVIEW_STATUS, "en": en.REVIEW_STATUS}
CORRECTION_STATUS = {"nl": nl.CORRECTION_STATUS, "en": en.CORRECTION_STATUS}
MONTHS = {"nl": nl.MONTHS, "en": en.MONTHS}
ERROR_PAGES = {"nl": nl.ERROR_PAGES, "en": en.ERROR_PAGES}
_WEB = {"nl": nl.WEB, "en": en.WEB}
_PAGES = {"nl": nl.PAGES, "en": en.PAGES}


def texts(lang: str, part: str) -> dict[str, Any]:
    """One part ("changes", "report", "guideline_rules", "health") of a language's table."""
    return TEXTS[lang][part]


def say(lang: str, key: str, **fields: object) -> str:
    """The web's text `key` in `lang` (Dutch when the language has no table), fields filled in."""
    return str(_WEB.get(lang, _WEB["nl"])[key]).format(**fields)


def page_text(lang: str, key: str) -> str:
    """A template's text `key` in `lang` (Dutch when the language has no table), with its
    `{field}` placeholders still in it (the templates fill them, escaping what goes in)."""
    return _PAGES.get(lang, _PAGES["nl"])[key]
