"""Unit names → canonical units: one node per body per jurisdiction.

The rules are data (``kg/units/unit_rules.json``), general to the language of Chinese government
bodies, never a table of particular names:

- a name written relative to its jurisdiction (区财政局, 市政府办公室, or 东营区财政局 in a 东营区
  document) is minted under the document's jurisdiction, so 区财政局 of 东营区 and of 莲都区 are two
  nodes, while a national body (财政部, 国家发展改革委 = 发展改革委) is one node everywhere;
- common abbreviation morphemes (发改 ↔ 发展和改革, 人社 ↔ 人力资源和社会保障) are expanded in the key,
  so 区发改局 and 区发展和改革局 get one key in any document;
- a short form whose characters appear in order inside a long form written in the same document
  and jurisdiction, with the same level prefix (区/市/县/省 …) and the same organisational suffix
  (局/委/办 …), is the same unit (区工信局 = 区工业和信息化局); the level prefix is never crossed
  (区财政局 ≠ 市财政局);
- collective units (各镇街, 各县区, 市直各部门) are recognised and linked to the document's units of
  their kind;
- a user alias file (JSON, ``--aliases FILE`` or ``$POLICYKG_ALIASES``) adds or forbids merges.

The package, one job a module: ``unit_rules`` (the rule tables), ``names`` (name analysis), ``posts``
(positions and titles), ``aliases`` (the user alias file), ``iris`` (unit IRIs), ``resolver`` (a
document's names → units). Import from ``kg.units``:

>>> from kg.units import UnitResolver, split_position
>>> res = UnitResolver("东营区", "d1")
>>> res.resolve("区发改局").iri
'https://policykg.org/id/unit/东营区/区发展和改革局'
>>> split_position("区财政局党组书记")
('区财政局', '党组书记')
"""
from __future__ import annotations

from kg.units.aliases import ALIASES_ENV, AliasRules, load_aliases  # noqa: F401
from kg.units.iris import ID_BASE, iri_part, unit_iri  # noqa: F401
from kg.units.names import (collective_kinds, expand_morphemes, is_abbreviation, is_national,  # noqa: F401
                            is_national_jurisdiction, level_of, normalize, org_suffix, without_alias)
from kg.units.posts import split_position, title_fits
from kg.units.resolver import NATIONAL, UnitRef, UnitResolver  # noqa: F401
from kg.units.unit_rules import RULES_FILE, Rules, rules  # noqa: F401

__all__ = ["Rules", "rules", "normalize", "level_of", "org_suffix", "is_national", "collective_kinds",
           "split_position", "title_fits", "iri_part", "AliasRules", "load_aliases", "UnitRef", "UnitResolver", "unit_iri",
           "is_abbreviation"]
# also importable from kg.units (used by kg.build, kg.ask, bench/ and tests/): ID_BASE, ALIASES_ENV, NATIONAL,
# RULES_FILE, expand_morphemes, is_national_jurisdiction, without_alias
