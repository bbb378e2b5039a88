"""jieba, loaded once and quietly, for every module of extract/ that segments words."""
from __future__ import annotations

from functools import lru_cache

__all__ = ["load_jieba", "jieba_words"]


@lru_cache(maxsize=1)
def load_jieba():
    """The jieba module with its start-up log silenced."""
    import jieba

    jieba.setLogLevel(60)
    return jieba


@lru_cache(maxsize=1)
def jieba_words():
    """jieba's dictionary: word → frequency, and word → part-of-speech tag."""
    jieba = load_jieba()
    import jieba.posseg

    jieba.initialize()
    return jieba.dt.FREQ, jieba.posseg.dt.word_tag_tab
