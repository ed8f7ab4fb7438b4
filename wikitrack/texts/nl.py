"""Every staff-facing string in Dutch, one table per product part (see `wikitrack.texts`)."""

from __future__ import annotations

from typing import Any

# The report, the mail, the change lines and the health report, by part.
PARTS: dict[str, dict[str, Any]] = {
    # One stored change as a line (describe.py), by kind; nomination_* and maintenance_*
    # are the template kinds of a nomination or maintenance template.
    "changes": {
        "template_param_changed": "{template}: {param} {old} → {new}",
        "nomination_added": "Genomineerd voor verwijdering ({{{{{template}}}}})",
        "nomination_removed": "Verwijdernominatie weggehaald ({{{{{template}}}}})",
        "maintenance_added": "Onderhoudssjabloon geplaatst ({{{{{template}}}}})",
        "maintenance_removed": "Onderhoudssjabloon weggehaald ({{{{{template}}}}})",
        "template_added": "Sjabloon toegevoegd: {template}",
        "template_removed": "Sjabloon verwijderd: {template}",
        "section_added": "Sectie '{section}' toegevoegd",
        "section_removed": "Sectie '{section}' verwijderd",
        "section_renamed": "Sectie '{old}' hernoemd naar '{new}'",
        "section_edited": "Sectie '{section}' bewerkt: {words}",
        "text_changed": "Tekst gewijzigd: {words}",
        "markup_changed": "Alleen opmaak of wikicode gewijzigd, geen zichtbare tekst",
        "reference_added": "Bron toegevoegd: {reference}",
        "reference_removed": "Bron verwijderd: {reference}",
        "category_added": "Categorie toegevoegd: {categories}",
        "category_removed": "Categorie verwijderd: {categories}",
        "link_added": "Link toegevoegd: {targets}",
        "link_removed": "Link verwijderd: {targets}",
        "external_link_added": "Externe link toegevoegd: {urls}",
        "external_link_removed": "Externe link verwijderd: {urls}",
        "large_removal": "Grote verwijdering: {removed_chars} tekens ({percent}%)",
        "blanked": "Pagina leeggehaald ({removed_chars} tekens verwijderd)",
        "redirected": "Omgezet in doorverwijzing naar {target}",
        "unredirected": "Doorverwijzing naar {target} vervangen door tekst",
        "redirect_changed": "Doorverwijzing gewijzigd: {old} → {new}",
        "page_created": "Pagina aangemaakt ({chars} tekens)",
        "talk_section_added": "Nieuwe overlegsectie '{section}': {text}",
        "talk_reply": "Reactie in overlegsectie '{section}': {text}",
        "moved": "Hernoemd van '{old}' naar '{new}'",
        "deleted": "Verwijderd",
        "restored": "Teruggeplaatst",
        "correction_reverted": "Correctie #{correction} is teruggedraaid: {what}",
        "correction_overwritten": "Correctie #{correction} is overschreven: {what}",
        "text_unavailable": "Tekst niet beschikbaar ({reason})",
        "too_large": "Te groot om in detail te vergelijken: {chars} tekens ({delta}), "
        "secties: {sections}",
        "not_compared": "Niet in detail te vergelijken (de parser faalde): {chars} tekens "
        "({delta}), secties: {sections}",
        "lead_section": "inleiding",
        "revert": "Draait {edits}{users} terug{restored}",
        "revert_edit": "1 bewerking",
        "revert_edits": "{n} bewerkingen",
        "revert_users": " van {users}",
        "revert_restored": " (naar versie {restored})",
        "event_by": " door {user}",
    },
    # The change report and the mail around it (report.py, nightly.py).
    "report": {
        "title": "Wikipedia-wijzigingen",
        "window": "Periode",
        "generated": "Gemaakt op",
        "act_first": "Eerst bekijken",
        "no_changes": "Geen wijzigingen in deze periode.",
        "by": "door",
        "logged_out": "niet ingelogd",
        "temp": "tijdelijk account",
        "team": "teamaccount",
        "bot": "bot",
        "summary": "samenvatting",
        "diff": "verschil",
        "revision": "versie",
        "reverted": "teruggedraaid",
        "folded": "Bewerking van {user} is al teruggedraaid door {reverter}",
        "activity": "Activiteit per beleidsterrein, laatste 30 dagen",
        "changes": "wijzigingen",
        "change": "wijziging",
        "p_nomination": "Verwijdernominatie",
        "p_blanked": "Pagina leeggehaald, niet teruggedraaid",
        "p_large_removal": "Grote verwijdering, niet teruggedraaid",
        "p_fact": "Infobox-gegeven gewijzigd",
        "p_team": "Bewerking door een teamaccount zonder gelogde correctie",
        "p_talk": "Nieuwe overlegsectie",
        "p_overdue": "Controleverzoek over de streefdatum",
        "p_problem": "Volglijst niet gelezen, herstel het bestand",
        "p_correction": "Correctie teruggedraaid of overschreven",
        "p_guideline": "Correctie wacht, met bevindingen van de richtlijncheck",
        "g_stop": "harde stop",
        "g_warning": "waarschuwing",
        "g_see": "bekijk met",
        "s_proposed": "voorgesteld",
        "s_approved": "goedgekeurd",
        "months": "jan feb mrt apr mei jun jul aug sep okt nov dec",
        "more": "nog {n} {noun}, samengevat",
        "summarised": "Te veel voor één mail: {shown} van de {total} wijzigingen staan hier "
        "uitgeschreven, de rest per lemma geteld. Alles staat in 'wikitrack report --since "
        "{since}' en in de webweergave ('wikitrack serve').",
        "full_digest": "volledig overzicht",
    },
    # The guideline check's rules (guideline.py) as staff read them. A report names the rule,
    # never the words found: those may be exactly the personal data that must not travel by mail.
    "guideline_rules": {
        "bsn": "burgerservicenummer",
        "iban": "rekeningnummer",
        "phone": "mobiel nummer",
        "email": "persoonlijk e-mailadres",
        "confidential": "vertrouwelijk materiaal",
        "disclosure": "zegt niet namens wie",
        "first_person": "wij-vorm",
        "promotional": "wervende woorden",
        "unsourced_number": "getal zonder bron",
        "arguing": "betogende toon",
        "person_name": "naam van een persoon",
    },
    # `wikitrack health` and its section in the monthly mail (health_report.py).
    "health": {
        "title": "Gezondheid van onze lemma's",
        "generated": "Gemaakt op",
        "intro": "Wat er nu mis is op onze lemma's, het dringendste eerst.",
        "none": "Geen open problemen gevonden.",
        "score": "gewicht",
        "fewer": "{n} open {noun} minder dan op {date}",
        "more": "{n} open {noun} meer dan op {date}",
        "same": "Evenveel open problemen als op {date} ({n})",
        "first": "Eerste meting: {n} open {noun}",
        "problem": "probleem",
        "problems": "problemen",
        "solved": "Opgelost sinds {date}",
        "solved_by": "opgelost door correctie {ids}",
        "since": "sinds {date}",
        "at_least": "minstens sinds {date}",
        "do": "Wat te doen",
        "history": "geschiedenis",
        "talk": "overleg",
        "deleted": "De pagina bestaat niet meer{when}. Haal het lemma van de volglijst, of "
        "vraag een moderator om terugplaatsing als het ten onrechte is verwijderd.",
        "deleted_when": " (verwijderd {date} door {user}: {comment})",
        "nomination": "Genomineerd voor verwijdering met {{{{{template}}}}}{reason}. Reageer op "
        "Wikipedia:Te beoordelen pagina's of verbeter het artikel binnen de termijn van "
        "twee weken.",
        "own_request": "Ons verzoek op de overlegpagina ('{section}') heeft nog geen antwoord. "
        "Vraag opnieuw aandacht in de sectie, of in Wikipedia:De kroeg.",
        "correction": "Correctie #{id} staat open ({status}): {what} {todo}",
        "c_proposed": "Beoordeel en keur haar goed of af.",
        "c_approved": "Voer haar uit met 'wikitrack correction apply'.",
        "c_reverted": "Ze is teruggedraaid: lees de samenvatting en het overleg.",
        "c_overwritten": "Ze is overschreven: kijk of het gegeven nog klopt.",
        "review": "Controleverzoek #{id} staat open{due}: {reason} Neem het in behandeling.",
        "review_assigned": "Controleverzoek #{id} is in behandeling bij {assignee}{due}: {reason}",
        "review_due": " (streefdatum {due})",
        "maintenance": "Onderhoudssjabloon {{{{{template}}}}}{reason}. Voeg een betrouwbare "
        "bron toe of stel een correctie voor.",
        "outdated": "Gemarkeerd als verouderd met {{{{{template}}}}}{reason}. Werk de gegevens "
        "bij met een actuele bron.",
        "old_date": "Infobox: {param} = {value} met peildatum {date}{date_param}. Stel een "
        "correctie voor met een recenter cijfer en bron.",
        "old_date_inline": "Infobox: {param} = {value}, een gegeven uit {date}. Stel een "
        "correctie voor met een recenter cijfer en bron.",
        "old_date_ref": "Infobox: {param} = {value}, volgens een bron van {date}. Stel een "
        "correctie voor met een recenter cijfer en bron.",
        "talk_unanswered": "Vraag op de overlegpagina ('{section}'{user}) zonder antwoord. "
        "Beantwoord haar als ze ons terrein raakt.",
        "talk_by": ", van {user}",
        "of_correction": "Het is het verzoek van correctie #{id}.",
        "dead_link": "Dode link: {url}. Zoek een werkende of gearchiveerde versie van de bron.",
        "unreferenced_section": "Sectie '{section}' ({chars} tekens) heeft geen enkele bron. "
        "Zoek bronnen voor wat er staat.",
        "reason": " ({reason})",
        "months": "jan feb mrt apr mei jun jul aug sep okt nov dec",
        "fact": "{where}: op de wiki {wiki}, in ons register {ours} (peildatum {date}, bron "
        "{source}). Stel een correctie voor met 'wikitrack facts propose --fact {fact}'.",
        "fact_older": "{where}: op de wiki {wiki} met peildatum {wiki_date}, in ons register "
        "{ours} met peildatum {date} (bron {source}). Stel een correctie voor met 'wikitrack "
        "facts propose --fact {fact}'.",
        "fact_aged": "Ons eigen gegeven '{fact}' ({ours}, peildatum {date}) is ouder dan "
        "{months} maanden: werk het bij in facts/{area}.toml met een actuele bron.",
    },
    # The facts register in the nightly mail and on the web (wikitrack/facts/notices.py).
    "facts": {
        "heading": "Feiten uit ons register",
        "fact": "{title} ({where}): op de wiki {wiki}, in ons register {ours} (peildatum "
        "{date}, bron {source}). Stel een correctie voor met 'wikitrack facts propose --fact "
        "{fact}'.",
        "fact_older": "{title} ({where}): op de wiki {wiki} met peildatum {wiki_date}, in ons "
        "register {ours} met peildatum {date} (bron {source}). Stel een correctie voor met "
        "'wikitrack facts propose --fact {fact}'.",
        "fact_aged": "{title}: ons eigen gegeven '{fact}' ({ours}, peildatum {date}, bron "
        "{source}) is ouder dan {months} maanden: werk het bij in facts/{area}.toml met een "
        "actuele bron.",
        "fact_fixed": "{title}: de wiki wijkt niet meer af van ons gegeven '{fact}'.",
        "more": "En nog {n} meer: zie 'wikitrack facts check'.",
    },
}

# What the web's Python code says (messages, form errors).
WEB: dict[str, str] = {
    "sso_down_title": "Inloggen kan nu niet",
    "sso_down_text": "De inlogdienst van de gemeente is nu niet bereikbaar. Probeer het over "
    "een paar minuten opnieuw; blijft dit zo, meld het dan bij de servicedesk.",
    "sso_refused_title": "Geen toegang",
    "sso_refused_text": "U bent niet ingelogd op deze site. Hoort u hier toegang te hebben, "
    "vraag het dan aan {contact}.",
    "sso_desk": "de Redactie Eigen Media",
    "login_blocked": "Er is hier kort na elkaar een verkeerd wachtwoord gegeven. Wacht even en "
    "probeer het dan opnieuw (nog {seconds} s).",
    "login_busy": "Er wordt nu druk ingelogd. Probeer het over een paar seconden opnieuw.",
    "login_wrong": "De gebruikersnaam of het wachtwoord klopt niet.",
    "logged_out": "U bent uitgelogd.",
    "form_area": "Kies een van uw beleidsterreinen.",
    "form_lemma_missing": "Kies het lemma dat de redactie moet bekijken.",
    "form_lemma_unknown": "Dit lemma staat niet op de volglijst van dit beleidsterrein. "
    "Kies een lemma uit de lijst.",
    "form_reason": "Schrijf op waarom de redactie dit lemma moet bekijken.",
    "form_due_invalid": "Dit is geen datum. Gebruik de vorm JJJJ-MM-DD.",
    "form_due_far": "Deze datum ligt te ver weg. Kies een datum tot en met {last}.",
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
    "form_reason_long": "Deze reden is {length} tekens lang. Houd het bij {limit} tekens; "
    "een lange toelichting kan de redactie bij u opvragen.",
    "form_reason_control": "Deze reden bevat een onzichtbaar stuurteken. Typ de tekst "
    "opnieuw in plaats van hem te plakken.",
    "form_reason_personal": "Deze tekst bevat persoonsgegevens (een BSN, IBAN, mobiel "
    "nummer of persoonlijk e-mailadres). Die mag het logboek niet bewaren (AVG): laat ze weg "
    "en verstuur opnieuw. Er is niets opgeslagen.",
    "form_duplicate": "Er staat al een open verzoek (#{number}) over dit lemma met dezelfde "
    "reden. Vink 'Toch indienen' aan als u het echt nog eens wilt indienen.",
    "form_unchanged": "U heeft niets gewijzigd.",
    "request_no_assignee": "Verzoek #{number} is niet toegewezen: kies een redacteur.",
    "request_withdrawn": "Uw verzoek #{number} is ingetrokken.",
    "request_edited": "Uw verzoek #{number} is gewijzigd.",
    "csrf_title": "Formulier verlopen",
    "csrf_text": "Het formulier was verlopen of onvolledig. Laad de pagina opnieuw en "
    "probeer het nog eens.",
}

# The templates' own text (`t('key')` in wikitrack/web/templates/*.html).
PAGES: dict[str, str] = {
    "login_sso_intro": "Op deze site ziet u wat er op Wikipedia verandert aan de lemma's van "
    "uw beleidsterrein, en vraagt u de redactie om een lemma te bekijken. U logt in met uw "
    "account van de gemeente.",
    "login_sso_button": "Inloggen met uw account van de gemeente",
    "site": "Wikipedia volgen – Gemeente Almere",
    "brand": "Gemeente Almere · Wikipedia volgen",
    "skip": "Direct naar de inhoud",
    "main_menu": "Hoofdmenu",
    "my_area": "Mijn terrein",
    "all_areas_page": "Alle beleidsterreinen",
    "review_form": "Controle aanvragen",
    "my_requests": "Mijn verzoeken",
    "all_requests": "Alle verzoeken",
    "logged_in_as": "Ingelogd als",
    "desk": "(redactie)",
    "log_out": "Uitloggen",
    "footer": "Vragen over deze site? Mail de Redactie Eigen Media. Tijden zijn Nederlandse tijd.",
    "footer_ask": "Vragen over deze site? Mail de Redactie Eigen Media:",
    "footer_times": "Tijden zijn Nederlandse tijd.",
    "to_my_area": "Naar Mijn terrein",
    "to_all_areas": "Naar Alle beleidsterreinen",
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
    "review_this": "Controle aanvragen voor dit lemma",
    "on_talk_page": "Op de overlegpagina ({title}):",
    "facts_register": "Feiten uit ons register",
    "wrong_now": "Wat er nu mis is",
    "changes_days": "Wijzigingen van de afgelopen {days} dagen",
    "no_changes": "Geen wijzigingen in deze periode.",
    "corrections": "Correcties van de redactie",
    "guideline_check": "Richtlijncheck:",
    "no_corrections": "Geen correcties.",
    "review_requests": "Controleverzoeken",
    "overdue_short": "(over de streefdatum)",
    "no_requests_desk": "Geen controleverzoeken.",
    "no_requests_own": "Geen controleverzoeken van u.",
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
    "desk_intro": "Alle controleverzoeken van de beleidsterreinen. Wijs een verzoek toe aan "
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
    "edited": "Gewijzigd",
    "confirm_done": "Verzoek #{number} afhandelen?",
    "confirm_declined": "Verzoek #{number} afwijzen?",
    "confirm_withdrawn": "Verzoek #{number} intrekken?",
    "confirm_yes_done": "Ja, afhandelen",
    "confirm_yes_declined": "Ja, afwijzen",
    "confirm_yes_withdrawn": "Ja, intrekken",
    "decline_reason": "Reden van afwijzen",
    "withdraw": "Intrekken",
    "edit": "Wijzigen",
    "edit_heading": "Verzoek #{number} wijzigen",
    "edit_intro": "U kunt de reden en de streefdatum wijzigen zolang de redactie het verzoek "
    "nog niet in behandeling heeft genomen. De oude tekst blijft in de geschiedenis staan.",
    "form_not_saved": "Het verzoek is niet gewijzigd",
    "save": "Wijzigingen opslaan",
    "back_to_requests": "Nee, terug naar de verzoeken",
    "cancel_edit": "Terug naar de verzoeken zonder te wijzigen",
    "confirm_intro": "Controleer het verzoek. Dit kan niet ongedaan worden gemaakt.",
    "force": "Toch indienen",
    "pages_nav": "Pagina's met verzoeken",
    "page_of": "Pagina {page} van {pages} ({total} verzoeken)",
    "previous_page": "Vorige pagina",
    "next_page": "Volgende pagina",
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
}

# Review request statuses as staff read them.
REVIEW_STATUS: dict[str, str] = {
    "open": "Open",
    "assigned": "In behandeling",
    "done": "Afgehandeld",
    "declined": "Afgewezen",
    "withdrawn": "Ingetrokken",
}

# Correction statuses as staff read them.
CORRECTION_STATUS: dict[str, str] = {
    "proposed": "Voorgesteld",
    "approved": "Goedgekeurd",
    "rejected": "Afgewezen",
    "withdrawn": "Ingetrokken",
    "applied": "Toegepast",
    "verified": "Geverifieerd",
    "reverted": "Teruggedraaid",
    "overwritten": "Overschreven",
}

# Month abbreviations of the web form's dates.
MONTHS: list[str] = "jan feb mrt apr mei jun jul aug sep okt nov dec".split()

# The web's error pages: status code -> (title, text).
ERROR_PAGES: dict[int, tuple[str, str]] = {
    400: ("Ongeldig verzoek", "Dit verzoek kon niet worden verwerkt."),
    403: ("Geen toegang", "U heeft geen toegang tot deze pagina. Log eerst in."),
    404: ("Niet gevonden", "Deze pagina bestaat niet, of hoort niet bij uw beleidsterreinen."),
    405: ("Niet toegestaan", "Deze pagina kan zo niet worden gebruikt."),
    413: ("Te groot", "Wat u verstuurde is te groot."),
    500: ("Er ging iets mis", "Er ging iets mis aan onze kant. Probeer het later nog eens."),
}

# -- the worklist (issue 25): the mail's lead section and the web's worklist ----------------------
PARTS["worklist"] = {
    "heading": "Werklijst",
    "intro": "{open} open, {claimed} opgepakt; {new} nieuw sinds gisteren, "
    "{overdue} achterstallig.",
    "empty": "Geen open punten op de werklijst.",
    "unclaimed": "nog door niemand opgepakt",
    "claimed": "opgepakt door {holder}",
    "new": "nieuw",
    "overdue": "achterstallig",
    "deadline": "termijn tot {date}",
    "how": "Oppakken en afhandelen: in de webweergave op de lemmapagina, of met "
    "'wikitrack worklist claim ID --by NAAM'.",
    "title": "Werklijst",
    "col_item": "Punt",
    "col_lemma": "Lemma",
    "col_what": "Wat",
    "col_state": "Stand",
    "claim": "Oppakken",
    "done": "Afhandelen",
    "outcome": "Uitkomst",
    "note": "Toelichting",
    "correction": "Correctie-nummer",
    "review": "Verzoeknummer",
    "claimed_ok": "Punt #{id} is nu van u.",
    "done_ok": "Punt #{id} is afgehandeld.",
    "kinds": {
        "nomination": "Verwijdernominatie",
        "blanked": "Pagina leeggehaald",
        "large_removal": "Grote verwijdering",
        "correction": "Onze correctie teruggedraaid",
        "fact": "Infobox-gegeven gewijzigd",
        "facts": "Feit wijkt af van ons register",
        "talk": "Nieuwe vraag op de overlegpagina",
        "review": "Reviewverzoek",
        "guideline": "Richtlijnbevinding",
        "health": "Gezondheid van het lemma",
    },
    "outcomes": {
        "no_action": "geen actie nodig",
        "answered": "beantwoord op de overlegpagina",
        "review": "reviewverzoek",
        "correction": "correctie",
        "undone": "op de wiki ongedaan gemaakt",
        "solved": "op de wiki verdwenen",
    },
}
PAGES["worklist"] = "Werklijst"
PARTS["worklist"]["period_heading"] = "Werklijst in deze periode"
PARTS["worklist"]["period_line"] = (
    "{area}: {came_in} binnengekomen, {handled} afgehandeld door de redactie, {by_wik"
    "i} op de wiki vanzelf opgelost; mediaan tot oppakken {claim} uur, tot afgehandeld {done} uur"
)
PARTS["worklist"]["period_none"] = "-"
