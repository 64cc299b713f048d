from rasa_sdk import Tracker

from actions.base import ReplyAction, latest_entity, user_claims
from bot.answers import personal, phone
from bot.kb import KnowledgeBase


class AnswerPhoneNumber(ReplyAction):
    action_name = "action_answer_phone_number"
    topic = "phone_number"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return phone.phone_number(kb, latest_entity(tracker, "country"))


class AnswerPhoneSupport(ReplyAction):
    action_name = "action_answer_phone_support"
    topic = "phone_number"  # a bare country next ("Japan") gets that country's number

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return personal.phone_support(kb, user_claims(tracker), latest_entity(tracker, "country"))


class AnswerCallPreparation(ReplyAction):
    action_name = "action_answer_call_preparation"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return phone.call_preparation(kb)


class AnswerCallCosts(ReplyAction):
    action_name = "action_answer_call_costs"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return phone.call_costs(kb)
