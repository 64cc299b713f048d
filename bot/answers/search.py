"""The article search's passages in words: each fact of the knowledge base as the article says it, under
the article's section title. bot/search/passages.py indexes these texts, and a passage found for a
question the bot did not understand is shown with its section (conversation.search_result)."""

from __future__ import annotations

from bot.answers.plans import NOT_INCLUDED
from bot.kb import KnowledgeBase
from bot.kb.model import Channel, Country, MatrixRow, Priority

# the article's sections
PLANS_SECTION = "Ondersteuningsplannen"
CONTACT_SECTION = "Contact opnemen met ondersteuning"
PHONE_SECTION = "Telefoon"
PRIORITY_SECTION = "Prioritaire respons"
DEFINITIONS_SECTION = "Definities van prioriteit"


def matrix_row(kb: KnowledgeBase, row: MatrixRow) -> str:
    """A row of the plan matrix with its aliases and every plan's cell."""
    cells = "; ".join(f"{kb.plans[p].name}: {row.cells[p] or NOT_INCLUDED}" for p in kb.plans)
    return f"{row.label} ({', '.join(row.aliases)}): {cells}."


def contact_channel(channel: Channel) -> str:
    return f"{channel.name}: {channel.text}"


def phone_numbers(country: Country) -> str:
    return f"Telefoonnummer {country.name}: {country.render_numbers()}"


def priority_times(kb: KnowledgeBase, priority: Priority) -> str:
    restore = f", hersteltijd {priority.restore}" if priority.restore else ", geen hersteltijd"
    return (
        f"{priority.id}: prioritaire eerste responstijd {priority.first_response}{restore}. {kb.priority_entitlement}."
    )


def priority_definition(priority: Priority) -> str:
    return f"{priority.id}: {priority.definition} {priority.resources}"
