"""Every string the web view shows to staff, one table per language: `TEXTS` for what the
Python code says (messages, form errors), `PAGES` for the templates' own text (`t('key')` in
wikitrack/web/*.html), and the status names, months and error pages.

Dutch is the default; `[report] language = "en"` in the config selects English. Placeholders
are `str.format` fields; what fills them (titles, names) is escaped by the templates like
everything else, and no string here holds HTML.
"""

from __future__ import annotations

__all__ = [
    "TEXTS",
    "PAGES",
    "REVIEW_STATUS",
    "CORRECTION_STATUS",
    "MONTHS",
    "ERROR_PAGES",
    "say",
    "page_text",
]

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "login_blocked": "Er is te vaak een verkeerd wachtwoord gegeven. Probeer het over een "
        "kwartier opnieuw, of vraag de redactie om een nieuw wachtwoord.",
        "login_wrong": "De gebruikersnaam of het wachtwoord klopt niet.",
        "logged_out": "U bent uitgelogd.",
        "form_area": "Kies een van uw beleidsterreinen.",
        "form_lemma_missing": "Kies het lemma dat de redactie moet bekijken.",
        "form_lemma_unknown": "Dit lemma staat niet op de volglijst van dit beleidsterrein. "
        "Kies een lemma uit de lijst.",
        "form_reason": "Schrijf op waarom de redactie dit lemma moet bekijken.",
        "form_due_invalid": "Dit is geen datum. Gebruik de vorm JJJJ-MM-DD.",
        "form_due_past": "Deze datum ligt in het verleden. Kies vandaag ({first}) of later.",
        "form_refused": "Het verzoek is niet aangenomen. Controleer het lemma.",
        "request_filed": "Uw verzoek #{number} over {title} is ingediend.",
        "request_assigned": "Verzoek #{number} is toegewezen aan {to}.",
        "request_no_outcome": "Verzoek #{number} is niet bijgewerkt: vul de uitkomst in.",
        "request_done": "Verzoek #{number} is afgehandeld.",
        "request_declined": "Verzoek #{number} is afgewezen.",
        "request_refused": "Verzoek #{number} is niet bijgewerkt (status: {status}). Alleen "
        "redacteuren uit de lijst kunnen een open verzoek toewijzen of afhandelen.",
        "changes_capped": "Per beleidsterrein staan hier de nieuwste {n} wijzigingen; oudere "
        "wijzigingen uit deze periode staan op de pagina van elk lemma.",
        "requests_capped": "Hier staan de {n} nieuwste afgehandelde verzoeken; {hidden} oudere "
        "zijn niet getoond.",
        "csrf_title": "Formulier verlopen",
        "csrf_text": "Het formulier was verlopen of onvolledig. Laad de pagina opnieuw en "
        "probeer het nog eens.",
    },
    "en": {
        "login_blocked": "A wrong password was given too often. Try again in a quarter of an "
        "hour, or ask the desk for a new password.",
        "login_wrong": "The user name or the password is wrong.",
        "logged_out": "You are logged out.",
        "form_area": "Choose one of your policy areas.",
        "form_lemma_missing": "Choose the lemma the desk should look at.",
        "form_lemma_unknown": "This lemma is not on the watchlist of this policy area. "
        "Choose a lemma from the list.",
        "form_reason": "Write down why the desk should look at this lemma.",
        "form_due_invalid": "This is not a date. Use the form YYYY-MM-DD.",
        "form_due_past": "This date has passed. Choose today ({first}) or later.",
        "form_refused": "The request was not accepted. Check the lemma.",
        "request_filed": "Your request #{number} about {title} has been filed.",
        "request_assigned": "Request #{number} has been assigned to {to}.",
        "request_no_outcome": "Request #{number} was not updated: fill in the outcome.",
        "request_done": "Request #{number} has been handled.",
        "request_declined": "Request #{number} has been declined.",
        "request_refused": "Request #{number} was not updated (status: {status}). Only "
        "editors of the list can assign or handle an open request.",
        "changes_capped": "Per policy area, the newest {n} changes are shown here; older "
        "changes of this period are on each lemma's page.",
        "requests_capped": "The {n} newest closed requests are shown; {hidden} older ones are not.",
        "csrf_title": "Form expired",
        "csrf_text": "The form had expired or was incomplete. Reload the page and try again.",
    },
}

PAGES: dict[str, dict[str, str]] = {
    "nl": {
        "site": "Wikipedia volgen – Gemeente Almere",
        "brand": "Gemeente Almere · Wikipedia volgen",
        "skip": "Direct naar de inhoud",
        "main_menu": "Hoofdmenu",
        "my_area": "Mijn terrein",
        "review_form": "Review aanvragen",
        "my_requests": "Mijn verzoeken",
        "all_requests": "Alle verzoeken",
        "logged_in_as": "Ingelogd als",
        "desk": "(redactie)",
        "log_out": "Uitloggen",
        "footer": "Vragen over deze site? Mail de Redactie Eigen Media. Tijden zijn Nederlandse "
        "tijd.",
        "to_my_area": "Naar Mijn terrein",
        "to_login": "Naar de inlogpagina",
        "login": "Inloggen",
        "login_intro": "Op deze site ziet u wat er op Wikipedia verandert aan de lemma's van uw "
        "beleidsterrein, en vraagt u de redactie om een lemma te bekijken. Log in met de "
        "gebruikersnaam en het wachtwoord die u van de redactie kreeg.",
        "login_failed": "Inloggen is niet gelukt",
        "user_name": "Gebruikersnaam",
        "password": "Wachtwoord",
        "login_help": "Wachtwoord vergeten of nog geen account? Vraag het de Redactie Eigen Media.",
        "areas_of_lemma": "Beleidsterrein: {areas}.",
        "lemma_on_wiki": "Het lemma op Wikipedia",
        "review_this": "Review aanvragen voor dit lemma",
        "wrong_now": "Wat er nu mis is",
        "changes_days": "Wijzigingen van de afgelopen {days} dagen",
        "no_changes": "Geen wijzigingen in deze periode.",
        "corrections": "Correcties van de redactie",
        "guideline_check": "Richtlijncheck:",
        "no_corrections": "Geen correcties.",
        "review_requests": "Reviewverzoeken",
        "overdue_short": "(over de streefdatum)",
        "no_requests_desk": "Geen reviewverzoeken.",
        "no_requests_own": "Geen reviewverzoeken van u.",
        "area_intro": "Wat er de afgelopen {days} dagen op Wikipedia veranderde aan de lemma's van",
        "all_areas": "alle beleidsterreinen",
        "your_area": "uw beleidsterrein:",
        "your_areas": "uw beleidsterreinen:",
        "period": "Periode: {window}.",
        "areas_on_page": "Beleidsterreinen op deze pagina",
        "first": "Eerst bekijken",
        "wrong_on_ours": "Wat er nu mis is op onze lemma's",
        "more_lemmas": "En nog {n} lemma's; zie de maandelijkse mail.",
        "no_problems": "Geen open problemen gevonden.",
        "one_change": "wijziging",
        "changes": "wijzigingen",
        "desk_intro": "Alle reviewverzoeken van de beleidsterreinen. Wijs een verzoek toe aan "
        "een redacteur, of handel het af met een korte uitkomst.",
        "own_intro": "De verzoeken die u bij de redactie heeft ingediend, met wat er sindsdien "
        "mee gebeurde.",
        "new_request": "Nieuw verzoek indienen",
        "no_requests_yet": "Er zijn nog geen verzoeken.",
        "request_heading": "Verzoek #{number}:",
        "status": "Status",
        "overdue": "Over de streefdatum",
        "filed_by": "Ingediend door",
        "due": "Streefdatum",
        "assignee": "Behandelaar",
        "reason": "Reden",
        "outcome": "Uitkomst",
        "history": "Geschiedenis",
        "assign_to": "Toewijzen aan",
        "assign": "Toewijzen",
        "handle": "Afhandelen",
        "decline": "Afwijzen",
        "request_ref": "(verzoek #{number})",
        "filed": "Ingediend",
        "form_intro": "Vraag de Redactie Eigen Media om een Wikipedia-lemma van uw "
        "beleidsterrein te bekijken, bijvoorbeeld als er een fout in staat of als informatie "
        "verouderd is. Uw naam",
        "form_intro_end": "wordt bij het verzoek vastgelegd.",
        "error_prefix": "Fout:",
        "not_filed": "Het verzoek is nog niet ingediend",
        "no_area": "U heeft nog geen beleidsterrein. Vraag de redactie om u aan een "
        "beleidsterrein toe te voegen.",
        "area": "Beleidsterrein",
        "choose_area": "Kies een beleidsterrein",
        "lemma": "Lemma",
        "lemma_hint": "Alleen lemma's op de volglijst van het gekozen beleidsterrein.",
        "choose_lemma": "Kies een lemma",
        "why": "Waarom moet de redactie dit lemma bekijken?",
        "why_hint": "Noem wat er volgens u niet klopt en, als u die heeft, een bron.",
        "due_optional": "Streefdatum (niet verplicht)",
        "due_hint": "Wanneer moet het uiterlijk bekeken zijn? Bijvoorbeeld {day}.",
        "submit": "Verzoek indienen",
        "anon": "niet ingelogde gebruiker ({user})",
        "temp": "tijdelijk account {user}",
        "team": "(teamaccount)",
        "bot": "(bot)",
        "reverted": "teruggedraaid",
        "summary": "Samenvatting van de bewerker:",
        "see_diff": "Bekijk de wijziging op Wikipedia",
        "see_revision": "Bekijk deze versie op Wikipedia",
    },
    "en": {
        "site": "Following Wikipedia – Municipality of Almere",
        "brand": "Municipality of Almere · Following Wikipedia",
        "skip": "Skip to the content",
        "main_menu": "Main menu",
        "my_area": "My area",
        "review_form": "Request a review",
        "my_requests": "My requests",
        "all_requests": "All requests",
        "logged_in_as": "Logged in as",
        "desk": "(desk)",
        "log_out": "Log out",
        "footer": "Questions about this site? Mail the Redactie Eigen Media. Times are Dutch time.",
        "to_my_area": "To My area",
        "to_login": "To the login page",
        "login": "Log in",
        "login_intro": "This site shows what changes on Wikipedia in the lemmas of your policy "
        "area, and lets you ask the desk to look at a lemma. Log in with the user name and the "
        "password the desk gave you.",
        "login_failed": "Logging in failed",
        "user_name": "User name",
        "password": "Password",
        "login_help": "Forgot your password or no account yet? Ask the Redactie Eigen Media.",
        "areas_of_lemma": "Policy area: {areas}.",
        "lemma_on_wiki": "The lemma on Wikipedia",
        "review_this": "Request a review of this lemma",
        "wrong_now": "What is wrong now",
        "changes_days": "Changes of the last {days} days",
        "no_changes": "No changes in this period.",
        "corrections": "Corrections by the desk",
        "guideline_check": "Guideline check:",
        "no_corrections": "No corrections.",
        "review_requests": "Review requests",
        "overdue_short": "(past the target date)",
        "no_requests_desk": "No review requests.",
        "no_requests_own": "No review requests of yours.",
        "area_intro": "What changed on Wikipedia in the last {days} days in the lemmas of",
        "all_areas": "all policy areas",
        "your_area": "your policy area:",
        "your_areas": "your policy areas:",
        "period": "Period: {window}.",
        "areas_on_page": "Policy areas on this page",
        "first": "Look at these first",
        "wrong_on_ours": "What is wrong now in our lemmas",
        "more_lemmas": "And {n} more lemmas; see the monthly mail.",
        "no_problems": "No open problems found.",
        "one_change": "change",
        "changes": "changes",
        "desk_intro": "All review requests of the policy areas. Assign a request to an editor, "
        "or close it with a short outcome.",
        "own_intro": "The requests you filed with the desk, and what happened to them since.",
        "new_request": "File a new request",
        "no_requests_yet": "There are no requests yet.",
        "request_heading": "Request #{number}:",
        "status": "Status",
        "overdue": "Past the target date",
        "filed_by": "Filed by",
        "due": "Target date",
        "assignee": "Assignee",
        "reason": "Reason",
        "outcome": "Outcome",
        "history": "History",
        "assign_to": "Assign to",
        "assign": "Assign",
        "handle": "Close",
        "decline": "Decline",
        "request_ref": "(request #{number})",
        "filed": "Filed",
        "form_intro": "Ask the Redactie Eigen Media to look at a Wikipedia lemma of your policy "
        "area, for instance when it has an error or outdated information. Your name",
        "form_intro_end": "is recorded with the request.",
        "error_prefix": "Error:",
        "not_filed": "The request has not been filed yet",
        "no_area": "You have no policy area yet. Ask the desk to add you to one.",
        "area": "Policy area",
        "choose_area": "Choose a policy area",
        "lemma": "Lemma",
        "lemma_hint": "Only lemmas on the watchlist of the chosen policy area.",
        "choose_lemma": "Choose a lemma",
        "why": "Why should the desk look at this lemma?",
        "why_hint": "Say what you think is wrong and, if you have one, a source.",
        "due_optional": "Target date (optional)",
        "due_hint": "By when should it have been looked at? For instance {day}.",
        "submit": "File the request",
        "anon": "user not logged in ({user})",
        "temp": "temporary account {user}",
        "team": "(team account)",
        "bot": "(bot)",
        "reverted": "reverted",
        "summary": "The editor's summary:",
        "see_diff": "See the change on Wikipedia",
        "see_revision": "See this version on Wikipedia",
    },
}

REVIEW_STATUS: dict[str, dict[str, str]] = {
    "nl": {
        "open": "Open",
        "assigned": "In behandeling",
        "done": "Afgehandeld",
        "declined": "Afgewezen",
    },
    "en": {"open": "Open", "assigned": "Assigned", "done": "Done", "declined": "Declined"},
}

CORRECTION_STATUS: dict[str, dict[str, str]] = {
    "nl": {
        "proposed": "Voorgesteld",
        "approved": "Goedgekeurd",
        "rejected": "Afgewezen",
        "withdrawn": "Ingetrokken",
        "applied": "Toegepast",
        "verified": "Geverifieerd",
        "reverted": "Teruggedraaid",
        "overwritten": "Overschreven",
    },
    "en": {
        "proposed": "Proposed",
        "approved": "Approved",
        "rejected": "Rejected",
        "withdrawn": "Withdrawn",
        "applied": "Applied",
        "verified": "Verified",
        "reverted": "Reverted",
        "overwritten": "Overwritten",
    },
}

MONTHS: dict[str, list[str]] = {
    "nl": "jan feb mrt apr mei jun jul aug sep okt nov dec".split(),
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
}

# The error pages: status code -> (title, text).
ERROR_PAGES: dict[str, dict[int, tuple[str, str]]] = {
    "nl": {
        400: ("Ongeldig verzoek", "Dit verzoek kon niet worden verwerkt."),
        403: ("Geen toegang", "U heeft geen toegang tot deze pagina. Log eerst in."),
        404: ("Niet gevonden", "Deze pagina bestaat niet, of hoort niet bij uw beleidsterreinen."),
        405: ("Niet toegestaan", "Deze pagina kan zo niet worden gebruikt."),
        413: ("Te groot", "Wat u verstuurde is te groot."),
        500: ("Er ging iets mis", "Er ging iets mis aan onze kant. Probeer het later nog eens."),
    },
    "en": {
        400: ("Bad request", "This request could not be handled."),
        403: ("No access", "You have no access to this page. Log in first."),
        404: ("Not found", "This page does not exist, or is not part of your policy areas."),
        405: ("Not allowed", "This page cannot be used this way."),
        413: ("Too large", "What you sent is too large."),
        500: ("Something went wrong", "Something went wrong on our side. Try again later."),
    },
}


def say(lang: str, key: str, **fields: object) -> str:
    """The text `key` in `lang` (Dutch when the language has no table), fields filled in."""
    return TEXTS.get(lang, TEXTS["nl"])[key].format(**fields)


def page_text(lang: str, key: str) -> str:
    """A template's text `key` in `lang` (Dutch when the language has no table), with its
    `{field}` placeholders still in it (the templates fill them, escaping what goes in)."""
    return PAGES.get(lang, PAGES["nl"])[key]
