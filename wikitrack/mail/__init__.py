"""Mail: building messages and the nightly run that sends them.

`messages` builds and sends `email.message.EmailMessage`s (a text part and an HTML part);
`outbox` holds the queued mail's data classes; `planner` is pure: tonight's snapshot (a
`Night` of recipients, changes, reminders, health, facts, the worklist) in, the messages to
store out; `nightly` is the shell of `wikitrack nightly`'s mail: the window, the snapshot read
once from the store, the plan, save, send, in one direction.

May import every package below `app`; never `app`, `cli` or `web`.
"""
