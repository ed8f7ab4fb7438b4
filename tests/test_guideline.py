"""The guideline check: rules as data, examples that must and must not match."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikitrack.corrections.guideline import (
    STOP,
    WARNING,
    Finding,
    check_text,
    is_bsn,
    is_iban,
    mask_finding,
    rules_for,
)
from wikitrack.sandbox.seed import iter_seed_pages

NL = rules_for("nl")


def rules_found(text: str, **kwargs) -> set[tuple[str, str]]:
    return {(f.level, f.rule) for f in check_text(text, rules=NL, **kwargs)}


@pytest.mark.parametrize(
    "number,valid",
    [
        ("111222333", True),
        ("123456782", True),
        ("1112.22.333", True),
        ("111222334", False),  # nine digits that fail the 11-test
        ("123456789", False),
        ("000000000", False),
    ],
)
def test_bsn_eleven_test(number, valid):
    assert is_bsn(number) is valid


@pytest.mark.parametrize(
    "iban,valid",
    [
        ("NL91ABNA0417164300", True),
        ("NL91 ABNA 0417 1643 00", True),
        ("BE68539007547034", True),
        ("NL91ABNA0417164301", False),  # checksum fails
        ("NL91ABNA041716430", False),  # too short for NL
    ],
)
def test_iban_checksum(iban, valid):
    assert is_iban(iban) is valid


MUST_MATCH = [
    ("Zijn BSN is 111222333.", STOP, "bsn"),
    ("BSN 1112.22.333 bekend", STOP, "bsn"),
    ("Stort op NL91 ABNA 0417 1643 00 a.u.b.", STOP, "iban"),
    ("Bel 06-12345678 voor meer.", STOP, "phone"),
    ("Bel +31 6 12345678.", STOP, "phone"),
    ("Mail naar jan.smit@almere.nl.", STOP, "email"),
    ("Dit is een vertrouwelijk stuk.", STOP, "confidential"),
    ("Volgens de interne notitie.", STOP, "confidential"),
    ("Dat is niet  openbaar.", STOP, "confidential"),
    ("Dit stuk is intern.", STOP, "confidential"),
    ("Uit de conceptnota van het college.", STOP, "confidential"),
    ("Een geheime afspraak.", STOP, "confidential"),
    ("<ref>Brief aan de heer, BSN 111222333</ref>", STOP, "bsn"),  # a ref's own words count
    ("Zie https://example.org/?mail=jan.smit@gmail.com", STOP, "email"),
    ("Almere is onze prachtige stad.", WARNING, "first_person"),
    ("Almere is onze prachtige stad.", WARNING, "promotional"),
    ("Wij bouwen 500 woningen.", WARNING, "first_person"),
    ("Een uniek en toonaangevend museum.", WARNING, "promotional"),
    ("De kritiek is onterecht.", WARNING, "arguing"),
    ("Zoals iedereen weet, groeit Almere.", WARNING, "arguing"),
    ("Wethouder J. Smit opende het park.", WARNING, "person_name"),
    ("Almere heeft 226.786 inwoners.", WARNING, "unsourced_number"),
]


@pytest.mark.parametrize("text,level,rule", MUST_MATCH, ids=[r for _, _, r in MUST_MATCH])
def test_examples_that_must_match(text, level, rule):
    assert (level, rule) in rules_found(text)


MUST_NOT_MATCH = [
    # (the <ref> keeps the unsourced-number warning out of these examples)
    "Het aantal is 111222334.<ref>CBS</ref>",  # nine digits, no BSN
    "Almere heeft 226.786 inwoners.<ref>CBS</ref>",
    "De gemeente begroot € 123.456.782.<ref>Begroting</ref>",  # an amount, not a BSN
    "De gemeente is bereikbaar via 14 036 en info@almere.nl.<ref>almere.nl</ref>",
    "Het internet en internationale contacten.",  # 'intern' inside words
    "Een onsterfelijk verhaal over de onsamenhangende wijk.",  # 'ons' inside words
    "De conceptuele kunst van Almere.",
    "De interne verbindingen lopen over de busbaan.",  # 'interne': no inflection of 'intern'
    # numbers in addresses and identifiers are no one's (123456782 passes the 11-test)
    "Zie <ref>[https://nl.wikipedia.org/w/index.php?title=Almere&oldid=123456782 oud]</ref>",
    "Zie //nl.wikipedia.org/w/index.php?diff=123456782&oldid=111222333 en "
    "www.x.nl/111222333.<ref>x</ref>",
    "Zie <ref>{{Citeer web|url=https://a.nl/p?id=111222333|titel=A|doi=10.1/123456782}}</ref>",
    "Zie de [[Speciaal:PermanenteLink/123456782|vorige versie]].<ref>x</ref>",
    "Dit is de jongste stad van Nederland.",  # a factual superlative
    "De [[Hein van der Loo|burgemeester]] opende het park.",  # a linked, public person
]


@pytest.mark.parametrize("text", MUST_NOT_MATCH)
def test_examples_that_must_not_match(text):
    assert rules_found(text, public_names=["Almere"]) == set()


def test_talk_requests_need_the_disclosure_and_skip_first_person():
    assert (STOP, "disclosure") in rules_found("Graag 13 in plaats van 11.", via="talk")
    assert rules_found("Namens de Gemeente Almere vragen wij: 13.", via="talk") == set()


def test_names_and_numbers_already_in_the_lemma_are_no_finding():
    lemma = "Wethouder J. Smit telt 11 leden."
    assert rules_found("Wethouder J. Smit telt 11 leden.", lemma_text=lemma) == set()


def test_the_config_extends_the_lists():
    rules = rules_for("nl", {"promotional": ["wereldstad"], "functional_mail": ["wijkteam"]})
    found = {f.rule for f in check_text("Een wereldstad; wijkteam@almere.nl", rules=rules)}
    assert found == {"promotional"}


def test_no_false_alarm_on_the_seeded_lemmas_used_as_proposals():
    """Acceptance: every seeded lemma text, proposed for its own lemma, passes silently."""
    pages = list(iter_seed_pages())
    titles = [p.title for p in pages]
    for page in pages:
        via = "talk" if page.title.startswith("Overleg:") else "article"
        if via == "talk":
            continue  # talk pages are other people's words, not requests of ours
        assert check_text(page.text, rules=NL, lemma_text=page.text, public_names=titles) == [], (
            page.title
        )
        stops = [f for f in check_text(page.text, rules=NL, public_names=titles) if f.level == STOP]
        assert stops == [], page.title


LONG = (Path(__file__).parent / "data" / "almere_long.wiki").read_text()
OLD = (Path(__file__).parent / "data" / "almere_old.wiki").read_text()


def test_a_long_real_article_as_proposal_and_lemma_passes_silently():
    """A real-sized nl.wikipedia text (refs with oldid and archive URLs, an ISBN, a DOI,
    'het concept van een meerkernige stad', 'De interne verbindingen') raises nothing
    against itself, also at several hundred KB."""
    assert check_text(LONG, rules=NL, lemma_text=LONG, public_names=["Almere"]) == []
    big = "\n".join([LONG] * 80)  # some 360 KB
    assert check_text(big, rules=NL, lemma_text=big, public_names=["Almere"]) == []
    # against another lemma only the confidential-looking words it does not have remain
    stops = {
        f.rule
        for f in check_text(LONG, rules=NL, lemma_text=OLD, public_names=["Almere"])
        if f.level == STOP
    }
    assert stops == {"confidential"}


def test_confidential_words_already_in_the_lemma_are_no_finding():
    text = "Het concept van een meerkernige stad werd vertrouwelijk besproken."
    lemma = "Het concept van een [[meerkernige stad]]."
    (stop,) = [f for f in check_text(text, rules=NL, lemma_text=lemma) if f.level == STOP]
    assert (stop.rule, stop.words) == ("confidential", ("vertrouwelijk",))


def test_the_edit_summary_is_checked_for_hard_stops():
    """--what and the source URL go verbatim into the wiki's public history."""
    clean = "telt 13 leden<ref>x</ref>"
    found = check_text(clean, rules=NL, summary="BSN 111222333 van j.smit@gmail.com weg")
    assert [(f.rule, f.words) for f in found] == [
        ("bsn", ("111222333",)),
        ("email", ("j.smit@gmail.com",)),
    ]
    assert all(f.why.endswith("(in the edit summary)") for f in found)
    assert check_text(clean, rules=NL, summary="bron https://a.nl/x?oldid=123456782") == []
    # a word found in the text is told once
    twice = check_text("BSN 111222333", rules=NL, summary="BSN 111222333")
    assert [f.rule for f in twice if f.level == STOP] == ["bsn"]


@pytest.mark.parametrize(
    "rule,word,masked",
    [
        ("bsn", "111222333", "•••••2333"),
        ("bsn", "1112.22.333", "•••••2333"),
        ("iban", "NL91 ABNA 0417 1643 00", "NL••••••••••••4300"),
        ("phone", "06-12345678", "06••••••78"),
        ("phone", "+31 6 12345678", "06••••••78"),
        ("email", "jan.smit@gmail.com", "j•••@gmail.com"),
        ("person_name", "A. de Vries", "A.d.V."),
        ("person_name", "Jan Smit", "J.S."),
        ("promotional", "prachtige", "prachtige"),  # no one's data: kept
        ("first_person", "onze", "onze"),
        ("confidential", "vertrouwelijk", "vertrouwelijk"),
    ],
)
def test_personal_data_is_stored_masked(rule, word, masked):
    finding = mask_finding(Finding(STOP, rule, (word,), "why"))
    assert finding.words == (masked,) and finding.why == "why"


def test_findings_stored_before_masking_are_masked_by_a_migration():
    """Databases from before the masking keep the exact words in corrections.guideline and
    in the append-only trail: m011 masks them, and the trail is append-only again after."""
    import sqlite3

    from sqlite_utils import Database

    from wikitrack import store
    from wikitrack.store.migrations import migrations

    db = Database(memory=True)
    migrations.apply(db, stop_before="m011_mask_guideline_words")
    cid = store.insert_correction(
        db,
        {"page_id": 1, "title": "Almere", "what": "x", "proposed": "y", "sources": []},
        actor="J. Smit",
    )
    raw = [
        {"level": STOP, "rule": "bsn", "words": ["111222333"], "why": "w"},
        {"level": WARNING, "rule": "person_name", "words": ["Piet Jansen"], "why": "w"},
        {"level": WARNING, "rule": "promotional", "words": ["prachtige"], "why": "w"},
    ]
    store.save_guideline_findings(db, cid, raw)
    lines = [Finding(**{**f, "words": tuple(f["words"])}).line() for f in raw]
    store.update_correction(
        db,
        cid,
        actor="A. de Vries",
        from_status="proposed",
        to_status="approved",
        details={"accepted_warnings": lines[1:]},
    )
    store.update_correction(
        db,
        cid,
        actor="B. Bos",
        from_status="approved",
        to_status="applied",
        details={"guideline_override": "akkoord", "stops": lines[:1]},
    )
    migrations.apply(db)
    assert [f["words"] for f in store.get_correction(db, cid).guideline] == [
        ["•••••2333"],
        ["P.J."],
        ["prachtige"],
    ]
    trail = [e.details or {} for e in store.correction_events(db, cid)]
    assert trail[1]["accepted_warnings"][0].startswith("warning person_name: P.J. (w)")
    assert trail[1]["accepted_warnings"][1].startswith("warning promotional: prachtige")
    assert trail[2] == {"guideline_override": "akkoord", "stops": ["STOP bsn: •••••2333 (w)"]}
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE correction_events SET note = 'x'")


def test_a_number_that_is_a_hard_stop_is_not_repeated_as_an_unsourced_number():
    """A warning keeps its words as found: a BSN must not come back through it unmasked."""
    findings = check_text("De wijk telt 1200 huizen; BSN 111222333.", rules=rules_for("nl"))
    by_rule = {f.rule: f.words for f in findings}
    assert by_rule["bsn"] == ("111222333",)
    assert by_rule["unsourced_number"] == ("1200",)
