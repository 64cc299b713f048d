"""Development only: demo users whose tokens the local help page can mint (BOT_DEV_MODE=1)."""

from __future__ import annotations

from typing import Any

from bot import settings

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
            "account": "basic",
            "plan": None,
            "role": "owner",
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
            "account": "pro",
            "plan": "access",
            "role": "member",
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
            "account": "business",
            "plan": "access",
            "role": "admin",
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
            "account": "business",
            "plan": "premier",
            "role": "member",
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
            "account": "enterprise",
            "plan": "premier_plus",
            "role": "admin",
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
            "account": "business",
            "plan": "access",
            "role": "member",
            "licensed": False,
        },
    },
]


def dev_mode() -> bool:
    return settings.dev_mode()
