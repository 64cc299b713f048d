"""What the bot says around the questions themselves: the greeting, a message it did not understand
(rephrase, 'Bedoelt u ...?', a passage found by the article search), out of scope, not helped."""

from __future__ import annotations

from collections.abc import Sequence

from bot.answers.reply import Button, Reply
from bot.answers.topics import MAIN_TOPICS

# the second miss in a row, before the hand-off; also opens contact.self_service
CANNOT_ANSWER = "Het lukt mij niet om uw vraag te beantwoorden."
NOT_HELPED = "Jammer dat mijn antwoord u niet hielp."  # 'dat helpt niet' right after an answer, before the hand-off


def greeting() -> Reply:
    return Reply(
        "Hallo! Ik ben Bolt, de virtuele assistent van Zoom-ondersteuning. Ik help u met vragen over "
        "ondersteuningsplannen, contact opnemen, telefoonnummers en prioritaire responstijden. "
        "Deel in deze chat geen wachtwoorden, betaalgegevens of uw BSN. Waarmee kan ik u helpen?",
        MAIN_TOPICS,
    )


def out_of_scope() -> Reply:
    return Reply(
        "Daar kan ik u helaas niet mee helpen: ik ken alleen de ondersteuningsrichtlijnen van Zoom. "
        "Voor andere vragen kunt u het Zoom-helpcentrum doorzoeken of het vragen in de Community. "
        "Ik kan u wel helpen met:",
        MAIN_TOPICS,
    )


def rephrase() -> Reply:
    return Reply(
        "Sorry, dat begreep ik niet helemaal. Kunt u uw vraag anders formuleren? Of kies een van deze onderwerpen:",
        MAIN_TOPICS,
    )


def search_result(section: str, text: str) -> Reply:
    """An article passage that matches a question the bot did not understand, with its section."""
    return Reply(
        f"Dit vond ik in het helpcentrum, onder '{section}':\n{text}\n"
        "Bedoelde u iets anders? Stel uw vraag dan op een andere manier."
    )


def did_you_mean(titles: Sequence[tuple[str, str]]) -> Reply:
    """'Bedoelt u X of Y?' for two (intent, title) pairs, each a button, and the webticket as a way out."""
    (first_intent, first), (second_intent, second) = titles[:2]
    return Reply(
        f"Ik begrijp uw vraag niet helemaal. Bedoelt u '{first}' of '{second}'? "
        "Kies hieronder, of stel uw vraag anders.",
        (Button.intent(first, first_intent), Button.intent(second, second_intent)) + MAIN_TOPICS[-1:],
    )
