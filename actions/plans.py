from rasa_sdk import Tracker

from actions.base import ReplyAction, latest_entity, user_claims
from bot.answers import personal, plans
from bot.kb import KnowledgeBase


class AnswerSupportPlans(ReplyAction):
    action_name = "action_answer_support_plans"
    topic = "support_plans"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return plans.plan_detail(kb, latest_entity(tracker, "plan"))


class AnswerMySupport(ReplyAction):
    action_name = "action_answer_my_support"
    topic = "support_plans"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return personal.my_support(kb, user_claims(tracker))
