"""A "no" (intent deny) while a hand-off intake form is active: cancel, or take it as the answer.

Rasa does not validate slots when a form resumes after another action, so this action runs the
same checks as the forms' validation actions before handing back to the form.
"""

import functools
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet

from actions.handoff import ANSWER_CHECKS, FORM_SLOTS, check_priority_confirmed
from bot.answers import intake as texts
from bot.handoff.intake import interruption, is_cancel, is_refusal, looks_like_question
from bot.handoff.intake_checks import with_detail
from bot.vocabulary import Intent


class IntakeDeny(Action):
    def name(self) -> str:
        return "action_intake_deny"

    async def run(self, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
        form = tracker.active_loop_name
        requested = tracker.get_slot("requested_slot")
        text = (tracker.latest_message or {}).get("text") or ""
        if form and requested == "priority_confirmed":
            # "nee" to "is it really P1?": choose another priority, keep the intake
            checked = check_priority_confirmed(False, dispatcher)
        elif form and requested and not (is_refusal(text) or is_cancel(text, requested)):
            # a description or an e-mail address that merely sounds like "no" ("geen idee", "nee, ...");
            # a cancel in the user's words ("laat maar zitten, ik hoef geen ticket meer") cancels
            check = ANSWER_CHECKS.get(requested)
            checked = check(text, dispatcher) if check else {}
        else:
            return [ActiveLoop(None), SlotSet("requested_slot", None)] + [SlotSet(s, None) for s in FORM_SLOTS]
        return [SlotSet(slot, value) for slot, value in checked.items()] + [FollowupAction(form)]


# --- Questions, goodbyes and cancels in the middle of an intake form (issue 14.5) -----------------
#
# The forms map any text to the slot they ask for, so without this every later message ("dat helpt
# niet", "Hoe bereik ik de community?", an old button) was checked as an e-mail address. The forms'
# validation actions call `form_interruption` first: a question gets the answer its rule in
# data/rules.yml gives (the same action, run here) and the form's question is asked once more (with
# "Annuleren"); a goodbye or a cancel ends the form without a ticket.

# intent -> the action or response of its single-turn rule in data/rules.yml (a unit test keeps them equal)
ANSWERS_DURING_FORM: dict[str, str] = {
    Intent.GREET: "action_greet",
    Intent.THANKS: "utter_you_are_welcome",
    Intent.AFFIRM: "utter_anything_else",
    Intent.NOT_HELPFUL: "action_answer_not_helpful",
    Intent.BOT_CHALLENGE: "action_answer_bot_challenge",
    Intent.OUT_OF_SCOPE: "action_answer_out_of_scope",
    Intent.ASK_LIVE_CHAT: "action_answer_live_chat",
    Intent.ASK_PHONE_SUPPORT: "action_answer_phone_support",
    Intent.ASK_PHONE_NUMBER: "action_answer_phone_number",
    Intent.ASK_CALL_PREPARATION: "action_answer_call_preparation",
    Intent.ASK_CALL_COSTS: "action_answer_call_costs",
    Intent.ASK_SUPPORT_PLANS: "action_answer_support_plans",
    Intent.ASK_MY_SUPPORT: "action_answer_my_support",
    Intent.ASK_PRIORITY_RESPONSE: "action_answer_priority_response",
    Intent.ASK_PRIORITY_DEFINITION: "action_answer_priority_definition",
    Intent.ASK_CONTACT_OPTIONS: "action_answer_contact_options",
    Intent.ASK_COMMUNITY: "action_answer_community",
    Intent.ASK_BILLING: "action_answer_billing",
    Intent.ASK_SOCIAL_MEDIA: "action_answer_social_media",
    Intent.ASK_WEBTICKET: "action_answer_webticket",
    Intent.ASK_HELP_CENTRE: "action_answer_help_centre",
    Intent.ASK_CHATBOT: "action_answer_chatbot",
    Intent.ASK_ACCOUNT_MANAGER: "action_answer_account_manager",
    Intent.ASK_NOT_IN_ARTICLE: "action_answer_not_in_article",
    Intent.INFORM: "action_answer_inform",
    Intent.CHITCHAT: "utter_chitchat",
    Intent.NLU_FALLBACK: "action_handle_fallback",
    Intent.ASK_TICKET_STATUS: "action_answer_ticket_status",
}
# the sentence lives once, in domain.yml, where the rules for a cancel outside the form say it too
CANCELLED = "utter_handoff_cancelled"
# slots an answer may set besides its text (follow-up context); never the form's own slots
_ANSWER_SLOTS_KEPT = ("last_topic", "unanswered_misses")


@functools.lru_cache(maxsize=1)
def _actions_by_name() -> dict[str, type]:
    import importlib
    import pkgutil

    import actions

    for module in pkgutil.iter_modules(actions.__path__):  # as the action server does: every module
        importlib.import_module(f"actions.{module.name}")
    found: dict[str, type] = {}
    pending = list(Action.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        try:
            name = cls().name()
        except Exception:  # abstract helpers without a name
            continue
        if name:
            found.setdefault(name, cls)
    return found


def fresh_message(tracker: Tracker) -> bool:
    """Is the form validating the user's latest message (not resuming after another action)?"""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "action" and event.get("name") not in (
            "action_listen",
            "action_extract_slots",
            tracker.active_loop_name,
            None,
        ):
            return False
    return False


async def _answer(intent: str, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]]:
    target = ANSWERS_DURING_FORM.get(intent or "")
    if target == "utter_chitchat":
        selector = ((tracker.latest_message or {}).get("response_selector") or {}).get(Intent.CHITCHAT) or {}
        target = (selector.get("response") or {}).get("utter_action") or None
        if target:
            dispatcher.utter_message(response=target)
            return []
    elif target and target.startswith("utter_"):
        dispatcher.utter_message(response=target)
        return []
    elif target:
        cls = _actions_by_name().get(target)
        if cls is not None:
            events = await cls().run(dispatcher, tracker, domain) or []
            return [
                e
                for e in events
                if e.get("event") == "slot"
                and (e.get("name", "").startswith("context_") or e.get("name") in _ANSWER_SLOTS_KEPT)
            ]
    dispatcher.utter_message(text=texts.CANNOT_ANSWER_NOW)
    return []


def _stop() -> list[dict[str, Any]]:
    return [SlotSet(s, None) for s in FORM_SLOTS] + [SlotSet("requested_slot", None)]


async def form_interruption(form: str, dispatcher, tracker: Tracker, domain) -> list[dict[str, Any]] | None:
    """Events when the latest message is not an answer to the form's question; None when it is one."""
    requested = tracker.get_slot("requested_slot")
    if not requested or not fresh_message(tracker):
        return None
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    text = message.get("text") or ""
    has_priority = any(
        e.get("entity") == "priority" for e in message.get("entities") or []
    ) and not looks_like_question(text)
    kind = interruption(requested, intent, text, has_priority)
    if kind is None:
        return None
    if kind == "cancel":
        dispatcher.utter_message(response=CANCELLED)
        return _stop()
    if kind == "goodbye":
        dispatcher.utter_message(text=texts.NOTHING_CREATED)
        dispatcher.utter_message(response="utter_goodbye")
        return _stop()
    events: list[dict[str, Any]] = []
    if kind == "handoff":
        dispatcher.utter_message(text=texts.still_connecting(form))
    elif intent == Intent.REPORT_PROBLEM and requested == "contact_email":
        # the problem itself, sent before the address: keep it as the description
        dispatcher.utter_message(text=texts.ADDED_TO_DESCRIPTION)
        described = with_detail(tracker.get_slot("problem_description"), text.strip())
        events.append(SlotSet("problem_description", described))
    else:
        events += await _answer(intent or "", dispatcher, tracker, domain)
    return events + [SlotSet(requested, None)]
