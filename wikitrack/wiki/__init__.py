"""The wiki: the pywikibot adapter and the facts about nl.wikipedia it rests on.

`adapter` is the only module that imports pywikibot: batched API queries in, our own data
classes (`pages`) out. `sitefacts` holds nl.wikipedia's facts as data (namespaces, templates,
title rules; pure). `identity` checks that the wiki is still the one the database describes.
`ports` says, as typing protocols, what each caller needs of the wiki (the corrections
workflow, health, doctor, the facts register) and what the workflow needs of its caller, so a
test hands it the FakeWiki and no lower layer imports `app` for a type.
"""
