"""The facts register: the municipality's own figures held against its lemmas.

`register` reads, validates and edits `facts/<area>.toml`; `values` normalises and compares
Dutch numbers, dates and names; `locate` finds a fact's current value in wikitext; `classify`
says matches, differs, older, not found or Wikidata and drafts the correction; `findings`
makes health findings of them; `notices` plans what the nightly mail tells once per state.
These are pure. `checking` is the shell that fetches the lemmas' texts and turns differences
into corrections (through `corrections.workflow`).

May import `corrections`, `watchlist`, `check`, `wiki` and `store`; never `health`, `app`,
`cli` or `web`.
"""
