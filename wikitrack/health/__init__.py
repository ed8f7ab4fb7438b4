"""Lemma health: what stands on a watched lemma and its talk page now.

`assess` is pure (wikitext, talk-page wikitext, our own records -> findings -> ranking);
`overview` renders stored findings as a report per area (pure); `sweep` is one `wikitrack
health` run: read every watched lemma through `wiki`, keep the findings in `store`.
"""
