"""What the bot says about a user's tickets: status, priority, level, due time, last agent message.

Times are shown in Europe/Amsterdam (the database stores UTC without a zone).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.answers.reply import Reply
from bot.answers.times import local_time
from bot.handoff.model import TicketStatusView
from bot.vocabulary import Channel, SupportLevel, TicketStatus

STATUS_NAMES: dict[str, str] = {
    TicketStatus.QUEUED: "in de wachtrij",
    TicketStatus.ASSIGNED: "in behandeling bij een medewerker",
    TicketStatus.WAITING_ON_USER: "wacht op uw reactie",
    TicketStatus.RESOLVED: "opgelost",
    TicketStatus.CLOSED: "gesloten",
}
LEVEL_NAMES: dict[int, str] = {SupportLevel.LEVEL_1: "niveau 1", SupportLevel.LEVEL_2: "direct niveau 2"}
DUE_NAMES = {"first_response": "eerste responstijd", "restore": "hersteltijd"}
MAX_QUOTE = 300

# one text for an unknown reference and for someone else's: it never tells which of the two it is
NOT_FOUND = (
    "Ik kan geen ticket met het kenmerk {reference} vinden dat bij u hoort. Controleer het kenmerk; "
    "als u het ticket met een account hebt gemaakt, log dan in op het helpcentrum en vraag 'mijn tickets'."
)
NO_TICKETS_LOGGED_IN = "Ik vind geen tickets op uw naam bij Zoom-ondersteuning."
NO_TICKETS_ANONYMOUS = (
    "In dit gesprek is geen ticket gemaakt. Noem het kenmerk van uw ticket (bijvoorbeeld "
    "ZN-000123), of log in op het helpcentrum om al uw tickets te zien."
)


def _level(t: TicketStatusView) -> str | None:
    if t.channel == Channel.WEBTICKET:
        return "webticket, antwoord per e-mail"
    return LEVEL_NAMES.get(t.level or 0)


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1].rstrip() + "…"


def describe(t: TicketStatusView) -> str:
    level = _level(t)
    parts = [f"prioriteit {t.priority}"] + ([level] if level else [])
    text = f"Ticket {t.reference} ({', '.join(parts)}): {STATUS_NAMES.get(t.status, t.status)}."
    if t.due is not None and t.due_kind:
        text += f" Uiterlijk {local_time(t.due)} verstrijkt de {DUE_NAMES[t.due_kind]}."
    if t.last_agent_message:
        who = t.last_agent_name or "de medewerker"
        text += f' Laatste bericht van {who}: "{_quote(t.last_agent_message)}"'
    else:
        text += " Er is nog geen bericht van een medewerker."
    return text


def ticket_status(reference: str, found: TicketStatusView | None) -> Reply:
    return Reply(describe(found) if found else NOT_FOUND.format(reference=reference))


def my_tickets(tickets: Sequence[TicketStatusView], logged_in: bool) -> Reply:
    if not tickets:
        return Reply(NO_TICKETS_LOGGED_IN if logged_in else NO_TICKETS_ANONYMOUS)
    if len(tickets) == 1:
        return Reply(describe(tickets[0]))
    lines: list[str] = ["U hebt deze tickets bij Zoom-ondersteuning (open tickets eerst):"]
    lines += [f"- {describe(t)}" for t in tickets]
    return Reply("\n".join(lines))


def webticket_answer(reference: str, agent_name: str | None, text: str) -> str:
    """An agent's e-mail answer to a webticket, shown in the chat when the user comes back logged in."""
    return f"Antwoord op uw webticket {reference} van {agent_name or 'Zoom-ondersteuning'}: {text}"
