"""The article as passages to search: each fact of the knowledge base in the article's words, under
its section title, with the question type that answers it in full (for "Bedoelt u ...?" buttons)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.kb import KnowledgeBase
from bot.vocabulary import Intent


@dataclass(frozen=True)
class Passage:
    section: str
    text: str
    intent: str  # the question type that answers this topic


def passages(kb: KnowledgeBase) -> tuple[Passage, ...]:
    found: list[Passage] = []
    plans = "Ondersteuningsplannen"
    for row in kb.matrix:
        cells = "; ".join(f"{kb.plans[p].name}: {row.cells[p] or 'niet inbegrepen'}" for p in kb.plans)
        found.append(Passage(plans, f"{row.label} ({', '.join(row.aliases)}): {cells}.", Intent.ASK_SUPPORT_PLANS))
    found.append(Passage(plans, kb.account_manager_note, Intent.ASK_ACCOUNT_MANAGER))
    contact = "Contact opnemen met ondersteuning"
    intents = {
        "community": Intent.ASK_COMMUNITY,
        "billing": Intent.ASK_BILLING,
        "social_media": Intent.ASK_SOCIAL_MEDIA,
        "chatbot": Intent.ASK_CHATBOT,
        "webticket": Intent.ASK_WEBTICKET,
        "phone": Intent.ASK_PHONE_SUPPORT,
    }
    for channel_id, channel in kb.channels.items():
        found.append(Passage(contact, f"{channel.name}: {channel.text}", intents[channel_id]))
        for extra in channel.extra.values():
            found.append(Passage(contact, extra, intents[channel_id]))
    for country in kb.countries_with_numbers():
        found.append(
            Passage("Telefoon", f"Telefoonnummer {country.name}: {country.render_numbers()}", Intent.ASK_PHONE_NUMBER)
        )
    for p in kb.priorities.values():
        restore = f", hersteltijd {p.restore}" if p.restore else ", geen hersteltijd"
        found.append(
            Passage(
                "Prioritaire respons",
                f"{p.id}: prioritaire eerste responstijd {p.first_response}{restore}. {kb.priority_entitlement}.",
                Intent.ASK_PRIORITY_RESPONSE,
            )
        )
        found.append(
            Passage(
                "Definities van prioriteit", f"{p.id}: {p.definition} {p.resources}", Intent.ASK_PRIORITY_DEFINITION
            )
        )
    return tuple(found)
