"""The user's identity and rights as the console shows them: the article's Dutch names (issue 14.12)."""

from __future__ import annotations

from typing import Any

from bot.answers.personal import ACCOUNT_LABELS, FLAG_ROWS, ROLE_LABELS
from bot.kb import KnowledgeBase

_OTHER_RIGHTS = {"community": "Community", "webticket": "Webticket"}


def _yes(value: Any) -> str:
    return "ja" if value else "nee"


def identity_rows(kb: KnowledgeBase, identity: dict[str, Any]) -> list[tuple[str, str]]:
    plan = identity.get("plan")
    return [
        ("Naam", identity.get("name") or "–"),
        ("E-mail", identity.get("email") or "–"),
        ("Account", ACCOUNT_LABELS.get(identity.get("account") or "", identity.get("account") or "–")),
        ("Plan", kb.plan(plan).label if isinstance(plan, str) and plan in kb.plans else (plan or "–")),
        ("Rol", ROLE_LABELS.get(identity.get("role") or "", identity.get("role") or "–")),
        ("Licentie", _yes(identity.get("licensed"))),
        ("Ingelogd (geverifieerd)", _yes(identity.get("verified"))),
    ]


def rights_rows(kb: KnowledgeBase, flags: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per matrix line (its label from the article) plus Community and Webticket; level 1 of a
    user who goes straight to level 2 is "niet nodig", not a bare "nee"."""
    rows = []
    for flag, row in FLAG_ROWS.items():
        if flag not in flags:
            continue
        value = _yes(flags[flag])
        if not flags[flag] and flag.startswith("level1_") and flags.get("direct_level2"):
            value = "niet nodig: direct niveau 2"
        rows.append({"label": kb.matrix_row(row).label, "has": bool(flags[flag]), "value": value})
    for flag, label in _OTHER_RIGHTS.items():
        if flag in flags:
            rows.append({"label": label, "has": bool(flags[flag]), "value": _yes(flags[flag])})
    return rows


def plan_label(kb: KnowledgeBase, plan: Any) -> str:
    """The plan as the article names it ('Premier+', 'Access (Toegang)'); '–' without one."""
    if not plan:
        return "–"
    return kb.plan(plan).label if plan in kb.plans else str(plan)
