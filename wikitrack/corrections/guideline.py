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
from typing import Any

from wikitrack.wiki.sitefacts import CATEGORY_PREFIXES, FILE_PREFIXES

__all__ = [
    "guideline_key",
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
    "mask_finding",
    "PERSONAL_DATA",
    "personal_data",
]

STOP = "stop"
WARNING = "warning"


@dataclass(frozen=True)
class Rules:
    """The word lists of one language. Words match whole words, case-insensitively;
    `confidential` and `promotional` also match their inflections (-e, -er, -ere, -st, -ste).

    `confidential_exact` holds the weak markers, ordinary words in other senses ("het
    concept van een meerkernige stad", "de interne verbindingen"): they match as the whole
    word only, so their marking uses ("interne notitie", "conceptnota") are listed as such.
    """

    confidential: tuple[str, ...]
    first_person: tuple[str, ...]
    promotional: tuple[str, ...]
    arguing: tuple[str, ...]
    functional_mail: tuple[str, ...]  # local parts of addresses that are no person's
    disclosure: tuple[str, ...]  # one of these states who we are in a talk-page request
    name_particles: tuple[str, ...] = ()
    sentence_words: tuple[str, ...] = ()  # capitalised words that start no name
    confidential_exact: tuple[str, ...] = ()


RULES: dict[str, Rules] = {
    "nl": Rules(
        confidential=("vertrouwelijk", "niet openbaar", "geheim"),
        confidential_exact=(
            "intern",
            "concept",
            "interne notitie",
            "interne memo",
            "intern memo",
            "intern document",
            "interne documenten",
            "interne stukken",
            "interne mail",
            "conceptversie",
            "conceptnota",
            "conceptbesluit",
            "concepttekst",
            "conceptbrief",
            "conceptrapport",
        ),
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
        confidential=("confidential", "not public", "secret"),
        confidential_exact=("internal", "draft", "internal memo", "draft version"),
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


# -- what is kept: the rule, and personal data only masked ---------------------------------
#
# The corrections log is kept for years and its events are never changed, so personal data
# found by the check (AVG/GDPR: it could never be erased) is stored masked; the exact words
# are shown on the terminal at the moment of the check only. Promotional words, "onze" and
# the like are no one's data and stay as found.


def _mask_digits(word: str, head: int, tail: int) -> str:
    digits = "".join(c for c in word if c.isalnum())
    return digits[:head] + "•" * max(len(digits) - head - tail, 4) + digits[-tail:]


def _mask_phone(word: str) -> str:
    digits = re.sub(r"^(?:\+31|0031)", "0", "".join(c for c in word if c.isdigit() or c == "+"))
    return _mask_digits(digits, 2, 2)


def _mask_mail(word: str) -> str:
    local, _, domain = word.partition("@")
    return f"{local[:1]}•••@{domain}"


def _initials(name: str) -> str:
    return "".join(f"{w[0]}." for w in re.split(r"[ .-]+", name) if w)


_MASKS = {
    "bsn": lambda w: _mask_digits(w, 0, 4),
    "iban": lambda w: _mask_digits(w, 2, 4),
    "phone": _mask_phone,
    "email": _mask_mail,
    "person_name": _initials,
}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


# The hard stops that are a person's data (AVG): never stored, so a proposal or an edit
# holding one is refused before anything is written. The others (confidential words, a
# request without the disclosure) are no one's data: stored, and they stop `apply`.
PERSONAL_DATA = ("bsn", "iban", "phone", "email")


def personal_data(findings: Sequence[Finding]) -> list[Finding]:
    """The hard stops among `findings` that are personal data."""
    return [f for f in findings if f.level == STOP and f.rule in PERSONAL_DATA]


def mask_finding(finding: Finding) -> Finding:
    """The finding as it may be stored: personal data masked (BSN •••••2333, IBAN
    NL••••••••••••4300, phone 06••••••78, e-mail j•••@gmail.com, a person's initials)."""
    mask = _MASKS.get(finding.rule)
    if mask is None:
        return finding
    return replace(finding, words=tuple(mask(w) for w in finding.words))


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


# Where numbers are no one's: web addresses (protocol-relative and bare 'www.' ones too, and
# query strings such as 'index.php?oldid=123456782'), the values of citation templates' URL
# and identifier parameters, a <ref>'s attributes and link targets. Only the numbers patterns
# skip them; an e-mail address is personal wherever it stands.
_URL_ANYWHERE = re.compile(r"(?:\b[a-z][a-z0-9+.-]*:)?//[^\s|\]}<]+|\bwww\.[^\s|\]}<]+", re.I)
_QUERY = re.compile(r"[^\s|\[\]{}<>]*[?&][\w-]+=[^\s|\]}<]*")
_ID_PARAMETER = re.compile(
    r"\|\s*(?:[\w -]*url|oldid|diff|curid|doi|isbn|issn|oclc|pmid|pmc|id|bibcode|jstor"
    r"|ol|lccn|issue|archief[\w-]*|archive[\w-]*)\s*=[^|}]*",
    re.I,
)
_TAG_ATTRIBUTES = re.compile(r"<(ref|references)\b[^>]*?(/?)>", re.I)
_LINK_TARGET = re.compile(r"\[\[[^\]|]*\|")
_WHOLE_LINK = re.compile(r"\[\[[^\]|]*\]\]")


def _without_addresses(text: str) -> str:
    """The text the number patterns (BSN, IBAN, phone) read: no addresses or identifiers."""
    text = _TAG_ATTRIBUTES.sub(r"<\1\2>", text)
    text = _ID_PARAMETER.sub("|", text)
    text = _QUERY.sub(" ", _URL_ANYWHERE.sub(" ", text))
    text = _LINK_TARGET.sub("[[", text)
    return _WHOLE_LINK.sub(lambda m: m.group(0) if "/" not in m.group(0) else " ", text)


_Found = tuple[str, Sequence[str], str]  # (rule, the words found, why they matter)


def _findings(level: str, found: Sequence[_Found]) -> list[Finding]:
    return [Finding(level, rule, tuple(words), why) for rule, words, why in found if words]


def _hard_stops(text: str, rules: Rules, lemma_prose: str, where: str = "") -> list[_Found]:
    """(rule, words, why) of every hard stop in `text`; `where` is added to the why."""
    plain = _without_addresses(text)
    prose = _prose(text)
    confidential = [
        *_found(_word_pattern(rules.confidential, inflect=True), prose),
        *_found(_word_pattern(rules.confidential_exact), prose),
    ]
    if confidential:  # words the lemma already has in its prose mark nothing of ours
        in_lemma = {
            w.lower()
            for pattern in (
                _word_pattern(rules.confidential, inflect=True),
                _word_pattern(rules.confidential_exact),
            )
            for w in _found(pattern, lemma_prose)
        }
        confidential = [w for w in confidential if w.lower() not in in_lemma]
    found = [
        ("bsn", list(iter_bsns(plain)), "a citizen service number (BSN) is personal data"),
        ("iban", list(iter_ibans(plain)), "a bank account number (IBAN) is personal data"),
        (
            "phone",
            [" ".join(m.group(0).split()) for m in _MOBILE.finditer(plain)],
            "a mobile number is a person's own",
        ),
        (
            "email",
            _personal_mails(text, rules),
            "a personal e-mail address; use a functional one (info@, pers@...)",
        ),
        ("confidential", confidential, "marks confidential material: never share it"),
    ]
    return [(rule, words, why + where) for rule, words, why in found if words]


def check_text(
    text: str,
    *,
    rules: Rules,
    via: str = "article",
    lemma_text: str = "",
    sources: Sequence[str] = (),
    public_names: Sequence[str] = (),
    summary: str = "",
) -> list[Finding]:
    """Every finding on a correction's text: hard stops first, then warnings.

    `text` is the proposed wikitext (article route) or the whole talk-page request (talk
    route); `lemma_text` is the lemma's current wikitext, so that names, numbers and
    confidential-looking words already there are not reported; `public_names` are titles
    (the watched lemmas), whose words mark places and organisations rather than persons.
    `summary` is the public edit summary's own text (`--what` and the source URL): it
    reaches the wiki's history verbatim, so the hard stops are checked on it too.
    """
    lemma_prose = " ".join(_prose(lemma_text).split())  # once: lemmas run to hundreds of KB
    prose = _prose(text)
    stops = _stops(text, prose, summary, rules, lemma_prose, via=via)
    # A number that is a hard stop (a BSN, a phone number) is personal data, not a fact to
    # source: repeating it in a warning would store it unmasked.
    stopped = {_digits(w) for _, words, _ in stops for w in words}
    unsourced = None  # not looked for: a talk-page request, or a text with references
    if via == "article" and not _REF.search(text):
        unsourced = [
            n for n in _new_numbers(text, lemma_text, sources) if _digits(n) not in stopped
        ]
    public_words = frozenset(w for t in public_names for w in re.split(r"[ ()-]+", t) if w)
    names = _names(_COMMENT.sub(" ", _REF.sub(" ", text)), rules, public_words)
    persons = [n for n in names if n not in lemma_prose]
    warnings = _warnings(prose, rules, via=via, unsourced=unsourced, persons=persons)
    return _findings(STOP, stops) + _findings(WARNING, warnings)


def _stops(
    text: str, prose: str, summary: str, rules: Rules, lemma_prose: str, *, via: str
) -> list[_Found]:
    """The hard stops in the text, then those in the edit summary that the text lacks."""
    in_text = _hard_stops(text, rules, lemma_prose)
    words_in_text = {rule: words for rule, words, _ in in_text}
    in_summary = [
        (rule, [w for w in words if w not in words_in_text.get(rule, [])], why)
        for rule, words, why in _hard_stops(summary, rules, lemma_prose, " (in the edit summary)")
    ]
    stops = in_text + in_summary
    if via == "talk" and not any(d in prose.lower() for d in rules.disclosure):
        stops.append(("disclosure", ["(missing)"], "a request must say it comes from us"))
    return stops


def _warnings(
    prose: str,
    rules: Rules,
    *,
    via: str,
    unsourced: Sequence[str] | None,
    persons: Sequence[str],
) -> list[_Found]:
    """The warnings, in the order they are listed; `unsourced` (new numbers without a source,
    None when not looked for) and `persons` (names the lemma lacks) are found by the caller."""
    found: list[_Found] = []
    if via != "talk":
        found.append(
            (
                "first_person",
                _found(_word_pattern(rules.first_person), prose),
                "article text speaks of the municipality in the third person (neutral point "
                "of view)",
            )
        )
    found.append(
        (
            "promotional",
            _found(_word_pattern(rules.promotional, inflect=True), prose),
            "promotional or evaluative: Wikipedia removes it, or nominates the page ({{reclame}})",
        )
    )
    if unsourced is not None:
        found.append(
            (
                "unsourced_number",
                unsourced,
                "a new number or date without <ref>: Wikipedia reverts facts without a source",
            )
        )
    found.append(
        (
            "arguing",
            _found(_word_pattern(rules.arguing), prose),
            "argues or persuades: state facts and let the sources speak",
        )
    )
    found.append(
        ("person_name", persons, "names a person the lemma does not: only with their consent")
    )
    return found


def guideline_key(correction: Mapping[str, Any]) -> str:
    """Names a correction's findings as they stand: a mail tells them once, and again only
    when an edit changes them."""
    rules = sorted({f"{f['level']}:{f['rule']}" for f in correction["guideline"]})
    return f"guideline:{correction['id']}:{','.join(rules)}"
