"""Routes messages between the user, the agent console and the bot, in the Rasa server process.

- While a conversation's ticket is assigned, user messages go to the ticket and the console, never
  to the bot (so the bot has no backlog to answer when it resumes); the channel tells the user that
  the message went to the agent (`route` returns where it went).
- While a ticket waits in the queue (new, or released by an agent) the bot answers, and the user's
  messages are also added to the ticket, so the next agent sees them.
- Console events reach every console, and agent messages the user's socket.io room at once, on
  whichever instance either is connected (bot/cluster, Redis with BOT_REDIS_URL); a REST user, who
  cannot receive pushes, gets them with the reply to their next request; a socket.io user who was away gets them in the
  conversation history when reconnecting (`conversation_state`).
- Claiming pauses the Rasa conversation (ConversationPaused); releasing resumes it (the bot answers
  until the next claim) and says so; resolving resumes it and says so.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.shared.core.events import BotUttered, ConversationPaused, ConversationResumed

from bot.answers.handoff import agent_joined, bot_resumed, leave_queue_buttons, released
from bot.channels import history
from bot.cluster.events_bus import events_bus
from bot.db.models import Agent
from bot.db.session import database
from bot.feedback.satisfaction import satisfaction_request
from bot.handoff import inactive_chats, webtickets
from bot.handoff.agents import AgentService
from bot.handoff.desk import ChatElsewhereNotice
from bot.handoff.tickets import TicketService, TicketView
from bot.handoff.waiting import while_waiting
from bot.kb import default_knowledge_base
from bot.privacy.notice import tell_once_if_redacted
from bot.privacy.redaction import redact_text
from bot.vocabulary import Channel, Sender, TicketStatus

logger = logging.getLogger(__name__)
PushToUser = Callable[[str, dict[str, Any]], Awaitable[bool]]
TO_AGENT, TO_BOT = "agent", "bot"


class HandoffRelay:
    def __init__(self, tickets: TicketService, agents: AgentService) -> None:
        self.tickets, self.agents = tickets, agents
        self.webtickets = webtickets.WebticketService(tickets)
        self.push_to_user: PushToUser | None = None  # set by the socket.io channel
        self.app: Any = None  # the Sanic app, attached when the server starts
        self.bus = events_bus()  # every console, on any instance (bot/cluster/events_bus.py)
        self.chat_elsewhere = ChatElsewhereNotice()  # one person, one open live chat (bot/handoff/desk.py)

    # -- console subscriptions ---------------------------------------------------------------
    def subscribe(self) -> asyncio.Queue:
        return self.bus.subscribe()

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        self.bus.unsubscribe(queue)

    def publish(self, event: dict[str, Any]) -> None:
        self.bus.publish(event)

    # -- user side ---------------------------------------------------------------------------
    async def route(self, message: UserMessage, to_bot: Callable[[UserMessage], Awaitable[Any]]) -> str:
        """Send a user message to the agent (ticket assigned) or to the bot; then deliver what waits.
        Returns where it went: TO_AGENT or TO_BOT."""
        await tell_once_if_redacted(message)  # "Deel alstublieft geen kaartnummer, IBAN of BSN ..." (bot/privacy)
        ticket = await asyncio.to_thread(self.tickets.open_ticket_for, message.sender_id)
        if (
            ticket and ticket.status == TicketStatus.WAITING_ON_USER and ticket.channel == Channel.LIVE_CHAT
        ):  # closed: inactive
            ticket = await inactive_chats.reopen_chat(self, ticket)
        if ticket and ticket.status == TicketStatus.ASSIGNED:
            message_id = await asyncio.to_thread(self.tickets.add_message, ticket.id, Sender.USER, message.text or "")
            self.publish(
                {"type": "message", "ticket": ticket.id, "id": message_id, "sender": Sender.USER, "text": message.text}
            )
            where = TO_AGENT
        else:
            if ticket and ticket.channel == Channel.LIVE_CHAT:  # waiting: the bot answers, the next agent sees it too
                message_id = await asyncio.to_thread(
                    self.tickets.add_message, ticket.id, Sender.USER, message.text or ""
                )
                self.publish(
                    {
                        "type": "message",
                        "ticket": ticket.id,
                        "id": message_id,
                        "sender": Sender.USER,
                        "text": message.text,
                    }
                )
                await self._resume_if_paused(message.sender_id)
            waiting = await asyncio.to_thread(while_waiting, self.tickets, ticket, message.text) if ticket else None
            if ticket and waiting:  # "hoe lang duurt het nog?", "annuleer mijn ticket" (bot/handoff/waiting.py, 14.7)
                await self._to_user(
                    ticket,
                    Sender.SYSTEM,
                    waiting.text,
                    state="bot" if waiting.closed else None,
                    buttons=list(waiting.buttons),
                )
                self.publish({"type": "queue"})
            else:
                if ticket is None:  # the same person's live chat open in another browser or device: say so once
                    notice = await asyncio.to_thread(
                        self.chat_elsewhere.notice, self.tickets, message.sender_id, message.metadata
                    )
                    if notice:
                        await message.output_channel.send_text_message(message.sender_id, notice)
                await to_bot(message)
            where = TO_BOT
        try:
            undelivered = await asyncio.to_thread(self.tickets.take_undelivered, message.sender_id)
            # webtickets answered by e-mail meanwhile, to a user who comes back logged in (bot/handoff/webtickets.py)
            undelivered += await webtickets.answers_for_chat(self.webtickets, message.metadata)
        except Exception:  # the turn is stored and answered: those messages come with a later reply
            logger.exception("agent messages waiting for a user could not be read")
            undelivered = []
        for text in undelivered:
            await message.output_channel.send_text_message(message.sender_id, text)
        return where

    async def hand_off_state(self, conversation_id: str) -> dict[str, Any]:
        return history.hand_off_state(await asyncio.to_thread(self.tickets.open_ticket_for, conversation_id))

    async def conversation_state(self, conversation_id: str) -> dict[str, Any]:
        """History (bot turns and ticket messages in order) and hand-off state, for a (re)connecting widget.
        What it contains counts as delivered: it is not sent again with the next reply."""
        ticket = await asyncio.to_thread(self.tickets.open_ticket_for, conversation_id)
        tracker = None
        agent = getattr(self.app.ctx, "agent", None) if self.app else None
        if agent is not None and agent.tracker_store is not None:
            tracker = await agent.tracker_store.retrieve(conversation_id)

        def from_tickets() -> Any:
            with self.tickets.db.session() as s:
                return history.ticket_entries(s, conversation_id)

        ticket_turns = await asyncio.to_thread(from_tickets)
        await asyncio.to_thread(self.tickets.take_undelivered, conversation_id)
        turns = history.merge(history.tracker_entries(tracker.events if tracker else []), ticket_turns)
        return {**history.hand_off_state(ticket), "history": turns}

    async def _to_user(
        self,
        ticket: TicketView,
        sender: str,
        text: str,
        agent: Agent | None = None,
        agent_name: str | None = None,
        state: str | None = None,
        buttons: list | None = None,
    ) -> int:
        payload = {
            "text": text,
            "sender": sender,
            **({"agent": agent_name} if agent_name else {}),
            **({"state": state} if state else {}),
            **({"buttons": buttons} if buttons else {}),
        }
        pushed = bool(self.push_to_user and await self.push_to_user(ticket.conversation_id, payload))
        return await asyncio.to_thread(self.tickets.add_message, ticket.id, sender, text, agent, pushed)

    # -- agent side --------------------------------------------------------------------------
    async def agent_says(self, ticket_id: int, agent: Agent, text: str) -> int | None:
        text = redact_text(text)  # no card number, IBAN or BSN is pushed, stored or published
        ticket = await asyncio.to_thread(self.tickets.get, ticket_id)
        if ticket is None or ticket.status != TicketStatus.ASSIGNED or ticket.assigned_agent_id != agent.id:
            return None
        message_id = await self._to_user(ticket, Sender.AGENT, text, agent, agent.name)
        self.publish({"type": "message", "ticket": ticket_id, "id": message_id, "sender": Sender.AGENT, "text": text})
        return message_id

    async def claim(self, ticket_id: int, agent: Agent) -> bool:
        if not await asyncio.to_thread(self.tickets.claim, ticket_id, agent):
            return False
        ticket = await self._changed(ticket_id)
        await self._update_tracker(ticket.conversation_id, ConversationPaused())
        await self._to_user(
            ticket, Sender.SYSTEM, agent_joined(agent.name), agent_name=agent.name, state=TicketStatus.ASSIGNED
        )
        self.publish({"type": "queue"})
        return True

    async def release(self, ticket_id: int, agent: Agent) -> bool:
        ok = await asyncio.to_thread(self.tickets.release, ticket_id, agent)
        if ok:
            ticket = await self._changed(ticket_id)
            await self._update_tracker(ticket.conversation_id, ConversationResumed())
            await self._to_user(
                ticket, Sender.SYSTEM, released(), state=TicketStatus.QUEUED, buttons=leave_queue_buttons()
            )
            self.publish({"type": "queue"})
        return ok

    async def resolve(self, ticket_id: int, agent: Agent) -> bool:
        if not await asyncio.to_thread(self.tickets.resolve, ticket_id, agent):
            return False
        ticket = await self._changed(ticket_id)
        text = bot_resumed()
        await self._update_tracker(ticket.conversation_id, ConversationResumed(), BotUttered(text))
        await self._to_user(ticket, Sender.SYSTEM, text, state="bot")
        if self.push_to_user:  # one satisfaction question (1-5) to a widget user (bot/feedback/satisfaction.py)
            await self.push_to_user(ticket.conversation_id, satisfaction_request(ticket.reference, agent.name))
        self.publish({"type": "queue"})
        return True

    async def _changed(self, ticket_id: int) -> TicketView:
        """The ticket a claim, release or resolve just changed (tickets are never deleted while open)."""
        ticket = await asyncio.to_thread(self.tickets.get, ticket_id)
        if ticket is None:
            raise LookupError(f"ticket {ticket_id} is gone right after it was changed")
        return ticket

    async def _resume_if_paused(self, conversation_id: str) -> None:
        """A conversation paused for an agent who is gone (released) answers again."""
        agent = getattr(self.app.ctx, "agent", None) if self.app else None
        if agent is None or agent.tracker_store is None:
            return
        tracker = await agent.tracker_store.retrieve(conversation_id)
        if tracker is not None and tracker.is_paused():
            await self._update_tracker(conversation_id, ConversationResumed())

    async def _update_tracker(self, conversation_id: str, *events: Any) -> None:
        agent = getattr(self.app.ctx, "agent", None) if self.app else None  # read now: a model reload replaces it
        if agent is None or agent.tracker_store is None:
            return
        async with agent.lock_store.lock(conversation_id):
            tracker = await agent.tracker_store.get_or_create_tracker(conversation_id)
            for event in events:
                tracker.update(event)
            await agent.tracker_store.save(tracker)


@functools.lru_cache(maxsize=1)
def relay() -> HandoffRelay:
    """The process-wide relay on the configured tickets database."""
    db = database()
    return HandoffRelay(TicketService(db, default_knowledge_base()), AgentService(db))
