"""The application layer: one function per command, shared by the CLI and the web.

`context` opens what a use case needs on first use (config, database, the wiki); `admin` (init,
doctor, backup, restore, sandbox, serve, web users), `watching` (watchlists, check, sync),
`reporting` (changes, reports, health, nightly), `correcting` (the corrections log, review
requests, the audit), `factcheck` (the facts register), `triage` (the worklist); `doctor` is
`wikitrack doctor`'s checks. A use case takes the `Context` and plain values and returns a frozen
result the caller renders; none prints, none imports click or Flask.

May import every subject package below it (watchlist, wiki, check, report, mail, health,
corrections, facts, worklist, store, sandbox); never `cli` or `web`.
"""
