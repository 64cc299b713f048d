"""What the bot says around a hand-off: ticket created, already open, no agent online, webticket."""

from __future__ import annotations

from bot.answers.reply import Button, Reply
from bot.answers.times import local_time
from bot.handoff.model import TicketView
from bot.identity import Claims
from bot.kb import KnowledgeBase
from bot.vocabulary import Intent, SupportLevel, TicketStatus

# leaving the queue: the relay reads the button's words (bot/handoff/waiting.py); offered again with every
# message about the wait (position, "Hoe lang duurt het nog?", back in the queue), so it is never stale (QA 12)
LEAVE_QUEUE_BUTTON = Button("Chat beëindigen", "Chat beëindigen")


def leave_queue_buttons() -> list:
    """The "Chat beëindigen" button as a pushed message carries it (the widget shows it under the text)."""
    return [LEAVE_QUEUE_BUTTON.as_dict()]


def _level(ticket: TicketView) -> str:
    return "direct niveau 2" if ticket.level == SupportLevel.LEVEL_2 else "niveau 1"


def _due(ticket: TicketView) -> str:
    if not ticket.first_response_due:
        return ""
    # the user's local time (issue 14.9), as "Hoe lang duurt het nog?" says it (bot/handoff/waiting.py)
    return (
        f" Met prioritaire respons krijgt u binnen de eerste responstijd voor {ticket.priority} antwoord: "
        f"uiterlijk {local_time(ticket.first_response_due)}."
    )


def live_chat_ticket(
    kb: KnowledgeBase, ticket: TicketView, position: int | None, created: bool, agents_online: int
) -> Reply:
    opening = "Ik heb een ticket voor u gemaakt" if created else "U hebt al een open ticket"
    text = f"{opening}: {ticket.reference} (prioriteit {ticket.priority}, {_level(ticket)})."
    if ticket.status == TicketStatus.ASSIGNED:
        return Reply(f"{text} Een medewerker ({ticket.assigned_agent}) helpt u al in deze chat.")
    if position:
        text += f" U bent nummer {position} in de wachtrij."
    text += _due(ticket)
    leave = LEAVE_QUEUE_BUTTON
    if agents_online:
        return Reply(
            f"{text} Een medewerker neemt dit gesprek zo over; blijf in deze chat. Vraag gerust "
            "'Hoe lang duurt het nog?'",
            (leave,),
        )
    return Reply(
        f"{text} Op dit moment is er helaas geen medewerker online. Uw ticket blijft in de wachtrij en een "
        "medewerker neemt contact op zodra er iemand beschikbaar is. U kunt ook een webticket maken: "
        f"{kb.channels['webticket'].text}",
        (Button.intent("Webticket maken", Intent.ASK_WEBTICKET), leave),
    )


def _status_words(ticket: TicketView, position: int | None) -> str:
    if ticket.status == TicketStatus.ASSIGNED:
        agent = f" ({ticket.assigned_agent})" if ticket.assigned_agent else ""
        return f"een medewerker{agent} helpt u"
    if ticket.status == TicketStatus.WAITING_ON_USER:
        return "de medewerker wacht op uw reactie"
    return f"het staat in de wachtrij (u bent nummer {position})" if position else "het staat in de wachtrij"


def live_chat_elsewhere(ticket: TicketView, position: int | None) -> Reply:
    """The same person asks for a human in a second conversation (another browser or device) while their
    live chat is open: no second ticket; where the open chat goes on (QA finding 1)."""
    return Reply(
        f"U hebt al een open chat met Zoom-ondersteuning: ticket {ticket.reference} (prioriteit {ticket.priority}); "
        f"{_status_words(ticket, position)}. Die chat loopt verder in het gesprek waarin u hem bent begonnen, "
        "in een ander venster of op een ander apparaat; ga daarheen om verder te chatten. Ik maak geen tweede "
        "ticket. Hier beantwoord ik intussen graag uw andere vragen."
    )


def live_chat_open_elsewhere(ticket: TicketView) -> str:
    """Said once when the same person writes in a second conversation while their live chat is open."""
    return (
        f"Let op: u hebt al een open chat met Zoom-ondersteuning (ticket {ticket.reference}) in een ander "
        "venster of op een ander apparaat. De medewerker ziet alleen wat u in dat gesprek schrijft; ga "
        "daarheen om verder te chatten."
    )


def webticket_created(kb: KnowledgeBase, ticket: TicketView, created: bool) -> Reply:
    opening = "Uw webticket is aangemaakt" if created else "U hebt al een open ticket"
    return Reply(
        f"{opening}: {ticket.reference}. Onze technische experts sturen u een antwoord per e-mail. "
        f"Intussen kunt u terecht in de {kb.channels['community'].name}: {kb.channels['community'].text}",
        (Button.intent("Community", Intent.ASK_COMMUNITY),),
    )


def live_chat_not_included(kb: KnowledgeBase, claims: Claims | None = None) -> Reply:
    """Why there is no live chat: the login hint only for someone who is not logged in (issue 14.11)."""
    if claims is not None and claims.verified:
        from bot.answers.personal import describe

        why = (
            f"Chatten met een medewerker is er voor gebruikers van een betaald account met licentie; met uw "
            f"account ({describe(kb, claims)}) is het niet inbegrepen. "
        )
    else:
        why = (
            "Chatten met een medewerker is er voor gebruikers van een betaald account met licentie; als u zo'n "
            "account hebt, log dan in op het helpcentrum. "
        )
    return Reply(
        why + "Ik maak graag een webticket voor u, dan antwoorden onze technische experts per e-mail. "
        "U kunt ook de Community en het Helpcentrum raadplegen."
    )


def ask_priority_confirmation(kb: KnowledgeBase, priority_id: str) -> Reply:
    p = kb.known_priority(priority_id)
    return Reply(
        f"Dat is prioriteit {p.id}: {p.definition} Klopt dat?",
        (
            Button.intent("Ja, klopt", Intent.AFFIRM),
            Button.intent("Nee", Intent.DENY),
            Button("Annuleren", "Annuleren"),
        ),
    )


def agent_joined(agent_name: str) -> str:
    return f"U chat nu met {agent_name}, medewerker van Zoom-ondersteuning."


def bot_resumed() -> str:
    return (
        "De medewerker heeft het gesprek afgerond en uw ticket gesloten. U praat weer met Bolt; "
        "waarmee kan ik u nog helpen?"
    )


def released() -> str:
    """The agent put the chat back in the queue (bot/handoff/relay.py)."""
    return (
        "De medewerker heeft uw gesprek teruggezet in de wachtrij; een volgende medewerker neemt het over. "
        "Tot dan beantwoordt Bolt uw berichten, en de medewerker ziet ook wat u nu schrijft."
    )


# -- while the ticket waits in the queue (bot/handoff/waiting.py, issue 14.7) --------------------


def wait_text(ticket: TicketView, position: int | None) -> str:
    """'Hoe lang duurt het nog?': the place in the queue and the due time."""
    text = f"Uw ticket {ticket.reference} (prioriteit {ticket.priority}) staat in de wachtrij"
    text += f": u bent nummer {position}." if position else "."
    if ticket.first_response_due:
        text += (
            f" Met prioritaire respons krijgt u uiterlijk {local_time(ticket.first_response_due)} "
            "antwoord van een medewerker."
        )
    else:
        text += " Voor uw account geldt geen vaste responstijd; een medewerker neemt uw chat zo snel mogelijk over."
    return text + " Blijf in deze chat; intussen beantwoord ik uw vragen."


def left_queue(reference: str) -> str:
    return f"Uw ticket {reference} is gesloten en u staat niet meer in de wachtrij. Waarmee kan ik u nog helpen?"


def closed_by_user_reason(text: str | None) -> str:
    """The reason kept on the ticket's `closed` event: the user's own words."""
    return f"Door de gebruiker beëindigd: {(text or '').strip()}"


def queue_position(position: int) -> str:
    """Pushed to a waiting widget user when their place in the queue changes."""
    return f"U bent nu nummer {position} in de wachtrij."


# -- an inactive live chat (bot/handoff/inactive_chats.py, issue 18) -----------------------------


def still_there() -> str:
    return (
        "Bent u er nog? We hebben een tijdje niets van u gehoord. Stuur gerust een bericht als u verder wilt; "
        "anders sluiten we deze chat over enkele minuten."
    )


def closed_inactive(reference: str) -> str:
    return (
        f"Omdat we een tijd niets van u hebben gehoord, hebben we deze chat gesloten. Uw ticket {reference} "
        "blijft bewaard: stuur een bericht in dit gesprek en we gaan verder waar we gebleven waren."
    )


def reopened_with_agent(agent: str | None, reference: str) -> str:
    return f"Welkom terug. U chat weer met {agent}, die uw ticket {reference} verder behandelt."


def reopened_in_queue(reference: str) -> str:
    return (
        f"Welkom terug. Uw ticket {reference} staat weer in de wachtrij; een medewerker neemt uw chat zo "
        "snel mogelijk over. Tot dan beantwoord ik uw vragen."
    )


# -- after the chat ----------------------------------------------------------------------------


def satisfaction_question(agent_name: str) -> str:
    """The one satisfaction question after an agent resolved a live chat (bot/feedback/satisfaction.py)."""
    return (
        f"Hoe tevreden bent u over de hulp van {agent_name}? "
        "Kies een cijfer van 1 (zeer ontevreden) tot 5 (zeer tevreden)."
    )


def webticket_mail(reference: str, subject: str, agent_name: str, text: str) -> tuple:
    """The e-mail with an agent's answer to a webticket: (subject, body) (bot/handoff/mail.py)."""
    return (
        f"Antwoord op uw webticket {reference}: {subject}"[:200],
        f"Beste klant,\n\n{text}\n\nMet vriendelijke groet,\n{agent_name}\nZoom-ondersteuning\n\n"
        f"Uw ticket: {reference}. U kunt dit antwoord ook lezen in de chat op het helpcentrum "
        "als u bent ingelogd.\n",
    )
