"""The facts register: the municipality's own figures held against its lemmas.

`register` reads, validates and edits `facts/<area>.toml`; `values` normalises and compares
Dutch numbers, dates and names; `locate` finds a fact's current value in wikitext; `classify`
says matches, differs, older, not found or Wikidata. These four are pure: they may import
mwparserfromhell, tomlkit, `errors`, `models` and `wikifacts`, never `wiki`, `store` or click.
`run` is the shell that fetches the lemmas' texts and turns differences into corrections.
"""
