"""The application layer: one function per command, shared by the CLI and the web.

`context` opens what a use case needs on first use (config, database, the wiki) and holds the
helpers every family shares; `admin` (init, backup, restore, sandbox, serve, web users),
`watching` (watchlists, check, sync), `reporting` (changes, reports, health, nightly),
`correcting` (the corrections log, review requests, the audit), `factcheck` (the facts
register), `triage` (the worklist), `browsing` (what the web's pages read), `signins` (the
web's sessions, and logging out); `doctor` is `wikitrack doctor`'s checks and `serving` the
shell of `wikitrack serve` (the session secret, the web view as a child process). A use case
takes the `Context` and plain values and returns a frozen result the caller renders; none
prints, none imports click or Flask.

May import every package below it; never `cli` or `web`.
"""
