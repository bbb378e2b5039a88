"""Question answering over the graph: ``ask(store, "区财政局负责哪些任务?")``.

- :mod:`kg.ask.answer`: the pipeline and the :class:`Answer` (``ask``, example questions)
- :mod:`kg.ask.text`: question normalisation and fuzzy similarity
- :mod:`kg.ask.names`: the matching form of unit names
- :mod:`kg.ask.linker`: entity linking of a question against the store
- :mod:`kg.ask.index_cache`: the linker's rows kept per document in the store directory
- :mod:`kg.ask.intents`: cue words (``cues.json``) → an intent
- :mod:`kg.ask.execute`: the executors (one per intent) and their registry ``EXECUTORS``
- :mod:`kg.ask.people`, :mod:`kg.ask.targets`: executors for people and targets questions
- :mod:`kg.ask.due`: 督办 questions (overdue, due, progress)
"""
from kg.ask.answer import NOT_UNDERSTOOD, Answer, ask, clear_cache, example_questions
from kg.ask.execute import EXECUTORS

# registering the executors is importing these modules: each adds its own to EXECUTORS
from kg.ask import people as _people, targets as _targets  # noqa: E402,F401  (explicit registration)

__all__ = ["Answer", "ask", "example_questions", "clear_cache", "NOT_UNDERSTOOD", "EXECUTORS"]
