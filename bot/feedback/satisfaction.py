"""The one satisfaction question after an agent resolved a live chat (issue 14.8).

Pushed to the widget (socket.io) with the ticket's reference; the widget shows 1-5 buttons and posts
the answer to POST /help/api/satisfaction, which stores it with the ticket and the agent."""

from __future__ import annotations

from typing import Any

from bot.answers import handoff as texts
from bot.vocabulary import Sender

SCORES = (1, 2, 3, 4, 5)


satisfaction_question = texts.satisfaction_question


def satisfaction_request(reference: str, agent_name: str) -> dict[str, Any]:
    """The socket.io payload (bot_uttered) that asks the question."""
    return {
        "sender": Sender.SYSTEM,
        "state": "bot",
        "text": satisfaction_question(agent_name),
        "csat": {"ticket": reference, "agent": agent_name, "scores": list(SCORES)},
    }
