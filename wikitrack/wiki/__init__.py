"""The wiki: the pywikibot adapter and the facts about nl.wikipedia it rests on.

`adapter` is the only module that imports pywikibot: batched API queries in, our own data
classes (`pages`) out. `sitefacts` holds nl.wikipedia's facts as data (namespaces, templates,
title rules; pure). `identity` checks that the wiki is still the one the database describes.
"""
