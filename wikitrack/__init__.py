"""wikitrack: watch Almere-related Wikipedia lemmas per policy area."""

__version__ = "0.1.0"
