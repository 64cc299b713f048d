"""The general rule for live chat with an agent (for users who are not logged in)."""

from __future__ import annotations

from bot.answers.help_centre import handover_sentence
from bot.answers.reply import Button, Reply, bullets
from bot.kb import KnowledgeBase
from bot.vocabulary import Intent


def _row_by_plan(kb: KnowledgeBase, row_id: str) -> str:
    row = kb.matrix_row(row_id)
    return bullets([f"{kb.plans[pid].name}: {row.cells[pid] or 'niet inbegrepen'}" for pid in kb.plans])


def live_chat_rule(kb: KnowledgeBase) -> Reply:
    """Who may chat with an agent, as the plan matrix says (the general rule)."""
    row = kb.matrix_row("level1_chat_ticket")
    return Reply(
        f"Chatten met een medewerker van Zoom ({row.label}) kan per ondersteuningsplan:\n"
        f"{_row_by_plan(kb, 'level1_chat_ticket')}\n"
        f"{handover_sentence(kb)}\n"
        "Gebruikers van een gratis account kunnen het Helpcentrum, deze chatbot, de Community en een "
        "webticket gebruiken. Log in op het helpcentrum, dan kijk ik wat er voor uw account geldt.",
        (
            Button.intent("Webticket maken", Intent.ASK_WEBTICKET),
            Button.intent("Ondersteuningsplannen", Intent.ASK_SUPPORT_PLANS),
        ),
    )
