"""Shared plumbing: an action that renders one or more Replies from the knowledge base."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.answers.reply import Reply
from bot.channels.metadata import claims_from_metadata
from bot.identity import Claims
from bot.kb import KnowledgeBase, default_knowledge_base


def say(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """Send one reply (text and buttons) composed by bot/answers."""
    dispatcher.utter_message(**reply.as_message())


def user_claims(tracker: Tracker) -> Claims:
    """The verified identity of the user's latest message (anonymous unless its token verifies)."""
    return claims_from_metadata((tracker.latest_message or {}).get("metadata"))


class ReplyAction(Action):
    """Subclasses set `action_name` (and optionally `topic`) and implement `reply`."""

    action_name: str = ""
    topic: str | None = None  # remembered in the `last_topic` slot for follow-ups

    def name(self) -> str:
        return self.action_name

    def reply(self, kb: KnowledgeBase, tracker: Tracker) -> Reply | Sequence[Reply]:
        raise NotImplementedError

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        replies = self.reply(default_knowledge_base(), tracker)
        for reply in [replies] if isinstance(replies, Reply) else replies:
            say(dispatcher, reply)
        return [SlotSet("last_topic", self.topic)] if self.topic else []
