"""The desk's worklist: every signal that asks the municipality to act, with an owner and an
outcome (issue 25).

`core` is pure: signals from stored changes (by the report's own "Eerst bekijken" rule,
`report.priority_kind`), health findings, guideline findings, review requests and facts that
differ; an item's identity key, its states (open -> claimed -> done, with an outcome; reassign
and reopen are events, nothing is deleted), the rules of claiming and closing, and the ranking
(deadline, then weight, then age). It may import `errors`, `models`, `config`, `report` and
`wikifacts`, never `wiki`, `store` or click. `show` renders results for the CLI (pure, through
`output`). `run` is the shell: it reads and writes through `store.worklist` (all of the
worklist's SQL) and is what `usecases`, `check`, `health` and `facts check` call.
"""
