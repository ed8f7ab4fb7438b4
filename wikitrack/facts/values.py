"""Dutch numbers, dates and names as nl.wikipedia writes them: read, compare, write. Pure.

The wiki's rules that shape this module (REFERENCE.md, "Facts for the facts register"):

- A dot groups thousands and a comma is the decimal sign (`218.000`, `248,77`); pages also group
  with a space (often a no-break or narrow no-break space), write the figure bare (`218000`) or
  through `{{formatnum:218000}}`, whose argument is in machine format (`248.77`).
- Dates are written `1 januari 2025`, `1 jan. 2025`, `2025-01-01`, `1-1-2025` or through a date
  template (`{{Datum|2025|1|1}}`, `{{dts|1|1|2025}}`); a reference date may be a year alone.
- Values carry links (`[[Hein Verbeek|H. Verbeek]]`), `<ref>`s and comments.

Nothing here guesses: a text that is not a number in Dutch notation (`248.77` outside
formatnum) reads as no number at all, and the caller reports it as it stands.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from wikitrack.wiki.sitefacts import MONTHS

__all__ = [
    "COMPARE_MODES",
    "UNITS",
    "FactDate",
    "Comparison",
    "plain_text",
    "parse_number",
    "parse_date",
    "name_candidates",
    "compare_values",
    "format_number",
    "format_date",
    "unit_in",
]

COMPARE_MODES: tuple[str, ...] = ("exact", "number", "date", "name")
# Units a fact may carry, and the spellings pages use for them. "" is a plain count or text.
UNITS: dict[str, tuple[str, ...]] = {
    "": (),
    "inwoners": ("inwoners", "inw."),
    "km²": ("km²", "km2", "km<sup>2</sup>", "vierkante kilometer"),
    "ha": ("ha", "hectare"),
    "km": ("km", "kilometer"),
    "m": ("m", "meter"),
    "%": ("%", "procent"),
    "zetels": ("zetels",),
    "woningen": ("woningen",),
    "euro": ("euro", "€"),
    "jaar": ("jaar",),
}

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_REF = re.compile(r"<ref\b[^>]*?/>|<ref\b[^>]*>.*?(?:</ref\s*>|$)", re.S | re.I)
_FORMATNUM = re.compile(r"\{\{\s*formatnum\s*:\s*([^{}|]*?)\s*(?:\|[^{}]*)?\}\}", re.I)
_WIKILINK = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")
_EXTLINK = re.compile(r"\[(?:https?:)?//[^\s\]]+\s+([^\]]*)\]")
_TAG = re.compile(r"</?[a-z][a-z0-9]*\b[^<>]*>", re.I)
_QUOTES = re.compile(r"'{2,}")
# The spaces pages group digits with: normal, no-break, narrow no-break, thin.
_SPACES = re.compile(r"[ \u00a0\u202f\u2009]|&nbsp;|&#160;|&thinsp;")
_GROUPED = r"\d{1,3}(?:(?P<sep>[. ])\d{3})(?:(?P=sep)\d{3})*"
_NUMBER = re.compile(
    rf"(?<![\d.,])(?P<sign>[-−])?(?P<int>{_GROUPED}|\d+)(?:,(?P<frac>\d+))?(?![.,]?\d)"
)
_MACHINE = re.compile(r"^[-−]?\d+(?:\.\d+)?$")


def plain_text(raw: str) -> str:
    """The value as readers see it: comments and refs gone, links their labels, markup gone,
    entities decoded, spaces of every kind one space."""
    text = _REF.sub("", _COMMENT.sub("", raw))
    text = _FORMATNUM.sub(lambda m: _machine_to_dutch(m.group(1)), text)
    text = _WIKILINK.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(1), text)
    text = _EXTLINK.sub(lambda m: m.group(1), text)
    text = _QUOTES.sub("", _TAG.sub("", text.replace("<sup>2</sup>", "²")))
    text = _SPACES.sub(" ", html.unescape(text))
    return " ".join(text.split())


def _machine_to_dutch(arg: str) -> str:
    """formatnum's argument (`218000`, `248.77`) as a plain Dutch figure; anything else as is."""
    arg = arg.strip()
    return arg.replace(".", ",") if _MACHINE.match(arg) else arg


def parse_number(raw: str) -> Decimal | None:
    """The first figure in `raw` read the Dutch way, or None when there is none."""
    m = _NUMBER.search(plain_text(raw))
    if not m:
        return None
    digits = m.group("int").replace(".", "").replace(" ", "")
    text = digits + (f".{m.group('frac')}" if m.group("frac") else "")
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits digits only
        return None
    return -value if m.group("sign") else value


def unit_in(raw: str) -> str | None:
    """The unit written after the figure in `raw`, as a key of UNITS, or None."""
    text = plain_text(raw).lower()
    m = _NUMBER.search(text)
    rest = text[m.end() :].strip() if m else text
    for unit, spellings in UNITS.items():
        for s in spellings:
            if re.match(re.escape(s.lower()) + r"(?![a-z])", rest):
                return unit
    return None


@dataclass(frozen=True, order=True)
class FactDate:
    """A date as precise as the page wrote it: a year, a month of a year, or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> int:
        return 3 if self.day else 2 if self.month else 1

    def parts(self, precision: int) -> tuple[int, ...]:
        return (self.year, self.month or 0, self.day or 0)[:precision]

    def older_than(self, other: FactDate) -> bool:
        """Earlier than `other` at the precision both have (2024 is older than 1-1-2025;
        2025 is not older than 1-1-2025)."""
        p = min(self.precision, other.precision)
        return self.parts(p) < other.parts(p)

    def same_as(self, other: FactDate) -> bool:
        p = min(self.precision, other.precision)
        return self.parts(p) == other.parts(p)

    def iso(self) -> str:
        return "-".join(
            f"{v:02d}" if i else f"{v:04d}" for i, v in enumerate(self.parts(self.precision))
        )


_MONTH_NAMES = {**MONTHS, "sept": 9, "febr": 2, "okt": 10, "maa": 3}
_MONTH = r"(?P<mon>[a-z]+)\.?"
_DAY_MONTH_YEAR = re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})e? {_MONTH} (?P<y>\d{{4}})(?!\d)", re.I)
_MONTH_YEAR = re.compile(rf"(?<![\w]){_MONTH} (?P<y>\d{{4}})(?!\d)", re.I)
_ISO = re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})(?!\d)")
_YEAR = re.compile(r"(?<![\d.,])(?P<y>1\d{3}|2\d{3})(?![\d.,]?\d)")
_TEMPLATE = re.compile(r"\{\{\s*([^{}|]+?)\s*\|([^{}]*)\}\}")
DATE_TEMPLATES: tuple[str, ...] = ("datum", "dts", "date", "start date", "startdatum", "dat")


def _make_date(y: int, m: int | None = None, d: int | None = None) -> FactDate | None:
    try:
        date(y, m or 1, d or 1)
    except ValueError:
        return None
    return FactDate(y, m, d)


def _date_from_template(raw: str) -> tuple[bool, FactDate | None]:
    """A date template's date: positional numbers (or a month's name) in year-month-day or
    day-month-year order (the four-digit year says which), or one argument that is a date
    itself. The first value says whether there was a date template at all: one that cannot be
    read is no date, never a year guessed from what is around it."""
    for m in _TEMPLATE.finditer(raw):
        if " ".join(m.group(1).replace("_", " ").split()).lower() not in DATE_TEMPLATES:
            continue
        args = [a.strip() for a in m.group(2).split("|") if "=" not in a and a.strip()]
        if len(args) == 1:
            return True, parse_date(args[0])
        nums = [_date_part(a) for a in args[:3]]
        if not nums or None in nums:
            return True, None
        parts = [n for n in nums if n is not None]
        if len(args[0]) == 4:
            return True, _make_date(*parts)
        if len(args[len(parts) - 1]) == 4:
            return True, _make_date(*reversed(parts))
        return True, None
    return False, None


def _date_part(arg: str) -> int | None:
    if arg.isascii() and arg.isdigit():
        return int(arg)
    return _MONTH_NAMES.get(arg.lower().rstrip("."))


def parse_date(raw: str) -> FactDate | None:
    """The first date in `raw` (day, month or year precise), or None when there is none."""
    templated, found = _date_from_template(raw)
    if templated:
        return found
    text = plain_text(raw)
    for pattern in (_ISO, _DMY):
        if m := pattern.search(text):
            return _make_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if m := _DAY_MONTH_YEAR.search(text):
        if m["mon"].lower() not in _MONTH_NAMES:
            return None  # "1 smarch 2025" is a malformed date, not the year 2025
        return _make_date(int(m["y"]), _MONTH_NAMES[m["mon"].lower()], int(m["d"]))
    for m in _MONTH_YEAR.finditer(text):
        if m["mon"].lower() in _MONTH_NAMES:
            return _make_date(int(m["y"]), _MONTH_NAMES[m["mon"].lower()])
    if m := _YEAR.search(text):
        return FactDate(int(m["y"]))
    return None


def _norm_name(text: str) -> str:
    return " ".join(_QUOTES.sub("", text).split()).casefold()


def name_candidates(raw: str) -> set[str]:
    """What a name value may be read as: the text readers see, each link's target and label,
    and the text before a parenthesis ("Hein Verbeek (VVD)")."""
    clean = _REF.sub("", _COMMENT.sub("", raw))
    found = {plain_text(clean)}
    for m in _WIKILINK.finditer(clean):
        found.add(m.group(1))
        if m.group(2):
            found.add(m.group(2))
    found |= {f.split("(")[0] for f in found if "(" in f}
    return {_norm_name(f) for f in found if f.strip()}


@dataclass(frozen=True)
class Comparison:
    """Whether the wiki's text says our value; `wiki` is how it reads ('' when unreadable)."""

    equal: bool
    wiki: str
    reason: str = ""


def compare_values(mode: str, ours: str, raw: str, tolerance: Decimal = Decimal(0)) -> Comparison:
    """Does the wiki's text `raw` say our value `ours`, compared as `mode`?"""
    if mode == "number":
        a, b = parse_number(ours), parse_number(raw)
        if b is None:
            return Comparison(False, "", "the wiki's text is not a number in Dutch notation")
        return Comparison(a is not None and abs(a - b) <= tolerance, _show_number(b))
    if mode == "date":
        da, db = parse_date(ours), parse_date(raw)
        if db is None:
            return Comparison(False, "", "the wiki's text is not a date")
        return Comparison(da is not None and da == db, db.iso())
    if mode == "name":
        cands = name_candidates(raw)
        return Comparison(_norm_name(ours) in cands, plain_text(raw))
    shown = " ".join(_REF.sub("", _COMMENT.sub("", raw)).split())
    return Comparison(" ".join(ours.split()) in {shown, plain_text(raw)}, shown)


def _show_number(value: Decimal) -> str:
    return format_number(value, "1.000")


# -- writing a value the way the page writes it -------------------------------------------------


def _grouping(like: str) -> str | None:
    """The digit-grouping the page uses in `like`: '.', a kind of space, '' (bare), or None
    when `like` shows no figure of four or more digits to learn from."""
    text = _COMMENT.sub("", _REF.sub("", like))
    for sep in (".", " ", "\u00a0", "\u202f", "&nbsp;", "&#160;"):
        if re.search(r"(?<![\d.,])\d{1,3}" + re.escape(sep) + r"\d{3}(?!\d)", text):
            return sep
    return "" if re.search(r"(?<![\d.,])\d{4,}", text) else None


def format_number(value: Decimal, like: str) -> str:
    """`value` written the way `like` writes figures: through formatnum, grouped by a dot or a
    space of the same kind, or bare; a decimal comma. Dot grouping when `like` shows none."""
    sign = "-" if value < 0 else ""
    integer, _, frac = f"{abs(value):f}".partition(".")
    if _FORMATNUM.search(like):
        return "{{formatnum:" + sign + integer + (f".{frac}" if frac else "") + "}}"
    sep = _grouping(like)
    sep = "." if sep is None else sep
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    return sign + sep.join(groups) + (f",{frac}" if frac else "")


_LONG_MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()
_SHORT_MONTHS = "jan feb mrt apr mei jun jul aug sep okt nov dec".split()


def format_date(value: FactDate, like: str) -> str:
    """`value` written the way `like` writes dates: ISO, day-month-year with dashes, an
    abbreviated or a full month name, a year alone, or the same date template."""
    text = plain_text(like)
    if _TEMPLATE.search(like) and (tpl := _format_template(value, like)):
        return tpl
    if _ISO.search(text):
        return value.iso()
    if m := _DMY.search(text):
        sep = text[m.end("d")]
        return sep.join(str(p) for p in reversed(value.parts(value.precision)))
    if value.precision == 1 or (_YEAR.fullmatch(text.strip()) and value.precision >= 1):
        return str(value.year)
    m = _DAY_MONTH_YEAR.search(text)
    month = (value.month or 1) - 1
    if m and m["mon"].lower() in _SHORT_MONTHS and m["mon"].lower() not in _LONG_MONTHS:
        dot = "." if text[m.end("mon") : m.end("mon") + 1] == "." else ""
        name = _SHORT_MONTHS[month] + (dot if _SHORT_MONTHS[month] != "mei" else "")
    else:
        name = _LONG_MONTHS[month]
    if value.precision == 2:
        return f"{name} {value.year}"
    return f"{value.day} {name} {value.year}"


def _format_template(value: FactDate, like: str) -> str | None:
    """The date template of `like` with `value`'s numbers in the template's own order."""
    m = _TEMPLATE.search(like)
    if not m or " ".join(m.group(1).split()).lower() not in DATE_TEMPLATES:
        return None
    args = [a.strip() for a in m.group(2).split("|")]
    if len(args) != 3 or not all(a.isdigit() for a in args) or value.precision < 3:
        return None
    nums = [str(value.year), str(value.month), str(value.day)]
    if len(args[0]) != 4:
        nums.reverse()
    return "{{" + m.group(1) + "|" + "|".join(nums) + "}}"
