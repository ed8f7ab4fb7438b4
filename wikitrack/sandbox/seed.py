"""The sandbox's seed lemmas: readable `.wiki` files, one per policy area, turned into an XML dump.

A file holds several pages, each starting with a marker line:

    === PAGE Title ===            an article
    === TALK Title ===            the talk page (Overleg:Title) of an article
    === REDIRECT From -> To ===   a redirect

A marker may end in `@ 2022-05-10T09:00:00Z`: the page's revision at that time. The same title
repeated with later times gives the page a history (oldest first), which `wikitrack health`
reads to date a template. Files in `seed/health/` hold the lemmas with known problems for it;
they come after the area files, so the area lemmas keep their page IDs and timestamps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from xml.sax.saxutils import escape

from wikitrack.wiki.sitefacts import talk_title

__all__ = ["SeedPage", "iter_seed_pages", "parse_seed", "build_dump"]

_MARKER = re.compile(r"^=== (PAGE|TALK|REDIRECT) (.+?) ===$")
_AUTHORS = ("Pieter Bakker", "Fatima El Amrani", "Kees Jansen")


@dataclass(frozen=True)
class SeedPage:
    title: str
    namespace: int
    text: str
    area: str = ""
    timestamp: str = ""


def parse_seed(text: str, area: str = "") -> Iterator[SeedPage]:
    kind, name, lines = "", "", []  # type: tuple[str, str, list[str]]
    for line in [*text.splitlines(), "=== PAGE  ==="]:
        m = _MARKER.match(line) if line.startswith("=== ") else None
        if m or line == "=== PAGE  ===":
            name, _, stamp = name.partition(" @ ")
            if kind == "PAGE":
                yield SeedPage(name, 0, "\n".join(lines).strip() + "\n", area, stamp.strip())
            elif kind == "TALK":
                text = "\n".join(lines).strip() + "\n"
                yield SeedPage(talk_title(name), 1, text, area, stamp.strip())
            elif kind == "REDIRECT":
                src, _, dst = name.partition(" -> ")
                yield SeedPage(src.strip(), 0, f"#DOORVERWIJZING [[{dst.strip()}]]\n", area)
            if m:
                kind, name, lines = m.group(1), m.group(2).strip(), []
            continue
        lines.append(line)


def iter_seed_pages() -> Iterator[SeedPage]:
    folder = resources.files("wikitrack.sandbox") / "seed"
    for directory in (folder, folder / "health"):
        for entry in sorted(directory.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".wiki"):
                yield from parse_seed(entry.read_text(encoding="utf-8"), entry.name[:-5])


def _same_page(a: SeedPage, b: SeedPage) -> bool:
    """Revisions of one page follow each other in a seed file (its history, oldest first)."""
    return (a.title, a.namespace) == (b.title, b.namespace)


def build_dump(pages: Iterable[SeedPage], *, start_year: int = 2023) -> str:
    """A MediaWiki export (schema 0.11) that `importDump.php` reads."""
    out = [
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="nl">'
    ]
    pages = list(pages)
    for i, page in enumerate(pages):
        month, day = 1 + i % 12, 1 + (i * 7) % 28
        stamp = page.timestamp or (
            f"{start_year + i % 2}-{month:02d}-{day:02d}T10:{i % 60:02d}:00Z"
        )
        same_page = i > 0 and _same_page(pages[i - 1], page)
        if not same_page:
            out.append(f"<page><title>{escape(page.title)}</title><ns>{page.namespace}</ns>")
        out.append(
            f"<revision><timestamp>{stamp}</timestamp>"
            f"<contributor><username>{escape(_AUTHORS[i % 3])}</username></contributor>"
            f"<comment>{'Bewerking' if same_page else 'Nieuw artikel'}</comment>"
            "<model>wikitext</model><format>text/x-wiki</format>"
            # MediaWiki trims trailing whitespace on every save; a seed that kept it could
            # never be restored exactly (same SHA1) by an edit, so no revert would be seen.
            f'<text xml:space="preserve">{escape(page.text.rstrip())}</text></revision>'
        )
        last = i + 1 == len(pages) or not _same_page(pages[i + 1], page)
        if last:
            out.append("</page>")
    out.append("</mediawiki>\n")
    return "\n".join(out)
