"""Answers composed from question type + dimensions + context (bot/answers/compose.py)."""

import pytest

from bot.answers.compose import compose, context_after, problem_preface
from bot.answers.question import Question
from bot.dialogue.rescue import rescued_intent
from bot.identity import ANONYMOUS, Claims
from bot.kb.matching import EntityMatcher

NO_CONTEXT = {}


@pytest.fixture(scope="module")
def matcher(kb):
    return EntityMatcher.for_knowledge_base(kb)


def ask(kb, matcher, intent, text, last_topic=None, context=NO_CONTEXT, claims=ANONYMOUS):
    entities = [{"entity": m.entity, "value": m.value} for m in matcher.find(text)]
    answer = compose(kb, intent, Question.from_entities(text, entities), claims, last_topic, context)
    return answer, "\n".join(r.text for r in answer.replies)


def test_a_country_adjective_gets_that_countrys_numbers(kb, matcher):
    _, text = ask(kb, matcher, "ask_phone_number", "wat is het Duitse nummer?")
    assert "+49.30.80098621" in text and "+81" not in text


def test_a_country_of_the_world_without_a_number_gets_an_honest_no(kb, matcher):
    _, text = ask(kb, matcher, "ask_phone_number", "telefoonnummer Argentinië")
    assert "Argentinië" in text and "geen telefoonnummer" in text and "+1." not in text


def test_who_may_call_with_a_country_gives_the_number_and_the_rule(kb, matcher):
    _, text = ask(kb, matcher, "ask_phone_support", "telefonische ondersteuning in Mexico")
    assert "+52 3319304373" in text and "Leden met licentie" in text


def test_follow_ups_about_the_other_number_and_the_extension(kb, matcher):
    first, _ = ask(kb, matcher, "ask_phone_number", "nummer japan")
    context = context_after(first, {})
    _, other = ask(kb, matcher, "ask_phone_number", "is er nog een ander nummer?", "phone_number", context)
    assert other.startswith("Het andere nummer voor Japan: +81 0053.132.0070 toestel 2")
    _, ext = ask(kb, matcher, "inform", "welk toestel?", "phone_number", context)
    assert "+81 120427732: geen toestelnummer" in ext and "+81 0053.132.0070: toestel 2" in ext
    _, hk = ask(kb, matcher, "ask_phone_number", "is er een tweede nummer voor hongkong?")
    assert "één telefoonnummer" in hk and "+852.3002.3757" in hk


def test_restore_time_follow_up_is_that_priority_only(kb, matcher):
    first, _ = ask(kb, matcher, "ask_priority_response", "hoe snel reageren jullie bij P1?")
    _, text = ask(
        kb,
        matcher,
        "ask_priority_response",
        "en hoe snel is het opgelost?",
        "priority_response",
        context_after(first, {}),
    )
    assert "hersteltijd 4 uur" in text and "24 uur" not in text and "8 uur" not in text


def test_p3_has_no_restore_time(kb, matcher):
    _, text = ask(kb, matcher, "ask_priority_response", "wat is de hersteltijd van P3?")
    assert "geen hersteltijd" in text and "4 uur" not in text.replace("24 uur", "")


def test_working_hours_of_a_priority(kb, matcher):
    _, text = ask(kb, matcher, "ask_priority_response", "wordt P1 ook 's nachts opgepakt?")
    assert "op elk moment van de dag" in text


def test_a_problem_with_a_question_gets_p1_and_a_hand_off_offer(kb, matcher):
    answer, text = ask(kb, matcher, "ask_priority_response", "Alles ligt plat, hoe snel worden we geholpen?")
    assert "P1" in text and "1 uur" in text and "24 uur" not in text
    assert answer.replies[-1].buttons[0].payload == "/request_human"


def test_which_priority_a_described_question_gets(kb, matcher):
    _, text = ask(kb, matcher, "ask_priority_definition", "welke prioriteit heeft een vraag over de installatie?")
    assert "P4" in text and "24 uur" in text


def test_one_cell_and_where_it_is_included(kb, matcher):
    _, text = ask(kb, matcher, "ask_support_plans", "heeft Premier automatische escalatie?")
    assert text.startswith("Automatische escalatie bij Premier: niet inbegrepen (wel bij Premier+)")


def test_a_comparison_shows_only_the_rows_that_differ(kb, matcher):
    _, text = ask(kb, matcher, "ask_support_plans", "verschil tussen Premier en Premier+")
    assert "Automatische escalatie" in text.split("De rest")[0]
    assert "Direct niveau 2" not in text.split("De rest")[0]


def test_a_stated_situation_gets_the_answer_for_it_and_a_login_note(kb, matcher):
    _, text = ask(kb, matcher, "ask_phone_support", "ik ben lid met licentie op Premier, mag ik bellen?")
    assert text.startswith("Ja, telefonische ondersteuning is inbegrepen voor leden met licentie bij Premier.")
    assert "Log in" in text


def test_elliptic_role_follow_up_in_the_phone_topic(kb, matcher):
    _, text = ask(kb, matcher, "inform", "ook gewone leden?", "phone_support", {})
    assert text.startswith(
        "Telefonische ondersteuning voor leden: bij Access niet; bij Premier en Premier+ alleen met licentie."
    )


def test_elliptic_plan_follow_up_keeps_the_feature(kb, matcher):
    first, _ = ask(kb, matcher, "ask_support_plans", "heeft Toegang direct niveau 2?")
    _, text = ask(kb, matcher, "inform", "en bij Premier?", "support_plans", context_after(first, {}))
    assert text.startswith("Direct niveau 2 (chat, ticket en telefoon) bij Premier: Beheerders met licentie")


def test_a_free_account_never_gets_live_chat(kb, matcher):
    _, text = ask(kb, matcher, "ask_live_chat", "kan ik met een gratis account met een medewerker chatten?")
    assert text.startswith("Nee,") and "betaald account" in text


def test_a_logged_in_user_gets_a_personal_answer(kb, matcher):
    claims = Claims("u1", "a@x.nl", "Anna", "business", "premier", "admin", True, True)
    _, text = ask(kb, matcher, "ask_priority_response", "krijg ik prioritaire respons?", claims=claims)
    assert text.startswith("Ja, voor uw account geldt prioritaire respons.")


@pytest.mark.parametrize(
    "question, expected",
    [
        ("wat kost Premier per maand?", "accountmanager"),
        ("wat is het e-mailadres van support?", "webticket"),
        ("tot hoe laat is de telefoonlijn open?", "24/7"),
    ],
)
def test_unknowns_say_so_and_give_the_next_step(kb, matcher, question, expected):
    _, text = ask(kb, matcher, "ask_not_in_article", question)
    assert text.startswith("Dat staat niet in het helpcentrum") and expected in text
    assert "€" not in text and "@" not in text


def test_a_phone_answer_says_which_part_is_not_in_the_article(kb, matcher):
    _, text = ask(kb, matcher, "ask_phone_number", "tot hoe laat kan ik bellen in Duitsland?")
    assert text.startswith("De openingstijden van de telefoonlijn staan niet in het helpcentrum.")
    assert "+49.30.80098621" in text


def test_a_reported_problem_with_a_question_is_answered_before_the_hand_off(kb, matcher):
    text = "onze webinars vallen steeds weg, hoe snel reageren jullie?"
    entities = [{"entity": m.entity, "value": m.value} for m in matcher.find(text)]
    reply = problem_preface(kb, Question.from_entities(text, entities), ANONYMOUS)
    assert reply is not None and "P2" in reply.text and "4 uur" in reply.text
    assert problem_preface(kb, Question.from_entities("mijn scherm blijft zwart", []), ANONYMOUS) is None


@pytest.mark.parametrize(
    "types, top, expected",
    [
        ({"feature": "automatic_escalation", "plan": "premier_plus"}, "greet", "ask_support_plans"),
        ({"country": "japan"}, "ask_phone_support", "ask_phone_support"),
        ({"country": "japan"}, "chitchat", "ask_phone_number"),
        ({"aspect": "restore"}, "thanks", "ask_priority_response"),
        ({"ordinal": "other"}, "deny", "inform"),
        ({}, "ask_billing", None),
    ],
)
def test_an_unsure_message_is_rescued_by_its_dimensions(types, top, expected):
    entities = [{"entity": k, "value": v} for k, v in types.items()]
    assert rescued_intent(entities, [{"name": top, "confidence": 0.3}]) == expected


def test_each_role_named_gets_its_own_verdict(kb, matcher):
    _, text = ask(kb, matcher, "ask_live_chat", "kunnen admins en gewone leden met licentie chatten bij Toegang?")
    assert "voor beheerders met licentie bij Access" in text and "voor leden met licentie bij Access" in text


def test_an_aspect_of_two_priorities(kb, matcher):
    _, text = ask(kb, matcher, "ask_priority_response", "wanneer wordt er gewerkt aan P3 en P4?")
    assert "lokale openingstijden" in text and "regionale openingstijden" in text


def test_a_licence_follow_up_keeps_the_role(kb, matcher):
    first, _ = ask(kb, matcher, "ask_phone_support", "mag ik als beheerder zonder licentie bellen?")
    _, text = ask(kb, matcher, "inform", "en als ik wel een licentie krijg?", "phone_support", context_after(first, {}))
    assert "voor beheerders met licentie" in text


def test_a_user_who_may_chat_is_offered_the_chat_not_only_a_webticket(kb, matcher):
    pro = Claims("u2", "p@x.nl", "Piet", "pro", None, "member", True, True)
    answer, _ = ask(kb, matcher, "ask_live_chat", "kan ik als lid met licentie op Toegang chatten?", claims=pro)
    assert [b.title for b in answer.replies[0].buttons] == ["Chat met een medewerker"]


def test_the_priority_footnote_is_a_button_that_reads_more(kb, matcher):
    answer, text = ask(kb, matcher, "ask_support_plans", "heeft Premier antwoord met prioriteit?")
    assert "Inbegrepen**" in text
    assert "/ask_priority_response" in [b.payload for b in answer.replies[0].buttons]


def test_the_vocabulary_leaves_as_plain_strings_and_rasas_plain_names_find_it(kb, matcher):
    """The tables are keyed by Intent members; Rasa gives plain names, and buttons must carry the plain
    payload Rasa parses (issue 17.3)."""
    from bot.answers.intake import SEVERITY_BUTTONS
    from bot.answers.topics import INTENT_TITLES, MAIN_TOPICS
    from bot.dialogue.fallback import did_you_mean

    answer, text = ask(kb, matcher, "ask_phone_number", "wat is het Duitse nummer?")
    assert "+49.30.80098621" in text and answer.topic == "phone_number"
    assert INTENT_TITLES["ask_webticket"] == "Webticket maken"
    assert [b.payload for b in SEVERITY_BUTTONS] == [f'/inform{{"priority":"p{i}"}}' for i in range(1, 5)]
    assert MAIN_TOPICS[0].payload == "/ask_phone_number"
    buttons = did_you_mean(
        [{"name": "ask_phone_number", "confidence": 0.5}, {"name": "ask_webticket", "confidence": 0.4}]
    )
    assert buttons is not None and [b.payload for b in buttons.buttons][:2] == ["/ask_phone_number", "/ask_webticket"]
    sent = [b for r in (*answer.replies, buttons) for b in r.buttons] + list(SEVERITY_BUTTONS + MAIN_TOPICS)
    assert {type(b.payload) for b in sent} == {str}
    rescued = rescued_intent([{"entity": "country", "value": "japan"}], [{"name": "greet", "confidence": 0.3}])
    assert rescued == "ask_phone_number" and str(rescued) == "ask_phone_number"
