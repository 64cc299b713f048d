"""A "no" (intent deny) while a hand-off intake form is active: cancel, or take it as the answer.

Rasa does not validate slots when a form resumes after another action, so this action runs the
same checks as the forms' validation actions before handing back to the form.
"""
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet

from actions.handoff import ANSWER_CHECKS, FORM_SLOTS, check_priority_confirmed
from bot.handoff.intake import is_refusal


class IntakeDeny(Action):
    def name(self) -> Text:
        return "action_intake_deny"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[Dict[Text, Any]]:
        form = tracker.active_loop_name
        requested = tracker.get_slot("requested_slot")
        text = (tracker.latest_message or {}).get("text") or ""
        if form and requested == "priority_confirmed":
            # "nee" to "is it really P1?": choose another priority, keep the intake
            checked = check_priority_confirmed(False, dispatcher)
        elif form and requested and not is_refusal(text):
            # a description or an e-mail address that merely sounds like "no" ("geen idee", "nee, ...")
            check = ANSWER_CHECKS.get(requested)
            checked = check(text, dispatcher) if check else {}
        else:
            return [ActiveLoop(None), SlotSet("requested_slot", None)] + [SlotSet(s, None) for s in FORM_SLOTS]
        return [SlotSet(slot, value) for slot, value in checked.items()] + [FollowupAction(form)]
