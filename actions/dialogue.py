from rasa_sdk import Tracker

from actions.base import ReplyAction, latest_entity
from bot.answers import contact, phone, plans, priority
from bot.answers.reply import Reply
from bot.answers.topics import MAIN_TOPICS
from bot.dialogue.fallback import consecutive_fallbacks, fallback_reply
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
    action_name = "action_handle_fallback"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        intents = [e.get("parse_data", {}).get("intent", {}).get("name")
                   for e in tracker.events if e.get("event") == "user"]
        return fallback_reply(kb, consecutive_fallbacks(intents))


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
    action_name = "action_answer_not_helpful"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return contact.self_service(kb)


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
        return fallback_reply(kb, 1)
