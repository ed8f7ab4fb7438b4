"""The corrections log and review requests.

`rules` is the pure state machine of a correction (proposed -> approved -> applied ->
verified) and the audit's plan; `guideline` the pure check of a text against the municipality's
guideline and the wiki's own rules; `reviews` the pure rules of review requests; `entries` their
data classes; `redaction` replaces a text that should never have been entered (AVG), over the
data of `erasures` (a redaction, a stored value and the texts it holds);
`workflow` is the shell over the store and the wiki that the use cases in `app` call.
"""
