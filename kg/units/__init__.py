"""Unit names → canonical units (step 1 of the split: the module moved whole to ``resolver.py``).

>>> from kg.units import UnitResolver
>>> UnitResolver("东营区", "d1").resolve("区发改局").key
'区发展和改革局'
"""
from kg.units.resolver import *  # noqa: F401,F403
from kg.units.resolver import (ALIASES_ENV, ID_BASE, NATIONAL, RULES_FILE, expand_morphemes,  # noqa: F401
                               is_national_jurisdiction, without_alias)
from kg.units.resolver import __all__  # noqa: F401
