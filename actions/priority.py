from rasa_sdk import Tracker

from actions.base import ReplyAction, latest_entity, user_claims
from bot.answers import personal, priority
from bot.kb import KnowledgeBase


class AnswerPriorityResponse(ReplyAction):
    action_name = "action_answer_priority_response"
    topic = "priority_response"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return personal.priority_response(kb, user_claims(tracker), latest_entity(tracker, "priority"))


class AnswerPriorityDefinition(ReplyAction):
    action_name = "action_answer_priority_definition"
    topic = "priority_definition"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return priority.priority_definition(kb, latest_entity(tracker, "priority"))
