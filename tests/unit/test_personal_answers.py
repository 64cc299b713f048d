from bot.answers import personal
from bot.identity import ANONYMOUS, Claims


def user(account="business", plan="premier_plus", role="admin", licensed=True, name="Anna"):
    return Claims(
        sub="u1", email="a@x.nl", name=name, account=account, plan=plan, role=role, licensed=licensed, verified=True
    )


def test_anonymous_gets_the_general_rule_and_a_login_invitation(kb):
    for reply in (
        personal.my_support(kb, ANONYMOUS),
        personal.phone_support(kb, ANONYMOUS, None),
        personal.priority_response(kb, ANONYMOUS, None),
    ):
        assert "Log in op het helpcentrum" in reply.text
    assert "Access: Beheerders en leden met licentie" in personal.live_chat(kb, ANONYMOUS).text


def test_my_support_lists_rights_and_what_is_missing(kb):
    text = personal.my_support(kb, user(plan="access", role="member", account="pro")).text
    assert "Pro-account, plan Access (Toegang), lid met licentie" in text
    has, lacks = text.split("Niet voor uw account:")
    assert "Frontlijn niveau 1 (chat, ticket)" in has
    assert "Frontlijn niveau 1 (telefonisch)" in lacks and "Technisch accountmanager" in lacks


def test_premier_plus_admin_has_everything_level2(kb):
    text = personal.my_support(kb, user()).text
    assert "Direct niveau 2 (chat, ticket en telefoon)" in text.split("Niet voor")[0]
    assert "Automatische escalatie" in text.split("Niet voor")[0]


def test_live_chat_yes_level2_yes_level1_and_no(kb):
    assert "direct naar niveau 2" in personal.live_chat(kb, user()).text
    assert personal.live_chat(kb, user(plan="access", role="member", account="pro")).text.startswith("Ja.")
    free = personal.live_chat(kb, user(account="basic", licensed=False)).text
    assert free.startswith("Nee") and "webticket" in free


def test_phone_for_entitled_user_asks_country_then_gives_number_and_reminder(kb):
    ask = personal.phone_support(kb, user(plan="premier", role="member"), None).text
    assert "Vanuit welk land" in ask and "hostsleutel" in ask
    answer = personal.phone_support(kb, user(plan="premier", role="member"), "japan").text
    assert "+81 120427732 of +81 0053.132.0070 toestel 2" in answer and "hostsleutel" in answer


def test_phone_refused_for_access_member_and_api_owner(kb):
    assert personal.phone_support(kb, user(plan="access", role="member"), "japan").text.startswith("Nee")
    refused = personal.phone_support(kb, user(account="api", plan="access", role="owner"), None).text
    assert refused.startswith("Nee") and "+81" not in refused


def test_priority_personal_verdict(kb):
    assert personal.priority_response(kb, user(), "p1").text.startswith("Ja, voor uw account geldt prioritaire")
    assert "geen prioritaire respons" in personal.priority_response(kb, user(role="member"), None).text
