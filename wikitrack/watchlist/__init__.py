"""Watchlists: one TOML file per policy area under `watchlists/`.

`lists` parses, validates and edits the files (pure, with tomlkit); `areas` holds their data
classes (an area, its titles and category rules); `sync` resolves every title to a page ID
through `wiki` and stores the areas' membership.
"""
