"""One check run: which watched pages changed, every new revision diffed against its parent.

`pipeline` fetches, plans and saves a run; `diff` is the pure structural diff (wikitext +
parent -> changes, with mwparserfromhell); `describe` turns one stored change into the line a
person reads; `pool` runs the diff in child processes under a time limit; `records` holds the
check's data classes (lemmas, revisions, changes, page events, runs).

`diff`, `describe` and `records` are pure. `pipeline` may import `wiki` and `store`.
"""
