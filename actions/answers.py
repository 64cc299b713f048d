"""The answers composed from the question's type, entities and context (bot/answers/compose.py).

One action per question type, each a thin adapter: it reads the latest message, the verified
identity and the context slots, and sends what compose() returns. Context slots keep what the last
question was about (country, plan, priority, role, ...) for follow-ups.
"""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import user_claims
from bot.answers.compose import compose, context_after, problem_preface
from bot.answers.question import CONTEXT_DIMENSIONS, Question
from bot.kb import default_knowledge_base
from bot.vocabulary import Intent


def context_slot(dimension: str) -> str:
    return f"context_{dimension}"


class ComposedAnswer(Action):
    intent: str = ""
    action_name: str = ""

    def name(self) -> str:
        return self.action_name

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        question = Question.from_entities(message.get("text") or "", message.get("entities") or [])
        context = {dim: tracker.get_slot(context_slot(dim)) for dim in CONTEXT_DIMENSIONS}
        answer = compose(
            default_knowledge_base(),
            self.intent,
            question,
            user_claims(tracker),
            tracker.get_slot("last_topic"),
            context,
        )
        for reply in answer.replies:
            dispatcher.utter_message(**reply.as_message())
        events = [
            SlotSet(context_slot(dim), value)
            for dim, value in context_after(answer, context).items()
            if value != context.get(dim)
        ]
        if answer.topic and answer.topic != tracker.get_slot("last_topic"):
            events.append(SlotSet("last_topic", answer.topic))
        return events


def _action(intent: str, action_name: str) -> type:
    return type(f"Answer_{intent}", (ComposedAnswer,), {"intent": intent, "action_name": action_name})


ANSWERS = {
    Intent.ASK_PHONE_NUMBER: "action_answer_phone_number",
    Intent.ASK_PHONE_SUPPORT: "action_answer_phone_support",
    Intent.ASK_CALL_PREPARATION: "action_answer_call_preparation",
    Intent.ASK_CALL_COSTS: "action_answer_call_costs",
    Intent.ASK_SUPPORT_PLANS: "action_answer_support_plans",
    Intent.ASK_MY_SUPPORT: "action_answer_my_support",
    Intent.ASK_LIVE_CHAT: "action_answer_live_chat",
    Intent.ASK_PRIORITY_RESPONSE: "action_answer_priority_response",
    Intent.ASK_PRIORITY_DEFINITION: "action_answer_priority_definition",
    Intent.INFORM: "action_answer_inform",
    Intent.ASK_HELP_CENTRE: "action_answer_help_centre",
    Intent.ASK_CHATBOT: "action_answer_chatbot",
    Intent.ASK_ACCOUNT_MANAGER: "action_answer_account_manager",
    Intent.ASK_NOT_IN_ARTICLE: "action_answer_not_in_article",
}
# module-level classes: the SDK registers every Action subclass it can import
for _intent, _name in ANSWERS.items():
    globals()[f"Answer_{_intent}"] = _action(_intent, _name)
Answer_inform = globals()[f"Answer_{Intent.INFORM}"]


class AnswerProblem(Action):
    """A reported problem: answer a question in it first (how fast?), then the hand-off."""

    def name(self) -> str:
        return "action_answer_problem"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        message = tracker.latest_message or {}
        question = Question.from_entities(message.get("text") or "", message.get("entities") or [])
        if question.ordinal and tracker.get_slot("last_topic") in ("phone_number", "phone_support"):
            # "de eerste werkt niet" after a phone number: the other number, not a hand-off
            return await Answer_inform().run(dispatcher, tracker, domain)
        preface = problem_preface(default_knowledge_base(), question, user_claims(tracker))
        if preface:
            dispatcher.utter_message(**preface.as_message())
        return [FollowupAction("action_start_handoff")]
