"""QA findings 1 and 4 on the real servers: one open live chat per person across conversations (a second
browser is told when it writes, asking for a human there makes no ticket), and a cancel in the user's
own words ends the hand-off intake without a ticket."""

import uuid

import pytest

from bot.testing.servers import open_tickets, user_token

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def token(sub):
    tok = user_token(sub, email=f"{sub}@example.nl", name="Sanne Dubbel", account="enterprise")
    return {"metadata": {"token": tok}}


def test_a_second_browser_is_told_about_the_open_chat_and_gets_no_second_ticket(bot):
    sub = f"qa-two-{uuid.uuid4().hex[:6]}"
    meta = token(sub)
    bot.ask(f"{sub}-laptop", "ik wil een medewerker spreken", **meta)
    bot.ask(f"{sub}-laptop", "opnames verdwijnen na de vergadering", **meta)
    created = bot.ask(f"{sub}-laptop", '/inform{"priority": "p3"}', **meta)
    [ticket] = open_tickets(bot, sub)
    assert ticket["reference"] in created

    hello = bot.ask(f"{sub}-phone", "hallo, ben je er nog?", **meta)
    assert ticket["reference"] in hello and "ander apparaat" in hello, hello
    again = bot.ask(f"{sub}-phone", "ik wil een medewerker spreken", **meta)
    assert ticket["reference"] in again and "Ik maak geen tweede ticket" in again, again
    assert "Wat is er aan de hand?" not in again, again
    assert len(open_tickets(bot, sub)) == 1


@pytest.mark.parametrize(
    "cancel", ["ik wil stoppen met wachten, annuleer mijn ticket", "laat maar zitten, ik hoef geen ticket meer"]
)
def test_a_cancel_in_the_users_own_words_ends_the_intake(bot, cancel):
    sub = f"qa-stop-{uuid.uuid4().hex[:6]}"
    meta = token(sub)
    assert "Wat is er aan de hand?" in bot.ask(sub, "ik wil een medewerker spreken", **meta)
    reply = bot.ask(sub, cancel, **meta)
    assert "ik heb niets aangemaakt" in reply, reply  # utter_handoff_cancelled
    assert "Hoe ernstig" not in reply and "Wat is er aan de hand?" not in reply, reply
    after = bot.ask(sub, '/inform{"priority": "p3"}', **meta)
    assert "ZN-" not in after, after
    assert open_tickets(bot, sub) == []
