"""The user alias file (JSON, ``--aliases FILE`` or ``$POLICYKG_ALIASES``): merges and forbidden merges."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import OntologyError
from kg.units.names import level_of, normalize
from kg.units.unit_rules import rules

ALIASES_ENV = "POLICYKG_ALIASES"

__all__ = ["ALIASES_ENV", "AliasRules", "load_aliases"]


@dataclass
class AliasRules:
    """User merges and forbidden merges, from a JSON file.

    Format::

        {"merge":  [["区农业局", "区农业农村局"], ["东营公安分局", "市公安局东营区分局", "东营区"]],
         "forbid": [["区文旅局", "区文化和旅游局"]]}

    A merge maps the first name onto the second (optionally only in the jurisdiction given as a third
    element); a forbid keeps two names apart whatever the rules say. A merge across levels (区 ↔ 市)
    is refused.
    """

    merge: dict[tuple[str, str | None], str] = field(default_factory=dict)
    forbid: set[frozenset[str]] = field(default_factory=set)

    def merge_target(self, name: str, scope: str | None) -> str | None:
        return self.merge.get((name, scope)) or self.merge.get((name, None))

    def forbidden(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.forbid


def load_aliases(path: str | Path | None = None) -> AliasRules | None:
    """Read an alias file (``path`` or ``$POLICYKG_ALIASES``); None when neither is given."""
    path = path or os.environ.get(ALIASES_ENV)
    if not path:
        return None
    p = Path(path)
    try:
        d = json.loads(p.read_text(encoding="utf-8"))
    except OSError as e:
        raise OntologyError(f"alias file {p} cannot be read ({e.strerror}); check --aliases", code="E211") from None
    except ValueError as e:
        raise OntologyError(f"alias file {p} is not JSON ({e}); see kg/units/aliases.py AliasRules for the format",
                            code="E212") from None
    out = AliasRules()
    r = rules()
    for i, item in enumerate(d.get("merge", [])):
        if not (isinstance(item, list) and len(item) in (2, 3) and all(isinstance(x, str) for x in item)):
            raise OntologyError(f"alias file {p}: merge[{i}] must be [name, name] or [name, name, jurisdiction]",
                                code="E213")
        a, b = normalize(item[0]), normalize(item[1])
        if level_of(a, r) != level_of(b, r) and level_of(a, r) and level_of(b, r):
            raise OntologyError(f"alias file {p}: merge[{i}] joins {item[0]} and {item[1]} across levels; "
                                "units of different levels are never one unit", code="E214")
        out.merge[(a, item[2] if len(item) == 3 else None)] = b
    for i, item in enumerate(d.get("forbid", [])):
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            raise OntologyError(f"alias file {p}: forbid[{i}] must be [name, name]", code="E213")
        out.forbid.add(frozenset((normalize(item[0]), normalize(item[1]))))
    return out
