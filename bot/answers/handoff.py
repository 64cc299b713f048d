"""What the bot says around a hand-off: ticket created, already open, no agent online, webticket."""
from __future__ import annotations

from typing import Optional

from bot.answers.reply import Button, Reply
from bot.answers.times import local_time
from bot.handoff.model import TicketView
from bot.identity import Claims
from bot.kb import KnowledgeBase


def _level(ticket: TicketView) -> str:
    return "direct niveau 2" if ticket.level == 2 else "niveau 1"


def _due(ticket: TicketView) -> str:
    if not ticket.first_response_due:
        return ""
    # the user's local time (issue 14.9), as "Hoe lang duurt het nog?" says it (bot/handoff/waiting.py)
    return (f" Met prioritaire respons krijgt u binnen de eerste responstijd voor {ticket.priority} antwoord: "
            f"uiterlijk {local_time(ticket.first_response_due)}.")


def live_chat_ticket(kb: KnowledgeBase, ticket: TicketView, position: Optional[int], created: bool,
                     agents_online: int) -> Reply:
    opening = "Ik heb een ticket voor u gemaakt" if created else "U hebt al een open ticket"
    text = (f"{opening}: {ticket.reference} (prioriteit {ticket.priority}, {_level(ticket)}).")
    if ticket.status == "assigned":
        return Reply(f"{text} Een medewerker ({ticket.assigned_agent}) helpt u al in deze chat.")
    if position:
        text += f" U bent nummer {position} in de wachtrij."
    text += _due(ticket)
    # leaving the queue: the relay reads the button's words (bot/handoff/waiting.py)
    leave = Button("Chat beëindigen", "Chat beëindigen")
    if agents_online:
        return Reply(f"{text} Een medewerker neemt dit gesprek zo over; blijf in deze chat. Vraag gerust "
                     "'Hoe lang duurt het nog?'", (leave,))
    return Reply(
        f"{text} Op dit moment is er helaas geen medewerker online. Uw ticket blijft in de wachtrij en een "
        "medewerker neemt contact op zodra er iemand beschikbaar is. U kunt ook een webticket maken: "
        f"{kb.channels['webticket'].text}",
        (Button.intent("Webticket maken", "ask_webticket"), leave),
    )


def webticket_created(kb: KnowledgeBase, ticket: TicketView, created: bool) -> Reply:
    opening = "Uw webticket is aangemaakt" if created else "U hebt al een open ticket"
    return Reply(
        f"{opening}: {ticket.reference}. Onze technische experts sturen u een antwoord per e-mail. "
        f"Intussen kunt u terecht in de {kb.channels['community'].name}: {kb.channels['community'].text}",
        (Button.intent("Community", "ask_community"),),
    )


def live_chat_not_included(kb: KnowledgeBase, claims: Optional[Claims] = None) -> Reply:
    """Why there is no live chat: the login hint only for someone who is not logged in (issue 14.11)."""
    if claims is not None and claims.verified:
        from bot.answers.personal import describe
        why = (f"Chatten met een medewerker is er voor gebruikers van een betaald account met licentie; met uw "
               f"account ({describe(kb, claims)}) is het niet inbegrepen. ")
    else:
        why = ("Chatten met een medewerker is er voor gebruikers van een betaald account met licentie; als u zo'n "
               "account hebt, log dan in op het helpcentrum. ")
    return Reply(
        why + "Ik maak graag een webticket voor u, dan antwoorden onze technische experts per e-mail. "
        "U kunt ook de Community en het Helpcentrum raadplegen."
    )


def ask_priority_confirmation(kb: KnowledgeBase, priority_id: str) -> Reply:
    p = kb.known_priority(priority_id)
    return Reply(f"Dat is prioriteit {p.id}: {p.definition} Klopt dat?",
                 (Button.intent("Ja, klopt", "affirm"), Button.intent("Nee", "deny"), Button("Annuleren", "Annuleren")))


def agent_joined(agent_name: str) -> str:
    return f"U chat nu met {agent_name}, medewerker van Zoom-ondersteuning."


def bot_resumed() -> str:
    return ("De medewerker heeft het gesprek afgerond en uw ticket gesloten. U praat weer met Bolt; "
            "waarmee kan ik u nog helpen?")
