"""The structural diff on plain data: readable fixtures in tests/data, expected changes here."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikitrack.check.diff import DiffRules, diff_revision, find_reverts, is_redirect

DATA = Path(__file__).parent / "data"
OLD = (DATA / "almere_old.wiki").read_text(encoding="utf-8")


def kinds(changes):
    return [(c.kind, c.category) for c in changes]


def test_infobox_fact_change_names_template_param_old_and_new():
    new = OLD.replace("inwoners = 218.000", "inwoners = 226.786")
    (change,) = diff_revision(OLD, new)
    assert change.kind == "template_param_changed"
    assert change.category == "fact"
    assert change.details == {
        "template": "Infobox plaats in Nederland",
        "param": "inwoners",
        "old": "218.000",
        "new": "226.786",
        "infobox": True,
    }


@pytest.mark.parametrize(
    "template",
    ["weg", "Weg", "nuweg", "ne", "wiu", "auteur", "reclame", "wb", "samenvoegen", "artikelweg"],
)
def test_deletion_nominations_are_flagged_whatever_the_first_letter(template):
    new = "{{" + template + "|reden=test}}\n" + OLD
    assert kinds(diff_revision(OLD, new)) == [("template_added", "nomination")]


def test_maintenance_templates_are_flagged_and_lists_are_configurable():
    new = OLD.replace("zes wethouders.", "zes wethouders.{{bron?}}")
    assert kinds(diff_revision(OLD, new)) == [("template_added", "maintenance")]
    rules = DiffRules.from_lists(["Weg"], ["Feit"])
    assert kinds(diff_revision(OLD, new, rules=rules)) == [("template_added", "")]


def test_template_removed():
    new = OLD.replace("{{Infobox", "{{Infobox", 1)
    nominated = "{{weg}}\n" + OLD
    assert kinds(diff_revision(nominated, new)) == [("template_removed", "nomination")]


def test_sections_added_removed_renamed_and_edited():
    new = OLD.replace("== Bestuur ==", "== Politiek ==")
    new = new.replace(
        "== Externe links ==",
        "== Sport ==\nAlmere City FC speelt in de Eredivisie.\n\n== Externe links ==",
    )
    new = new.replace(
        "De eerste bewoners vestigden zich in 1976", "De eerste bewoners kwamen in 1976"
    )
    found = {
        (c.kind, tuple(sorted(c.details.items()))[0][1])
        for c in diff_revision(OLD, new)
        if c.kind.startswith("section")
    }
    assert ("section_renamed", "Politiek") in found
    assert ("section_added", "Sport") in found
    assert ("section_edited", "Geschiedenis") in found
    removed = OLD.replace("== Externe links ==\n* [https://www.almere.nl Officiële website]\n", "")
    assert "section_removed" in [c.kind for c in diff_revision(OLD, removed)]


def test_references_categories_and_links():
    new = OLD.replace(
        "<ref>{{Citeer boek|titel=Almere, de stad die er niet was|auteur=J. Peters|"
        "jaar=2004}}</ref>",
        "",
    )
    new = new.replace("[[Categorie:Plaats in Flevoland]]", "[[Categorie:Stad in Nederland]]")
    new = new.replace("* [[Almere Pampus]]", "* [[Almere Pampus]]\n* [[Oosterwold]]")
    new = new.replace(
        "[https://www.almere.nl Officiële website]", "[https://www.almere.nl/en Official website]"
    )
    by_kind = {c.kind: c.details for c in diff_revision(OLD, new)}
    assert by_kind["reference_removed"] == {"reference": "Almere, de stad die er niet was"}
    assert by_kind["category_added"] == {"categories": ["Stad in Nederland"]}
    assert by_kind["category_removed"] == {"categories": ["Plaats in Flevoland"]}
    assert by_kind["link_added"] == {"targets": ["Oosterwold"]}
    assert by_kind["external_link_added"] == {"urls": ["https://www.almere.nl/en"]}
    assert by_kind["external_link_removed"] == {"urls": ["https://www.almere.nl"]}
    added = OLD.replace(
        "zes wethouders.", "zes wethouders.<ref>{{Citeer web|url=https://x.example|titel=X}}</ref>"
    )
    assert [c.details for c in diff_revision(OLD, added)] == [
        {"reference": "X — https://x.example"}
    ]


def test_citation_templates_inside_refs_are_not_article_facts():
    new = OLD.replace("|datum=2023}}", "|datum=2024}}")
    assert [c.kind for c in diff_revision(OLD, new)] == ["reference_added", "reference_removed"]


def test_blanking_large_removal_and_plain_text_change():
    assert kinds(diff_revision(OLD, "haha")) == [("blanked", "")]
    long = OLD + ("\n== Lang ==\n" + "Een zin over Almere. " * 200)
    (first, *_rest) = diff_revision(long, OLD)
    assert first.kind == "large_removal" and first.details["removed_chars"] > 1000
    lead = OLD.replace("jongste stad van Nederland", "jongste grote stad van Nederland")
    (change,) = diff_revision(OLD, lead)
    assert change.kind == "text_changed"
    assert change.details["words"] == [{"old": "", "new": "grote"}]


def test_redirects_and_page_creation():
    assert is_redirect("#DOORVERWIJZING [[Almere]]") == "Almere"
    assert is_redirect("#redirect [[almere stad]]") == "Almere stad"
    assert is_redirect(OLD) is None
    assert kinds(diff_revision(OLD, "#DOORVERWIJZING [[Almere Stad]]")) == [("redirected", "")]
    assert diff_revision(None, OLD)[0].kind == "page_created"
    assert diff_revision(OLD, OLD) == []


def test_talk_page_sections_and_replies():
    talk = "== Inwonertal ==\nKlopt dit? ~~~~\n"
    reply = talk + ":Ja, zie CBS. --Piet\n"
    new_section = reply + "\n== Bronnen ==\nWelke bron? --Ali\n"
    assert [(c.kind, c.details["section"]) for c in diff_revision(talk, reply, talk=True)] == [
        ("talk_reply", "Inwonertal")
    ]
    assert [
        (c.kind, c.details["section"]) for c in diff_revision(reply, new_section, talk=True)
    ] == [("talk_section_added", "Bronnen")]


def test_reverts_are_found_by_sha1_and_null_edits_are_not_reverts():
    history = [(1, "a"), (2, "b"), (3, "a"), (4, "a"), (5, "c"), (6, "d"), (7, "c")]
    assert find_reverts(history, {2, 3, 4, 5, 6, 7}) == {3: [2], 7: [6]}
    assert find_reverts(history, {7}) == {7: [6]}
    far = [(i, f"s{i}") for i in range(20)] + [(20, "s0")]
    assert find_reverts(far, {20}) == {}  # beyond the window of 15
