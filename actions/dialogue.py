from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import ReplyAction, say
from bot.answers import contact, conversation
from bot.dialogue.fallback import consecutive_fallbacks, did_you_mean, rephrase_reply, search_reply
from bot.kb import KnowledgeBase, default_knowledge_base
from bot.search.article_search import article_search


class Greet(ReplyAction):
    action_name = "action_greet"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return conversation.greeting()


class HandleFallback(ReplyAction):
    """A message not understood: the article search, else "Bedoelt u ...?", else rephrase; the second
    unanswered miss in a row hands off (live chat or webticket)."""

    action_name = "action_handle_fallback"

    def misses(self, tracker: Tracker) -> int:
        """Misses in a row that got no answer (a miss answered from the article does not count)."""
        intents = [
            e.get("parse_data", {}).get("intent", {}).get("name") for e in tracker.events if e.get("event") == "user"
        ]
        in_a_row = consecutive_fallbacks(intents)
        unanswered_before = int(tracker.get_slot("unanswered_misses") or 0)
        return min(in_a_row, unanswered_before + 1)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        hit = article_search().answer(message.get("text") or "")
        if hit:
            say(dispatcher, search_reply(hit))
            return [SlotSet("unanswered_misses", 0)]
        misses = self.misses(tracker)
        if misses >= 2:
            dispatcher.utter_message(text=conversation.CANNOT_ANSWER)
            return [SlotSet("unanswered_misses", 0), FollowupAction("action_start_handoff")]
        reply = did_you_mean(message.get("intent_ranking") or []) or rephrase_reply(default_knowledge_base())
        say(dispatcher, reply)
        return [SlotSet("unanswered_misses", misses)]


class AnswerOutOfScope(ReplyAction):
    action_name = "action_answer_out_of_scope"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return conversation.out_of_scope()


class AnswerNotHelpful(ReplyAction):
    """'Dat helpt niet' right after an answer: hand off. Otherwise: self-service options."""

    action_name = "action_answer_not_helpful"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return contact.self_service(kb)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        if answered_just_before(tracker.events):
            dispatcher.utter_message(text=conversation.NOT_HELPED)
            return [FollowupAction("action_start_handoff")]
        return await super().run(dispatcher, tracker, domain)


def answered_just_before(events: list[dict[str, Any]]) -> bool:
    """Was the bot's last action before the latest user message an answer from the help content?"""
    seen_user = False
    for event in reversed(events):
        if event.get("event") == "user":
            if seen_user:
                return False
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") not in ("action_listen", None):
            return str(event["name"]).startswith("action_answer_")
    return False
