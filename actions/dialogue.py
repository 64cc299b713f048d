from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import ReplyAction
from bot.answers import contact
from bot.answers.reply import Reply
from bot.answers.topics import MAIN_TOPICS
from bot.dialogue.fallback import consecutive_fallbacks, did_you_mean, rephrase_reply, search_reply
from bot.kb import KnowledgeBase, default_knowledge_base
from bot.search.article_search import article_search


class Greet(ReplyAction):
    action_name = "action_greet"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return Reply(
            "Hallo! Ik ben Bolt, de virtuele assistent van Zoom-ondersteuning. Ik help u met vragen over "
            "ondersteuningsplannen, contact opnemen, telefoonnummers en prioritaire responstijden. "
            "Deel in deze chat geen wachtwoorden, betaalgegevens of uw BSN. Waarmee kan ik u helpen?",
            MAIN_TOPICS,
        )


class HandleFallback(ReplyAction):
    """A message not understood: the article search, else "Bedoelt u ...?", else rephrase; the second
    unanswered miss in a row hands off (live chat or webticket)."""

    action_name = "action_handle_fallback"

    def misses(self, tracker: Tracker) -> int:
        """Misses in a row that got no answer (a miss answered from the article does not count)."""
        intents = [e.get("parse_data", {}).get("intent", {}).get("name")
                   for e in tracker.events if e.get("event") == "user"]
        in_a_row = consecutive_fallbacks(intents)
        unanswered_before = int(tracker.get_slot("unanswered_misses") or 0)
        return min(in_a_row, unanswered_before + 1)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        message = tracker.latest_message or {}
        hit = article_search().answer(message.get("text") or "")
        if hit:
            dispatcher.utter_message(**search_reply(hit).as_message())
            return [SlotSet("unanswered_misses", 0)]
        misses = self.misses(tracker)
        if misses >= 2:
            dispatcher.utter_message(text="Het lukt mij niet om uw vraag te beantwoorden.")
            return [SlotSet("unanswered_misses", 0), FollowupAction("action_start_handoff")]
        reply = did_you_mean(message.get("intent_ranking") or []) or rephrase_reply(default_knowledge_base())
        dispatcher.utter_message(**reply.as_message())
        return [SlotSet("unanswered_misses", misses)]


class AnswerOutOfScope(ReplyAction):
    action_name = "action_answer_out_of_scope"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return Reply(
            "Daar kan ik u helaas niet mee helpen: ik ken alleen de ondersteuningsrichtlijnen van Zoom. "
            "Voor andere vragen kunt u het Zoom-helpcentrum doorzoeken of het vragen in de Community. "
            "Ik kan u wel helpen met:",
            MAIN_TOPICS,
        )


class AnswerNotHelpful(ReplyAction):
    """'Dat helpt niet' right after an answer: hand off. Otherwise: self-service options."""

    action_name = "action_answer_not_helpful"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return contact.self_service(kb)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        if answered_just_before(tracker.events):
            dispatcher.utter_message(text="Jammer dat mijn antwoord u niet hielp.")
            return [FollowupAction("action_start_handoff")]
        return await super().run(dispatcher, tracker, domain)


def answered_just_before(events: List[Dict[Text, Any]]) -> bool:
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
