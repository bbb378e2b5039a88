"""The rule tables of ``unit_rules.json`` (beside this file), loaded and checked once: level prefixes,
organisational suffixes, abbreviation morphemes, national and collective markers, post titles."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from kg.errors import OntologyError

RULES_FILE = Path(__file__).with_name("unit_rules.json")

__all__ = ["RULES_FILE", "Rules", "rules"]


@dataclass(frozen=True)
class Rules:
    """The rule tables of ``unit_rules.json``, loaded once."""

    level_prefixes: tuple[str, ...]
    not_level_words: tuple[str, ...]
    org_suffixes: tuple[str, ...]          # longest first
    suffix_variants: dict[str, str]
    morphemes: tuple[tuple[str, str], ...]  # longest short form first
    national_jurisdictions: tuple[str, ...]
    national_prefixes: tuple[str, ...]
    national_suffixes: tuple[str, ...]
    local_suffix_exceptions: tuple[str, ...]
    national_prefix_strip: tuple[str, ...]
    collective_markers: tuple[str, ...]
    collective_kinds: tuple[tuple[str, tuple[str, ...]], ...]  # longest token first
    collective_strip: tuple[str, ...]
    department_suffixes: tuple[str, ...]
    not_member_endings: tuple[str, ...]
    member_strip: tuple[str, ...]
    post_party_prefixes: tuple[str, ...]
    post_titles: frozenset[str]
    post_title_pattern: re.Pattern


def _by_len(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(items, key=lambda s: (-len(s), s)))


@lru_cache(maxsize=4)
def rules(path: str | None = None) -> Rules:
    """Load and check the rule tables (raises OntologyError naming the file and key)."""
    p = Path(path) if path else RULES_FILE
    try:
        d = json.loads(p.read_text(encoding="utf-8"))
        return Rules(
            level_prefixes=tuple(d["level_prefixes"]),
            not_level_words=tuple(d["not_level_words"]),
            org_suffixes=_by_len(d["org_suffixes"]),
            suffix_variants=dict(d["suffix_variants"]),
            morphemes=tuple(sorted(d["morphemes"].items(), key=lambda kv: (-len(kv[0]), kv[0]))),
            national_jurisdictions=tuple(d["national_jurisdictions"]),
            national_prefixes=_by_len(d["national_prefixes"]),
            national_suffixes=_by_len(d["national_suffixes"]),
            local_suffix_exceptions=_by_len(d["local_suffix_exceptions"]),
            national_prefix_strip=_by_len(d["national_prefix_strip"]),
            collective_markers=_by_len(d["collective_markers"]),
            collective_kinds=tuple(sorted(((k, tuple(v)) for k, v in d["collective_kinds"].items()),
                                          key=lambda kv: (-len(kv[0]), kv[0]))),
            collective_strip=_by_len(d["collective_strip"]),
            department_suffixes=_by_len(d["department_suffixes"]),
            not_member_endings=_by_len(d["not_member_endings"]),
            member_strip=_by_len(d["member_strip"]),
            post_party_prefixes=_by_len(d["post_party_prefixes"]),
            post_titles=frozenset(d["post_titles"]),
            post_title_pattern=re.compile(d["post_title_pattern"]),
        )
    except (OSError, ValueError, KeyError, TypeError, re.error) as e:
        raise OntologyError(f"unit rules {p} are unreadable or incomplete ({e!r}); "
                            "restore kg/units/unit_rules.json", code="E210") from None
