"""The desk's worklist: every signal that asks the municipality to act, with an owner and an
outcome (issue 25).

`items` holds the data classes (a signal, an item with its state, an event). `core` is pure:
signals from stored changes (by the report's own "Eerst bekijken" rule,
`report.rendering.priority_kind`), health findings, guideline findings, review requests and
facts that differ; an item's identity key, its states (open -> claimed -> done, with an outcome;
reassign and reopen are events, nothing is deleted), the rules of claiming and closing, and the
ranking (deadline, then weight, then age). `digest` and `period` are the mail's lead section and
the report's figures (pure). `syncing` is the shell: it reads and writes through
`store.worklist_items` (all of the worklist's SQL) and is what the use cases call after `check`,
`health` and `facts check`.

May import `health`, `facts`, `corrections`, `report`, `check` and `store`; never `mail`,
`app`, `cli` or `web`.
"""
