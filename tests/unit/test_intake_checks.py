"""The intake answers' checks are pure (bot/handoff/intake_checks.py): an answer in, slots and a complaint out."""

from bot.answers import intake as texts
from bot.handoff import intake_checks as checks


def test_a_slot_reset_is_no_answer_and_gets_no_complaint():
    assert checks.check_description(None) == checks.Checked({"problem_description": None})
    assert checks.check_email(None) == checks.Checked({"contact_email": None})
    assert checks.check_priority(None) == checks.Checked({"problem_priority": None})


def test_a_short_description_is_asked_again():
    assert checks.check_description(" kap ") == checks.Checked(
        {"problem_description": None}, texts.DESCRIBE_THE_PROBLEM
    )
    assert (
        checks.check_description("  Mijn scherm blijft zwart " + "x" * 3000).slots["problem_description"]
        == (("Mijn scherm blijft zwart " + "x" * 3000)[:2000])
    )


def test_an_email_address_must_look_like_one():
    assert checks.check_email("klant@voorbeeld.nl ") == checks.Checked({"contact_email": "klant@voorbeeld.nl"})
    assert checks.check_email("klant at voorbeeld") == checks.Checked({"contact_email": None}, texts.INVALID_EMAIL)


def test_the_priority_from_the_entity_or_the_words():
    assert checks.check_priority("iets", "p2").slots == {"problem_priority": "P2"}
    assert checks.check_priority("alles ligt plat").slots == {"problem_priority": "P1"}
    assert checks.check_priority("bla").complaint == texts.PRIORITY_NOT_UNDERSTOOD


def test_more_about_the_problem_at_the_priority_question_goes_to_the_description():
    detail = "het gebeurt bij elke vergadering opnieuw"
    checked = checks.check_priority_answer(detail, None, "Geluid valt weg")
    assert checked == checks.Checked(
        {"problem_priority": None, "problem_description": f"Geluid valt weg\n{detail}"}, texts.ADDED_TO_DESCRIPTION
    )
    assert checks.check_priority_answer("p3", None, "Geluid valt weg").slots == {"problem_priority": "P3"}


def test_no_to_the_priority_check_asks_the_priority_again():
    assert checks.check_priority_confirmed(False) == checks.Checked(
        {"priority_confirmed": None, "problem_priority": None}, texts.CHOOSE_ANOTHER_PRIORITY
    )
    assert checks.check_priority_confirmed(True) == checks.Checked({"priority_confirmed": True})


def test_the_confirmation_is_asked_only_for_p1_and_p2():
    assert checks.live_chat_slots("P1")[-1] == "priority_confirmed"
    assert checks.live_chat_slots("P3") == ("problem_description", "problem_priority")
    assert checks.live_chat_slots(None) == ("problem_description", "problem_priority")
