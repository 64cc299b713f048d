"""Which 'no' during the hand-off intake cancels it."""

import pytest

from bot.handoff.intake import is_refusal


@pytest.mark.parametrize(
    "text",
    [
        "nee",
        "Nee, laat maar",
        "stop",
        "nee dank je",
        "toch maar niet",
        "annuleren aub",
        "geen ticket nodig",
        "NEE HOOR",
        "nee, ik wil het nu even niet",
    ],
)
def test_short_refusals_cancel(text):
    assert is_refusal(text)


@pytest.mark.parametrize(
    "text",
    [
        "geen idee",
        "Nee, mijn scherm blijft zwart",
        "niet",
        "",
        None,
        "nee nee nee nee nee nee nee nee nee",
        "klant@example.nl",
        "stop met vastlopen tijdens het delen",
    ],
)
def test_answers_that_merely_sound_negative_do_not(text):
    assert not is_refusal(text)


# --- issue 14.5: a message during the intake that is not the answer --------------------------------
from bot.handoff.intake import interruption, is_cancel  # noqa: E402


@pytest.mark.parametrize(
    "text",
    [
        "Annuleren",
        "laat maar, annuleer mijn ticket",
        "annuleer mijn ticket",
        "stop",
        "Chat beëindigen",
        "nee, laat maar",
    ],
)
def test_cancels(text):
    assert is_cancel(text)
    assert interruption("contact_email", "deny", text) == "cancel"


def test_a_bare_no_at_the_priority_check_is_not_a_cancel():
    assert not is_cancel("nee", "priority_confirmed")
    assert interruption("priority_confirmed", "deny", "nee") is None
    assert interruption("priority_confirmed", "deny", "Annuleren") == "cancel"


@pytest.mark.parametrize(
    "slot,intent,text",
    [
        ("contact_email", "not_helpful", "dat helpt niet"),
        ("contact_email", "ask_community", "Hoe bereik ik de community?"),
        ("contact_email", "ask_webticket", "/ask_webticket"),  # an old button
        ("contact_email", "inform", '/inform{"priority":"p1"}'),
        ("problem_description", "ask_phone_number", "Wat is het telefoonnummer in Japan?"),
        ("problem_description", "ask_community", "/ask_community"),
        ("problem_priority", "ask_priority_definition", "wat betekent P1?"),
        ("problem_priority", "ask_community", "/ask_community"),
    ],
)
def test_questions_and_old_buttons_get_an_answer(slot, intent, text):
    assert interruption(slot, intent, text) == "question"


@pytest.mark.parametrize(
    "slot,intent,text,prio",
    [
        ("contact_email", "nlu_fallback", "klant@example.nl", False),
        ("contact_email", "nlu_fallback", "klant at example punt nl", False),  # a bad address: the clear error
        ("problem_description", "report_problem", "Mijn Zoom werkt niet, ik kan niet inloggen", False),
        ("problem_description", "ask_phone_support", "ik kan Zoom niet bellen vanuit mijn vergadering", False),
        ("problem_priority", "inform", '/inform{"priority":"p2"}', True),
        ("priority_confirmed", "affirm", "ja", False),
    ],
)
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
    from bot.testing.servers import ROOT

    rules = yaml.safe_load((ROOT / "data" / "rules.yml").read_text())["rules"]
    single = {
        r["steps"][0]["intent"]: r["steps"][1]["action"]
        for r in rules
        if "condition" not in r and len(r["steps"]) == 2 and "intent" in r["steps"][0]
    }
    for intent, action in ANSWERS_DURING_FORM.items():
        assert single[intent] == action, intent
    assert set(single) - set(ANSWERS_DURING_FORM) == {"goodbye", "deny", "report_problem", "request_human"}


# --- issue 14.6: a priority only with evidence ----------------------------------------------------
from bot.handoff.severity import priority_with_evidence, webticket_priority  # noqa: E402


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Het delen van mijn scherm werkt niet meer sinds de laatste update", None),
        ("Mijn Zoom werkt niet, ik kan niet inloggen", None),
        ("Zoom ligt plat, niemand kan vergaderen", "P1"),
        ("Het is een P2", "P2"),
        ("laat maar, annuleer mijn ticket", None),
        ("ik wil een mens spreken", None),
    ],
)
def test_priority_only_with_evidence(text, expected):
    assert priority_with_evidence(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Ik kan mijn opnames niet terugvinden", "P3"),
        ("opnames verdwenen", "P3"),
        ("Hoe stel ik de wachtkamer in?", "P4"),
        ("Zoom ligt plat bij ons", "P1"),
        (None, "P4"),
    ],
)
def test_webticket_priority(text, expected):
    assert webticket_priority(text) == expected


# --- QA findings 2, 3, 4 (27-11): descriptions kept, status questions answered, natural cancels -----


@pytest.mark.parametrize(
    "text",
    [
        "mijn scherm delen werkt nog steeds niet",
        "het geluid valt weg, dat helpt niet",
        "Dat helpt niet: mijn camera blijft zwart",
    ],
)
def test_a_real_description_classified_not_helpful_is_kept(text):
    assert interruption("problem_description", "not_helpful", text) is None


@pytest.mark.parametrize(
    "text", ["dat helpt niet", "Hier heb ik niks aan", "dit heeft echt niet geholpen", "nutteloos antwoord"]
)
def test_a_bare_reaction_at_the_description_is_not_the_description(text):
    assert interruption("problem_description", "not_helpful", text) == "question"


@pytest.mark.parametrize("slot", ["problem_description", "problem_priority"])
@pytest.mark.parametrize(
    "text", ["wat is de status van mijn ticket ZN-000123", "status van ZN-000123", "Hoe staat het met mijn ticket?"]
)
def test_a_ticket_status_question_during_the_intake_is_a_question(slot, text):
    assert interruption(slot, "ask_ticket_status", text) == "question"


@pytest.mark.parametrize(
    "text",
    [
        "ik wil stoppen met wachten, annuleer mijn ticket",
        "laat maar zitten, ik hoef geen ticket meer",
        "Ik wil mijn aanvraag intrekken",
        "nee hoor, ik hoef toch geen medewerker meer",
    ],
)
@pytest.mark.parametrize("slot", ["problem_description", "problem_priority", "priority_confirmed", "contact_email"])
def test_a_cancel_in_the_users_own_words_cancels(text, slot):
    assert is_cancel(text, slot)
    assert interruption(slot, "nlu_fallback", text) == "cancel"


@pytest.mark.parametrize(
    "text",
    [
        "kan ik mijn ticket later nog annuleren?",
        "ik kan de opname niet stoppen",
        "de vergadering stopt steeds na tien minuten",
        "Mijn ticket van vorige week",
    ],
)
def test_descriptions_and_questions_about_cancelling_do_not_cancel(text):
    assert not is_cancel(text, "problem_description")
