"""The command line: parse options, call one use case in `app`, render. The only click importer.

`commands` holds the click commands; `helptexts` their help texts (English, every `Example:`
run by a test); `output` the one renderer of rows (a terminal table, JSON, CSV); `display` the
texts of the watchlist, check, changes, report, health and nightly commands.

May import anything; nothing imports it.
"""
