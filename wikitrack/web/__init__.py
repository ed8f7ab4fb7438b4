"""The web view for policy staff (Dutch by default): a small Flask application under waitress.

`flask_app` makes the application (`python -m wikitrack.web.flask_app`, which `wikitrack
serve` runs as a child); `routes` lists the pages, one module each (`login_page`,
`area_page`, `review_form`, `requests_page`, `lemma_page`, `worklist_page`); `content` says
what a page shows (plain functions, no Flask); `common` and `guard` are what every page shares
and what stands before it; `sessions` keeps the sessions in the store and `oidc` is single
sign-on (Authlib); `views` holds the pages' data classes. `templates/` and `static/` are the
pages' HTML (autoescaped), CSS and script.

May import every package but `cli`; pages change things only through `app`'s use cases.
"""
