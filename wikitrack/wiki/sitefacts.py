"""Facts about nl.wikipedia, as data: one place to add a template or a namespace alias.

Template names are case-insensitive in their first letter only (MediaWiki's rule), so the lists
hold canonical names and `template_kind` compares through `normalize_title`.
"""

from __future__ import annotations

import re
import urllib.parse

from wikitrack.errors import InputError

__all__ = [
    "NOMINATION_TEMPLATES",
    "MAINTENANCE_TEMPLATES",
    "CATEGORY_PREFIXES",
    "FILE_PREFIXES",
    "INFOBOX_PREFIXES",
    "REDIRECT_WORDS",
    "DISCLOSURE_MARKER",
    "OUTDATED_TEMPLATES",
    "DEAD_LINK_TEMPLATES",
    "DEAD_LINK_PARAMS",
    "REFERENCE_DATE_WORDS",
    "REFERENCE_DATE_AFFIXES",
    "CITATION_DATE_PARAMS",
    "NON_CONTENT_SECTIONS",
    "USER_NAMESPACES",
    "MONTHS",
    "UNWATCHABLE_NAMESPACES",
    "INTERWIKI_PREFIXES",
    "normalize_title",
    "CATEGORY_NAMESPACE",
    "TALK_NAMESPACE",
    "category_title",
    "talk_title",
    "invalid_title_reason",
    "WIKI_HOSTS",
    "typed_title",
    "NOMINATION_DAYS",
    "nomination_deadline",
]

# Deletion nominations on nl.wikipedia (Wikipedia:Te beoordelen pagina's) and merge proposals.
NOMINATION_TEMPLATES: tuple[str, ...] = (
    "Weg",
    "Artikelweg",
    "Nuweg",
    "Ne",
    "Wiu",
    "Auteur",
    "Reclame",
    "Wb",
    "Samenvoegen",
    "Samenvoegenvan",
    "Samenvoegennaar",
)
# How long a nomination runs before an administrator decides (Wikipedia:Te beoordelen pagina's):
# a {{weg}} nomination two weeks from its date. Speedy ones ({{nuweg}}) have no term to count on.
NOMINATION_DAYS: dict[str, int] = {
    "Weg": 14,
    "Artikelweg": 14,
    "Ne": 14,
    "Wiu": 14,
    "Auteur": 14,
    "Reclame": 14,
    "Wb": 14,
}


def nomination_deadline(template: str, nominated: str) -> str | None:
    """The date (YYYY-MM-DD) a nomination with `template`, placed at `nominated` (an ISO date
    or time), runs out on nl.wikipedia; None when it has no fixed term."""
    from datetime import date, timedelta

    days = NOMINATION_DAYS.get(normalize_title(template))
    if days is None or len(nominated) < 10:
        return None
    return (date.fromisoformat(nominated[:10]) + timedelta(days=days)).isoformat()


# Requests for sources and doubts about facts.
MAINTENANCE_TEMPLATES: tuple[str, ...] = (
    "Bron?",
    "Feit",
    "Twijfel",
    "Twijfel-gedeelte",
    "Bronvermelding gewenst",
)
# The wiki's own names of the namespaces we write titles in (nl.wikipedia).
CATEGORY_NAMESPACE = "Categorie"
TALK_NAMESPACE = "Overleg"
# mwparserfromhell does not know localized namespaces: [[Categorie:X]] is a plain wikilink.
CATEGORY_PREFIXES: tuple[str, ...] = ("categorie:", "category:")
FILE_PREFIXES: tuple[str, ...] = ("bestand:", "file:", "afbeelding:", "image:", "media:")
INFOBOX_PREFIXES: tuple[str, ...] = ("infobox",)
REDIRECT_WORDS: tuple[str, ...] = ("#redirect", "#doorverwijzing")
# Every team edit summary carries this, so the wiki's readers see who edits (Terms of Use).
DISCLOSURE_MARKER = "namens Gemeente Almere"

# Facts marked as out of date ("dit artikel is verouderd", "actueel").
OUTDATED_TEMPLATES: tuple[str, ...] = ("Verouderd", "Actueel", "Update")
# External links marked dead: a template beside the link or inside its reference, or a
# citation parameter (Citeer web's dode-url, the English url-status / deadurl).
DEAD_LINK_TEMPLATES: tuple[str, ...] = ("Dode link", "Dodelink", "Dead link", "Deadlink")
DEAD_LINK_PARAMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("dode-url", ("ja", "yes")),
    ("dodeurl", ("ja", "yes")),
    ("url-status", ("dead", "dood")),
    ("deadurl", ("yes", "ja")),
)
# Infobox parameters that date the value before them ("inwoners = 218.000 | peildatum =
# 1 januari 2023"), and the words that date a parameter they are attached to
# ("inwoners_peildatum", "inwonersjaar"). A bare "jaar" is a fact of its own (a film's year).
REFERENCE_DATE_WORDS: tuple[str, ...] = ("peildatum", "peiljaar", "peil", "stand")
REFERENCE_DATE_AFFIXES: tuple[str, ...] = (*REFERENCE_DATE_WORDS, "jaar", "datum")
# A figure sourced by a reference beside it is dated by the source's date (not the date it was
# consulted: "bezochtdatum", "access-date").
CITATION_DATE_PARAMS: tuple[str, ...] = ("peildatum", "datum", "date", "jaar", "year")
# Sections that hold references, links or lists by convention, never prose needing a source.
NON_CONTENT_SECTIONS: tuple[str, ...] = (
    "Referenties",
    "Bronnen",
    "Noten",
    "Bronvermelding",
    "Bronnen, noten en/of referenties",
    "Voetnoten",
    "Externe links",
    "Externe link",
    "Zie ook",
    "Literatuur",
    "References",
    "Notes",
    "Sources",
    "External links",
    "See also",
    "Further reading",
)
# User and contributions namespaces in signatures, Dutch names and English aliases
# (lower case; "Speciaal:Bijdragen/203.0.113.7" signs a logged-out editor).
USER_NAMESPACES: tuple[str, ...] = (
    "gebruiker",
    "overleg gebruiker",
    "gebruikersoverleg",
    "user",
    "user talk",
    "speciaal:bijdragen",
    "special:contributions",
)
# Month names in dates and signatures: nl.wikipedia signs "25 nov 2026 21:32 (CET)".
MONTHS: dict[str, int] = {
    **{
        m: i + 1
        for i, m in enumerate(
            "januari februari maart april mei juni juli augustus september oktober "
            "november december".split()
        )
    },
    **{m: i + 1 for i, m in enumerate("jan feb mrt apr mei jun jul aug sep okt nov dec".split())},
    **{
        m: i + 1
        for i, m in enumerate(
            "january february march april may june july august september october "
            "november december".split()
        )
    },
    **{m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())},
}

_INVALID_TITLE_CHARS = set("#<>[]|{}")
_PERCENT_ENCODED = re.compile(r"%[0-9A-Fa-f]{2}")

# Namespaces without pages of their own: nothing there can be watched or has a history.
UNWATCHABLE_NAMESPACES: dict[str, str] = {
    "speciaal": "is a special page, made by the software, with no history to watch",
    "special": "is a special page, made by the software, with no history to watch",
    "media": "links to a file directly; watch its 'Bestand:' page instead",
}
# Prefixes that link to another wiki (interwiki) on every Wikimedia wiki: the Wikipedia
# language codes (pywikibot's wikipedia family) and the sister projects. A title starting with
# one of them plus ':' is never a page of this wiki. ('Wikipedia:' is not among them: on
# nl.wikipedia it is the project namespace.) The wiki's own answer at sync is the last word.
INTERWIKI_PREFIXES: frozenset[str] = frozenset(
    """ab ace ady af als alt am ami an ang ann anp ar arc ary arz as ast atj av avk awa ay az azb
    ba ban bar bat-smg bbc bcl bdr be be-tarask bew bg bh bi bjn blk bm bn bo bol bpy br bs btm
    bug bxr ca cbk-zam cdo ce ceb ch chr chy ckb co cr crh cs csb cu cv cy da dag de dga din diq
    dsb dtp dty dv dz ee el eml en eo es et eu ext fa fat ff fi fiu-vro fj fo fon fr frp frr fur
    fy ga gag gan gcr gd gl glk gn gom gor got gpe gu guc gur guw gv ha hak haw he hi hif hr hsb
    ht hu hy hyw ia iba id ie ig igl ik ilo inh io is isv it iu ja jam jbo jv ka kaa kab kai kaj
    kbd kbp kcg kg kge ki kk kl km kn knc ko koi krc ks ksh ku kus kv kw ky la lad lb lbe lez lfn
    lg li lij lld lmo ln lo lt ltg lv mad mag mai map-bms mdf mg mhr mi min mk ml mn mni mnw mos
    mr mrj ms mt mwl my myv mzn nah nap nds nds-nl ne new nia nl nn no nov nqo nr nrm nso nup nv
    ny oc olo om or os pa pag pam pap pcd pcm pdc pfl pi pl pms pnb pnt ppl ps pt pwn qu rki rm
    rmy rn ro roa-rup roa-tara rsk ru rue rw sa sah sat sc scn sco sd se sg sh shi shn si simple
    sk skr sl sm smn sn so sq sr srn ss st stq su sv sw syl szl szy ta tay tcy tdd te tet tg th
    ti tig tk tl tly tn to tok tpi tr trv ts tt tum tw ty tyv udm ug uk ur uz ve vec vep vi vls
    vo wa war wo wuu xal xh xmf yi yo za zea zgh zh zh-classical zh-min-nan zh-yue zu
    w wikt wiktionary b wikibooks n wikinews q wikiquote s wikisource v wikiversity voy
    wikivoyage c commons m meta metawikimedia mw mediawikiwiki d wikidata species wikispecies
    wmf foundation phab phabricator incubator outreach wikitech""".split()
)


def normalize_title(title: str) -> str:
    """The title as MediaWiki stores it: underscores are spaces, runs of spaces collapse,
    and the first letter is upper case (nl.wikipedia is a first-letter-case wiki)."""
    t = " ".join(title.replace("_", " ").split())
    return t[:1].upper() + t[1:]


def category_title(name: str) -> str:
    """A category's page title: 'Almere' -> 'Categorie:Almere' (a name with a namespace, such
    as 'Category:Almere', stays as given)."""
    return name if ":" in name else f"{CATEGORY_NAMESPACE}:{name}"


def talk_title(title: str) -> str:
    """The talk page of an article (main namespace): 'Almere' -> 'Overleg:Almere'."""
    return f"{TALK_NAMESPACE}:{title}"


def invalid_title_reason(title: str) -> str | None:
    """Why `title` cannot be a page title on a MediaWiki wiki, or None when it can."""
    if not isinstance(title, str):
        return "title is not a string"
    stripped = title.strip()
    if not stripped:
        return "empty title"
    return _address(stripped) or _bad_characters(stripped) or _bad_namespace(stripped)


def _address(title: str) -> str | None:
    """A web address written where a title belongs (a hand-edited watchlist file)."""
    if not _URL_LIKE.match(title):
        return None
    try:
        return f"a web address, not a title: write '{typed_title(title)}'"
    except InputError:
        return "a web address of no nl.wikipedia page, not a title"


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _bad_characters(title: str) -> str | None:
    """What MediaWiki's title rules refuse in the characters themselves."""
    bad = sorted(set(title) & _INVALID_TITLE_CHARS)
    if bad:
        return "invalid character(s) " + " ".join(repr(c) for c in bad)
    if _CONTROL.search(title):
        return "control character in title"
    if len(title.encode("utf-8")) > 255:
        return "longer than 255 bytes"
    if title.startswith(":") or title in (".", "..") or "/./" in title:
        return "not a valid page title"
    if "~~~" in title:
        return "contains '~~~'"
    if _PERCENT_ENCODED.search(title):
        return "percent-encoded character (write the character itself)"
    return None


def _bad_namespace(title: str) -> str | None:
    """A prefix that makes the title no watchable page: special, media, another wiki, or a
    namespace with no page name after it."""
    prefix, colon, rest = title.partition(":")
    if not colon:
        return None
    key = " ".join(prefix.replace("_", " ").split()).lower()
    if key in UNWATCHABLE_NAMESPACES:
        return f"'{prefix}:...' {UNWATCHABLE_NAMESPACES[key]}"
    if key in INTERWIKI_PREFIXES:
        return f"'{prefix}:' links to another wiki (interwiki), not a page of this wiki"
    if not rest.strip() and key in ("overleg", "talk", "categorie", "category"):
        return "only a namespace, no page name"
    return None


# The talk namespace of articles (namespace 1) as nl.wikipedia writes it in a title.
TALK_NAMESPACE = "Overleg"
__all__ += ["TALK_NAMESPACE"]


# The hosts of nl.wikipedia's pages, desktop and mobile: a URL pasted from a browser there
# names a title. (The sandbox's pages are reached by the title itself.)
WIKI_HOSTS: frozenset[str] = frozenset({"nl.wikipedia.org", "nl.m.wikipedia.org"})
# What a person pastes from a browser: a scheme, or a host without one.
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_URL_LIKE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*://|//|www\.|(?:[a-z0-9-]+\.)+[a-z]{2,}/)", re.I)


def typed_title(text: str) -> str:
    """The title a person means by what they typed: the text itself, or the title of an
    nl.wikipedia page URL pasted from the browser ('/wiki/Almere_Poort', '/w/index.php?title=
    Almere_Poort', the mobile site, percent-encoding decoded, '_' a space, '#Section' dropped).
    A URL of another site, or of no page, is refused (InputError): stored as a title it would
    only show up as missing at sync."""
    if not _URL_LIKE.match(text):
        return text
    stripped = text.strip()
    with_scheme = stripped if _SCHEME.match(stripped) else "https://" + stripped.lstrip("/")
    url = urllib.parse.urlsplit(with_scheme)
    host = (url.hostname or "").lower()
    if host not in WIKI_HOSTS:
        raise InputError(
            f"'{stripped}' is a URL of {host or 'no site'}, not a page of nl.wikipedia: "
            "give the lemma's title (or paste its nl.wikipedia.org address)"
        )
    title = _url_title(url)
    if not title:
        raise InputError(
            f"'{stripped}' is not the address of a page: paste the lemma's own address "
            "(https://nl.wikipedia.org/wiki/Title) or give its title"
        )
    return title


def _url_title(url: urllib.parse.SplitResult) -> str:
    """The page title in an nl.wikipedia URL ('' when it names none): '/wiki/Title', or
    'title=' of '/w/index.php' (the query decoded as a form: '+' is a space there too)."""
    raw = ""
    if url.path.startswith("/wiki/"):
        raw = urllib.parse.unquote(url.path.removeprefix("/wiki/"))
    elif url.path == "/w/index.php":
        raw = urllib.parse.parse_qs(url.query).get("title", [""])[0]
    return " ".join(raw.replace("_", " ").split())
