"""Answers about phone support: numbers per country, who may call, what to keep at hand, costs."""
from __future__ import annotations

from typing import Optional

from bot.answers.reply import Button, Reply
from bot.kb import KnowledgeBase


def country_list(kb: KnowledgeBase) -> str:
    return ", ".join(c.name for c in kb.countries_with_numbers())


def phone_number(kb: KnowledgeBase, country_id: Optional[str]) -> Reply:
    """The number(s) for a country, exactly as the help content writes them; never a guess."""
    phone = kb.channels["phone"]
    if not country_id:
        return Reply(
            "Voor welk land zoekt u het telefoonnummer van Zoom-ondersteuning? "
            f"Ik heb nummers voor: {country_list(kb)}."
        )
    country = kb.country(country_id)
    if country is None or not country.has_number:
        name = country.name if country else "dat land"
        return Reply(
            f"Voor {name} staat er geen telefoonnummer van Zoom-ondersteuning in ons helpcentrum, "
            "dus ik kan u geen nummer geven. U kunt wel een webticket maken, of als u recht hebt op "
            "telefonische ondersteuning een nummer van een ander land bellen. "
            f"{phone.extra['charges_warning']}\n"
            f"Landen met een nummer: {country_list(kb)}.",
            (Button.intent("Webticket maken", "ask_webticket"),
             Button.intent("Mag ik bellen?", "ask_phone_support")),
        )
    label = "Het telefoonnummer" if len(country.numbers) == 1 else "De telefoonnummers"
    return Reply(
        f"{label} van Zoom-ondersteuning voor {country.name}: {country.render_numbers()}.\n"
        f"{phone.extra['keep_at_hand']}\n{phone.extra['charges_warning']}",
        (Button.intent("Mag ik bellen?", "ask_phone_support"),),
    )


def phone_support(kb: KnowledgeBase) -> Reply:
    """Who may report support requests by phone (the general rule)."""
    phone = kb.channels["phone"]
    return Reply(
        f"{phone.text}\n*{kb.footnotes['*']}",
        (Button.intent("Telefoonnummers", "ask_phone_number"),),
    )


def call_preparation(kb: KnowledgeBase) -> Reply:
    return Reply(kb.channels["phone"].extra["keep_at_hand"])


def call_costs(kb: KnowledgeBase) -> Reply:
    return Reply(kb.channels["phone"].extra["charges_warning"])
