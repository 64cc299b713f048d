"""Answers about live chat with an agent, requests for a human, and problems the bot cannot solve."""
from __future__ import annotations

from bot.answers.reply import Button, Reply, bullets
from bot.kb import KnowledgeBase


def _row_by_plan(kb: KnowledgeBase, row_id: str) -> str:
    row = kb.matrix_row(row_id)
    return bullets([f"{kb.plans[pid].name}: {row.cells[pid] or 'niet inbegrepen'}" for pid in kb.plans])


def live_chat_rule(kb: KnowledgeBase) -> Reply:
    """Who may chat with an agent, as the plan matrix says (the general rule)."""
    row = kb.matrix_row("level1_chat_ticket")
    return Reply(
        f"Chatten met een medewerker van Zoom ({row.label}) kan per ondersteuningsplan:\n"
        f"{_row_by_plan(kb, 'level1_chat_ticket')}\n"
        "Gebruikers van een gratis account kunnen het Helpcentrum, deze chatbot, de Community en een "
        "webticket gebruiken. Log in op het helpcentrum, dan kijk ik wat er voor uw account geldt.",
        (Button.intent("Webticket maken", "ask_webticket"), Button.intent("Ondersteuningsplannen", "ask_support_plans")),
    )


def problem_report(kb: KnowledgeBase) -> Reply:
    """A serious problem the help content cannot solve: say so, and show where to get help."""
    p1 = kb.priority("P1")
    return Reply(
        "Dat klinkt als een probleem dat ik als chatbot niet kan oplossen. "
        f"Ligt de service plat zonder tijdelijke oplossing, dan is dat prioriteit {p1.id}: {p1.definition}\n"
        "Meld het probleem via een webticket, of via live chat of telefoon als uw account daar recht op heeft.",
        (Button.intent("Webticket maken", "ask_webticket"),
         Button.intent("Kan ik chatten?", "ask_live_chat"),
         Button.intent("Mag ik bellen?", "ask_phone_support")),
    )
