"""The guideline check: rules as data, examples that must and must not match."""

from __future__ import annotations

import pytest

from wikitrack.guideline import STOP, WARNING, check_text, is_bsn, is_iban, rules_for
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
