"""What the bot says during the hand-off intake: the questions, the complaints about an answer, and
how the intake ends. The intake forms' own questions for a slot stay in domain.yml (utter_ask_*),
because Rasa's forms utter them by name; so do utter_handoff_cancelled, which rules use, and
utter_default. Two sentences the actions say alone are the first sentence of those two responses, so
they are read from there (written once, in domain.yml).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.answers.reply import Button, Reply
from bot.vocabulary import Intent, Priority

# on every intake question: the payload is the plain word, which bot/handoff/intake.is_cancel reads as a cancel
CANCEL_BUTTON = Button("Annuleren", "Annuleren")

# severity in the user's words -> the article's priority (the intent `inform` with the priority entity,
# whose value is the priority id in lower case: p1..p4)
SEVERITY_BUTTONS = (
    Button.intent("Alles ligt plat, geen oplossing (P1)", Intent.INFORM, {"priority": Priority.P1.lower()}),
    Button.intent("Belangrijke onderdelen werken slecht (P2)", Intent.INFORM, {"priority": Priority.P2.lower()}),
    Button.intent("Een functie werkt niet goed (P3)", Intent.INFORM, {"priority": Priority.P3.lower()}),
    Button.intent("Vraag of hulp bij instellen (P4)", Intent.INFORM, {"priority": Priority.P4.lower()}),
)

# starting the hand-off (actions/handoff.py)
PROBLEM_NOT_SOLVABLE = "Dat klinkt als een probleem dat ik als chatbot niet kan oplossen."
CONNECTING = (
    "Ik verbind u met een medewerker van Zoom-ondersteuning. "
    "Eerst twee korte vragen, zodat de medewerker u snel kan helpen."
)

# complaints about an answer to an intake question (bot/handoff/intake_checks.py)
DESCRIBE_THE_PROBLEM = "Beschrijf het probleem in een paar woorden, alstublieft."
INVALID_EMAIL = "Dat lijkt geen geldig e-mailadres. Probeer het nog eens."
PRIORITY_NOT_UNDERSTOOD = "Dat kon ik niet aan een prioriteit koppelen. Kies een van de knoppen."
CHOOSE_ANOTHER_PRIORITY = "Geen probleem, kies dan de prioriteit die beter past."
# more about the problem where another answer was asked: kept with the description
ADDED_TO_DESCRIPTION = "Dank u, ik heb dat bij de omschrijving van uw probleem gezet."

DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"


def first_sentence_of_response(name: str, domain: Path = DOMAIN) -> str:
    """The first sentence of a response of domain.yml (its first variant)."""
    responses = (yaml.safe_load(domain.read_text(encoding="utf-8")) or {}).get("responses") or {}
    text = str(responses[name][0]["text"]).strip()
    found = re.match(r".+?[.?!](?=\s|$)", text)
    return found.group(0) if found else text


# interruptions of the intake (actions/intake.py)
# said before the goodbye (utter_goodbye)
NOTHING_CREATED = first_sentence_of_response("utter_handoff_cancelled")
# a question the intake cannot answer (the form then asks its question again)
CANNOT_ANSWER_NOW = first_sentence_of_response("utter_default")
STILL_CONNECTING = {
    "handoff_form": "Ik verbind u met een medewerker zodra u deze vraag hebt beantwoord.",
    "webticket_form": "Met dit webticket antwoorden onze technische experts u per e-mail.",
}


def ask_problem_priority() -> Reply:
    return Reply(
        "Hoe ernstig is het probleem? Kies de omschrijving die het best past.", SEVERITY_BUTTONS + (CANCEL_BUTTON,)
    )


def still_connecting(form: str) -> str:
    """Asked for a human while the intake runs: the intake is the way there."""
    return STILL_CONNECTING["handoff_form" if form == "handoff_form" else "webticket_form"]


def too_many_tickets(limit: int) -> str:
    return (
        f"U hebt al {limit} open tickets bij Zoom-ondersteuning; meer tegelijk kan niet. "
        "Een medewerker neemt ze zo snel mogelijk in behandeling. Wilt u iets toevoegen, "
        "doe dat dan in het gesprek waarin u het ticket hebt gemaakt."
    )
