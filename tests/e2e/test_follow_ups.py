"""Follow-ups in context, against the real servers: each kind the article invites (issue 12)."""

import uuid

import pytest

pytestmark = pytest.mark.slow


def conversation(bot, *turns):
    sender = f"follow-{uuid.uuid4().hex[:8]}"
    return [bot.ask(sender, text) for text in turns]


def test_another_number_then_the_first_does_not_work_then_the_extension(bot):
    replies = conversation(
        bot, "wat is het Japanse supportnummer?", "is er nog een ander nummer?", "welk toestel moet ik kiezen?"
    )
    assert "+81 120427732" in replies[0] and "+81 0053.132.0070" in replies[0]
    # the other number first; the first may be named beside it ("(het eerste is ...)"), never as the answer
    other, first = replies[1].find("+81 0053.132.0070 toestel 2"), replies[1].find("+81 120427732")
    assert other >= 0 and (first == -1 or first > other), replies[1]
    assert "+81 120427732: geen toestelnummer" in replies[2]
    broken = conversation(bot, "telefoonnummer Duitsland", "de eerste werkt niet")
    assert "+49 0800.0010429 toestel 2" in broken[1] and "webticket" not in broken[1].lower()


def test_restore_time_after_p1_is_p1s_only(bot):
    replies = conversation(bot, "hoe snel reageren jullie bij P1?", "en hoe snel is het opgelost?")
    assert "1 uur" in replies[0] and "24 uur" not in replies[0]
    assert "4 uur" in replies[1] and "8 uur" not in replies[1] and "24 uur" not in replies[1]


def test_who_may_call_then_ordinary_members(bot):
    replies = conversation(bot, "wie mag zoom bellen?", "ook gewone leden?")
    assert "Premier" in replies[1] and "licentie" in replies[1]


def test_a_plan_follow_up_keeps_the_question(bot):
    replies = conversation(bot, "zit direct niveau 2 in Toegang?", "en bij Premier?")
    assert "niet inbegrepen" in replies[0]
    assert "Direct niveau 2 (chat, ticket en telefoon) bij Premier: Beheerders met licentie" in replies[1]


def test_a_country_follow_up_in_the_phone_topic(bot):
    replies = conversation(bot, "nummer van zoom in frankrijk", "en in Oostenrijk dan?")
    assert "+43.3162 31266" in replies[1] and "+33" not in replies[1]
