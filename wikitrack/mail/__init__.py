"""Mail: building messages and the nightly run that sends them.

`messages` builds and sends `email.message.EmailMessage`s (a text part and an HTML part);
`outbox` holds the queued mail's data class; `nightly` is `wikitrack nightly`: check, then the
night's report per area, then mail, made for cron.
"""
