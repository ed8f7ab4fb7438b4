"""Revision pairs for comparing the two ways of parsing (piece by piece, whole page): pages built
from tests/data/almere_old.wiki, edited by a fixed sequence of the edits lemmas see. Plain data,
deterministic; used by tests/test_diff_pieces.py and benchmarks/bench_check.py."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

OLD = (Path(__file__).parent / "data" / "almere_old.wiki").read_text(encoding="utf-8")
_HEAD, _REST = OLD.split("\n== Geschiedenis ==", 1)
_BODY = "== Geschiedenis ==" + _REST.split("== Referenties ==")[0]

# Constructs around a heading line: the whole page must then be parsed as one.
SPANNING = [
    "{{Navigatie\n| inhoud =\n== In een sjabloon ==\ntekst\n}}\n",
    "<!-- oude versie\n== Weggecommentarieerd ==\n[[Categorie:Oud]]\n-->\n",
    '{| class="wikitable"\n|-\n| cel\n== In een tabel ==\n|}\n',
    "<div>\n== In een div ==\n[[Almere Poort]]\n</div>\n",
    "<ref>bron over de kop heen\n== In een ref ==\n</ref>\n",
]


def large_page(sections: int, spanning: bool = False) -> str:
    """A lemma of about 0.7 KB per section: Almere's sections repeated with numbered headings,
    links and references; `spanning` adds constructs around heading lines."""
    parts = [_HEAD, "\n"]
    for i in range(sections):
        body = re.sub(r"(==+) (\w[^=]*?) \1", rf"\1 \2 {i} \1", _BODY)
        body = body.replace("jaar=2004", f"jaar={1900 + i}").replace("45 zetels", f"{i} zetels")
        if i % 7 == 3:
            body += f"=== Onderdeel {i} ===\nMeer over [[Wijk {i}]] en {{{{Bron?}}}}.\n\n"
        if spanning and i % 11 == 5:
            body += SPANNING[(i // 11) % len(SPANNING)]
        parts.append(body)
    parts.append("== Referenties ==\n<references />\n\n[[Categorie:Almere]]\n")
    return "".join(parts)


Edit = Callable[[str, random.Random], str]


def _sections(text: str) -> list[tuple[int, int]]:
    starts = [m.start() for m in re.finditer(r"^==.*==[ \t]*$", text, re.M)]
    return list(zip(starts, starts[1:] + [len(text)], strict=True))


def _in_section(text: str, rng: random.Random, change: Callable[[str], str]) -> str:
    spans = _sections(text)
    if not spans:
        return change(text)
    a, b = rng.choice(spans)
    return text[:a] + change(text[a:b]) + text[b:]


def _word(text: str, rng: random.Random) -> str:
    return _in_section(text, rng, lambda s: s.replace(" de ", f" de {rng.choice('abc')}nieuwe ", 1))


def _infobox(text: str, rng: random.Random) -> str:
    return re.sub(r"inwoners = [\d.]+", f"inwoners = {rng.randint(1, 999)}.000", text, count=1)


def _template(text: str, rng: random.Random) -> str:
    name = rng.choice(["Bron?", "bron?", "Feit", "Weg", "Citeer web|url=https://x.nl"])
    return _in_section(text, rng, lambda s: s.rstrip("\n") + f" {{{{{name}}}}}\n\n")


def _reference(text: str, rng: random.Random) -> str:
    url = f"https://www.almere.nl/{rng.randint(1, 99)}"
    ref = f"<ref>{{{{Citeer web|url={url}|titel=Nieuw}}}}</ref>"
    return _in_section(text, rng, lambda s: s.replace(".\n", "." + ref + "\n", 1))


def _remove_section(text: str, rng: random.Random) -> str:
    spans = _sections(text)
    if len(spans) < 3:
        return text
    a, b = rng.choice(spans[:-1])
    return text[:a] + text[b:]


def _rename(text: str, rng: random.Random) -> str:
    return _in_section(text, rng, lambda s: re.sub(r"^(==+) (.*?) \1", r"\1 \2 (anders) \1", s))


def _category(text: str, rng: random.Random) -> str:
    return text + f"[[Categorie:Test {rng.randint(1, 5)}]]\n"


def _link(text: str, rng: random.Random) -> str:
    target = rng.choice(["Almere Haven", "Lelystad", "Zeewolde"])
    return _in_section(text, rng, lambda s: s.rstrip("\n") + f" Zie [[{target}]].\n\n")


def _unclosed(text: str, rng: random.Random) -> str:
    opener = rng.choice(["{{Citeer web|url=", "<ref>", "<!-- ", "[[", "{|"])
    return _in_section(text, rng, lambda s: s.replace("\n", "\n" + opener, 1))


def _spanning(text: str, rng: random.Random) -> str:
    return _in_section(text, rng, lambda s: s + rng.choice(SPANNING))


def _whitespace(text: str, rng: random.Random) -> str:
    return _in_section(text, rng, lambda s: s.replace(". ", ".  ", 1))


def _markup(text: str, rng: random.Random) -> str:
    return text.replace("'''Almere'''", "''Almere''", 1) if "'''" in text else text + "\n"


def _swap(text: str, rng: random.Random) -> str:
    spans = _sections(text)
    if len(spans) < 3:
        return text
    i = rng.randrange(len(spans) - 2)
    (a, b), (_, c) = spans[i], spans[i + 1]
    return text[:a] + text[b:c] + text[a:b] + text[c:]


def _new_section(text: str, rng: random.Random) -> str:
    n = rng.randint(1, 99)
    section = f"== Nieuw {n} ==\nDe wijk [[Nieuw {n}]] kreeg een school.\n\n"
    return _in_section(text, rng, lambda s: section + s)


def _blank(text: str, rng: random.Random) -> str:
    return text[:100]


EDITS: list[Edit] = [
    _word,
    _infobox,
    _template,
    _reference,
    _remove_section,
    _rename,
    _category,
    _link,
    _unclosed,
    _spanning,
    _whitespace,
    _markup,
    _swap,
    _new_section,
]


def iter_revision_pairs(base: str, steps: int, seed: int) -> Iterator[tuple[str, str]]:
    """(parent, child) pairs of a chain of `steps` edits on `base`; every edit kind in turn, one
    or two at a time, now and then a blanking. The chain goes on from the child, except after
    a blanking or markup left open (the next edit starts from the parent again), so most pairs
    stay well-formed."""
    rng = random.Random(seed)
    order = rng.sample(EDITS, len(EDITS))
    text = base
    for step in range(steps):
        if step % 17 == 16:
            yield text, _blank(text, rng)
            continue
        new = order[step % len(order)](text, rng)
        if rng.random() < 0.3:
            new = rng.choice([e for e in EDITS if e not in (_unclosed, _spanning)])(new, rng)
        yield text, new
        if order[step % len(order)] not in (_unclosed, _spanning):
            text = new
