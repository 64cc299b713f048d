"""Was a message already answered by an instance that died before it could say so? (issue 15.4)

A message id's claim is taken over when its instance stopped renewing it (killed). That instance may
have stored the whole turn in the tracker — Rasa saves a turn in one go at its end — and died before
keeping the reply for the message id. The retry must then not be processed a second time: the
tracker's user event with that message id, and the bot's messages after it, are the reply.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.shared.core.events import BotUttered, UserUttered

logger = logging.getLogger(__name__)


def reply_after(events: list[Any], conversation_id: str, message_id: str) -> list[dict[str, Any]] | None:
    """The bot messages that followed the user event with this message id; None if there is none."""
    for i, event in enumerate(events):
        if isinstance(event, UserUttered) and event.message_id == message_id:
            replies = []
            for later in events[i + 1 :]:
                if isinstance(later, UserUttered):
                    break
                if isinstance(later, BotUttered):
                    data = {k: v for k, v in (later.data or {}).items() if v}
                    replies.append(
                        {"recipient_id": conversation_id, **({"text": later.text} if later.text else {}), **data}
                    )
            return replies
    return None


async def answered_before(conversation_id: str, message_id: str) -> list[dict[str, Any]] | None:
    """The stored reply of a message id whose turn is in the tracker, from the running Rasa agent."""
    from bot.handoff.relay import relay

    app = relay().app
    agent = getattr(app.ctx, "agent", None) if app is not None else None
    if agent is None or agent.tracker_store is None:
        return None
    tracker = await agent.tracker_store.retrieve(conversation_id)
    return reply_after(list(tracker.events), conversation_id, message_id) if tracker else None
