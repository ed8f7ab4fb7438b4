"""Every staff-facing string in English, one table per product part (see `wikitrack.texts`)."""

from __future__ import annotations

from typing import Any

# The report, the mail, the change lines and the health report, by part.
PARTS: dict[str, dict[str, Any]] = {
    # One stored change as a line (describe.py), by kind; nomination_* and maintenance_*
    # are the template kinds of a nomination or maintenance template.
    "changes": {
        "template_param_changed": "{template}: {param} {old} → {new}",
        "nomination_added": "Nominated for deletion ({{{{{template}}}}})",
        "nomination_removed": "Deletion nomination removed ({{{{{template}}}}})",
        "maintenance_added": "Maintenance template added ({{{{{template}}}}})",
        "maintenance_removed": "Maintenance template removed ({{{{{template}}}}})",
        "template_added": "Template added: {template}",
        "template_removed": "Template removed: {template}",
        "section_added": "Section '{section}' added",
        "section_removed": "Section '{section}' removed",
        "section_renamed": "Section '{old}' renamed to '{new}'",
        "section_edited": "Section '{section}' edited: {words}",
        "text_changed": "Text changed: {words}",
        "markup_changed": "Only formatting or wikicode changed, no visible text",
        "reference_added": "Reference added: {reference}",
        "reference_removed": "Reference removed: {reference}",
        "category_added": "Category added: {categories}",
        "category_removed": "Category removed: {categories}",
        "link_added": "Link added: {targets}",
        "link_removed": "Link removed: {targets}",
        "external_link_added": "External link added: {urls}",
        "external_link_removed": "External link removed: {urls}",
        "large_removal": "Large removal: {removed_chars} characters ({percent}%)",
        "blanked": "Page blanked ({removed_chars} characters removed)",
        "redirected": "Turned into a redirect to {target}",
        "unredirected": "Redirect to {target} replaced by text",
        "redirect_changed": "Redirect changed: {old} → {new}",
        "page_created": "Page created ({chars} characters)",
        "talk_section_added": "New talk-page section '{section}': {text}",
        "talk_reply": "Reply in talk-page section '{section}': {text}",
        "moved": "Moved from '{old}' to '{new}'",
        "deleted": "Deleted",
        "restored": "Restored",
        "correction_reverted": "Correction #{correction} was reverted: {what}",
        "correction_overwritten": "Correction #{correction} was overwritten: {what}",
        "text_unavailable": "Text unavailable ({reason})",
        "too_large": "Too large to compare in detail: {chars} characters ({delta}), "
        "sections: {sections}",
        "not_compared": "Could not be compared in detail (the parser failed): {chars} "
        "characters ({delta}), sections: {sections}",
        "lead_section": "lead",
        "revert": "Reverts {edits}{users}{restored}",
        "revert_edit": "1 edit",
        "revert_edits": "{n} edits",
        "revert_users": " by {users}",
        "revert_restored": " (back to revision {restored})",
        "event_by": " by {user}",
    },
    # The change report and the mail around it (report.py, nightly.py).
    "report": {
        "title": "Wikipedia changes",
        "window": "Period",
        "generated": "Generated",
        "act_first": "Act on these first",
        "no_changes": "No changes in this period.",
        "by": "by",
        "logged_out": "logged out",
        "temp": "temporary account",
        "team": "team account",
        "bot": "bot",
        "summary": "summary",
        "diff": "diff",
        "revision": "revision",
        "reverted": "reverted",
        "folded": "Edit by {user} already reverted by {reverter}",
        "activity": "Activity per policy area, last 30 days",
        "changes": "changes",
        "change": "change",
        "p_nomination": "Deletion nomination",
        "p_blanked": "Page blanked, not reverted",
        "p_large_removal": "Large removal, not reverted",
        "p_fact": "Infobox fact changed",
        "p_team": "Edit by a team account without a logged correction",
        "p_talk": "New talk-page section",
        "p_overdue": "Review request past its due date",
        "p_problem": "Watchlist not read, fix the file",
        "p_correction": "Correction reverted or overwritten",
        "p_guideline": "Correction waiting, with guideline findings",
        "g_stop": "hard stop",
        "g_warning": "warning",
        "g_see": "see",
        "s_proposed": "proposed",
        "s_approved": "approved",
        "months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "more": "{n} more {noun}, summarised",
        "summarised": "Too much for one mail: {shown} of the {total} changes are written out "
        "here, the rest counted per lemma. Everything is in 'wikitrack report --since "
        "{since}' and in the web view ('wikitrack serve').",
        "full_digest": "full digest",
    },
    # The guideline check's rules (guideline.py) as staff read them. A report names the rule,
    # never the words found: those may be exactly the personal data that must not travel by mail.
    "guideline_rules": {
        "bsn": "citizen service number",
        "iban": "bank account number",
        "phone": "mobile number",
        "email": "personal e-mail address",
        "confidential": "confidential material",
        "disclosure": "does not say on whose behalf",
        "first_person": "first person",
        "promotional": "promotional words",
        "unsourced_number": "number without a source",
        "arguing": "argumentative tone",
        "person_name": "name of a person",
    },
    # `wikitrack health` and its section in the monthly mail (health_report.py).
    "health": {
        "title": "Health of our lemmas",
        "generated": "Generated",
        "intro": "What is wrong on our lemmas now, most urgent first.",
        "none": "No open problems found.",
        "score": "weight",
        "fewer": "{n} open {noun} fewer than on {date}",
        "more": "{n} open {noun} more than on {date}",
        "same": "As many open problems as on {date} ({n})",
        "first": "First measurement: {n} open {noun}",
        "problem": "problem",
        "problems": "problems",
        "solved": "Solved since {date}",
        "solved_by": "solved by correction {ids}",
        "since": "since {date}",
        "at_least": "at least since {date}",
        "do": "What to do",
        "history": "history",
        "talk": "talk",
        "deleted": "The page no longer exists{when}. Remove the lemma from the watchlist, or "
        "ask an administrator to restore it if it was deleted wrongly.",
        "deleted_when": " (deleted {date} by {user}: {comment})",
        "nomination": "Nominated for deletion with {{{{{template}}}}}{reason}. Respond on "
        "Wikipedia:Te beoordelen pagina's or improve the article within the two weeks.",
        "own_request": "Our request on the talk page ('{section}') has no answer yet. Ask for "
        "attention again in the section, or on Wikipedia:De kroeg.",
        "correction": "Correction #{id} is open ({status}): {what} {todo}",
        "c_proposed": "Review it and approve or reject it.",
        "c_approved": "Apply it with 'wikitrack correction apply'.",
        "c_reverted": "It was reverted: read the summary and the talk page.",
        "c_overwritten": "It was overwritten: check whether the fact still holds.",
        "review": "Review request #{id} is open{due}: {reason} Take it on.",
        "review_assigned": "Review request #{id} is being handled by {assignee}{due}: {reason}",
        "review_due": " (due {due})",
        "maintenance": "Maintenance template {{{{{template}}}}}{reason}. Add a reliable source "
        "or propose a correction.",
        "outdated": "Marked as outdated with {{{{{template}}}}}{reason}. Update the facts with "
        "a current source.",
        "old_date": "Infobox: {param} = {value}, reference date {date}{date_param}. Propose a "
        "correction with a recent figure and source.",
        "old_date_inline": "Infobox: {param} = {value}, a figure from {date}. Propose a "
        "correction with a recent figure and source.",
        "old_date_ref": "Infobox: {param} = {value}, from a source dated {date}. Propose a "
        "correction with a recent figure and source.",
        "talk_unanswered": "Talk-page question ('{section}'{user}) without an answer. Answer it "
        "if it concerns our area.",
        "talk_by": ", by {user}",
        "of_correction": "It is the request of correction #{id}.",
        "dead_link": "Dead link: {url}. Find a working or archived version of the source.",
        "unreferenced_section": "Section '{section}' ({chars} characters) has no reference at "
        "all. Find sources for what it says.",
        "reason": " ({reason})",
        "months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "fact": "{where}: the wiki says {wiki}, our register {ours} (reference date {date}, "
        "source {source}). Propose a correction with 'wikitrack facts propose --fact {fact}'.",
        "fact_older": "{where}: the wiki says {wiki} as of {wiki_date}, our register {ours} as "
        "of {date} (source {source}). Propose a correction with 'wikitrack facts propose "
        "--fact {fact}'.",
        "fact_aged": "Our own figure '{fact}' ({ours}, reference date {date}) is older than "
        "{months} months: update it in facts/{area}.toml with a current source.",
    },
    # The facts register in the nightly mail and on the web (wikitrack/facts/notices.py).
    "facts": {
        "heading": "Facts from our register",
        "fact": "{title} ({where}): the wiki says {wiki}, our register {ours} (reference date "
        "{date}, source {source}). Propose a correction with 'wikitrack facts propose --fact "
        "{fact}'.",
        "fact_older": "{title} ({where}): the wiki says {wiki} dated {wiki_date}, our register "
        "{ours} dated {date} (source {source}). Propose a correction with 'wikitrack facts "
        "propose --fact {fact}'.",
        "fact_aged": "{title}: our own figure '{fact}' ({ours}, reference date {date}, source "
        "{source}) is older than {months} months: update it in facts/{area}.toml with a "
        "current source.",
        "fact_fixed": "{title}: the wiki no longer differs from our figure '{fact}'.",
        "more": "And {n} more: see 'wikitrack facts check'.",
    },
}

# What the web's Python code says (messages, form errors).
WEB: dict[str, str] = {
    "sso_down_title": "Signing in is not possible now",
    "sso_down_text": "The municipality's sign-in service cannot be reached. Try again in a few "
    "minutes; if it stays this way, tell the service desk.",
    "sso_refused_title": "No access",
    "sso_refused_text": "You are not signed in to this site. If you should have access, ask "
    "{contact}.",
    "sso_desk": "the Eigen Media desk",
    "login_blocked": "A wrong password was given here several times in a row. Wait a moment "
    "and try again (another {seconds} s).",
    "login_busy": "Many people are logging in right now. Try again in a few seconds.",
    "login_wrong": "The user name or the password is wrong.",
    "logged_out": "You are logged out.",
    "form_area": "Choose one of your policy areas.",
    "form_lemma_missing": "Choose the lemma the desk should look at.",
    "form_lemma_unknown": "This lemma is not on the watchlist of this policy area. "
    "Choose a lemma from the list.",
    "form_reason": "Write down why the desk should look at this lemma.",
    "form_due_invalid": "This is not a date. Use the form YYYY-MM-DD.",
    "form_due_far": "This date is too far ahead. Choose a date up to {last}.",
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
    "csrf_title": "Form expired",
    "csrf_text": "The form had expired or was incomplete. Reload the page and try again.",
    "form_reason_long": "This reason is {length} characters long. Keep it to {limit}; the "
    "desk can ask you for a longer explanation.",
    "form_reason_control": "This reason holds an invisible control character. Type the text "
    "again instead of pasting it.",
    "form_reason_personal": "This text holds personal data (a BSN, IBAN, mobile number or "
    "personal e-mail address), which the log may not keep (AVG): leave it out and send again. "
    "Nothing was stored.",
    "form_duplicate": "An open request (#{number}) about this lemma gives the same reason. "
    "Tick 'File anyway' if you really want to file it again.",
    "form_unchanged": "You changed nothing.",
    "request_no_assignee": "Request #{number} was not assigned: choose an editor.",
    "request_withdrawn": "Your request #{number} has been withdrawn.",
    "request_edited": "Your request #{number} has been changed.",
}

# The templates' own text (`t('key')` in wikitrack/web/templates/*.html).
PAGES: dict[str, str] = {
    "login_sso_intro": "This site shows what changes on Wikipedia in the lemmas of your policy "
    "area, and lets you ask the desk to review a lemma. Sign in with your municipal account.",
    "login_sso_button": "Sign in with your municipal account",
    "site": "Following Wikipedia – Municipality of Almere",
    "brand": "Municipality of Almere · Following Wikipedia",
    "skip": "Skip to the content",
    "main_menu": "Main menu",
    "my_area": "My area",
    "all_areas_page": "All areas",
    "review_form": "Request a review",
    "my_requests": "My requests",
    "all_requests": "All requests",
    "logged_in_as": "Logged in as",
    "desk": "(desk)",
    "log_out": "Log out",
    "footer": "Questions about this site? Mail the Redactie Eigen Media. Times are Dutch time.",
    "to_my_area": "To My area",
    "to_all_areas": "To All areas",
    "footer_ask": "Questions about this site? Mail the Redactie Eigen Media:",
    "footer_times": "Times are Dutch time.",
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
    "on_talk_page": "On the talk page ({title}):",
    "facts_register": "Facts from our register",
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
    "edited": "Changed",
    "confirm_done": "Close request #{number}?",
    "confirm_declined": "Decline request #{number}?",
    "confirm_withdrawn": "Withdraw request #{number}?",
    "confirm_yes_done": "Yes, close it",
    "confirm_yes_declined": "Yes, decline it",
    "confirm_yes_withdrawn": "Yes, withdraw it",
    "decline_reason": "Reason for declining",
    "withdraw": "Withdraw",
    "edit": "Change",
    "edit_heading": "Change request #{number}",
    "edit_intro": "You can change the reason and the target date until the desk takes the "
    "request. The old text stays in the history.",
    "form_not_saved": "The request was not changed",
    "save": "Save changes",
    "back_to_requests": "No, back to the requests",
    "cancel_edit": "Back to the requests without changing",
    "confirm_intro": "Check the request. This cannot be undone.",
    "force": "File anyway",
    "pages_nav": "Pages of requests",
    "page_of": "Page {page} of {pages} ({total} requests)",
    "previous_page": "Previous page",
    "next_page": "Next page",
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
}

# Review request statuses as staff read them.
REVIEW_STATUS: dict[str, str] = {
    "open": "Open",
    "assigned": "Assigned",
    "done": "Done",
    "declined": "Declined",
    "withdrawn": "Withdrawn",
}

# Correction statuses as staff read them.
CORRECTION_STATUS: dict[str, str] = {
    "proposed": "Proposed",
    "approved": "Approved",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
    "applied": "Applied",
    "verified": "Verified",
    "reverted": "Reverted",
    "overwritten": "Overwritten",
}

# Month abbreviations of the web form's dates.
MONTHS: list[str] = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()

# The web's error pages: status code -> (title, text).
ERROR_PAGES: dict[int, tuple[str, str]] = {
    400: ("Bad request", "This request could not be handled."),
    403: ("No access", "You have no access to this page. Log in first."),
    404: ("Not found", "This page does not exist, or is not part of your policy areas."),
    405: ("Not allowed", "This page cannot be used this way."),
    413: ("Too large", "What you sent is too large."),
    500: ("Something went wrong", "Something went wrong on our side. Try again later."),
}

# -- the worklist (issue 25): the mail's lead section and the web's worklist ----------------------
PARTS["worklist"] = {
    "heading": "Worklist",
    "intro": "{open} open, {claimed} claimed; {new} new since yesterday, {overdue} overdue.",
    "empty": "Nothing open on the worklist.",
    "unclaimed": "not claimed by anyone yet",
    "claimed": "claimed by {holder}",
    "new": "new",
    "overdue": "overdue",
    "deadline": "deadline {date}",
    "how": "Claim and close them in the web view on the lemma page, or with "
    "'wikitrack worklist claim ID --by NAME'.",
    "title": "Worklist",
    "col_item": "Item",
    "col_lemma": "Lemma",
    "col_what": "What",
    "col_state": "State",
    "claim": "Claim",
    "done": "Close",
    "outcome": "Outcome",
    "note": "Note",
    "correction": "Correction number",
    "review": "Request number",
    "claimed_ok": "Item #{id} is yours now.",
    "done_ok": "Item #{id} is closed.",
    "kinds": {
        "nomination": "Deletion nomination",
        "blanked": "Page blanked",
        "large_removal": "Large removal",
        "correction": "Our correction reverted",
        "fact": "Infobox fact changed",
        "facts": "Fact differs from our register",
        "talk": "New talk-page question",
        "review": "Review request",
        "guideline": "Guideline finding",
        "health": "Lemma health",
    },
    "outcomes": {
        "no_action": "no action needed",
        "answered": "answered on the talk page",
        "review": "review request",
        "correction": "correction",
        "undone": "undone on the wiki",
        "solved": "gone on the wiki",
    },
}
PAGES["worklist"] = "Worklist"
PARTS["worklist"]["period_heading"] = "Worklist in this period"
PARTS["worklist"]["period_line"] = (
    "{area}: {came_in} came in, {handled} handled by the desk, {by_wiki} solved on th"
    "e wiki by itself; median to claim {claim} h, to done {done} h"
)
PARTS["worklist"]["period_none"] = "-"
