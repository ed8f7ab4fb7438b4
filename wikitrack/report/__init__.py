"""The change report: stored changes -> a report model -> text, Markdown, HTML or JSON.

`rendering` is pure: the model, `make_report` (stored changes and what the caller read with
them in, a `Report` out: never a database), the links and time zone, the renderers.
`templates/` holds the HTML templates (Jinja2, autoescaped). Reading what a report needs from
the store is the caller's: `app.reporting` for `wikitrack report`, `mail.nightly` for the mails.
"""
