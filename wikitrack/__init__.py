"""wikitrack: watch Almere-related Wikipedia lemmas per policy area.

The packages, lowest layer first; a package imports only those before it (tests/test_layers.py):

- `store`: SQLite through sqlite-utils, the only SQL; its migrations, backups and snapshots.
- `sandbox`: the local MediaWiki for tests, the demo and training.
- `access`: who may sign in to the web view (logins, passwords, the throttle).
- `wiki`: the pywikibot adapter, its typed ports, nl.wikipedia's facts, the identity check.
- `check`: one check run (fetch, plan, save), the structural diff, the words of a change.
- `watchlist`: the watchlist files, and `watchlist sync`.
- `report`: the change report, from stored changes to text, Markdown, HTML or JSON.
- `corrections`: the corrections log, review requests, the guideline check, redaction.
- `facts`: the facts register, the municipality's figures held against its lemmas.
- `health`: what stands on a lemma and its talk page now.
- `worklist`: every signal with an owner and an outcome.
- `mail`: messages and the nightly run that sends them.
- `app`: the use cases, one module per family, shared by the CLI and the web.
- `cli` and `web`: the two shells over `app` (click; Flask under waitress).

Beside them, importable from every layer: `errors`, `files`, `config`, `logfile`, `texts` (every
staff-facing string) and each subject's data-class module (`watchlist.areas`, `wiki.pages`,
`check.records`, `corrections.entries`, `health.kinds`, `mail.outbox`, `store.state`,
`web.views`).
"""

__version__ = "0.1.0"
