"""Pure: one stored change -> one line a person reads ("Infobox: inwoners 218.000 → 226.786")."""

from __future__ import annotations

from typing import Any

from wikitrack.texts import TEXTS, texts

__all__ = ["describe_change", "LANGUAGES", "CHANGE_KINDS", "plural"]

LANGUAGES = tuple(TEXTS)  # ("nl", "en"): the languages staff-facing text is written in

# Display keys that are not kinds: a template added or removed that is a nomination or a
# maintenance template, and the pieces of a revert's line.
_DISPLAY_ONLY = ("nomination_", "maintenance_", "revert_", "event_")
# Every kind of stored change.
CHANGE_KINDS: tuple[str, ...] = tuple(
    sorted(k for k in texts("en", "changes") if not k.startswith(_DISPLAY_ONLY))
)


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """'1 page', '2 pages' (English command-line text; reports have their own strings)."""
    return f"{n} {singular if n == 1 else plural_form or singular + 's'}"


def _describe_revert(details: dict[str, Any], lang: str) -> str:
    """'Draait 2 bewerkingen van X terug (naar versie 12)', singular and plural right, and
    without 'van' when the undone edits' authors are hidden."""
    t = texts(lang, "changes")
    n = len(details.get("undid") or []) or 1
    users = ", ".join(details.get("users") or [])
    restored = details.get("restored")
    return t["revert"].format(
        edits=t["revert_edit"] if n == 1 else t["revert_edits"].format(n=n),
        users=t["revert_users"].format(users=users) if users else "",
        restored=t["revert_restored"].format(restored=restored) if restored else "",
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
    template = texts(lang, "changes").get(key)
    if template is None:
        return kind
    values: dict[str, Any] = {k: v for k, v in details.items()}
    values["words"] = _words(details.get("words"))
    for k in ("categories", "targets", "urls"):
        if k in values and isinstance(values[k], list):
            values[k] = ", ".join(values[k][:5]) + (" …" if len(values[k]) > 5 else "")
    if kind in _COARSE:
        values.update(_coarse_values(details, lang))
    if kind == "template_param_changed":
        values["template"] = "Infobox" if details.get("infobox") else details.get("template")
        values["old"] = values.get("old") or "∅"
        values["new"] = values.get("new") or "∅"
    text = template.format_map(_Default(values))
    if kind in _EVENTS:
        text += _actor_suffix(details, lang)
    return text


_EVENTS = ("moved", "deleted", "restored")
_COARSE = ("too_large", "not_compared")  # diff.coarse_change: no structure, size and sections


def _coarse_values(details: dict[str, Any], lang: str) -> dict[str, str]:
    """A coarse change's size change with its sign and its sections as one list."""
    lead = texts(lang, "changes")["lead_section"]
    names = [s or lead for s in details.get("sections") or []]
    more = details.get("more_sections") or 0
    return {
        "delta": f"{details.get('delta', 0):+d}",
        "sections": (", ".join(names) + (f" (+{more})" if more else "")) or "–",
    }


def _actor_suffix(details: dict[str, Any], lang: str) -> str:
    """' door X: reason' for a page event, leaving out what its log entry did not say."""
    user, comment = details.get("user") or "", details.get("comment") or ""
    by = texts(lang, "changes")["event_by"].format(user=user) if user else ""
    return by + (f": {comment}" if comment else "")
