"""Report rendering on plain data: escaping, folding of reverted vandalism, language, time zone."""

from __future__ import annotations

import json

from tests.stored_rows import build_report
from wikitrack.report.rendering import format_time, render_html, render_markdown, render_text

EVIL_TITLE = "Tom & Jerry <b>"
EVIL_SUMMARY = "<script>alert(1)</script>"


def row(**kw):
    base = {
        "id": "r10:0",
        "timestamp": "2026-11-24T23:30:00Z",
        "page_id": 1,
        "title": "Almere",
        "namespace": 0,
        "kind": "template_param_changed",
        "category": "fact",
        "details": {
            "template": "Infobox plaats in Nederland",
            "param": "inwoners",
            "old": "218.000",
            "new": "226.786",
            "infobox": True,
        },
        "revid": 10,
        "log_id": None,
        "user": "Pieter Bakker",
        "comment": "CBS",
        "anon": 0,
        "temp": 0,
        "bot": 0,
        "is_team": 0,
        "minor": 0,
        "size_delta": 3,
        "reverted_by": None,
        "reverts": "[]",
        "parent_id": 9,
        "areas": ["bestuur", "wonen"],
    }
    base.update(kw)
    return base


AREAS = [("bestuur", "Bestuur & organisatie"), ("wonen", "Wonen")]


def make(rows, **kw):
    return build_report(
        rows,
        AREAS,
        api_url="https://nl.wikipedia.org/w/api.php",
        window=("2026-11-24T00:00:00Z", "2026-11-25T05:00:00Z"),
        now="2026-11-25T05:00:00Z",
        **kw,
    )


def test_plain_language_dutch_default_and_amsterdam_time():
    text = render_text(make([row()]))
    assert "Infobox: inwoners 218.000 → 226.786" in text
    assert "Eerst bekijken:" in text and "Infobox-gegeven gewijzigd" in text
    assert "25 nov 2026 00:30 door Pieter Bakker" in text  # 23:30 UTC is 00:30 in Amsterdam
    assert "https://nl.wikipedia.org/w/index.php?diff=10&oldid=9" in text
    english = render_text(make([row()], lang="en"))
    assert "Act on these first:" in english and "25 Nov 2026 00:30 by Pieter Bakker" in english
    assert format_time("2026-07-01T12:00:00Z", "nl") == "1 jul 2026 14:00"  # summer time


def test_a_lemma_in_two_areas_appears_in_both():
    text = render_text(make([row()]))
    assert text.count("* Almere") == 2
    only = build_report([row()], [("wonen", "Wonen")], api_url="https://x/w/api.php")
    assert [a.slug for a in only.areas] == ["wonen"]


def test_wiki_content_is_escaped_in_html_and_harmless_in_text_and_markdown():
    evil = row(
        title=EVIL_TITLE,
        comment=EVIL_SUMMARY,
        user="<img src=x onerror=alert(2)>",
        details={
            "template": "<i>x</i>",
            "param": "a",
            "old": "<b>",
            "new": "&amp;",
            "infobox": True,
        },
    )
    rep = make([evil], activity={"bestuur": [1] * 30})
    html = render_html(rep)
    assert "<script>" not in html and "<img" not in html and "<i>x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Tom &amp; Jerry &lt;b&gt;" in html
    assert "<script" not in html.lower().replace("&lt;script", "")  # no scripts at all
    assert "http" not in html.split("<body", 1)[0]  # no external resources in the head
    assert "src=" not in html.replace("onerror", "") or "&lt;img src=x" in html
    md = render_markdown(rep)
    assert "<script>" not in md and "&lt;script&gt;" in md and "Tom &amp; Jerry &lt;b&gt;" in md
    text = render_text(make([row(comment="ok\x1b[2J\x1b[Hgone\u202e")]))
    assert "\x1b" not in text and "\u202e" not in text and "ok[2J[Hgone" in text


def test_reverted_vandalism_folds_into_one_line():
    vandal = row(
        id="r11:0",
        revid=11,
        parent_id=10,
        kind="blanked",
        category="",
        details={"removed_chars": 900, "remaining": "lol"},
        user="203.0.113.7",
        anon=1,
        reverted_by=12,
        comment="",
    )
    revert = row(
        id="r12:0",
        revid=12,
        parent_id=11,
        kind="text_changed",
        category="",
        details={"section": None, "words": [{"old": "lol", "new": "Almere is"}]},
        reverts=json.dumps([11]),
        comment="rv",
    )
    rep = make([vandal, revert])
    (lemma,) = rep.areas[0].lemmas
    assert len(lemma.entries) == 1 and lemma.entries[0].folded
    assert "already" not in lemma.entries[0].lines[0]
    assert (
        "Bewerking van 203.0.113.7 is al teruggedraaid door Pieter Bakker"
        in (lemma.entries[0].lines[0])
    )
    assert not [p for p in rep.priorities if p.kind == "blanked"]  # reverted: nothing to do
    live = make(
        [
            row(
                id="r11:0",
                revid=11,
                kind="blanked",
                category="",
                details={"removed_chars": 900, "remaining": ""},
            )
        ]
    )
    assert [p.kind for p in live.priorities] == ["blanked"]


def test_priorities_come_in_order_and_html_has_a_chart_and_word_diff():
    rows = [
        row(
            id="a",
            revid=20,
            kind="talk_section_added",
            category="",
            details={"section": "Vraag", "text": "?"},
        ),
        row(
            id="b",
            revid=21,
            kind="template_added",
            category="nomination",
            details={"template": "Weg", "wikitext": "{{weg}}"},
        ),
        row(
            id="c",
            revid=22,
            kind="section_edited",
            category="",
            details={"section": "Geschiedenis", "words": [{"old": "1976", "new": "1975"}]},
        ),
        row(id="d", revid=23, is_team=1, user="Anouk-GemeenteAlmere"),
    ]
    rep = make(
        rows,
        activity={"bestuur": [0] * 29 + [4]},
        logged_team_revids=set(),
        overdue=[{"id": 3, "title": "Almere", "area": "wonen", "reason": "x", "due": "2026-11-01"}],
    )
    assert [p.kind for p in rep.priorities] == ["nomination", "fact", "team", "talk", "overdue"]
    html = render_html(rep)
    assert '<del style="background:#fed7d7;color:#742a2a;">1976</del>' in html
    assert "height:22px" in html  # the busiest day fills the bar
    assert "Genomineerd voor verwijdering ({{Weg}})" in html
