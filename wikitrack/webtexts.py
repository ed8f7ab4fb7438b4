"""Every string the web view's Python code shows to staff, one table per language.

Dutch is the default; `[report] language = "en"` in the config selects English. The pages'
own running text lives in the templates (wikitrack/web/). Placeholders are `str.format`
fields; what fills them (titles, names) is escaped by the templates like everything else.
"""

from __future__ import annotations

__all__ = ["TEXTS", "REVIEW_STATUS", "CORRECTION_STATUS", "MONTHS", "ERROR_PAGES", "say"]

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
