from rasa_sdk import Tracker

from actions.base import ReplyAction, user_claims
from bot.answers import personal
from bot.kb import KnowledgeBase


class AnswerLiveChat(ReplyAction):
    action_name = "action_answer_live_chat"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return personal.live_chat(kb, user_claims(tracker))
