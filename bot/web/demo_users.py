"""Development only: demo users whose tokens the local help page can mint (BOT_DEV_MODE=1)."""

from __future__ import annotations

from typing import Any

from bot import settings
from bot.vocabulary import Account, Plan, Role

DEMO_USERS: list[dict[str, Any]] = [
    # "free" is the logged-out choice (no token): an anonymous visitor, whom the bot asks to log in
    {"id": "free", "label": "Niet ingelogd (anonieme bezoeker)", "claims": None},
    {
        "id": "basic-owner",
        "label": "Gratis gebruiker (Basic)",
        "claims": {
            "sub": "demo-basic",
            "email": "gratis@example.nl",
            "name": "Gijs Gratis",
            "account": Account.BASIC,
            "plan": None,
            "role": Role.OWNER,
            "licensed": False,
        },
    },
    {
        "id": "pro-access-member",
        "label": "Pro, Access, lid met licentie",
        "claims": {
            "sub": "demo-pro",
            "email": "pro@example.nl",
            "name": "Pieter Pro",
            "account": Account.PRO,
            "plan": Plan.ACCESS,
            "role": Role.MEMBER,
            "licensed": True,
        },
    },
    {
        "id": "business-access-admin",
        "label": "Zakelijk, Access, beheerder met licentie",
        "claims": {
            "sub": "demo-biz",
            "email": "beheer@example.nl",
            "name": "Bea Beheerder",
            "account": Account.BUSINESS,
            "plan": Plan.ACCESS,
            "role": Role.ADMIN,
            "licensed": True,
        },
    },
    {
        "id": "premier-member",
        "label": "Zakelijk, Premier, lid met licentie",
        "claims": {
            "sub": "demo-premier",
            "email": "lid@example.nl",
            "name": "Lotte Lid",
            "account": Account.BUSINESS,
            "plan": Plan.PREMIER,
            "role": Role.MEMBER,
            "licensed": True,
        },
    },
    {
        "id": "premier-plus-admin",
        "label": "Onderneming, Premier+, beheerder met licentie",
        "claims": {
            "sub": "demo-plus",
            "email": "admin@example.nl",
            "name": "Anna Admin",
            "account": Account.ENTERPRISE,
            "plan": Plan.PREMIER_PLUS,
            "role": Role.ADMIN,
            "licensed": True,
        },
    },
    {
        "id": "unlicensed-member",
        "label": "Zakelijk, Access, lid zonder licentie",
        "claims": {
            "sub": "demo-unlicensed",
            "email": "los@example.nl",
            "name": "Ulrich Zonderlicentie",
            "account": Account.BUSINESS,
            "plan": Plan.ACCESS,
            "role": Role.MEMBER,
            "licensed": False,
        },
    },
]


def dev_mode() -> bool:
    return settings.dev_mode()
