from rasa_sdk import Tracker

from actions.base import ReplyAction, user_claims
from bot.answers import live_chat, personal
from bot.kb import KnowledgeBase


class AnswerLiveChat(ReplyAction):
    action_name = "action_answer_live_chat"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return personal.live_chat(kb, user_claims(tracker))


class RequestHuman(ReplyAction):
    """Until the live-agent queue exists: the rule for live chat, and the webticket."""

    action_name = "action_request_human"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return live_chat.live_chat_rule(kb)


class ReportProblem(ReplyAction):
    action_name = "action_report_problem"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return live_chat.problem_report(kb)
