from rasa_sdk import Tracker

from actions.base import ReplyAction, latest_entity
from bot.answers import phone
from bot.kb import KnowledgeBase


class AnswerPhoneNumber(ReplyAction):
    action_name = "action_answer_phone_number"
    topic = "phone_number"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return phone.phone_number(kb, latest_entity(tracker, "country"))


class AnswerPhoneSupport(ReplyAction):
    action_name = "action_answer_phone_support"
    topic = "phone_support"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return phone.phone_support(kb)


class AnswerCallPreparation(ReplyAction):
    action_name = "action_answer_call_preparation"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return phone.call_preparation(kb)


class AnswerCallCosts(ReplyAction):
    action_name = "action_answer_call_costs"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return phone.call_costs(kb)
