"""The roles a unit has in a task and the one Chinese word for each, used everywhere a role is shown
(``kg ask`` and ``kg extract`` tables, answers, the app's tables, graph legend and ledger).

>>> [role_zh(r) for r in ROLES], role_zh(None), role_zh("other")
(['牵头', '责任', '配合'], '', 'other')
"""
from __future__ import annotations

__all__ = ["ROLES", "ROLE_ZH", "ROLE_VERB", "ROLE_ORDER", "role_zh"]

#: lead (牵头单位), responsible (责任单位), cooperating (配合单位), in the order they are listed
ROLES = ("lead", "responsible", "cooperate")
#: the one Chinese word per role
ROLE_ZH = {"lead": "牵头", "responsible": "责任", "cooperate": "配合"}
#: the verb an answer uses for a role asked about (None: any role, 负责)
ROLE_VERB = {"lead": "牵头", "cooperate": "配合", None: "负责"}
ROLE_ORDER = {r: i for i, r in enumerate(ROLES)}


def role_zh(role: str | None) -> str:
    """The Chinese word of a role (the value itself when it is not a role)."""
    return ROLE_ZH.get(role or "", role or "")
