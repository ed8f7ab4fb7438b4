"""The command line: parse options, call one use case in `app`, render. The only click importer.

`commands` holds the click commands (the `wikitrack` entry point is `commands.cli`);
`helptexts` their help texts (English; every `Example:` is run by a test); `output` the one
renderer of rows (a terminal table, JSON, NL-JSON, CSV); `display` the texts of the watchlist,
check, changes, report, health and nightly commands; `fact_views` and `worklist_views` those of
`facts` and `worklist` (all pure).

May import every package but `web`; nothing imports it.
"""
