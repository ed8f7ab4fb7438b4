"""The web view for policy staff (Dutch by default): a small Flask application under waitress.

`flask_app` makes the application (`python -m wikitrack.web.flask_app`, which `wikitrack
serve` runs as a child); `routes` lists the pages, one module each (`login_page`,
`area_page`, `review_form`, `requests_page`, `lemma_page`, `worklist_page`); `content` says
what a page shows (plain functions, no Flask); `common` and `guard` are what every page shares
(the request's `Context` among it) and what stands before it; `sessions` keeps the sessions in
the store (through `app.signins`) and `oidc` is single sign-on (Authlib); `views` holds the
pages' data classes. `templates/` and `static/` are the pages' HTML (autoescaped), CSS and
script.

A second shell over `app`, as the CLI is: pages read and change things only through `app`'s use
cases (the CLI's own where it has one), never the store or the logic those wrap (workflow,
facts.checking, worklist.syncing, health.sweep, check.pipeline, mail: tests/test_layers.py
WEB_ONLY_THROUGH_APP). Never imports `cli`.
"""
