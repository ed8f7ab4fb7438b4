"""Where a fact sits in a page's wikitext, and what the page says there. Pure.

Wiki rules that shape the code:

- Template names compare like titles (`normalize_title`: first letter case-insensitive, `_` is
  a space; a `Sjabloon:`/`Template:` prefix is the same template), and a fact lists the old
  names that redirect to its infobox, so every spelling in use is matched, never one.
- `Template.get` returns the last of duplicate parameters, as MediaWiki shows it; of a
  parameter and its aliases the first one listed that has a value wins, as an infobox's
  `{{{inwoners|{{{inwonertal|}}}}}}` does.
- Nothing is guessed: an infobox that is on the page twice, a section that is there twice or a
  pattern that matches twice is "not found", with the reason.

What is found is returned with the exact text around it (`snippet`, which occurs in the page
as written) and where in that snippet the value and the reference date are, so a correction can
replace exactly those characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from wikitrack.facts.register import Fact
from wikitrack.facts.values import plain_text
from wikitrack.wiki.sitefacts import normalize_title

if TYPE_CHECKING:  # lazy: keeps `facts list` and `facts validate` free of mwparserfromhell
    from mwparserfromhell.nodes import Template
    from mwparserfromhell.nodes.extras import Parameter

__all__ = ["Located", "locate_fact", "page_templates", "NUMBER_TEXT", "DATE_TEXT"]

Status = Literal["found", "empty", "missing"]

# A figure as pages write it, in raw wikitext: formatnum, or digits grouped by dots or spaces
# with a decimal comma; never a trailing dot or comma (the end of a sentence).
NUMBER_TEXT = (
    r"\{\{\s*formatnum\s*:[^{}]*\}\}"
    r"|[-−]?\d(?:\d|[.,](?=\d)|(?:[ \u00a0\u202f\u2009]|&nbsp;|&#160;)(?=\d{3}(?!\d)))*"
)
DATE_TEXT = (
    r"\{\{[^{}]*\}\}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/]\d{1,2}[-/]\d{4}"
    r"|\d{1,2}e? [a-zA-Z]+\.? \d{4}|[a-zA-Z]+ \d{4}|\d{4}"
)
_NAME_TEXT = r"\[\[[^\[\]\n]*\]\]|[^\n,;()\[\]<|]+?"
_NAME_TEXT_LAST = r"\[\[[^\[\]\n]*\]\]|[^\n,;()\[\]<|.]+"
_HEADING = re.compile(r"^(={1,6})\s*(.+?)\s*\1\s*$", re.M)
_TEMPLATE_PREFIX = re.compile(r"^\s*(?:sjabloon|template)\s*:", re.I)


@dataclass(frozen=True)
class Located:
    """What the page says where the fact sits.

    `status`: found (a value), empty (the parameter is there without a value) or missing (the
    template, parameter, section or pattern is not there, or is there more than once:
    `detail` says which). `value` and `date` are exact texts of the page; `value_span` and
    `date_span` are their places inside `snippet`, itself exact text of the page.
    """

    status: Status
    value: str = ""
    date: str = ""
    snippet: str = ""
    value_span: tuple[int, int] = (0, 0)
    date_span: tuple[int, int] | None = None
    detail: str = ""


def _template_key(name: str) -> str:
    return normalize_title(_TEMPLATE_PREFIX.sub("", plain_text(name)))


def template_names(fact: Fact) -> set[str]:
    return {_template_key(n) for n in (fact.template, *fact.template_aliases)}


def locate_fact(fact: Fact, text: str, templates: Sequence[Template] | None = None) -> Located:
    """Find `fact` in the page `text`: an infobox parameter or a pattern in a section.
    `templates` are the page's templates when the caller parsed it already (one parse for
    all the facts of a page)."""
    if fact.template:
        if templates is None:
            templates = page_templates(text)
        return _locate_in_template(fact, templates)
    return _locate_in_section(fact, text)


def page_templates(text: str) -> list[Template]:
    """Every template of the page, nested ones included."""
    import mwparserfromhell  # lazy: only reading a page parses

    return mwparserfromhell.parse(text).filter_templates()


def _locate_in_template(fact: Fact, templates: Sequence[Template]) -> Located:
    names = template_names(fact)
    found = [t for t in templates if _template_key(str(t.name)) in names]
    if not found:
        return Located("missing", detail=f"template '{fact.template}' is not on the page")
    if len(found) > 1:
        return Located(
            "missing", detail=f"template '{fact.template}' is on the page {len(found)} times"
        )
    template = found[0]
    param = _first_with_value(template, (fact.parameter, *fact.parameter_aliases))
    if param is None:
        present = [n for n in (fact.parameter, *fact.parameter_aliases) if template.has(n)]
        if present:
            return Located("empty", detail=f"parameter '{present[0]}' is empty")
        return Located("missing", detail=f"parameter '{fact.parameter}' is not in the template")
    date_param = None
    if fact.date_parameter and template.has(fact.date_parameter):
        date_param = template.get(fact.date_parameter)
    return _from_parameters(str(template), param, date_param)


def _first_with_value(template: Template, names: tuple[str, ...]) -> Parameter | None:
    for name in names:
        if template.has(name) and plain_text(str(template.get(name).value)).strip():
            return template.get(name)
    return None


def _value_span(param: Parameter) -> tuple[int, int]:
    """Where the value, stripped of surrounding whitespace, starts and ends in str(param)."""
    name, value = str(param.name), str(param.value)
    start = len(name) + 1 + (len(value) - len(value.lstrip()))
    return start, start + len(value.strip())


def _from_parameters(tpl_text: str, param: Parameter, date_param: Parameter | None) -> Located:
    """The snippet is the parameter's own text, or the run from it to the date parameter, as
    both stand in the template (so that the correction changes the figure and its date at once)."""
    ptext = str(param)
    p_at = tpl_text.find(ptext)
    vs, ve = _value_span(param)
    value = ptext[vs:ve]
    if date_param is None or not str(date_param.value).strip():
        return Located(
            "found", value=value, snippet=ptext.strip(), value_span=_shift(vs, ve, ptext)
        )
    dtext = str(date_param)
    d_at = tpl_text.find(dtext)
    start, end = min(p_at, d_at), max(p_at + len(ptext), d_at + len(dtext))
    snippet = tpl_text[start:end]
    lead = len(snippet) - len(snippet.lstrip())
    ds, de = _value_span(date_param)
    return Located(
        "found",
        value=value,
        date=dtext[ds:de],
        snippet=snippet.strip(),
        value_span=(p_at - start + vs - lead, p_at - start + ve - lead),
        date_span=(d_at - start + ds - lead, d_at - start + de - lead),
    )


def _shift(vs: int, ve: int, ptext: str) -> tuple[int, int]:
    lead = len(ptext) - len(ptext.lstrip())
    return vs - lead, ve - lead


def section_text(text: str, title: str) -> tuple[str | None, str]:
    """The body of the section headed `title` (up to the next heading of its level or
    higher), or None with the reason when it is not there or is there twice."""
    want = " ".join(plain_text(title).split()).casefold()
    heads = list(_HEADING.finditer(text))
    hits = [h for h in heads if " ".join(plain_text(h.group(2)).split()).casefold() == want]
    if len(hits) != 1:
        times = "not on the page" if not hits else f"on the page {len(hits)} times"
        return None, f"section '{title}' is {times}"
    head = hits[0]
    level = len(head.group(1))
    end = len(text)
    for h in heads:
        if h.start() > head.start() and len(h.group(1)) <= level:
            end = h.start()
            break
    return text[head.end() : end], ""


def pattern_regex(fact: Fact) -> re.Pattern[str]:
    """The fact's pattern as a regex: literal text (any run of spaces matching any run of
    whitespace), `{value}` a figure, date or name as the page writes it, `{date}` a date."""
    parts = re.split(r"(\{value\}|\{date\})", fact.pattern)
    out = []
    for i, part in enumerate(parts):
        if part == "{value}":
            last = i == len(parts) - 1 or not parts[i + 1].strip()
            kinds = {"number": NUMBER_TEXT, "date": DATE_TEXT}
            body = kinds.get(fact.compare, _NAME_TEXT_LAST if last else _NAME_TEXT)
            out.append(f"(?P<value>{body})")
        elif part == "{date}":
            out.append(f"(?P<date>{DATE_TEXT})")
        else:
            out.append(r"\s+".join(re.escape(w) for w in part.split(" ")))
    return re.compile("".join(out), re.I)


def _locate_in_section(fact: Fact, text: str) -> Located:
    body, why = section_text(text, fact.section)
    if body is None:
        return Located("missing", detail=why)
    matches = list(pattern_regex(fact).finditer(body))
    if len(matches) != 1:
        times = "not found" if not matches else f"found {len(matches)} times"
        return Located(
            "missing", detail=f"pattern '{fact.pattern}' {times} in section '{fact.section}'"
        )
    m = matches[0]
    span = (m.start("value") - m.start(), m.end("value") - m.start())
    date_span = None
    if "date" in m.groupdict() and m.group("date") is not None:
        date_span = (m.start("date") - m.start(), m.end("date") - m.start())
    return Located(
        "found",
        value=m.group("value"),
        date=m.group("date") if date_span else "",
        snippet=m.group(0),
        value_span=span,
        date_span=date_span,
    )
