"""Which 'no' during the hand-off intake cancels it."""
import pytest

from bot.handoff.intake import is_refusal


@pytest.mark.parametrize("text", ["nee", "Nee, laat maar", "stop", "nee dank je", "toch maar niet",
                                  "annuleren aub", "geen ticket nodig", "NEE HOOR",
                                  "nee, ik wil het nu even niet"])
def test_short_refusals_cancel(text):
    assert is_refusal(text)


@pytest.mark.parametrize("text", ["geen idee", "Nee, mijn scherm blijft zwart", "niet", "", None,
                                  "nee nee nee nee nee nee nee nee nee", "klant@example.nl",
                                  "stop met vastlopen tijdens het delen"])
def test_answers_that_merely_sound_negative_do_not(text):
    assert not is_refusal(text)


# --- issue 14.5: a message during the intake that is not the answer --------------------------------
from bot.handoff.intake import interruption, is_cancel  # noqa: E402


@pytest.mark.parametrize("text", ["Annuleren", "laat maar, annuleer mijn ticket", "annuleer mijn ticket",
                                  "stop", "Chat beëindigen", "nee, laat maar"])
def test_cancels(text):
    assert is_cancel(text)
    assert interruption("contact_email", "deny", text) == "cancel"


def test_a_bare_no_at_the_priority_check_is_not_a_cancel():
    assert not is_cancel("nee", "priority_confirmed")
    assert interruption("priority_confirmed", "deny", "nee") is None
    assert interruption("priority_confirmed", "deny", "Annuleren") == "cancel"


@pytest.mark.parametrize("slot,intent,text", [
    ("contact_email", "not_helpful", "dat helpt niet"),
    ("contact_email", "ask_community", "Hoe bereik ik de community?"),
    ("contact_email", "ask_webticket", "/ask_webticket"),                       # an old button
    ("contact_email", "inform", "/inform{\"priority\":\"p1\"}"),
    ("problem_description", "ask_phone_number", "Wat is het telefoonnummer in Japan?"),
    ("problem_description", "ask_community", "/ask_community"),
    ("problem_priority", "ask_priority_definition", "wat betekent P1?"),
    ("problem_priority", "ask_community", "/ask_community"),
])
def test_questions_and_old_buttons_get_an_answer(slot, intent, text):
    assert interruption(slot, intent, text) == "question"


@pytest.mark.parametrize("slot,intent,text,prio", [
    ("contact_email", "nlu_fallback", "klant@example.nl", False),
    ("contact_email", "nlu_fallback", "klant at example punt nl", False),   # a bad address: the clear error
    ("problem_description", "report_problem", "Mijn Zoom werkt niet, ik kan niet inloggen", False),
    ("problem_description", "ask_phone_support", "ik kan Zoom niet bellen vanuit mijn vergadering", False),
    ("problem_priority", "inform", "/inform{\"priority\":\"p2\"}", True),
    ("priority_confirmed", "affirm", "ja", False),
])
def test_answers_are_answers(slot, intent, text, prio):
    assert interruption(slot, intent, text, prio) is None


def test_goodbye_and_a_request_for_a_human():
    assert interruption("contact_email", "goodbye", "doei") == "goodbye"
    assert interruption("problem_description", "request_human", "ik wil een mens spreken") == "handoff"
    assert interruption("problem_priority", "request_human", "ik wil een mens spreken") == "handoff"


def test_the_answers_during_a_form_are_those_of_the_rules():
    """actions/intake.ANSWERS_DURING_FORM mirrors the single-turn rules of data/rules.yml."""
    import yaml

    from actions.intake import ANSWERS_DURING_FORM
    from tests.servers import ROOT
    rules = yaml.safe_load((ROOT / "data" / "rules.yml").read_text())["rules"]
    single = {r["steps"][0]["intent"]: r["steps"][1]["action"] for r in rules
              if "condition" not in r and len(r["steps"]) == 2 and "intent" in r["steps"][0]}
    for intent, action in ANSWERS_DURING_FORM.items():
        assert single[intent] == action, intent
    assert set(single) - set(ANSWERS_DURING_FORM) == {"goodbye", "deny", "report_problem", "request_human"}


# --- issue 14.6: a priority only with evidence ----------------------------------------------------
from bot.handoff.severity import priority_with_evidence, webticket_priority  # noqa: E402


@pytest.mark.parametrize("text,expected", [
    ("Het delen van mijn scherm werkt niet meer sinds de laatste update", None),
    ("Mijn Zoom werkt niet, ik kan niet inloggen", None),
    ("Zoom ligt plat, niemand kan vergaderen", "P1"),
    ("Het is een P2", "P2"),
    ("laat maar, annuleer mijn ticket", None),
    ("ik wil een mens spreken", None),
])
def test_priority_only_with_evidence(text, expected):
    assert priority_with_evidence(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Ik kan mijn opnames niet terugvinden", "P3"),
    ("opnames verdwenen", "P3"),
    ("Hoe stel ik de wachtkamer in?", "P4"),
    ("Zoom ligt plat bij ons", "P1"),
    (None, "P4"),
])
def test_webticket_priority(text, expected):
    assert webticket_priority(text) == expected
