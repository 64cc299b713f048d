"""Causes of wrong answers found on the development sets (2026-12-07), each tested by its phenomenon:
switching plans, follow-ups that name nothing new, the other phone number, a logged-in user's own
situation, several priorities at once, which plan has a feature, and the parts the article lacks."""

import pytest

from bot.answers.compose import compose, context_after, problem_preface
from bot.answers.question import Question
from bot.dialogue.rescue import rescued_intent
from bot.identity import ANONYMOUS, Claims
from bot.kb.matching import EntityMatcher


@pytest.fixture(scope="module")
def matcher(kb):
    return EntityMatcher.for_knowledge_base(kb)


def question(matcher, text):
    return Question.from_entities(text, [{"entity": m.entity, "value": m.value} for m in matcher.find(text)])


def ask(kb, matcher, intent, text, last_topic=None, context=None, claims=ANONYMOUS):
    answer = compose(kb, intent, question(matcher, text), claims, last_topic, context or {})
    return answer, "\n".join(r.text for r in answer.replies)


def user(account, plan, role, licensed):
    return Claims("u1", "t@example.org", "Test", account, plan, role, licensed, True)


# --- switching plans: what the other plan gives, and the account manager for the switch itself ---


def test_a_feature_on_the_plan_to_switch_to_is_answered_with_the_account_manager(kb, matcher):
    _, text = ask(
        kb, matcher, "ask_account_manager", "stappen we over op Premier+, hebben we dan automatische escalatie?"
    )
    assert "Automatische escalatie bij Premier+: Inbegrepen" in text and "accountmanager" in text


def test_switching_between_two_plans_shows_what_differs(kb, matcher):
    _, text = ask(kb, matcher, "ask_account_manager", "we gaan van Premier naar Premier+, wat verandert er?")
    assert "Technisch accountmanager: Premier: niet inbegrepen; Premier+: Inbegrepen" in text
    assert "Frontlijn niveau 1 (chat, ticket): Premier" not in text  # only the rows that differ
    assert "Overstappen naar een ander ondersteuningsplan" in text


def test_only_how_to_switch_gets_the_account_manager_alone(kb, matcher):
    _, text = ask(kb, matcher, "ask_account_manager", "ik wil graag naar Premier")
    assert text.startswith("Voor het wijzigen of uitbreiden van uw ondersteuningsplan") and "Inbegrepen" not in text


def test_a_switch_as_follow_up_keeps_the_right_and_the_users_own_situation(kb, matcher):
    member = user(account="business", plan="access", role="member", licensed=True)
    first, before = ask(kb, matcher, "ask_phone_support", "mag ik bellen met zoom?", claims=member)
    assert "niet inbegrepen" in before
    _, after = ask(
        kb,
        matcher,
        "ask_account_manager",
        "en stel dat we Premier nemen?",
        "phone_support",
        context_after(first, {}),
        member,
    )
    assert after.startswith("Ja, telefonische ondersteuning is inbegrepen voor leden met licentie")
    assert "accountmanager" in after


def test_a_switch_down_after_priority_response_keeps_who_was_asked_about(kb, matcher):
    first, _ = ask(kb, matcher, "ask_priority_response", "krijg ik als beheerder met licentie op Premier voorrang?")
    _, text = ask(
        kb, matcher, "inform", "en na een overstap naar Access?", "priority_response", context_after(first, {})
    )
    assert "Nee, Antwoord met prioriteit is er niet voor beheerders met licentie bij Access" in text


# --- follow-ups that name nothing new are about the previous topic ---


@pytest.mark.parametrize(
    "topic, follow_up, expected",
    [
        ("community", "en wie mag daar komen?", "alle Zoom-gebruikers"),
        ("webticket", "wie leest dat dan?", "technische experts"),
        ("chatbot", "werkt dat ook 's nachts?", "24/7"),
    ],
)
def test_a_bare_follow_up_gets_the_topics_answer_again(kb, matcher, topic, follow_up, expected):
    _, text = ask(kb, matcher, "inform", follow_up, topic)
    assert expected in text and "prioritaire" not in text


def test_working_hours_after_bolt_are_bolts_not_the_priorities(kb, matcher):
    _, text = ask(kb, matcher, "ask_priority_response", "ook in het weekend?", "chatbot")
    assert "24/7" in text and "P1" not in text


def test_working_hours_of_a_priority_still_follow_a_priority(kb, matcher):
    first, _ = ask(kb, matcher, "ask_priority_definition", "wat is P2?")
    _, text = ask(kb, matcher, "inform", "ook in het weekend?", "priority_definition", context_after(first, {}))
    assert "buiten Zooms lokale openingstijden" in text


# --- the other phone number ---


def test_a_first_number_that_does_not_work_gets_the_other_one_beside_it(kb, matcher):
    q = question(matcher, "het eerste nummer gaat nie")
    assert q.ordinal == "not_first"
    _, text = ask(kb, matcher, "inform", "het eerste nummer gaat nie", "phone_number", {"country": "oostenrijk"})
    assert text.startswith("Het andere nummer voor Oostenrijk: +43.800802079 toestel 2")
    assert "+43.3162 31266" not in text  # only the one still to try
    _, second = ask(kb, matcher, "inform", "de tweede is steeds bezet", "phone_number", {"country": "oostenrijk"})
    assert second.startswith("Het eerste nummer voor Oostenrijk: +43.3162 31266 toestel 2")


def test_asking_whether_there_is_another_number_gets_it_beside_the_first(kb, matcher):
    _, text = ask(
        kb, matcher, "ask_phone_number", "is er nog een ander nummer?", "phone_number", {"country": "zwitserland"}
    )
    assert text.startswith("Het andere nummer voor Zwitserland: +41.0800117799 toestel 2")
    assert "+41.31.5607204" in text


def test_asking_for_the_first_number_is_still_the_first(kb, matcher):
    assert question(matcher, "wat was het eerste nummer ook alweer").ordinal == "first"


def test_an_unknown_place_gets_the_list_and_that_other_countries_have_none(kb, matcher):
    _, text = ask(kb, matcher, "ask_phone_number", "welk nummer bel ik vanuit Timboektoe")
    assert text.startswith("Voor welk land") and "geen nummer" in text


def test_cities_of_countries_without_a_number_name_that_country(kb, matcher):
    _, text = ask(kb, matcher, "ask_phone_number", "ik zit in Toronto, welk nummer?")
    assert "Canada" in text and "geen telefoonnummer" in text


# --- a logged-in user's own situation ---


def test_a_logged_in_user_naming_their_role_gets_their_own_verdict(kb, matcher):
    admin = user(account="business", plan="premier", role="admin", licensed=False)
    _, text = ask(kb, matcher, "ask_phone_support", "mag ik als beheerder bellen?", claims=admin)
    assert text.startswith("Nee, telefonische ondersteuning is er niet voor beheerders zonder licentie")
    assert "Log in" not in text


def test_a_logged_in_user_asking_about_another_role_leaves_its_licence_open(kb, matcher):
    admin = user(account="business", plan="premier", role="admin", licensed=True)
    _, text = ask(kb, matcher, "ask_phone_support", "mogen onze gewone leden ook bellen?", claims=admin)
    assert "alleen met licentie" in text


# --- priorities ---


def test_two_priorities_with_an_aspect_get_that_aspect_of_each(kb, matcher):
    _, text = ask(kb, matcher, "ask_priority_definition", "hoe verschillen de behandeltijden van P1 en P4?")
    assert "op elk moment van de dag" in text and "regionale openingstijden" in text


def test_two_priorities_without_an_aspect_get_both_definitions(kb, matcher):
    _, text = ask(kb, matcher, "ask_priority_definition", "leg het verschil tussen P2 en P3 uit")
    assert "Belangrijke aspecten" in text and "Algemene problemen" in text


def test_when_a_priority_is_handled_gives_its_hours_and_times(kb, matcher):
    _, text = ask(kb, matcher, "ask_priority_response", "wanneer wordt een P3-melding afgehandeld?")
    assert "lokale openingstijden" in text and "24 uur" in text


def test_a_member_without_priority_response_is_told_who_has_it(kb, matcher):
    _, text = ask(
        kb, matcher, "ask_support_plans", "ik ben lid met licentie op Premier, heb ik antwoord met prioriteit?"
    )
    assert text.startswith("Nee") and "beheerders met een licentie" in text


def test_a_problem_asking_its_priority_is_classified_before_the_hand_off(kb, matcher):
    reply = problem_preface(kb, question(matcher, "niemand kan nog vergaderen, welke prio is dat?"), ANONYMOUS)
    assert reply is not None and "P1" in reply.text


# --- which plan has a feature ---


def test_which_plan_a_feature_needs_is_said_first(kb, matcher):
    _, text = ask(kb, matcher, "ask_support_plans", "in welk pakket zit een technisch accountmanager?")
    assert text.startswith("Technisch accountmanager: in Premier+.")


def test_a_feature_missing_on_the_plan_asked_says_where_it_is(kb, matcher):
    _, text = ask(kb, matcher, "ask_support_plans", "heeft een beheerder op Access automatische escalatie?")
    assert "Automatische escalatie: Access: niet inbegrepen (wel bij Premier+)" in text


def test_the_phone_row_is_not_also_the_chat_row(kb, matcher):
    q = question(matcher, "telefonische frontlijnsupport niveau 1 bij Premier, voor wie?")
    assert q.features == ("level1_phone",)
    assert question(matcher, "niveau 1 via chat en telefoon").features == ("level1_chat_ticket", "level1_phone")


# --- parts the article lacks ---


def test_the_account_managers_contact_details_are_not_in_the_article(kb, matcher):
    _, text = ask(kb, matcher, "ask_account_manager", "wat is het mailadres van onze accountmanager?")
    assert "staan niet in het helpcentrum" in text and "@" not in text


def test_an_agent_from_a_country_is_not_in_the_article(kb, matcher):
    _, text = ask(kb, matcher, "ask_live_chat", "kan ik chatten met iemand uit België?")
    assert "staat niet in het helpcentrum" in text and "Frontlijn niveau 1" in text


def test_a_described_free_account_asking_bolt_for_an_agent_gets_the_verdict(kb, matcher):
    _, text = ask(kb, matcher, "ask_chatbot", "met een gratis account kom ik niet verder met jou, krijg ik iemand?")
    assert text.startswith("Nee, chatten met een medewerker is er niet voor gebruikers met een gratis account")
    assert "betaald account" in text


def test_a_country_and_calling_asked_as_unknown_still_gets_the_number(kb, matcher):
    _, text = ask(kb, matcher, "ask_not_in_article", "ik verblijf in Osaka, hoe bel ik jullie?")
    assert "+81 120427732" in text
    _, late = ask(kb, matcher, "ask_not_in_article", "tot hoe laat kan ik in Spanje bellen?")
    assert "+34 932207485" in late and "openingstijden van de telefoonlijn staan niet" in late


def test_a_short_adjective_is_not_read_in_an_english_word(matcher):
    assert [m.value for m in matcher.find("de self-service tools")] == ["self_service"]
    assert [m.value for m in matcher.find("het poolse nummer")] == ["polen"]


def test_hours_after_a_phone_answer_are_the_phone_lines_which_the_article_lacks(kb, matcher):
    _, text = ask(kb, matcher, "inform", "ook in het weekend?", "phone_number", {"country": "japan"})
    assert "openingstijden van de telefoonlijn staan niet" in text and "P1" not in text


def test_an_unsure_message_about_the_live_chat_or_calling_gets_that_question_type():
    unsure = [{"name": "greet", "confidence": 0.3}]
    assert rescued_intent([{"entity": "feature", "value": "level1_chat_ticket"}], unsure) == "ask_live_chat"
    assert rescued_intent([{"entity": "feature", "value": "level1_phone"}], unsure) == "ask_phone_support"
    chatbot_first = [{"name": "ask_chatbot", "confidence": 0.45}]
    assert rescued_intent([{"entity": "feature", "value": "level1_chat_ticket"}], chatbot_first) == "ask_chatbot"


def test_a_described_caller_in_a_country_without_a_number_is_told_so(kb, matcher):
    _, text = ask(
        kb, matcher, "ask_phone_support", "wij hebben een zakelijk account en zitten in Gent, mogen we bellen?"
    )
    assert "telefonische ondersteuning" in text and "Voor België staat er geen telefoonnummer" in text


def test_costs_of_calling_a_country_give_its_numbers_and_the_warning(kb, matcher):
    _, text = ask(kb, matcher, "ask_call_costs", "kost het bellen naar het Franse nummer iets?")
    assert "+33.800.94.64.64" in text and "tarieven voor interlokale gesprekken" in text


def test_a_comparison_where_every_row_differs_has_no_empty_rest(kb, matcher):
    _, text = ask(kb, matcher, "ask_support_plans", "verschil tussen Access en Premier+")
    assert "Technisch accountmanager: Access: niet inbegrepen; Premier+: Inbegrepen" in text
    assert "De rest is gelijk" not in text  # every row differs between these two


def test_a_price_follow_up_is_an_honest_unknown(kb, matcher):
    _, text = ask(kb, matcher, "inform", "en hoeveel kost dat dan?", "support_plans", {"plan": "premier"})
    assert "staat niet in het helpcentrum" in text and "€" not in text


def test_is_it_free_after_the_community_is_about_the_community(kb, matcher):
    _, text = ask(kb, matcher, "ask_call_costs", "moet je daar voor betalen?", "community")
    assert "alle Zoom-gebruikers" in text and "interlokale" not in text


def test_how_fast_after_a_webticket_says_the_article_gives_no_time(kb, matcher):
    _, text = ask(kb, matcher, "ask_priority_response", "binnen welke termijn reageren ze daarop?", "webticket")
    assert (
        "Een vaste antwoordtijd voor een webticket staat niet in het helpcentrum" in text
        and "technische experts" in text
    )


def test_weekend_hours_are_the_phone_lines_only_for_calling(kb, matcher):
    _, phone_text = ask(kb, matcher, "ask_phone_support", "kan ik in het weekend telefonisch terecht?")
    assert "openingstijden van de telefoonlijn staan niet" in phone_text
    _, chat_text = ask(kb, matcher, "ask_live_chat", "kan ik in het weekend live chatten?")
    assert "telefoonlijn" not in chat_text and "24/7" in chat_text


def test_two_countries_get_both_numbers(kb, matcher):
    _, text = ask(kb, matcher, "ask_phone_number", "de supportnummers van Mexico en Brazilië graag")
    assert "Mexico: +52 3319304373 toestel 2" in text and "Brazilië: 0800.761.2618 toestel 2" in text


def test_how_long_is_a_wait_not_a_price(kb, matcher):
    _, text = ask(kb, matcher, "ask_not_in_article", "hoe lang duurt het eer mijn vraag beantwoord is?")
    assert "Vaste responstijden gelden alleen voor prioritaire respons" in text and "accountmanager" not in text
    _, price = ask(kb, matcher, "ask_not_in_article", "is Premier+ erg duur?")
    assert "accountmanager" in price


def test_free_calling_is_an_unknown_part_only_of_calling_questions(kb, matcher):
    _, text = ask(kb, matcher, "ask_call_costs", "is het Spaanse nummer gratis?")
    assert "Of bellen gratis is, staat niet in het helpcentrum." in text and "+34 932207485" in text
    _, plans_text = ask(kb, matcher, "ask_support_plans", "wat krijg ik met een gratis account?")
    assert "Of bellen gratis is" not in plans_text


def test_a_logged_in_admin_asking_about_another_plan_gets_that_plans_verdict(kb, matcher):
    admin = user("business", "access", "admin", True)
    first, before = ask(kb, matcher, "ask_priority_response", "heb ik recht op prioritaire respons?", claims=admin)
    assert "geldt geen prioritaire respons" in before
    _, after = ask(
        kb, matcher, "inform", "en met Premier?", "priority_response", context_after(first, {}), claims=admin
    )
    assert after.startswith("Ja, Antwoord met prioriteit is inbegrepen voor beheerders met licentie")
    assert "geldt geen prioritaire respons" not in after


def test_the_support_line_of_a_country_asked_as_unknown_gets_its_number_and_the_missing_hours(kb, matcher):
    _, text = ask(kb, matcher, "ask_not_in_article", "tot hoe laat is de supportlijn in Italië open?")
    assert "+39 07611811003" in text and "openingstijden van de telefoonlijn staan niet" in text


def test_sunday_after_calling_is_the_phone_lines_hours(kb, matcher):
    q = question(matcher, "kan dat ook op zondag?")
    assert q.aspect == "hours"
    _, text = ask(kb, matcher, "inform", "kan dat ook op zondag?", "phone_support")
    assert "openingstijden van de telefoonlijn staan niet" in text


def test_which_countries_get_every_number(kb, matcher):
    _, text = ask(kb, matcher, "ask_phone_number", "welke landen hebben meer dan één nummer?")
    assert (
        "Zwitserland: +41.31.5607204 toestel 2 of +41.0800117799 toestel 2" in text
        and "Hongkong: +852.3002.3757" in text
    )


def test_response_times_without_priority_response_are_not_in_the_article(kb, matcher):
    _, text = ask(
        kb, matcher, "ask_priority_response", "hoe snel antwoorden jullie als we geen prioritaire respons hebben?"
    )
    assert text.startswith("Zonder prioritaire respons staat er geen vaste responstijd in het helpcentrum")


def test_having_a_licence_in_other_words_is_the_licence(matcher):
    assert question(matcher, "ik ben eigenaar en heb een licentie").licence == "licensed"
    assert question(matcher, "mijn collega heeft geen licentie").licence == "unlicensed"


def test_no_other_number_asked_in_the_negative_is_still_the_other(matcher):
    assert question(matcher, "is er geen ander nummer?").ordinal == "other"
