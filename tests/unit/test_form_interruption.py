"""actions/intake.form_interruption without servers: what the forms' validators do first (issue 14.5)."""

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.intake import CANCELLED, form_interruption


def tracker(
    text, intent, after_user=("action_extract_slots",), requested="contact_email", form="webticket_form", slots=None
):
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": [], "metadata": {}}
    events = [
        {"event": "action", "name": form},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": message},
    ]
    events += [{"event": "action", "name": name} for name in after_user]
    events.append({"event": "action", "name": form})  # the temporary tracker Rasa's form builds
    return Tracker(
        "u1",
        {"requested_slot": requested, **(slots or {})},
        message,
        events,
        False,
        None,
        {"name": form, "is_interrupted": False, "rejected": False},
        "action_listen",
    )


def run(t, form="webticket_form"):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(form_interruption(form, dispatcher, t, {}))
    return events, [m.get("text") or m.get("response") for m in dispatcher.messages]


def test_a_question_gets_its_answer_and_the_question_again():
    events, said = run(tracker("Hoe bereik ik de community?", "ask_community"))
    assert any("ommunity" in (s or "") for s in said)
    assert {"event": "slot", "name": "contact_email", "value": None, "timestamp": None} in events
    assert not any(e.get("name") in ("problem_description",) for e in events)  # nothing of the form lost


def test_cancel_and_goodbye_end_the_form():
    events, said = run(tracker("Annuleren", "deny"))
    assert said == [CANCELLED]
    assert {"event": "slot", "name": "requested_slot", "value": None, "timestamp": None} in events
    events, said = run(tracker("doei", "goodbye"))
    assert "utter_goodbye" in said


def test_an_answer_and_a_resumed_form_are_left_to_the_validation():
    assert (
        asyncio.run(
            form_interruption("webticket_form", CollectingDispatcher(), tracker("klant@example.nl", "nlu_fallback"), {})
        )
        is None
    )
    # the form resuming after action_intake_deny: the same message is not handled twice
    resumed = tracker(
        "Hoe bereik ik de community?", "ask_community", after_user=("action_extract_slots", "action_intake_deny")
    )
    assert asyncio.run(form_interruption("webticket_form", CollectingDispatcher(), resumed, {})) is None


def test_a_problem_sent_before_the_address_becomes_the_description():
    events, said = run(tracker("Mijn opnames zijn weg", "report_problem"))
    assert {
        "event": "slot",
        "name": "problem_description",
        "value": "Mijn opnames zijn weg",
        "timestamp": None,
    } in events


def test_a_cancel_in_the_users_words_classified_deny_cancels_the_intake():
    """QA finding 4: action_intake_deny took "laat maar zitten, ik hoef geen ticket meer" as the description."""
    from actions.intake import IntakeDeny

    t = tracker(
        "laat maar zitten, ik hoef geen ticket meer", "deny", requested="problem_description", form="handoff_form"
    )
    events = asyncio.run(IntakeDeny().run(CollectingDispatcher(), t, {}))
    assert {"event": "active_loop", "name": None, "timestamp": None} in events
    assert not any(e.get("name") == "problem_description" and e.get("value") for e in events)


def test_a_description_classified_not_helpful_is_left_to_the_validation():
    """QA finding 2: "mijn scherm delen werkt nog steeds niet" (not_helpful) is the description."""
    t = tracker(
        "mijn scherm delen werkt nog steeds niet", "not_helpful", requested="problem_description", form="handoff_form"
    )
    assert asyncio.run(form_interruption("handoff_form", CollectingDispatcher(), t, {})) is None
