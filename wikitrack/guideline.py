"""Pure: the municipality's social-media guideline and the wiki's own rules, checked on the
text of a correction before it reaches Wikipedia.

The guideline: never share confidential or personal information ("Je geeft nooit
vertrouwelijke informatie"; nothing about colleagues without consent), stay businesslike and
factual, say nothing insulting, do not argue or persuade. The wiki adds a neutral point of
view, no promotion (the `{{reclame}}` deletion template exists for the text a municipality
tends to write about itself) and a source for every fact.

Hard stops (`STOP`) block `apply` unless a desk editor overrides them with a recorded reason;
warnings (`WARNING`) need `approve --accept-warnings`. The words and patterns are data, one
`Rules` per language in `RULES`; the config's `[guideline]` table extends them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from .wikifacts import CATEGORY_PREFIXES, FILE_PREFIXES

__all__ = [
    "STOP",
    "WARNING",
    "Rules",
    "Finding",
    "RULES",
    "rules_for",
    "check_text",
    "is_bsn",
    "is_iban",
    "iter_bsns",
    "iter_ibans",
]

STOP = "stop"
WARNING = "warning"


@dataclass(frozen=True)
class Rules:
    """The word lists of one language. Words match whole words, case-insensitively;
    `adjectives` also match their inflections (-e, -er, -ere, -st, -ste)."""

    confidential: tuple[str, ...]
    first_person: tuple[str, ...]
    promotional: tuple[str, ...]
    arguing: tuple[str, ...]
    functional_mail: tuple[str, ...]  # local parts of addresses that are no person's
    disclosure: tuple[str, ...]  # one of these states who we are in a talk-page request
    name_particles: tuple[str, ...] = ()
    sentence_words: tuple[str, ...] = ()  # capitalised words that start no name


RULES: dict[str, Rules] = {
    "nl": Rules(
        confidential=("vertrouwelijk", "niet openbaar", "intern", "concept", "geheim"),
        first_person=("wij", "we", "ons", "onze", "onze gemeente", "wij als gemeente"),
        promotional=(
            "uniek",
            "prachtig",
            "toonaangevend",
            "schitterend",
            "fantastisch",
            "geweldig",
            "bruisend",
            "sfeervol",
            "innovatief",
            "hoogwaardig",
            "spectaculair",
            "mooiste",
            "beste",
            "allerbeste",
            "fraaiste",
            "wereldberoemd",
            "gerenommeerd",
            "aantrekkelijk",
            "must-see",
        ),
        arguing=(
            "onterecht",
            "ten onrechte",
            "zoals iedereen weet",
            "iedereen weet",
            "het is duidelijk dat",
            "uiteraard",
            "overduidelijk",
            "onzin",
            "belachelijk",
            "leugen",
        ),
        functional_mail=(
            "info",
            "contact",
            "pers",
            "persvoorlichting",
            "communicatie",
            "redactie",
            "klantcontact",
            "gemeente",
            "post",
            "secretariaat",
            "webmaster",
            "noreply",
            "no-reply",
        ),
        disclosure=("namens de gemeente", "gemeente almere"),
        name_particles=("van", "de", "der", "den", "het", "ter", "ten", "'t"),
        sentence_words=(
            "De",
            "Het",
            "Een",
            "In",
            "Op",
            "Van",
            "Na",
            "Bij",
            "Met",
            "Voor",
            "Door",
            "Uit",
            "Aan",
            "Over",
            "Tot",
            "Sinds",
            "Tijdens",
            "Volgens",
            "Naast",
            "Dit",
            "Deze",
            "Die",
            "Dat",
            "Er",
            "Ook",
            "Al",
            "Namens",
            "Gemeente",
            "Station",
            "Stichting",
            "Provincie",
        ),
    ),
    "en": Rules(
        confidential=("confidential", "not public", "internal", "draft", "secret"),
        first_person=("we", "our", "us", "our municipality"),
        promotional=(
            "unique",
            "beautiful",
            "leading",
            "world-class",
            "stunning",
            "amazing",
            "vibrant",
            "innovative",
            "best",
            "finest",
        ),
        arguing=("wrongly", "as everyone knows", "obviously", "clearly", "nonsense"),
        functional_mail=("info", "contact", "press", "communications", "noreply", "no-reply"),
        disclosure=("on behalf of the municipality", "municipality of almere"),
        name_particles=("van", "de", "der", "den"),
        sentence_words=("The", "A", "An", "In", "On", "Of", "At", "By", "This", "That"),
    ),
}


def rules_for(lang: str, extra: Mapping[str, Sequence[str]] | None = None) -> Rules:
    """The rules of `lang` (Dutch for an unknown one), extended by the config's lists."""
    rules = RULES.get(lang, RULES["nl"])
    if not extra:
        return rules
    return replace(
        rules,
        **{key: tuple(getattr(rules, key)) + tuple(words) for key, words in extra.items() if words},
    )


@dataclass(frozen=True)
class Finding:
    """One thing the check found: how serious, which rule, the exact words, and why."""

    level: str
    rule: str
    words: tuple[str, ...]
    why: str = ""

    def line(self) -> str:
        label = "STOP" if self.level == STOP else "warning"
        return f"{label} {self.rule}: {', '.join(self.words)} ({self.why})"


# -- numbers with a checksum ------------------------------------------------------------------

# A BSN is written as nine digits, or 4.2.3 on the passport; 3.3.3 with dots is how Dutch
# writes large amounts (inhabitants, euros), so it is not taken for one.
_BSN = re.compile(r"(?<![\d.,])(\d{9}|\d{4}[. ]\d{2}[. ]\d{3})(?![\d]|[.,]\d)")
_IBAN = re.compile(r"\b([A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)\b")
_IBAN_LENGTHS = {"NL": 18, "BE": 16, "DE": 22, "FR": 27, "GB": 22, "LU": 20}


def is_bsn(digits: str) -> bool:
    """The 11-test of a citizen service number: 9*d1 + 8*d2 + ... + 2*d8 - d9 is a multiple
    of 11 (and not zero)."""
    d = [int(c) for c in digits if c.isdigit()]
    if len(d) != 9 or not any(d):
        return False
    total = sum(w * x for w, x in zip(range(9, 1, -1), d[:8], strict=True)) - d[8]
    return total % 11 == 0 and total != 0


def is_iban(candidate: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to 10..35; the number
    modulo 97 is 1."""
    iban = candidate.replace(" ", "").upper()
    if not 15 <= len(iban) <= 34 or _IBAN_LENGTHS.get(iban[:2], len(iban)) != len(iban):
        return False
    digits = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def iter_bsns(text: str) -> Iterator[str]:
    for m in _BSN.finditer(text):
        if is_bsn(m.group(1)):
            yield m.group(1)


def iter_ibans(text: str) -> Iterator[str]:
    for m in _IBAN.finditer(text):
        if is_iban(m.group(1)):
            yield m.group(1)


# -- personal contact details -----------------------------------------------------------------

# Dutch mobile numbers are personal; a municipality's own numbers (14 036, 036-...) are not.
_MOBILE = re.compile(r"(?<![\d+])(?:\+31[ -]?|0031[ -]?|0)6[ -]?(?:\d[ -]?){7}\d(?!\d)")
_MAIL = re.compile(r"\b([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)\b")


def _personal_mails(text: str, rules: Rules) -> list[str]:
    functional = {w.lower() for w in rules.functional_mail}
    return [m.group(0) for m in _MAIL.finditer(text) if m.group(1).lower() not in functional]


# -- words ------------------------------------------------------------------------------------

_INFLECTIONS = "(?:e|er|ere|st|ste|s)?"


def _word_pattern(words: Sequence[str], *, inflect: bool = False) -> re.Pattern[str] | None:
    if not words:
        return None
    parts = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)
    suffix = _INFLECTIONS if inflect else ""
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + ")" + suffix + r"(?![\w-])", re.I)


def _found(pattern: re.Pattern[str] | None, text: str) -> tuple[str, ...]:
    if pattern is None:
        return ()
    seen: dict[str, None] = {}
    for m in pattern.finditer(text):
        seen.setdefault(" ".join(m.group(0).split()), None)
    return tuple(seen)


# Markup that is no prose: references, templates' names, links' targets, comments.
_REF = re.compile(r"<ref[^>/]*/>|<ref[^>]*>.*?</ref>", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_URL = re.compile(r"https?://\S+")


_NAMESPACED_LINK = re.compile(
    r"\[\[\s*(?:"
    + "|".join(re.escape(p) for p in CATEGORY_PREFIXES + FILE_PREFIXES)
    + r")[^\]]*\]\]",
    re.I,
)


def _prose(text: str) -> str:
    text = _COMMENT.sub(" ", _REF.sub(" ", text))
    text = _NAMESPACED_LINK.sub(" ", _URL.sub(" ", text))
    return re.sub(r"\[\[(?:[^|\]]*\|)?([^\]]*)\]\]", r"\1", text)


# Numbers (226.786, 2,5, 2025) and dates (1 januari 2025, 2025-01-01).
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")


def _new_numbers(text: str, lemma: str, sources: Sequence[str]) -> tuple[str, ...]:
    """Numbers in the proposed prose that the lemma does not have yet and no source names."""
    known = set(_NUMBER.findall(lemma)) | set(_NUMBER.findall(" ".join(sources)))
    return tuple(dict.fromkeys(n for n in _NUMBER.findall(_prose(text)) if n not in known))


_LINK = re.compile(r"\[\[[^\]]*\]\]")


def _names(text: str, rules: Rules, public_words: frozenset[str]) -> tuple[str, ...]:
    """Names of persons: initials and a surname ('J. Smit', 'A. de Vries') or a first name
    and a surname ('Jan Smit'), the Dutch particles allowed in between.

    Linked names have an article of their own (public figures); a name sharing a word with
    a watched lemma's title ('Almere Poort', 'Hollandse Brug') is a place or organisation.
    """
    particles = "|".join(re.escape(p) for p in rules.name_particles) or "(?!)"
    # names never run over a line break: " " only, not \s
    surname = rf"(?:(?:{particles}) +)*[A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?"
    initials = rf"\b(?:[A-Z]\. ?){{1,3}} *{surname}"
    full = rf"\b[A-Z][a-zà-ÿ]{{2,}} +{surname}"
    found: dict[str, None] = {}
    for m in re.finditer(rf"{initials}|{full}", _LINK.sub(" ", text)):
        name = " ".join(m.group(0).split())
        words = [w for w in re.split(r"[ .-]+", name) if w[:1].isupper() and len(w) > 1]
        if name.split()[0] in rules.sentence_words or public_words.intersection(words):
            continue
        found.setdefault(name, None)
    return tuple(found)


def check_text(
    text: str,
    *,
    rules: Rules,
    via: str = "article",
    lemma_text: str = "",
    sources: Sequence[str] = (),
    public_names: Sequence[str] = (),
) -> list[Finding]:
    """Every finding on a correction's text: hard stops first, then warnings.

    `text` is the proposed wikitext (article route) or the whole talk-page request (talk
    route); `lemma_text` is the lemma's current wikitext, so that names and numbers already
    there are not reported; `public_names` are titles (the watched lemmas), whose words
    mark places and organisations rather than persons.
    """
    findings: list[Finding] = []
    public_words = frozenset(w for t in public_names for w in re.split(r"[ ()-]+", t) if w)
    lemma_prose = " ".join(_prose(lemma_text).split())  # once: lemmas run to hundreds of KB

    def add(level: str, rule: str, words: Sequence[str], why: str) -> None:
        if words:
            findings.append(Finding(level, rule, tuple(words), why))

    add(STOP, "bsn", list(iter_bsns(text)), "a citizen service number (BSN) is personal data")
    add(STOP, "iban", list(iter_ibans(text)), "a bank account number (IBAN) is personal data")
    add(
        STOP,
        "phone",
        [" ".join(m.group(0).split()) for m in _MOBILE.finditer(text)],
        "a mobile number is a person's own",
    )
    add(
        STOP,
        "email",
        _personal_mails(text, rules),
        "a personal e-mail address; use a functional one (info@, pers@...)",
    )
    prose = _prose(text)
    add(
        STOP,
        "confidential",
        _found(_word_pattern(rules.confidential, inflect=True), prose),
        "marks confidential material: never share it",
    )
    if via == "talk":
        said = prose.lower()
        if not any(d in said for d in rules.disclosure):
            add(STOP, "disclosure", ["(missing)"], "a request must say it comes from us")
    else:
        add(
            WARNING,
            "first_person",
            _found(_word_pattern(rules.first_person), prose),
            "article text speaks of the municipality in the third person (neutral point of view)",
        )
    add(
        WARNING,
        "promotional",
        _found(_word_pattern(rules.promotional, inflect=True), prose),
        "promotional or evaluative: Wikipedia removes it, or nominates the page ({{reclame}})",
    )
    if via == "article" and not _REF.search(text):
        add(
            WARNING,
            "unsourced_number",
            _new_numbers(text, lemma_text, sources),
            "a new number or date without <ref>: Wikipedia reverts facts without a source",
        )
    add(
        WARNING,
        "arguing",
        _found(_word_pattern(rules.arguing), prose),
        "argues or persuades: state facts and let the sources speak",
    )
    add(
        WARNING,
        "person_name",
        [
            n
            for n in _names(_COMMENT.sub(" ", _REF.sub(" ", text)), rules, public_words)
            if n not in lemma_prose
        ],
        "names a person the lemma does not: only with their consent",
    )
    return findings
