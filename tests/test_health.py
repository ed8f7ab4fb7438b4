"""Lemma health on plain data: readable fixtures in tests/data, expected findings here."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from wikitrack.health.assess import (
    Finding,
    HealthRules,
    compare_runs,
    find_article_problems,
    find_record_problems,
    find_talk_problems,
    iter_signatures,
    parse_wiki_date,
    rank_lemmas,
    templates_present,
)

DATA = Path(__file__).parent / "data"
ARTICLE = (DATA / "health_article.wiki").read_text(encoding="utf-8")
TALK = (DATA / "health_talk.wiki").read_text(encoding="utf-8")
TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
RULES = HealthRules(team_users=frozenset({"Anouk-GemeenteAlmere"}))


def keys(findings):
    return sorted(f.key for f in findings)


def test_article_findings_are_exactly_the_problems_in_the_text():
    found = find_article_problems(ARTICLE, RULES, TODAY)
    assert keys(found) == [
        "dead_link:https://example.org/oud",
        "dead_link:https://www.almere.nl/muziekwijk",
        "maintenance:Bron?#1",
        "nomination:Wiu#1",
        "old_date:Infobox woonwijk:inwoners",
        "old_date:Infobox woonwijk:woningen",
        "unreferenced_section:Geschiedenis",
    ]


def test_old_dates_name_the_parameter_its_value_and_its_date():
    found = {f.key: f for f in find_article_problems(ARTICLE, RULES, TODAY)}
    inwoners = found["old_date:Infobox woonwijk:inwoners"]
    assert inwoners.details == {
        "template": "Infobox woonwijk",
        "param": "inwoners",
        "value": "22.000",
        "date_param": "peildatum",
        "date": "1 januari 2015",
    }
    assert inwoners.since == "2015-01-01T00:00:00Z"
    woningen = found["old_date:Infobox woonwijk:woningen"]
    assert (woningen.details["value"], woningen.details["date"]) == ("9.100 (2016)", "2016")
    assert woningen.since == "2016-12-31T00:00:00Z"


def test_a_recent_date_and_a_year_that_is_a_fact_are_not_old_dates():
    found = keys(find_article_problems(ARTICLE, RULES, TODAY))
    assert "old_date:Infobox woonwijk:oppervlakte" not in found  # oppervlakte_peildatum 2025
    assert "old_date:Infobox woonwijk:opgeleverd" not in found  # 1985 is the fact itself
    lenient = HealthRules(max_age_days=365 * 20)
    assert not [f for f in find_article_problems(ARTICLE, lenient, TODAY) if f.kind == "old_date"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1 januari 2015", date(2015, 1, 1)),
        ("1 jan. 2015", date(2015, 1, 1)),
        ("februari 2016", date(2016, 2, 29)),
        ("2019-03-04", date(2019, 3, 4)),
        ("04-03-2019", date(2019, 3, 4)),
        ("stand 2019", date(2019, 12, 31)),
        ("onbekend", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_wiki_date(text) == expected


def test_templates_inside_references_are_not_claims_but_dead_links_there_are():
    text = "Tekst.<ref>{{bron?}} {{Citeer web|url=https://x.example/a|url-status=dead}}</ref>"
    assert keys(find_article_problems(text, RULES, TODAY)) == ["dead_link:https://x.example/a"]


def test_template_names_match_whatever_the_first_letter_and_lists_are_configurable():
    text = "{{Weg|reden=ne}}\n{{verouderd}}\nTekst.{{Feit}}"
    assert keys(find_article_problems(text, RULES, TODAY)) == [
        "maintenance:Feit#1",
        "nomination:Weg#1",
        "outdated:Verouderd#1",
    ]
    assert templates_present(text, RULES) == {
        "maintenance:Feit#1",
        "nomination:Weg#1",
        "outdated:Verouderd#1",
    }
    only_weg = HealthRules(maintenance=frozenset(), outdated=frozenset())
    assert keys(find_article_problems(text, only_weg, TODAY)) == ["nomination:Weg#1"]


def test_a_redirect_has_no_problems():
    assert find_article_problems("#DOORVERWIJZING [[Almere]]", RULES, TODAY) == []


def test_signatures_in_dutch_english_and_of_logged_out_editors():
    text = (
        "a [[Gebruiker:Pieter Bakker|P]] 12 mrt 2024 10:12 (CET)\n"
        "b [[User:Kees_Jansen|K]] 09:00, 2 February 2024 (UTC)\n"
        "c [[Speciaal:Bijdragen/203.0.113.7|203.0.113.7]] 1 aug 2024 12:00 (CEST)\n"
    )
    assert [(u, w.isoformat()) for u, w in iter_signatures(text)] == [
        ("Pieter Bakker", "2024-03-12T09:12:00+00:00"),
        ("Kees Jansen", "2024-02-02T09:00:00+00:00"),
        ("203.0.113.7", "2024-08-01T10:00:00+00:00"),
    ]


def test_talk_findings_unanswered_sections_and_our_own_waiting_request():
    found = find_talk_problems(TALK, RULES, NOW, last_edit="2024-05-01T08:00:00Z")
    assert [(f.kind, f.details, f.since) for f in found] == [
        (
            "talk_unanswered",
            {"section": "Inwonertal", "user": "Pieter Bakker"},
            "2024-03-12T09:12:00Z",
        ),
        (
            "own_request",
            {
                "section": "Verzoek om correctie (#7): woningen verouderd",
                "user": "Anouk-GemeenteAlmere",
                "correction": 7,
            },
            "2026-10-01T07:30:00Z",
        ),
        ("talk_unanswered", {"section": "Unsigned", "user": ""}, "2024-05-01T08:00:00Z"),
    ]


def test_a_fresh_request_is_not_yet_waiting_too_long():
    patient = HealthRules(team_users=frozenset({"Anouk-GemeenteAlmere"}), request_days=90)
    found = find_talk_problems(TALK, patient, NOW)
    assert [f.kind for f in found] == ["talk_unanswered"]


def test_open_corrections_and_reviews():
    corrections = [
        {"id": 1, "status": "proposed", "what": "inwonertal", "created": "2026-11-01T00:00:00Z"},
        {"id": 2, "status": "verified", "what": "klaar"},
        {"id": 3, "status": "reverted", "what": "teruggedraaid"},
    ]
    reviews = [
        {"id": 4, "status": "open", "reason": "klopt dit?", "due": "2026-12-01"},
        {"id": 5, "status": "done", "reason": "af"},
    ]
    assert keys(find_record_problems(corrections, reviews)) == [
        "correction:1",
        "correction:3",
        "review:4",
    ]


def test_ranking_follows_the_configured_weights_and_skips_healthy_lemmas():
    nomination = Finding("nomination", "nomination:Weg#1")
    sources = [Finding("maintenance", f"maintenance:Bron?#{i}") for i in range(1, 4)]
    lemmas = [(1, "A", [nomination]), (2, "B", sources), (3, "Gezond", [])]
    default = rank_lemmas(lemmas, HealthRules())
    assert [(lem.title, lem.score) for lem in default] == [("A", 80.0), ("B", 60.0)]
    heavy_sources = HealthRules(weights={"nomination": 10, "maintenance": 5})
    assert [lem.title for lem in rank_lemmas(lemmas, heavy_sources)] == ["B", "A"]


def test_compare_runs():
    solved, new = compare_runs([(1, "a"), (1, "b")], [(1, "b"), (2, "c")])
    assert (solved, new) == ({(1, "a")}, {(2, "c")})


def test_report_speaks_plain_dutch_escapes_wiki_text_and_counts_the_trend():
    from wikitrack.health.overview import build_health_report, render_health
    from wikitrack.health.stored import StoredFinding

    rows = [
        {
            "page_id": 1,
            "title": "Almere <script>",
            "kind": "maintenance",
            "key": "maintenance:Bron?#1",
            "details": {"template": "Bron?", "reason": "<b>x</b>", "since_exact": False},
            "since": "2022-05-10T09:00:00Z",
        }
    ]
    before_rows = [
        *rows,
        {
            "page_id": 2,
            "title": "Weerwater",
            "kind": "dead_link",
            "key": "dead_link:https://x.example",
            "details": {"url": "https://x.example"},
            "since": "",
        },
    ]
    report = build_health_report(
        [("bestuur", "Bestuur")],
        {"bestuur": [StoredFinding(**r) for r in rows]},
        rules=RULES,
        api_url="https://nl.wikipedia.org/w/api.php",
        now="2026-11-25T12:00:00Z",
        before={"bestuur": ("2026-10-20T04:00:00Z", [StoredFinding(**r) for r in before_rows])},
        solving={(2, "dead_link:https://x.example"): [12]},
    )
    text = render_health(report, "text")
    assert "1 open probleem minder dan op 20 okt 2026." in text
    assert "Onderhoudssjabloon {{Bron?}} (<b>x</b>). Voeg een betrouwbare bron toe" in text
    assert "[minstens sinds 10 mei 2022]" in text
    assert "Weerwater: Dode link: https://x.example." in text
    assert "opgelost door correctie #12" in text
    assert "https://nl.wikipedia.org/w/index.php?title=Almere_%3Cscript%3E" in text
    html = render_health(report, "html")
    assert "<script>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<script>" not in render_health(report, "markdown")


def test_very_old_unanswered_questions_are_history_but_our_own_requests_are_not():
    rules = HealthRules(team_users=frozenset({"Anouk-GemeenteAlmere"}), talk_max_days=365)
    found = find_talk_problems(TALK, rules, NOW, last_edit="2024-05-01T08:00:00Z")
    assert [f.kind for f in found] == ["own_request"]


class FakeWiki:
    """Our own wiki interface on canned data: a history (newest first) and its texts."""

    def __init__(self, texts):
        from wikitrack.wiki.pages import Revision

        self.texts = texts  # oldest first
        self.history = [
            Revision(
                revid=i + 1, page_id=7, parent_id=i, timestamp=f"202{i}-01-01T00:00:00Z", user=""
            )
            for i in range(len(texts))
        ][::-1]
        self.fetched: list[list[int]] = []

    def iter_revisions(self, page_id, per_request=50):
        yield from self.history

    def fetch_revision_texts(self, revids):
        self.fetched.append(list(revids))
        return {r: (self.texts[r - 1], "") for r in revids}


def test_template_age_by_bisection_within_the_revisions_read():
    from wikitrack.health.sweep import date_templates

    texts = ["Tekst."] * 3 + ["Tekst.{{bron?}}"] * 6  # added in the 4th revision (2023)
    wiki = FakeWiki(texts)
    dated = date_templates(wiki, {7: {"maintenance:Bron?#1"}}, RULES, limit=50)
    assert dated == {(7, "maintenance:Bron?#1"): ("2023-01-01T00:00:00Z", True)}
    assert len(wiki.fetched) <= 4  # ceil(log2(9 + 1)) rounds, one batch each
    # Only the newest 4 revisions read, all with the template: "at least since" the oldest.
    bounded = date_templates(FakeWiki(texts), {7: {"maintenance:Bron?#1"}}, RULES, limit=4)
    assert bounded == {(7, "maintenance:Bron?#1"): ("2025-01-01T00:00:00Z", False)}


def test_a_figure_is_dated_by_the_source_it_cites_not_by_when_it_was_consulted():
    cited = (
        "{{Infobox plaats in Nederland\n| inwoners = 218.000<ref>{{Citeer web|url=https://cbs.nl"
        "|titel=Bevolking|datum=1 januari 2019|bezochtdatum=1 mei 2026}}</ref>\n"
        "| oppervlakte = 248<ref>{{Citeer web|url=https://x.nl|bezochtdatum=1 mei 2019}}</ref>\n"
        "| burgemeester = Hein van der Loo<ref>Gemeente Almere, 3 maart 2015</ref>\n}}\nTekst."
    )
    (found,) = find_article_problems(cited, RULES, TODAY)
    assert (found.key, found.details["date"], found.since) == (
        "old_date:Infobox plaats in Nederland:inwoners",
        "1 januari 2019",
        "2019-01-01T00:00:00Z",
    )
    from wikitrack.health.overview import describe_finding

    assert describe_finding("old_date", found.details).startswith(
        "Infobox: inwoners = 218.000, volgens een bron van 1 januari 2019."
    )
