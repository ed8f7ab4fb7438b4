"""Finding a fact on its page and classifying it (issue 24), on realistic nl.wikipedia
infoboxes kept as `.wiki` files in tests/data/facts/."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from wikitrack.facts.classify import classify, draft_correction
from wikitrack.facts.locate import locate_fact
from wikitrack.facts.register import Fact, parse_fact
from wikitrack.facts.values import parse_number

DATA = Path(__file__).parent / "data" / "facts"


def page(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def fact(**entry: object) -> Fact:
    base: dict[str, object] = {
        "id": "f",
        "lemma": "Almere",
        "reference_date": date(2025, 1, 1),
        "source": "https://www.cbs.nl/cijfers",
    }
    problems: list[tuple[str, str]] = []
    made = parse_fact({**base, **entry}, "bestuur", lambda k, m: problems.append((k, m)), ("t", 1))
    assert problems == []
    return made


INWONERS_OLD = {
    "template": "Infobox plaats in Nederland",
    "parameter": "inwoners",
    "parameter_aliases": ["inwonertal"],
    "date_parameter": "peildatum",
    "value": 226786,
}


def test_the_template_matches_through_its_name_variants() -> None:
    # "{{infobox_Plaats in Nederland <!-- ... -->": first letter, underscore, a comment
    located = locate_fact(fact(**INWONERS_OLD), page("plaats_variant.wiki"))
    assert located.status == "found"
    assert located.value == "226&nbsp;786"  # through the alias 'inwonertal'
    assert located.date == "{{Datum|2025|1|1}}"
    assert classify(fact(**INWONERS_OLD), located).status == "matches"


def test_a_redirect_name_listed_as_alias_is_the_same_template() -> None:
    f = fact(
        **{
            **INWONERS_OLD,
            "template": "Infobox Nederlandse plaats",
            "template_aliases": ["Sjabloon:Infobox plaats in Nederland"],
        }
    )
    assert locate_fact(f, page("plaats_variant.wiki")).status == "found"
    other = fact(**{**INWONERS_OLD, "template": "Infobox gemeente"})
    result = classify(other, locate_fact(other, page("plaats_variant.wiki")))
    assert result.status == "not_found" and "not on the page" in result.detail


def test_formatnum_with_a_ref_and_an_older_short_date_is_older() -> None:
    f = fact(
        template="Infobox gemeente",
        parameter="inwoners",
        date_parameter="inwoners_peildatum",
        value=84000,
        unit="inwoners",
    )
    result = classify(f, locate_fact(f, page("gemeente_formatnum.wiki")))
    assert result.status == "older"
    assert result.wiki == "82.245" and result.wiki_date == "2024-01-01"
    draft = draft_correction(result)
    assert draft is not None
    assert draft.find.startswith("inwoners         = {{formatnum:82245}}<ref name=")
    assert draft.find.endswith("|inwoners_peildatum = 1 jan. 2024")
    assert "{{formatnum:84000}}<ref>{{Citeer web|url=https://www.cbs.nl/cijfers" in draft.proposed
    assert draft.proposed.endswith("|inwoners_peildatum = 1 jan. 2025")
    assert draft.find in page("gemeente_formatnum.wiki")


def test_same_figure_matches_whatever_the_date_says() -> None:
    f = fact(
        template="Infobox gemeente",
        parameter="inwoners",
        date_parameter="inwoners_peildatum",
        value="82.245",
        compare="number",
    )
    assert classify(f, locate_fact(f, page("gemeente_formatnum.wiki"))).status == "matches"


def test_a_different_figure_with_a_current_date_differs() -> None:
    f = fact(**{**INWONERS_OLD, "value": 230000})
    result = classify(f, locate_fact(f, page("plaats_variant.wiki")))
    assert result.status == "differs" and result.wiki == "226.786"
    draft = draft_correction(result)
    assert draft is not None
    assert draft.proposed.startswith("inwonertal = 230&nbsp;000<ref>")
    assert draft.proposed.endswith("peildatum = {{Datum|2025|1|1}}")


def test_a_name_behind_a_piped_link_with_ref_matches() -> None:
    f = fact(
        template="Infobox gemeente", parameter="burgemeester", value="Hein Verbeek", compare="name"
    )
    assert classify(f, locate_fact(f, page("gemeente_formatnum.wiki"))).status == "matches"


def test_decimal_comma_area_with_comment_matches() -> None:
    f = fact(template="Infobox gemeente", parameter="oppervlakte", value=765.3, unit="km²")
    assert classify(f, locate_fact(f, page("gemeente_formatnum.wiki"))).status == "matches"


def test_a_unit_other_than_ours_differs() -> None:
    f = fact(
        **{
            **INWONERS_OLD,
            "parameter": "oppervlakte",
            "parameter_aliases": [],
            "value": 248.77,
            "unit": "ha",
            "date_parameter": "",
        }
    )
    result = classify(f, locate_fact(f, page("plaats_variant.wiki")))
    assert result.status == "differs" and "km²" in result.detail


def test_an_empty_parameter_is_wikidata_only_when_the_infobox_takes_it() -> None:
    base = {
        "template": "Infobox plaats in Nederland",
        "parameter": "burgemeester",
        "value": "Hein Verbeek",
        "compare": "name",
    }
    assert (
        classify(
            fact(**base, wikidata=True), locate_fact(fact(**base), page("plaats_variant.wiki"))
        ).status
        == "wikidata"
    )
    result = classify(fact(**base), locate_fact(fact(**base), page("plaats_variant.wiki")))
    assert result.status == "not_found" and "empty" in result.detail


def test_a_parameter_that_is_gone_is_not_found_never_guessed() -> None:
    f = fact(template="Infobox gemeente", parameter="wethouders", value=6)
    result = classify(f, locate_fact(f, page("gemeente_formatnum.wiki")))
    assert result.status == "not_found" and "'wethouders' is not in the template" in result.detail
    assert draft_correction(result) is None


def test_an_infobox_on_the_page_twice_is_not_found() -> None:
    f = fact(template="Infobox plaats in Nederland", parameter="inwoners", value=226786)
    result = classify(f, locate_fact(f, page("twee_infoboxen.wiki")))
    assert result.status == "not_found" and "2 times" in result.detail


def test_narrow_no_break_space_and_small_year() -> None:
    f = fact(
        template="Infobox plaats in Nederland",
        parameter="inwoners",
        date_parameter="peildatum",
        value=226786,
    )
    located = locate_fact(f, page("narrow_space.wiki"))
    assert parse_number(located.value) == 226786
    assert classify(f, located).status == "matches"


PROSE = {"section": "Gemeenteraad", "pattern": "telt {value} zetels", "compare": "number"}


def test_a_prose_figure_in_a_nested_section() -> None:
    f = fact(**PROSE, value=47, reference_date="2026")
    result = classify(f, locate_fact(f, page("plaats_variant.wiki")))
    assert result.status == "differs" and result.wiki == "45"
    draft = draft_correction(result)
    assert draft is not None and draft.find == "telt 45 zetels"
    assert draft.proposed.startswith("telt 47 zetels<ref>{{Citeer web|")


def test_a_prose_figure_with_its_date() -> None:
    f = fact(
        section="Bevolking",
        pattern="Op {date} had Almere {value} inwoners",
        compare="number",
        value=230000,
        reference_date=date(2026, 1, 1),
    )
    result = classify(f, locate_fact(f, page("plaats_variant.wiki")))
    assert result.status == "older" and result.wiki_date == "2025-01-01"
    draft = draft_correction(result)
    assert draft is not None
    assert draft.proposed.startswith("Op 1 januari 2026 had Almere 230.000 inwoners")


@pytest.mark.parametrize(
    ("section", "pattern", "why"),
    [
        ("Economie", "telt {value} zetels", "section 'Economie' is not on the page"),
        ("Gemeenteraad", "heeft {value} raadsleden", "not found in section"),
        ("Politiek", "telt {value} zetels", "not on the page"),
    ],
)
def test_a_prose_figure_that_is_gone_is_not_found(section: str, pattern: str, why: str) -> None:
    f = fact(section=section, pattern=pattern, compare="number", value=45)
    result = classify(f, locate_fact(f, page("plaats_variant.wiki")))
    assert result.status == "not_found" and why in result.detail


def test_a_pattern_found_twice_is_not_found() -> None:
    text = "== Bestuur ==\nDe raad telt 45 zetels. Vroeger telt 39 zetels.\n"
    f = fact(section="Bestuur", pattern="telt {value} zetels", compare="number", value=45)
    assert "found 2 times" in classify(f, locate_fact(f, text)).detail


def test_a_draft_replaces_exactly_the_snippet_which_is_in_the_page() -> None:
    for name in ("plaats_variant.wiki", "gemeente_formatnum.wiki", "narrow_space.wiki"):
        text = page(name)
        for param in ("inwoners", "oppervlakte"):
            f = fact(
                template="Infobox gemeente",
                template_aliases=["Infobox plaats in Nederland"],
                parameter=param,
                parameter_aliases=["inwonertal"],
                value=1,
            )
            result = classify(f, locate_fact(f, text))
            draft = draft_correction(result)
            if draft:
                assert text.count(draft.find) == 1
                assert replace(f, value="2").id == "f"


def test_only_the_first_letter_of_a_template_name_is_case_insensitive() -> None:
    text = "{{Infobox Plaats in Nederland\n| inwoners = 5\n}}"
    f = fact(template="infobox plaats in Nederland", parameter="inwoners", value=5)
    assert locate_fact(f, text).status == "missing"
    assert locate_fact(f, text.replace("Plaats", "plaats")).status == "found"


def test_a_source_or_title_with_template_syntax_cannot_break_the_reference() -> None:
    import mwparserfromhell

    from wikitrack.facts.classify import citation

    f = replace(
        fact(**INWONERS_OLD),
        source="https://www.almere.nl/cijfers?a=1|b}}{{weg}}[x]",
        note="Cijfers | {{weg}} <b>",
    )
    ref = citation(f)
    (template,) = mwparserfromhell.parse(ref).filter_templates()
    assert str(template.name) == "Citeer web"
    assert str(template.get("url").value) == (
        "https://www.almere.nl/cijfers?a=1%7Cb%7D%7D%7B%7Bweg%7D%7D%5Bx%5D"
    )
    assert "{" not in str(template.get("titel").value) and "<b>" not in ref
