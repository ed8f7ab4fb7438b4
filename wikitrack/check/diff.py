"""Pure structural diff: (parent wikitext, wikitext) -> [Change]. No I/O.

mwparserfromhell does the parsing. Wiki rules that shape the code:

- Template names are compared with `normalize_title` (first letter case-insensitive, `_` is a
  space), never with `==`; `Template.get` returns the last of duplicate parameters, as
  MediaWiki does, so a parameter's value here is what readers see.
- mwparserfromhell does not know localized namespaces: `[[Categorie:X]]` is a plain wikilink,
  told apart by its prefix (wikifacts.CATEGORY_PREFIXES).
- Templates inside <ref> belong to the reference, not to the article's facts: a citation's
  `datum` changing is a changed reference, not a changed fact.
- Headings are found with a line regex, which also sees headings nested in tags (which
  `get_sections` misses).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import mwparserfromhell
from mwparserfromhell.nodes import ExternalLink, Heading, HTMLEntity, Tag, Template, Text, Wikilink
from mwparserfromhell.wikicode import Wikicode

from wikitrack.check.records import Change
from wikitrack.wiki.sitefacts import (
    CATEGORY_PREFIXES,
    FILE_PREFIXES,
    INFOBOX_PREFIXES,
    MAINTENANCE_TEMPLATES,
    NOMINATION_TEMPLATES,
    REDIRECT_WORDS,
    normalize_title,
)

__all__ = [
    "DiffRules",
    "diff_revision",
    "find_reverts",
    "revert_change",
    "word_changes",
    "is_redirect",
    "clear_parse_caches",
    "coarse_change",
    "touched_sections",
    "LARGE_REMOVAL_CHARS",
]

LARGE_REMOVAL_CHARS = 1000
LARGE_REMOVAL_SHARE = 0.3
BLANKING_SHARE = 0.15  # what is left of a page after a blanking, at most
MAX_WORD_CHANGES = 12
MAX_SNIPPET = 300
MAX_COARSE_SECTIONS = 10  # sections a coarse change names; the rest are counted
HEADING_LINE_MAX = 300  # a longer line is not a heading to the coarse scan (no regex on it)


@dataclass(frozen=True)
class DiffRules:
    """Which templates are deletion nominations and which are maintenance (configurable)."""

    nominations: frozenset[str] = frozenset(normalize_title(t) for t in NOMINATION_TEMPLATES)
    maintenance: frozenset[str] = frozenset(normalize_title(t) for t in MAINTENANCE_TEMPLATES)
    # Parse each text as one tree, as before sections were parsed apart. The results are the
    # same; kept so a test and benchmarks/bench_check.py can compare both ways.
    whole_page: bool = False

    @classmethod
    def from_lists(cls, nominations: Sequence[str], maintenance: Sequence[str]) -> DiffRules:
        return cls(
            frozenset(normalize_title(t) for t in nominations),
            frozenset(normalize_title(t) for t in maintenance),
        )

    def template_category(self, name: str) -> str:
        return template_kind(
            name, (("nomination", self.nominations), ("maintenance", self.maintenance))
        )


def template_kind(name: str, kinds: Sequence[tuple[str, frozenset[str]]]) -> str:
    """The kind of the first (kind, normalised names) pair that holds `name`, else ""."""
    norm = normalize_title(name)
    return next((kind for kind, names in kinds if norm in names), "")


def _snip(text: str, limit: int = MAX_SNIPPET) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_redirect(text: str) -> str | None:
    """The target when `text` is a redirect page (#REDIRECT / #DOORVERWIJZING), else None."""
    head = text.lstrip()[:300]
    if head.lower().startswith(REDIRECT_WORDS):
        m = re.search(r"\[\[([^\]|#]+)", head)
        return normalize_title(m.group(1)) if m else ""
    return None


# -- pieces of a page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _PageFacts:
    templates: dict[str, list[tuple[dict[str, str], str]]]
    refs: Counter[str]
    categories: set[str]
    links: set[str]
    external: set[str]


@functools.lru_cache(maxsize=8)
def _facts(text: str) -> _PageFacts:
    """Everything the diff compares, once per text: consecutive revisions share one (each
    is the next one's parent). Callers must not modify the result."""
    code = mwparserfromhell.parse(text)
    cats, links, ext = _links(code)
    return _PageFacts(_templates(code), _refs(code), cats, links, ext)


def _is_ref(node: Any) -> bool:
    return isinstance(node, Tag) and str(node.tag).strip().lower() == "ref"


def _iter_article_templates(code: Wikicode) -> Iterator[Template]:
    """Templates of the article itself: not inside a reference, not nested in a template."""
    for node in code.nodes:
        if isinstance(node, Template):
            yield node
        elif isinstance(node, Tag) and not _is_ref(node) and node.contents is not None:
            yield from _iter_article_templates(node.contents)
        elif isinstance(node, Heading):
            yield from _iter_article_templates(node.title)


def _template_params(t: Template) -> dict[str, str]:
    params: dict[str, str] = {}
    for p in t.params:  # later duplicates win, as in MediaWiki
        params[str(p.name).strip()] = " ".join(str(p.value).split())
    return params


_TemplateUse = tuple[dict[str, str], str]  # (parameters, wikitext)


def _templates(code: Wikicode) -> dict[str, list[_TemplateUse]]:
    out: dict[str, list[_TemplateUse]] = {}
    for t in _iter_article_templates(code):
        name = normalize_title(str(t.name).strip())
        if name:
            out.setdefault(name, []).append((_template_params(t), str(t)))
    return out


def _iter_nodes(code: Wikicode) -> Iterator[Any]:
    """Every node, depth first, as `Wikicode.ifilter(recursive=True)` yields them, without the
    index bookkeeping that makes that several times slower."""
    for node in code.nodes:
        yield node
        for child in node.__children__():
            yield from _iter_nodes(child)


def _refs(code: Wikicode) -> Counter[str]:
    refs: Counter[str] = Counter()
    for tag in filter(_is_ref, _iter_nodes(code)):
        if tag.self_closing or tag.contents is None or not str(tag.contents).strip():
            continue  # a re-use of a named reference, not a reference of its own
        refs[" ".join(str(tag.contents).split())] += 1
    return refs


def _ref_label(contents: str) -> str:
    """What a reader recognises a reference by: its title and URL, else its text."""
    code = mwparserfromhell.parse(contents)
    for t in code.filter_templates(recursive=False):
        label = [str(t.get(k).value).strip() for k in ("titel", "title") if t.has(k)]
        url = [str(t.get(k).value).strip() for k in ("url",) if t.has(k)]
        if label or url:
            return _snip(" — ".join(label + url), 200)
    return _snip(code.strip_code() or contents, 200)


def _iter_outside_refs(code: Wikicode) -> Iterator[Any]:
    """Every node, descending into tags, templates and links, except into <ref> tags."""
    for node in code.nodes:
        yield node
        if _is_ref(node):
            continue
        if isinstance(node, Tag) and node.contents is not None:
            yield from _iter_outside_refs(node.contents)
        elif isinstance(node, Template):
            for p in node.params:
                yield from _iter_outside_refs(p.value)
        elif isinstance(node, Heading):
            yield from _iter_outside_refs(node.title)
        elif isinstance(node, Wikilink) and node.text is not None:
            yield from _iter_outside_refs(node.text)


def _links(code: Wikicode) -> tuple[set[str], set[str], set[str]]:
    """(categories, internal link targets, external URLs) outside references."""
    cats, links, ext = set(), set(), set()
    for node in _iter_outside_refs(code):
        if isinstance(node, Wikilink):
            target = str(node.title).strip()
            lowered = target.lower().lstrip(":")
            if lowered.startswith(CATEGORY_PREFIXES) and not target.startswith(":"):
                cats.add(normalize_title(target.split(":", 1)[1]))
            elif lowered.startswith(FILE_PREFIXES):
                continue
            elif target:
                links.add(normalize_title(target.split("#", 1)[0]) or target)
        elif isinstance(node, ExternalLink):
            ext.add(str(node.url).strip())
    return cats, links, ext


_HEADING = re.compile(r"^(={1,6})[ \t]*(.+?)[ \t]*\1[ \t]*(<!--.*?-->)?[ \t]*$", re.M)


@dataclass(frozen=True)
class _Section:
    title: str
    level: int
    body: str
    heading: str = ""  # the heading line as written ("" for the lead); heading + body is the text


@functools.lru_cache(maxsize=16384)  # a long page has thousands of headings: see _piece
def _heading_title(raw: str) -> str:
    return mwparserfromhell.parse(raw).strip_code().strip() or raw.strip()


@functools.lru_cache(maxsize=8)
def _sections(text: str) -> tuple[_Section, ...]:
    out, last, title, level, heading = [], 0, "", 0, ""
    for m in _HEADING.finditer(text):
        out.append(_Section(title, level, text[last : m.start()], heading))
        title, heading = _heading_title(m.group(2)), m.group(0)
        level, last = len(m.group(1)), m.end()
    out.append(_Section(title, level, text[last:], heading))
    return tuple(out)


# -- parsing a page piece by piece -----------------------------------------------------------------
#
# Most edits touch one section. A page is cut at its heading lines into pieces (lead body, then
# each heading line and its body); each piece is parsed on its own, once, and cached by its text,
# so a section a revision left alone reuses its parent's parse. The page's facts are the pieces'
# facts put together in order. That equals parsing the whole page only when no construct spans a
# cut (a template, table, tag or comment around a heading line): mwparserfromhell leaves an
# unclosed construct as plain text, so a piece whose text nodes hold an opener or closer sends
# the page back to one whole parse.

_OPEN_MARKUP = re.compile(r"\{\{|\}\}|\[\[|\]\]|\{\||\|\}|<|>|''")


@dataclass(frozen=True)
class _Piece:
    facts: _PageFacts
    prose: str  # readable text, not yet normalised (what _iter_prose yields, joined)
    closed: bool  # no construct left open: parses alone as it does inside the page


# Large enough for a parent and its child of the longest pages (several hundred KB run to
# thousands of pieces): a smaller cache evicts a page's first pieces while it parses its last,
# and then every revision parses the whole page again.
@functools.lru_cache(maxsize=16384)
def _piece(text: str) -> _Piece:
    code = mwparserfromhell.parse(text)
    cats, links, ext = _links(code)
    closed = not any(
        _OPEN_MARKUP.search(node.value) for node in _iter_nodes(code) if isinstance(node, Text)
    )
    facts = _PageFacts(_templates(code), _refs(code), cats, links, ext)
    return _Piece(facts, "".join(_iter_prose(code)), closed)


def _pieces(text: str) -> list[_Piece] | None:
    """The parsed pieces of `text` in order, or None when a construct spans a heading line."""
    pieces = [_piece(p) for s in _sections(text) for p in (s.heading, s.body) if p]
    return pieces if all(p.closed for p in pieces) else None


def clear_parse_caches() -> None:
    """Forget every parse. A page's revisions share most pieces, other pages share next to
    none: a worker clears the caches before each page, so their memory is one page's worth."""
    for cached in (_facts, _heading_title, _sections, _piece, _prose):
        cached.cache_clear()


def _page_facts(text: str, rules: DiffRules) -> _PageFacts:
    pieces = None if rules.whole_page else _pieces(text)
    if pieces is None:
        return _facts(text)
    templates: dict[str, list[_TemplateUse]] = {}
    refs: Counter[str] = Counter()
    cats: set[str] = set()
    links: set[str] = set()
    ext: set[str] = set()
    for p in pieces:
        for name, uses in p.facts.templates.items():
            templates.setdefault(name, []).extend(uses)
        refs.update(p.facts.refs)
        cats |= p.facts.categories
        links |= p.facts.links
        ext |= p.facts.external
    return _PageFacts(templates, refs, cats, links, ext)


def _page_prose(text: str, rules: DiffRules) -> str:
    pieces = None if rules.whole_page else _pieces(text)
    if pieces is None:
        return _prose(text)
    return _normal_prose("".join(p.prose for p in pieces))


def _section_prose(body: str, rules: DiffRules) -> str:
    """A section's readable text: its body is one piece, parsed alone either way."""
    return _prose(body) if rules.whole_page else _normal_prose(_piece(body).prose)


# Tags whose contents are not running text: references are sources, not prose.
_NON_PROSE_TAGS = frozenset(
    "ref references gallery math chem score timeline graph templatedata syntaxhighlight "
    "source mapframe maplink imagemap categorytree inputbox hiero".split()
)
# What a malformed page leaves behind as plain text; never shown as if it were prose.
_LEFTOVER_MARKUP = re.compile(r"\[\[|\]\]|\{\{|\}\}|\{\||\|\}|'{2,}|<[^<>]{0,200}>|__[A-Z]+__")


def _iter_prose(code: Wikicode) -> Iterator[str]:
    """The readable text of `code`: no templates, references, categories, files or comments;
    a link reads as its label."""
    for node in code.nodes:
        if isinstance(node, Text):
            yield node.value
        elif isinstance(node, Tag):
            yield from _iter_tag_prose(node)
        elif isinstance(node, Wikilink):
            yield from _iter_link_prose(node)
        elif isinstance(node, ExternalLink):
            yield from _iter_external_prose(node)
        elif isinstance(node, HTMLEntity):
            yield node.normalize()
        elif isinstance(node, Heading):
            yield from _iter_prose(node.title)
        # Templates, comments and template arguments are not prose.


def _iter_tag_prose(tag: Tag) -> Iterator[str]:
    if str(tag.tag).strip().lower() in _NON_PROSE_TAGS or tag.contents is None:
        yield " "
    else:
        yield from _iter_prose(tag.contents)


def _iter_link_prose(link: Wikilink) -> Iterator[str]:
    """A link's label, or its target without one; nothing for a category or a file
    (`[[:Categorie:X]]`, with a colon, is a link to the category and reads as one)."""
    target = str(link.title).strip()
    if not target.startswith(":") and target.lower().startswith(CATEGORY_PREFIXES + FILE_PREFIXES):
        return
    if link.text is not None:
        yield from _iter_prose(link.text)
    else:
        yield target.lstrip(":")


def _iter_external_prose(link: ExternalLink) -> Iterator[str]:
    """A bare URL reads as itself, a bracketed one as its label (nothing without one)."""
    if not link.brackets:
        yield str(link.url)
    elif link.title is not None:
        yield from _iter_prose(link.title)


@functools.lru_cache(maxsize=64)
def _prose(text: str) -> str:
    """Readable text, words separated by single spaces. Wikitext markup never appears in it:
    what the parser could not make sense of is dropped, not shown."""
    return _normal_prose("".join(_iter_prose(mwparserfromhell.parse(text))))


def _normal_prose(prose: str) -> str:
    return " ".join(_LEFTOVER_MARKUP.sub(" ", prose).split())


def word_changes(old: str, new: str, limit: int = MAX_WORD_CHANGES) -> list[dict[str, str]]:
    """The changed word runs between two texts: [{"old": ..., "new": ...}], at most `limit`."""
    a, b = old.split(), new.split()
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        out.append({"old": _snip(" ".join(a[i1:i2]), 200), "new": _snip(" ".join(b[j1:j2]), 200)})
        if len(out) >= limit:
            break
    return out


# -- the diff ----------------------------------------------------------------------------------


def _diff_templates(
    old: dict[str, list[_TemplateUse]], new: dict[str, list[_TemplateUse]], rules: DiffRules
) -> list[Change]:
    changes: list[Change] = []
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name, []), new.get(name, [])
        category = rules.template_category(name)
        infobox = name.lower().startswith(INFOBOX_PREFIXES)
        for (p_old, _), (p_new, _) in zip(before, after, strict=False):
            for param in sorted(set(p_old) | set(p_new), key=lambda k: (k not in p_old, k)):
                if p_old.get(param) != p_new.get(param):
                    changes.append(
                        Change(
                            "template_param_changed",
                            {
                                "template": name,
                                "param": param,
                                "old": _snip(p_old.get(param, "")),
                                "new": _snip(p_new.get(param, "")),
                                "infobox": infobox,
                            },
                            "fact" if infobox else category,
                        )
                    )
        for _, wikitext in after[len(before) :]:
            changes.append(
                Change("template_added", {"template": name, "wikitext": _snip(wikitext)}, category)
            )
        for _, wikitext in before[len(after) :]:
            changes.append(
                Change(
                    "template_removed", {"template": name, "wikitext": _snip(wikitext)}, category
                )
            )
    return changes


_SectionKey = tuple[str, int]  # (title, how many sections of that title come before it)


def _keyed(sections: Sequence[_Section]) -> dict[_SectionKey, _Section]:
    seen: Counter[str] = Counter()
    out = {}
    for s in sections:
        out[(s.title, seen[s.title])] = s
        seen[s.title] += 1
    return out


def _find_renames(
    a: dict[_SectionKey, _Section],
    b: dict[_SectionKey, _Section],
    removed: Sequence[_SectionKey],
    added: Sequence[_SectionKey],
) -> list[tuple[_SectionKey, _SectionKey]]:
    """(old, new) pairs of a heading that changed while its body stayed (nearly) the same."""
    pairs: list[tuple[_SectionKey, _SectionKey]] = []
    renamed: set[_SectionKey] = set()
    for ka in removed:
        for kb in added:
            if kb in renamed:
                continue
            if difflib.SequenceMatcher(None, a[ka].body, b[kb].body).quick_ratio() > 0.8:
                pairs.append((ka, kb))
                renamed.add(kb)
                break
    return pairs


def _section_edit(
    title: str, old_body: str, new_body: str, rules: DiffRules, *, talk: bool
) -> Change | None:
    """What readers see changed in one section: the words of a reply on a talk page."""
    words = word_changes(_section_prose(old_body, rules), _section_prose(new_body, rules))
    if talk:
        added_text = " ".join(w["new"] for w in words if w["new"])
        return (
            Change("talk_reply", {"section": title, "text": _snip(added_text)})
            if added_text
            else None
        )
    if title and words:
        return Change("section_edited", {"section": title, "words": words})
    return None


def _diff_sections(
    old: Sequence[_Section], new: Sequence[_Section], rules: DiffRules, *, talk: bool
) -> list[Change]:
    a, b = _keyed(old), _keyed(new)
    removed = [k for k in a if k not in b]
    added = [k for k in b if k not in a]
    renames = _find_renames(a, b, removed, added)
    changes = [Change("section_renamed", {"old": ka[0], "new": kb[0]}) for ka, kb in renames]
    renamed = {k for pair in renames for k in pair}
    added_kind = "talk_section_added" if talk else "section_added"
    for kb in added:
        if kb not in renamed:
            prose = _section_prose(b[kb].body, rules)
            changes.append(Change(added_kind, {"section": kb[0], "text": _snip(prose)}))
    for ka in removed:
        if ka not in renamed:
            changes.append(Change("section_removed", {"section": ka[0], "chars": len(a[ka].body)}))
    for key in a:
        if key in b and a[key].body.strip() != b[key].body.strip():
            edit = _section_edit(key[0], a[key].body, b[key].body, rules, talk=talk)
            if edit is not None:
                changes.append(edit)
    return changes


def _set_changes(kind: str, old: set[str], new: set[str], field: str) -> list[Change]:
    out = []
    if new - old:
        out.append(Change(f"{kind}_added", {field: sorted(new - old)[:50]}))
    if old - new:
        out.append(Change(f"{kind}_removed", {field: sorted(old - new)[:50]}))
    return out


def _page_replaced(old: str, new: str) -> Change | None:
    """The one change of a revision that replaced the page as a whole: made it a redirect,
    pointed its redirect elsewhere, or blanked it. None for any other revision."""
    old_target, new_target = is_redirect(old), is_redirect(new)
    if new_target is not None and old_target is None:
        return Change("redirected", {"target": new_target, "removed_chars": len(old)})
    if new_target is not None and old_target is not None:
        return Change("redirect_changed", {"old": old_target, "new": new_target})
    old_len, new_len = len(old.strip()), len(new.strip())
    if old_len >= 200 and new_len < old_len * BLANKING_SHARE:
        return Change(
            "blanked", {"removed_chars": len(old) - len(new), "remaining": _snip(new, 200)}
        )
    return None


def _unredirected(old: str, new: str) -> list[Change]:
    """A redirect made into a page again (`new` is no redirect: see _page_replaced)."""
    target = is_redirect(old)
    return [] if target is None else [Change("unredirected", {"target": target, "chars": len(new)})]


def _article_changes(old: str, new: str, rules: DiffRules) -> list[Change]:
    """An article's structural changes, in the order a report lists them."""
    changes = _large_removal(old, new)
    facts_old, facts_new = _page_facts(old, rules), _page_facts(new, rules)
    changes += _diff_templates(facts_old.templates, facts_new.templates, rules)
    sections_old, sections_new = _sections(old), _sections(new)
    changes += _diff_sections(sections_old, sections_new, rules, talk=False)
    changes += _diff_refs(facts_old.refs, facts_new.refs)
    changes += _set_changes("category", facts_old.categories, facts_new.categories, "categories")
    changes += _set_changes("link", facts_old.links, facts_new.links, "targets")
    changes += _set_changes("external_link", facts_old.external, facts_new.external, "urls")
    lead_old, lead_new = sections_old[0].body, sections_new[0].body
    if lead_old != lead_new:
        lead_words = word_changes(_section_prose(lead_old, rules), _section_prose(lead_new, rules))
        if lead_words:
            changes.append(Change("text_changed", {"section": "", "words": lead_words}))
    return changes


def _large_removal(old: str, new: str) -> list[Change]:
    removed = len(old) - len(new)
    if removed >= LARGE_REMOVAL_CHARS and removed >= len(old) * LARGE_REMOVAL_SHARE:
        percent = round(100 * removed / len(old))
        return [Change("large_removal", {"removed_chars": removed, "percent": percent})]
    return []


def _diff_refs(old: Counter[str], new: Counter[str]) -> list[Change]:
    """References added and removed, by their text; a reference used twice counts twice."""
    added = [
        Change("reference_added", {"reference": _ref_label(c)})
        for c in sorted((new - old).elements())
    ]
    removed = [
        Change("reference_removed", {"reference": _ref_label(c)})
        for c in sorted((old - new).elements())
    ]
    return added + removed


def _reading_change(old: str, new: str, rules: DiffRules) -> Change:
    """When nothing structural changed: what readers read, never the raw wikitext."""
    words = word_changes(_page_prose(old, rules), _page_prose(new, rules))
    if words:
        return Change("text_changed", {"section": None, "words": words})
    return Change("markup_changed", {"chars": len(new) - len(old)})


def diff_revision(
    old: str | None, new: str, *, rules: DiffRules | None = None, talk: bool = False
) -> list[Change]:
    """What changed between a parent revision's wikitext and its child's, structurally.

    `old` is None for a page's first revision. `talk` selects the talk-page view: new
    discussions and replies, not templates and links.
    """
    rules = rules or DiffRules()
    if old is None:
        return [Change("page_created", {"chars": len(new)})]
    if old == new:
        return []
    replaced = _page_replaced(old, new)
    if replaced is not None:
        return [replaced]
    changes = _unredirected(old, new)
    if talk:
        return changes + _diff_sections(_sections(old), _sections(new), rules, talk=True)
    changes += _article_changes(old, new, rules)
    return changes or [_reading_change(old, new, rules)]


def touched_sections(old: str, new: str) -> list[str]:
    """The headings of the sections an edit added, removed or changed ("" for the lead), in
    the new text's order, then the removed ones: a scan of lines, no parse, linear in the
    texts, for a revision too large to diff (`coarse_change`). A heading repeated on a page
    is told apart by its place among its namesakes."""
    before, after = _raw_sections(old), _raw_sections(new)
    touched = [key for key, body in after.items() if before.get(key) != body]
    touched += [key for key in before if key not in after]
    return [title for title, _ in touched]


def _raw_sections(text: str) -> dict[tuple[str, int], str]:
    """(heading as written, its number among equal headings) -> the section's text, by lines.
    Only a short line is matched against the heading pattern, so no line costs more than
    HEADING_LINE_MAX characters of matching."""
    out: dict[tuple[str, int], str] = {}
    seen: Counter[str] = Counter()
    title, start, pos = "", 0, 0
    for line in text.splitlines(keepends=True):
        head = line.strip()
        if head.startswith("=") and head.endswith("=") and len(head) <= HEADING_LINE_MAX:
            m = _HEADING.match(head)
            if m:
                out[(title, seen[title])] = text[start:pos]
                seen[title] += 1
                title, start = m.group(2).strip(), pos
        pos += len(line)
    out[(title, seen[title])] = text[start:]
    return out


def coarse_change(old: str | None, new: str, kind: str = "too_large") -> Change:
    """What can honestly be said of a revision whose structural diff went over its budget
    (`too_large`) or failed (`not_compared`): its size, how much it grew or shrank, and the
    sections it touched, without parsing it."""
    sections = touched_sections(old or "", new)
    return Change(
        kind,
        {
            "chars": len(new),
            "delta": len(new) - len(old or ""),
            "sections": sections[:MAX_COARSE_SECTIONS],
            "more_sections": max(0, len(sections) - MAX_COARSE_SECTIONS),
        },
    )


def find_reverts(
    revisions: Sequence[tuple[int, str]], new_revids: set[int], window: int = 15
) -> dict[int, list[int]]:
    """Which new revisions restore an earlier state, and which revisions they undo.

    `revisions` is (revid, sha1) oldest first, the page's history as far as known. A revision
    whose SHA1 equals one of the `window` revisions before its parent is a revert; the revisions
    in between are the reverted ones. (Equal to its own parent is a null edit, not a revert.)
    """
    out: dict[int, list[int]] = {}
    for i, (revid, sha1) in enumerate(revisions):
        if revid not in new_revids or not sha1 or i < 2 or revisions[i - 1][1] == sha1:
            continue
        for j in range(i - 2, max(-1, i - 2 - window), -1):
            if revisions[j][1] == sha1:
                out[revid] = [r for r, _ in revisions[j + 1 : i]]
                break
    return out


def revert_change(
    revisions: Sequence[tuple[int, str]], revid: int, undone: Sequence[int], users: dict[int, str]
) -> Change:
    """The one change of a reverting revision: which revision it restored and whose edits it
    undid. What it puts back (sections, references, categories) was there before: not new."""
    order = [r for r, _ in revisions]
    first = order.index(undone[0]) if undone and undone[0] in order else 0
    restored = order[first - 1] if first > 0 else None
    undid_users = sorted({users[r] for r in undone if users.get(r)})
    return Change("revert", {"restored": restored, "undid": list(undone), "users": undid_users})
