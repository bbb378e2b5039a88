"""Rules as data: the word lists and patterns the extractor walks.

One place each for numbering styles, role words, comparator words, unit suffixes,
measure units and catch-all phrases. Everything here is about the language of
policy documents in general, never about one document.
"""
from extract.rules.tables import *  # noqa: F401,F403
from extract.rules.labels import *  # noqa: F401,F403
