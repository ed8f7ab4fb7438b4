"""The command line's help texts, by command path (English, as the CLI is).

Each text's `Example:` lines are run by tests/test_examples.py, so every example works.
"""

HELP: dict[str, str] = {
    "wikitrack": """\
Watch Almere's Wikipedia lemmas per policy area.

Reports what changed, logs corrections, takes review requests.

Example: wikitrack --config /etc/wikitrack.toml check --quiet
""",
    "init": """\
Write a commented starter config and create the database.

After the wiki was replaced (another wiki, a sandbox reset), --reset-db starts a fresh
database for it.

Example: wikitrack init --sandbox
""",
    "doctor": """\
Check config, database, wiki and login; say how to fix.

Also checks the watchlists, the credentials and the team accounts.

Example: wikitrack doctor
""",
    "backup": """\
Back up the database, config and web users, verified.

A consistent copy even while check runs (SQLite's online backup API), checked with
PRAGMA integrity_check, in a directory named by the UTC date and time. Old backups go by
the [backup] keep_daily and keep_weekly rules.

Example: wikitrack backup --to /srv/backup/wikitrack
""",
    "restore": """\
Restore a backup; the current database is kept aside.

SOURCE is a backup directory or its wikitrack.db. Refused while another run holds the
lock. A copy of the backup is migrated, gets the redactions made since applied again and its
web sessions ended before it replaces the database; redactions it cannot apply are listed.
The live web users file is kept (the backup's only where there is none); the backup's config
is not restored (copy it by hand on a new server). The schema and latest run are shown.

Example: wikitrack restore /srv/backup/wikitrack/2026-11-25T053012Z
""",
    "sandbox": """\
Run a local MediaWiki for tests, the demo and training.

Example: wikitrack sandbox start
""",
    "sandbox start": """\
Start the sandbox wiki (install and seed it the first time).

Example: wikitrack sandbox start
""",
    "sandbox stop": """\
Stop the sandbox wiki; no PHP process of it remains.

Example: wikitrack sandbox stop
""",
    "sandbox status": """\
Show URL, accounts and data dir of the sandbox.

Example: wikitrack sandbox status --json
""",
    "sandbox reset": """\
Throw the sandbox away and start a freshly seeded one.

The database then describes a wiki that is gone: --reset-db starts a fresh one with it.

Example: wikitrack sandbox reset --reset-db
""",
    "sandbox simulate": """\
Make a realistic day of activity on the sandbox.

Edits by several users, logged-out edits, a move, a deletion, a talk-page section, a
blanking nobody reverts. --day 2 is the day after: that blanking is reverted.

Example: wikitrack sandbox simulate
""",
    "watchlist": """\
Edit and sync the watchlists, one TOML file per policy area.

Example: wikitrack watchlist list
""",
    "watchlist list": """\
List policy areas with their lemma counts.

Example: wikitrack watchlist list --csv
""",
    "watchlist show": """\
Show the lemmas of one area, with their page IDs.

Example: wikitrack watchlist show verkeer
""",
    "watchlist add": """\
Add lemma titles to an area's watchlist file.

The file keeps its comments and order.

Example: wikitrack watchlist add verkeer "Station Almere Oostvaarders" --note "nieuw"
""",
    "watchlist remove": """\
Remove lemma titles from an area's file.

Example: wikitrack watchlist remove verkeer "Station Almere Poort"
""",
    "watchlist import-category": """\
Add a wiki category's articles to an area's file.

Example: wikitrack watchlist import-category wonen "Stadsdeel van Almere" --depth 1
""",
    "watchlist validate": """\
Check every watchlist offline, reporting all problems.

Syntax, duplicates, invalid titles and unknown keys, each with file:line.

Example: wikitrack watchlist validate
""",
    "watchlist sync": """\
Resolve titles to page IDs in batches; store the areas.

Follows redirects, reports missing and renamed lemmas.

Example: wikitrack watchlist sync --fix-titles -v
""",
    "check": """\
Find and diff every new revision of the watched lemmas.

Talk pages are watched too.

Exit codes: 0 ok, 3 some lemmas failed, 11 another run is busy, 1 failure, 2 usage.
Example: wikitrack check --quiet
""",
    "changes": """\
List stored changes.

Example: wikitrack changes --area bestuur --since 2026-11-01 --json
""",
    "report": """\
The change report per area and lemma (Dutch by default).

It starts with what to act on first.

Without --since or --last-run: the last 24 hours. --health adds the last stored
'wikitrack health' run, with its trend.
Example: wikitrack report --last-run --format html --output rapport.html
""",
    "health": """\
What is wrong on the watched lemmas now, most urgent first.

Old reference dates in infoboxes, maintenance and deletion templates with their age,
unanswered talk-page sections and our own waiting edit requests, sections without
references, dead links, open corrections and review requests. Weights: [health.weights].
Without --json/--nl/--csv it prints the ranked list in plain language with links
(nothing with --quiet). Each run is stored for the trend and the monthly mail.
Exit code 3 when a page could not be parsed within [check] parse_timeout.

Example: wikitrack health --area bestuur -v
""",
    "nightly": """\
For cron: check, report, and mail every area's contacts.

Each contact gets one mail with all of their areas.

The editorial desk ([mail] desk) gets the full digest. Quiet on success, errors on stderr,
details in the log file; exit codes as for check (3 also when a mail could not be sent:
the next run sends it). --mail-dir (or [mail] dir, as in the sandbox's config) writes .eml
files instead of sending (a preview; they count as delivered).
Example: wikitrack --quiet nightly

Example: wikitrack nightly --mail-dir voorbeeld-mails
""",
    "correction": """\
The corrections log: propose, approve, apply, verify.

Every step is traced: proposed -> approved -> applied -> verified.

Example: wikitrack correction list --status approved
""",
    "correction propose": """\
Propose a correction of a lemma on your own area's watchlist.

--by names a person of the area from [[people]] in the config. The lemma's current
revision on the wiki becomes the base, and --find must occur exactly once in it.
--delete removes the --find text instead of replacing it. Personal data (BSN, IBAN,
mobile number, personal e-mail) is refused before anything is stored.

Example: wikitrack correction propose Almere --area bestuur --by "J. Smit"
--what "inwonertal verouderd" --find "218.000" --proposed "226.786"
--source https://www.cbs.nl/almere
""",
    "correction approve": """\
Approve a proposed correction.

A desk editor approves; never its proposer or editors. The guideline check runs again;
warnings need --accept-warnings, which the trail records.

Example: wikitrack correction approve 12 --by "A. de Vries"
""",
    "correction check": """\
Run the guideline check on a correction's text.

Hard stops (personal data, confidential material) block apply; warnings (first person,
promotion, unsourced numbers, arguing, names) need approve --accept-warnings.

Example: wikitrack correction check 12
""",
    "correction reject": """\
Reject a proposed correction (a desk editor).

Example: wikitrack correction reject 12 --by "A. de Vries" --note "geen onafhankelijke bron"
""",
    "correction withdraw": """\
Withdraw a correction before it is applied.

Its proposer or a desk editor may.

Example: wikitrack correction withdraw 12 --by "J. Smit"
""",
    "correction rebase": """\
Take the lemma's current revision as the new base.

Shows what changed on the wiki since the base revision, then asks to confirm. The event
keeps both revision numbers.

Example: wikitrack correction rebase 12 --by "A. de Vries"
""",
    "correction edit": """\
Change a correction before it is applied.

The event keeps before and after; an approved correction goes back to proposed.

Example: wikitrack correction edit 12 --by "J. Smit" --find "telt 11 leden"
""",
    "correction apply": """\
Edit the lemma through your own team account (or ask on talk).

--by edits through their own [[team_accounts]] entry, never a colleague's (accounts are
personal on nl.wikipedia). Shows the diff and the edit summary, which names the
correction, who edits and that the edit is made for the municipality.

Example: wikitrack correction apply 12 --by "A. de Vries"
""",
    "correction record": """\
Link an edit made by hand, checked on the wiki.

The revision must be a team account's edit of that lemma.

Example: wikitrack correction record 12 --revid 123456 --by "A. de Vries"
""",
    "correction redact": """\
Remove personal data from a correction for good (AVG).

A desk editor replaces the exact --text by [verwijderd: AVG] in every stored field and
event of the correction, its changes, mails and review requests, and records one event
(who, when, why) with a keyed hash of the text, never the text. The file is rebuilt so the
bytes are gone; 'wikitrack restore' applies the redaction again to an older backup. The
copies no rule removes (backups before an upgrade, *.before-restore-*, *.replaced-*) are
named: remove them by hand.

Example: wikitrack correction redact 12 --by "A. de Vries" --text "jan.jansen@gmail.com"
--reason "verzoek betrokkene (AVG art. 17)"
""",
    "correction list": """\
List corrections.

Example: wikitrack correction list --status applied --json
""",
    "correction show": """\
Show one correction with every step: who, when, from -> to.

Example: wikitrack correction show 12
""",
    "correction export": """\
Every correction with its trail, for accountability.

For requests under the Wet open overheid (Woo), for example. The CSV has one row per
correction and one column per field (sources one per line); --events gives one row per
event. The JSON has everything, the events included. --worklist adds the desk's worklist:
the JSON then holds {"corrections": [...], "worklist": [...]}, every item with its trail; the
CSV is the worklist's (one row per item, or per event with --events).

Example: wikitrack correction export --format csv > correcties.csv
""",
    "audit": """\
Reconcile the team accounts' edits with the corrections log.

Finds edits without a correction, applied corrections whose revision is missing or by
someone else, edits outside the lemma's areas or on unwatched pages, summaries without the
disclosure, and reverted corrections, each with its date, a diff link and the next step.
Exits 3 when anything is found, so cron mails it.

Example: wikitrack audit --since 2026-01-01
""",
    "review": """\
Review requests: staff ask the desk to look at a lemma.

Policy staff can also use the web form (wikitrack serve).

Example: wikitrack review list --status open
""",
    "review request": """\
Ask the desk to review a watched lemma.

The reason is at most 2000 characters, without control characters (newlines and tabs are
fine). A request whose reason matches an open one of the same lemma (case and spacing
ignored) is refused with that request's number; --force files it anyway.

Example: wikitrack review request Almere --area bestuur --by "J. Smit"
--reason "inwonertal lijkt verouderd" --due +14d
""",
    "review list": """\
List review requests (from the CLI and the web form alike).

Example: wikitrack review list --status open --json
""",
    "review assign": """\
Assign a review request to an editor.

Example: wikitrack review assign 3 --to "A. de Vries"
""",
    "review show": """\
Show one review request with its outcome and every step.

Who asked and why, who has it, the outcome and the linked correction, then the trail: who,
when, from -> to.

Example: wikitrack review show 1
""",
    "review close": """\
Close a review request as done or declined.

The outcome is recorded; --correction links the correction it led to.

Example: wikitrack review close 3 --outcome "gecorrigeerd" --correction 12
""",
    "serve": """\
Serve the Dutch web view for policy staff.

Log in, "Mijn terrein" (the changes of your areas), "Controle aanvragen" and "Mijn
verzoeken"; logged-in staff only, each person sees their own areas.

Example: wikitrack serve --port 8001
""",
    "web-user": """\
Logins for the web view, each for a person of [[people]].

Password hashes live in web-users.json, mode 0600; no command shows them.

Example: wikitrack web-user list
""",
    "web-user add": """\
Add a login for a person of [[people]]; asks for the password.

The password is never taken from the command line. It needs 10 characters or more and is
refused when easy to guess (common and breached passwords, repeats, sequences, the login or
the person's name: zxcvbn's estimate).

Example: wikitrack web-user add jsmit --name "J. Smit"
""",
    "web-user list": """\
The logins with their person, role and areas.

Disabled logins are marked; no hash is ever shown.

Example: wikitrack web-user list
""",
    "web-user disable": """\
Disable a login; its sessions end at once.

--enable undoes it (the ended sessions stay ended: log in again).

Example: wikitrack web-user disable jsmit
""",
    "web-user remove": """\
Remove a login for good; its sessions end at once.

Example: wikitrack web-user remove jsmit
""",
    "web-user passwd": """\
Set a new password; the login's open sessions end.

The same rules as for add: 10 characters or more, and not easy to guess.

Example: wikitrack web-user passwd jsmit
""",
}

# The help of options whose declaration would not fit on one line, by "<command path> <flag>"
# ("COMMAND --quiet": the --quiet after a command).
OPTION_HELP: dict[str, str] = {
    "wikitrack --config": "Config file (default ./wikitrack.toml).",
    "wikitrack --version": "Versions of wikitrack, its main libraries, SQLite and the schema.",
    "COMMAND --quiet": "Only errors (for cron); same as 'wikitrack --quiet COMMAND'.",
    "init --reset-db": (
        "Move the database aside (kept as <name>.replaced-<time>) and start a fresh one."
    ),
    "backup --to": "Backup directory (default: [backup] dir, ./backups).",
    "sandbox reset --reset-db/--keep-db": (
        "Also start a fresh database (the old one is kept aside); asked on a terminal."
    ),
    "check --method": (
        "auto: the account's watchlist where it provably has every revision, else batched."
    ),
    "changes --kind": "Only this kind (e.g. template_param_changed, moved, revert).",
    "report --format": "Output format.",
    "nightly --mail-dir": "Write the mails as .eml files into this folder instead of sending them.",
    "web-user --password-stdin": "Read the password from standard input.",
    "correction propose --via": "Edit the article, or post an edit request on its talk page.",
}

# -- the facts register (issue 24); kept apart so the group's texts read together ---------------
FACTS_HELP: dict[str, str] = {
    "facts": """\
The municipality's own facts, held against its lemmas.

One TOML file per policy area, facts/<area>.toml beside watchlists/.

Example: wikitrack facts list
""",
    "facts validate": """\
Check every facts file offline, reporting all problems.

Unknown areas, lemmas not on the area's watchlist, malformed values, dates, units, compare
modes and source URLs, duplicate IDs, each with file:line.

Example: wikitrack facts validate
""",
    "facts list": """\
List the facts of the register, of one area or one lemma.

Example: wikitrack facts list --area bestuur --csv
""",
    "facts import": """\
Merge a CSV of facts into facts/AREA.toml.

Comments and order of the file are kept.

The header names fact keys (id, lemma, value, reference_date and source at least); a row
whose id the file has updates that fact. Any bad row: every one named, nothing written.

Example: wikitrack facts import bestuur cijfers.csv
""",
    "facts check": """\
Hold the facts against the lemmas' current text on the wiki.

Per fact: matches, differs, older (the page's reference date is older than ours), not_found
(the parameter or pattern is gone) or wikidata (an empty parameter the infobox fills from
Wikidata). The texts are read in batches of 50 (500 as a bot). Exit 3 when a fact differs
or is older.

Example: wikitrack facts check --area bestuur --json
""",
    "facts propose": """\
Turn each difference into a correction proposal.

The same four eyes, own-area rule and guideline check as any correction.

--find is the page's exact text, --proposed our value written the way the page writes it,
with its reference date and our source. A fact an open correction covers is skipped.

Example: wikitrack facts propose --by "J. Smit" --area bestuur
""",
}
HELP.update(FACTS_HELP)


# -- the worklist (issue 25); kept apart so the group's texts read together ---------------------
WORKLIST_HELP: dict[str, str] = {
    "worklist": """\
The desk's worklist: what needs action, its owner and outcome.

Every signal that asks for action, with an owner and an outcome. Without a subcommand:
the items not done, most urgent first (deadline, then weight, then age).
Items come from check (changes that ask for action, review requests, guideline findings),
health and facts check; a signal that goes away by itself closes its item.

Example: wikitrack worklist --state open --json
""",
    "worklist claim": """\
Claim an item: it is yours to handle. Desk editors only.

An item someone else holds is refused, naming them, unless --take-over with --reason.

Example: wikitrack worklist claim 999999 --by "A. de Vries"
""",
    "worklist done": """\
Close an item with an outcome. Desk editors only.

The outcomes: no_action (with --note), answered, review (--review N) or correction
(--correction N, about the item's own lemma; shown verified once check verified it).

Example: wikitrack worklist done 999999 --by "A. de Vries" --outcome answered
""",
    "worklist show": """\
One item and its trail.

Every claim, take-over, reassignment, outcome and reopening.

Example: wikitrack worklist show 999999
""",
    "worklist reopen": """\
Open a done item again.

An event in its trail; nothing is deleted.

Example: wikitrack worklist reopen 999999 --by "A. de Vries" --note "Nog niet opgelost"
""",
    "worklist reassign": """\
Give an item to another desk editor.

Example: wikitrack worklist reassign 999999 --by "A. de Vries" --to "A. de Vries"
""",
}
HELP.update(WORKLIST_HELP)
