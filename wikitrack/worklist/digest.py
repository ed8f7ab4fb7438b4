"""The worklist's section of a nightly mail, which leads it: the open items of the person's
areas, new since yesterday, claimed by whom, overdue. Pure; wiki text is escaped in HTML and
stripped of control characters in plain text."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from wikitrack.texts import texts
from wikitrack.worklist.core import Item, is_item_overdue, rank

__all__ = ["WorklistSection", "item_line"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _plain(text: str) -> str:
    return _CONTROL.sub("", text)


def item_line(item: Item, s: dict, *, new: bool, overdue: bool) -> str:
    """One item as a line: "#12 Verwijdernominatie: Almere Jazz — ... (opgepakt door X)"."""
    kind = s["kinds"].get(item.kind, item.kind)
    state = s["claimed"].format(holder=item.holder) if item.holder else s["unclaimed"]
    marks = [state]
    if item.deadline:
        marks.append(s["deadline"].format(date=item.deadline))
    marks += [s["new"]] * new + [s["overdue"]] * overdue
    return f"#{item.id} {kind}: {_plain(item.title)} — {_plain(item.text)} ({'; '.join(marks)})"


@dataclass(frozen=True)
class WorklistSection:
    """The items (not done) of a recipient's areas. Listed one by one: those new since `since`
    (the recipient's last mail: taken in after it), those claimed (by whom) and those overdue
    (open longer than `unclaimed_days`, or a deadline within three days); the rest are counted,
    so an open item is no news twice."""

    items: tuple[Item, ...]
    lang: str
    today: date
    since: str
    unclaimed_days: int = 3

    @classmethod
    def of(
        cls, items: Sequence[Item], areas: Sequence[str] | None, **how: object
    ) -> WorklistSection:
        mine = [
            i for i in items if i.state != "done" and (areas is None or set(areas) & set(i.areas))
        ]
        return cls(tuple(rank(mine)), **how)  # type: ignore[arg-type]

    def _lines(self) -> tuple[str, list[str]]:
        s = texts(self.lang, "worklist")
        new = [(i.created or i.appeared) > self.since for i in self.items]
        late = [is_item_overdue(i, self.today, self.unclaimed_days) for i in self.items]
        claimed = sum(1 for i in self.items if i.state == "claimed")
        intro = s["intro"].format(
            open=len(self.items) - claimed, claimed=claimed, new=sum(new), overdue=sum(late)
        )
        rows = [
            item_line(i, s, new=n, overdue=o)
            for i, n, o in zip(self.items, new, late, strict=True)
            if n or o or i.state == "claimed"
        ]
        return intro, rows

    @property
    def listed(self) -> list[int]:
        """The IDs of the items the section lists one by one."""
        return [int(r.split()[0].lstrip("#")) for r in self._lines()[1]]

    def text(self) -> str:
        s = texts(self.lang, "worklist")
        if not self.items:
            return f"{s['heading']}: {s['empty']}\n"
        intro, rows = self._lines()
        return "\n".join([f"{s['heading']}: {intro}", *(f"  * {r}" for r in rows), s["how"]]) + "\n"

    def html(self) -> str:
        s = texts(self.lang, "worklist")
        head = f'<h2 style="font-size:16px;margin:12px 0 4px 0;">{html.escape(s["heading"])}</h2>'
        if not self.items:
            return f'<section id="worklist">{head}<p>{html.escape(s["empty"])}</p></section>'
        intro, rows = self._lines()
        items = "".join(f"<li>{html.escape(r)}</li>" for r in rows)
        return (
            f'<section id="worklist">{head}<p>{html.escape(intro)}</p><ul>{items}</ul>'
            f"<p>{html.escape(s['how'])}</p></section>"
        )

    def attach(self, rendered: str, fmt: str) -> str:
        """`rendered` (a mail's text or HTML part) with this section leading it, right after
        the title."""
        if fmt == "html":
            head, sep, tail = rendered.partition("</h1>")
            if not sep:
                head, sep, tail = rendered.partition("<body>")
            return head + sep + self.html() + tail if sep else self.html() + rendered
        title, sep, rest = rendered.partition("\n")
        return title + sep + "\n" + self.text() + "\n" + rest
