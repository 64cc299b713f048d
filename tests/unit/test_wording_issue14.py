"""Issue 14.11: wording of the hand-off, the bot's intro, countries and personal answers."""

from bot.answers import contact, handoff, personal, phone
from bot.identity import ANONYMOUS, Claims


def user(account="business", plan="premier_plus", role="admin", licensed=True):
    return Claims(
        sub="u1", email="a@x.nl", name="Anna", account=account, plan=plan, role=role, licensed=licensed, verified=True
    )


def test_agent_joined_names_the_agent_once():
    text = handoff.agent_joined("Sanne Support")
    assert text == "U chat nu met Sanne Support, medewerker van Zoom-ondersteuning."


def test_country_names_with_their_article(kb):
    assert phone.with_article("Verenigd Koninkrijk") == "het Verenigd Koninkrijk"
    assert phone.with_article("Verenigde Staten") == "de Verenigde Staten"
    assert phone.with_article("Japan") == "Japan"
    uk = phone.phone_number(kb, "verenigd_koninkrijk").text
    assert "voor het Verenigd Koninkrijk" in uk and "voor Verenigd Koninkrijk" not in uk


def test_bot_intro_in_the_first_person(kb):
    text = contact.bot_intro(kb).text
    assert text.startswith("Ja, ik ben Bolt")
    assert "voor Bolt" not in text and "Raadpleeg onze virtuele assistent Bolt" not in text
    assert "U vindt mij" in text


def test_premier_plus_admin_is_not_told_level1_is_missing(kb):
    text = personal.my_support(kb, user()).text
    assert "Niet voor uw account" not in text or "Frontlijn niveau 1" not in text.split("Niet voor uw account")[1]
    assert "direct" in text.lower() and "niveau 1 over" in text


def test_logged_in_users_are_not_asked_to_log_in(kb):
    for claims in (
        user(account="basic", plan=None, role="owner", licensed=False),
        user(plan="access", role="member", licensed=False),
    ):
        text = handoff.live_chat_not_included(kb, claims).text
        assert "log dan in" not in text.lower() and "niet ingelogd" not in text
        assert "met uw account" in text
    assert "log dan in" in handoff.live_chat_not_included(kb, ANONYMOUS).text
