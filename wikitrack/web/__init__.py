"""The web view for policy staff (Dutch by default): a small Flask application under waitress.

`flask_app` makes the application; `routes` lists the pages, one module each (`login_page`,
`area_page`, `review_form`, `requests_page`, `lemma_page`, `worklist_page`); `content` says
what a page shows (plain functions, no Flask); `common` and `guard` are what every page shares
and what stands before it; `sessions`, `logins` and `oidc` are signing in; `views` the pages'
data classes; `server` is `wikitrack serve`, which runs `flask_app` as a child process.
`templates/` and `static/` are the pages' HTML (autoescaped), CSS and script.
"""
