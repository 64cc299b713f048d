from rasa_sdk import Tracker

from actions.base import ReplyAction, latest_entity
from bot.answers import priority
from bot.kb import KnowledgeBase


class AnswerPriorityResponse(ReplyAction):
    action_name = "action_answer_priority_response"
    topic = "priority_response"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return priority.priority_times(kb, latest_entity(tracker, "priority"))


class AnswerPriorityDefinition(ReplyAction):
    action_name = "action_answer_priority_definition"
    topic = "priority_definition"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return priority.priority_definition(kb, latest_entity(tracker, "priority"))
