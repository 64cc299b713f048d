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
    "ask_phone_number": "action_answer_phone_number",
    "ask_phone_support": "action_answer_phone_support",
    "ask_call_preparation": "action_answer_call_preparation",
    "ask_call_costs": "action_answer_call_costs",
    "ask_support_plans": "action_answer_support_plans",
    "ask_my_support": "action_answer_my_support",
    "ask_live_chat": "action_answer_live_chat",
    "ask_priority_response": "action_answer_priority_response",
    "ask_priority_definition": "action_answer_priority_definition",
    "inform": "action_answer_inform",
    "ask_help_centre": "action_answer_help_centre",
    "ask_chatbot": "action_answer_chatbot",
    "ask_account_manager": "action_answer_account_manager",
    "ask_not_in_article": "action_answer_not_in_article",
}
# module-level classes: the SDK registers every Action subclass it can import
for _intent, _name in ANSWERS.items():
    globals()[f"Answer_{_intent}"] = _action(_intent, _name)
Answer_inform = globals()["Answer_inform"]


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
