"""Pure: one stored change -> one line a person reads ("Infobox: inwoners 218.000 → 226.786")."""

from __future__ import annotations

from typing import Any

__all__ = ["describe_change", "LANGUAGES", "CHANGE_KINDS", "plural"]

LANGUAGES = ("nl", "en")

_TEXT: dict[str, dict[str, str]] = {
    "template_param_changed": {
        "nl": "{template}: {param} {old} → {new}",
        "en": "{template}: {param} {old} → {new}",
    },
    "nomination_added": {
        "nl": "Genomineerd voor verwijdering ({{{{{template}}}}})",
        "en": "Nominated for deletion ({{{{{template}}}}})",
    },
    "nomination_removed": {
        "nl": "Verwijdernominatie weggehaald ({{{{{template}}}}})",
        "en": "Deletion nomination removed ({{{{{template}}}}})",
    },
    "maintenance_added": {
        "nl": "Onderhoudssjabloon geplaatst ({{{{{template}}}}})",
        "en": "Maintenance template added ({{{{{template}}}}})",
    },
    "maintenance_removed": {
        "nl": "Onderhoudssjabloon weggehaald ({{{{{template}}}}})",
        "en": "Maintenance template removed ({{{{{template}}}}})",
    },
    "template_added": {"nl": "Sjabloon toegevoegd: {template}", "en": "Template added: {template}"},
    "template_removed": {
        "nl": "Sjabloon verwijderd: {template}",
        "en": "Template removed: {template}",
    },
    "section_added": {"nl": "Sectie '{section}' toegevoegd", "en": "Section '{section}' added"},
    "section_removed": {"nl": "Sectie '{section}' verwijderd", "en": "Section '{section}' removed"},
    "section_renamed": {
        "nl": "Sectie '{old}' hernoemd naar '{new}'",
        "en": "Section '{old}' renamed to '{new}'",
    },
    "section_edited": {
        "nl": "Sectie '{section}' bewerkt: {words}",
        "en": "Section '{section}' edited: {words}",
    },
    "text_changed": {"nl": "Tekst gewijzigd: {words}", "en": "Text changed: {words}"},
    "markup_changed": {
        "nl": "Alleen opmaak of wikicode gewijzigd, geen zichtbare tekst",
        "en": "Only formatting or wikicode changed, no visible text",
    },
    "reference_added": {"nl": "Bron toegevoegd: {reference}", "en": "Reference added: {reference}"},
    "reference_removed": {
        "nl": "Bron verwijderd: {reference}",
        "en": "Reference removed: {reference}",
    },
    "category_added": {
        "nl": "Categorie toegevoegd: {categories}",
        "en": "Category added: {categories}",
    },
    "category_removed": {
        "nl": "Categorie verwijderd: {categories}",
        "en": "Category removed: {categories}",
    },
    "link_added": {"nl": "Link toegevoegd: {targets}", "en": "Link added: {targets}"},
    "link_removed": {"nl": "Link verwijderd: {targets}", "en": "Link removed: {targets}"},
    "external_link_added": {
        "nl": "Externe link toegevoegd: {urls}",
        "en": "External link added: {urls}",
    },
    "external_link_removed": {
        "nl": "Externe link verwijderd: {urls}",
        "en": "External link removed: {urls}",
    },
    "large_removal": {
        "nl": "Grote verwijdering: {removed_chars} tekens ({percent}%)",
        "en": "Large removal: {removed_chars} characters ({percent}%)",
    },
    "blanked": {
        "nl": "Pagina leeggehaald ({removed_chars} tekens verwijderd)",
        "en": "Page blanked ({removed_chars} characters removed)",
    },
    "redirected": {
        "nl": "Omgezet in doorverwijzing naar {target}",
        "en": "Turned into a redirect to {target}",
    },
    "unredirected": {
        "nl": "Doorverwijzing naar {target} vervangen door tekst",
        "en": "Redirect to {target} replaced by text",
    },
    "redirect_changed": {
        "nl": "Doorverwijzing gewijzigd: {old} → {new}",
        "en": "Redirect changed: {old} → {new}",
    },
    "page_created": {
        "nl": "Pagina aangemaakt ({chars} tekens)",
        "en": "Page created ({chars} characters)",
    },
    "talk_section_added": {
        "nl": "Nieuwe overlegsectie '{section}': {text}",
        "en": "New talk-page section '{section}': {text}",
    },
    "talk_reply": {
        "nl": "Reactie in overlegsectie '{section}': {text}",
        "en": "Reply in talk-page section '{section}': {text}",
    },
    # Page events: " door {user}" and ": {comment}" are added only when known (_actor_suffix).
    "moved": {
        "nl": "Hernoemd van '{old}' naar '{new}'",
        "en": "Moved from '{old}' to '{new}'",
    },
    "deleted": {"nl": "Verwijderd", "en": "Deleted"},
    "restored": {"nl": "Teruggeplaatst", "en": "Restored"},
    "correction_reverted": {
        "nl": "Correctie #{correction} is teruggedraaid: {what}",
        "en": "Correction #{correction} was reverted: {what}",
    },
    "correction_overwritten": {
        "nl": "Correctie #{correction} is overschreven: {what}",
        "en": "Correction #{correction} was overwritten: {what}",
    },
    "text_unavailable": {
        "nl": "Tekst niet beschikbaar ({reason})",
        "en": "Text unavailable ({reason})",
    },
}


# Every kind of stored change (the display keys nomination_*/maintenance_* are not kinds).
CHANGE_KINDS: tuple[str, ...] = tuple(
    sorted({k for k in _TEXT if not k.startswith(("nomination_", "maintenance_"))} | {"revert"})
)


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """'1 page', '2 pages' (English command-line text; reports have their own strings)."""
    return f"{n} {singular if n == 1 else plural_form or singular + 's'}"


def _describe_revert(details: dict[str, Any], lang: str) -> str:
    """'Draait 2 bewerkingen van X terug (naar versie 12)', singular and plural right, and
    without 'van' when the undone edits' authors are hidden."""
    n = len(details.get("undid") or []) or 1
    users = ", ".join(details.get("users") or [])
    restored = details.get("restored")
    if lang == "nl":
        edits = "1 bewerking" if n == 1 else f"{n} bewerkingen"
        return (
            f"Draait {edits}"
            + (f" van {users}" if users else "")
            + " terug"
            + (f" (naar versie {restored})" if restored else "")
        )
    edits = "1 edit" if n == 1 else f"{n} edits"
    return (
        f"Reverts {edits}"
        + (f" by {users}" if users else "")
        + (f" (back to revision {restored})" if restored else "")
    )


def _words(words: list[dict[str, str]] | None) -> str:
    parts = []
    for w in (words or [])[:4]:
        if w["old"] and w["new"]:
            parts.append(f"'{w['old']}' → '{w['new']}'")
        elif w["new"]:
            parts.append(f"+'{w['new']}'")
        else:
            parts.append(f"−'{w['old']}'")
    return "; ".join(parts) or "…"


class _Default(dict[str, Any]):
    """Format values where a missing one reads '?' (details stored by an older version)."""

    def __missing__(self, k: str) -> str:
        return "?"


def describe_change(
    kind: str, details: dict[str, Any], category: str = "", lang: str = "nl"
) -> str:
    """A short, plain-text line. Callers escape it for HTML: details come from the wiki."""
    if kind == "revert":
        return _describe_revert(details, lang)
    key = kind
    if kind in ("template_added", "template_removed") and category in ("nomination", "maintenance"):
        key = f"{category}_{kind.split('_')[1]}"
    template = _TEXT.get(key, {}).get(lang) or _TEXT.get(key, {}).get("en")
    if template is None:
        return kind
    values: dict[str, Any] = {k: v for k, v in details.items()}
    values["words"] = _words(details.get("words"))
    for k in ("categories", "targets", "urls"):
        if k in values and isinstance(values[k], list):
            values[k] = ", ".join(values[k][:5]) + (" …" if len(values[k]) > 5 else "")
    if kind == "template_param_changed":
        values["template"] = "Infobox" if details.get("infobox") else details.get("template")
        values["old"] = values.get("old") or "∅"
        values["new"] = values.get("new") or "∅"
    text = template.format_map(_Default(values))
    if kind in _EVENTS:
        text += _actor_suffix(details, lang)
    return text


_EVENTS = ("moved", "deleted", "restored")


def _actor_suffix(details: dict[str, Any], lang: str) -> str:
    """' door X: reason' for a page event, leaving out what its log entry did not say."""
    user, comment = details.get("user") or "", details.get("comment") or ""
    by = {"nl": "door", "en": "by"}.get(lang, "by")
    return (f" {by} {user}" if user else "") + (f": {comment}" if comment else "")
