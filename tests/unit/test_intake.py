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
