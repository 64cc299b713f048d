"""Issue 15.3: a form whose validation meets the action-server outage keeps the answer, answers once,
and validates the saved answer on the next turn (the form's run is replaced by a recording fake)."""

import pytest
from rasa.core.actions.forms import FormAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.dialogue import form_outage
from bot.dialogue.action_outage import APOLOGY

DOMAIN = Domain.from_yaml("""
version: "3.1"
slots:
  contact_email: {type: text, influence_conversation: false, mappings: [{type: from_text}]}
  problem_description: {type: text, influence_conversation: false, mappings: [{type: from_text}]}
forms:
  webticket_form: {required_slots: [contact_email, problem_description]}
""")


def tracker_at_the_question(*later):
    return DialogueStateTracker.from_events(
        "c",
        [
            ActionExecuted("action_listen"),
            UserUttered("ik wil een medewerker"),
            ActionExecuted("webticket_form"),
            ActiveLoop("webticket_form"),
            SlotSet("requested_slot", "contact_email"),
            BotUttered("Op welk e-mailadres wilt u het antwoord op uw webticket ontvangen?"),
            ActionExecuted("action_listen"),
            *later,
        ],
        slots=DOMAIN.slots,
    )


@pytest.fixture
def form(monkeypatch):
    seen = []

    def fake_run(outcome):
        async def run(self, output_channel, nlg, tracker, domain):
            seen.append(tracker)
            return outcome(tracker)

        monkeypatch.setattr(form_outage, "_rasa_form_run", run)

    form = FormAction("webticket_form", None)
    form.seen, form.fake_run = seen, fake_run
    return form


async def test_an_answer_during_the_outage_is_kept_and_the_form_stays_at_its_question(form):
    form.fake_run(lambda t: [BotUttered(APOLOGY), SlotSet("requested_slot", None), ActiveLoop(None)])
    tracker = tracker_at_the_question(UserUttered("klant@example.nl"), SlotSet("contact_email", "klant@example.nl"))
    events = await form_outage.run_keeping_the_answer(form, None, None, tracker, DOMAIN)
    assert events[0] == SlotSet("contact_email", None)  # unchecked: not kept as the slot's value
    assert [e.text for e in events if isinstance(e, BotUttered)] == [form_outage.SAVED_ANSWER]
    assert not any(isinstance(e, ActiveLoop) for e in events)  # the form stays active
    saved = events[-1].metadata[form_outage.METADATA_KEY]
    assert saved["slots"] == {"contact_email": "klant@example.nl"} and saved["answer"]["text"] == "klant@example.nl"


async def test_the_next_turn_validates_the_saved_answer_instead_of_the_nudge(form):
    form.fake_run(lambda t: [BotUttered(APOLOGY)])
    outage = tracker_at_the_question(UserUttered("klant@example.nl"), SlotSet("contact_email", "klant@example.nl"))
    for event in await form_outage.run_keeping_the_answer(form, None, None, outage, DOMAIN):
        outage.update(event)
    outage.update(ActionExecuted("webticket_form"))
    outage.update(ActionExecuted("action_listen"))
    outage.update(UserUttered("verder"))
    outage.update(SlotSet("contact_email", "verder"))

    form.fake_run(lambda t: [SlotSet("contact_email", t.get_slot("contact_email"))])
    events = await form_outage.run_keeping_the_answer(form, None, None, outage, DOMAIN)
    replayed = form.seen[-1]
    assert replayed.latest_message.text == "klant@example.nl"
    assert replayed.get_slot("contact_email") == "klant@example.nl"
    assert events == [SlotSet("contact_email", "klant@example.nl")]


async def test_a_cancel_after_the_outage_is_not_replaced_by_the_saved_answer(form):
    form.fake_run(lambda t: [BotUttered(APOLOGY)])
    outage = tracker_at_the_question(UserUttered("klant@example.nl"), SlotSet("contact_email", "klant@example.nl"))
    for event in await form_outage.run_keeping_the_answer(form, None, None, outage, DOMAIN):
        outage.update(event)
    outage.update(ActionExecuted("action_listen"))
    outage.update(UserUttered("Annuleren", {"name": "deny"}))

    form.fake_run(lambda t: [SlotSet("requested_slot", None)])
    await form_outage.run_keeping_the_answer(form, None, None, outage, DOMAIN)
    assert form.seen[-1].latest_message.text == "Annuleren"  # the form sees the cancel itself


async def test_without_an_outage_the_form_runs_unchanged(form):
    form.fake_run(lambda t: [SlotSet("contact_email", "a@b.nl"), SlotSet("requested_slot", "problem_description")])
    tracker = tracker_at_the_question(UserUttered("a@b.nl"), SlotSet("contact_email", "a@b.nl"))
    events = await form_outage.run_keeping_the_answer(form, None, None, tracker, DOMAIN)
    assert events == [SlotSet("contact_email", "a@b.nl"), SlotSet("requested_slot", "problem_description")]
    assert form_outage.saved_answer(tracker, "webticket_form") is None


def test_install_replaces_the_form_run(monkeypatch):
    monkeypatch.setattr(FormAction, "run", FormAction.run)
    form_outage.install()
    assert FormAction.run is form_outage.run_keeping_the_answer
