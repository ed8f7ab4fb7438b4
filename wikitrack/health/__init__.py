"""Lemma health: what stands on a watched lemma and its talk page now.

`kinds` holds the kinds of finding, their default weights and `Finding` (data), `stored` a run,
its articles and its findings as the store keeps them (data); `assess` is pure (wikitext,
talk-page wikitext, our own records -> findings -> ranking); `overview` renders stored findings
as a report per area (pure); `sweep` is one `wikitrack health` run: read every watched lemma
through `wiki`, classify the facts register's figures (`facts`), keep the findings in `store`.

May import `facts`, `corrections`, `report`, `watchlist`, `check`, `wiki` and `store`; never
`worklist`, `mail`, `app`, `cli` or `web`.
"""
