from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.base import ReplyAction, latest_entity
from bot.answers import contact, phone, plans, priority
from bot.answers.reply import Reply
from bot.answers.topics import MAIN_TOPICS
from bot.dialogue.fallback import consecutive_fallbacks, rephrase_reply
from bot.kb import KnowledgeBase


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
    """First miss: rephrase with topics. Second miss in a row: hand off (live chat or webticket)."""

    action_name = "action_handle_fallback"

    def misses(self, tracker: Tracker) -> int:
        intents = [e.get("parse_data", {}).get("intent", {}).get("name")
                   for e in tracker.events if e.get("event") == "user"]
        return consecutive_fallbacks(intents)

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return rephrase_reply(kb)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        if self.misses(tracker) >= 2:
            dispatcher.utter_message(text="Het lukt mij niet om uw vraag te beantwoorden.")
            return [FollowupAction("action_start_handoff")]
        return await super().run(dispatcher, tracker, domain)


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


class AnswerInform(ReplyAction):
    """A bare country, plan or priority ("Japan", "Premier+", "P2"): answer in the current topic."""

    action_name = "action_answer_inform"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        topic = tracker.get_slot("last_topic")
        country, plan, prio = (latest_entity(tracker, e) for e in ("country", "plan", "priority"))
        if country:
            return phone.phone_number(kb, country)
        if plan:
            return plans.plan_detail(kb, plan)
        if prio:
            if topic == "priority_definition":
                return priority.priority_definition(kb, prio)
            return priority.priority_times(kb, prio)
        return rephrase_reply(kb)
