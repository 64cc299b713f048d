"""The checks of the answers to the hand-off intake questions (description, priority, confirmation,
e-mail address). Pure: an answer in, the slots to set and the complaint to say (if any) out.

A None value is a slot reset at the form's activation, not an answer: no complaint then.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.answers import intake as texts
from bot.handoff.severity import normalise, priority_from_text
from bot.vocabulary import Priority

EMAIL = re.compile(r"^[^@\s<>]{1,64}@[^@\s<>]{1,185}\.[a-zA-Z]{2,}$")
FORM_SLOTS = ("problem_description", "problem_priority", "priority_confirmed", "contact_email")
MAX_DESCRIPTION = 2000
# an answer to the priority question this long, naming no priority, is more about the problem
DETAIL_WORDS = 4


@dataclass(frozen=True)
class Checked:
    slots: dict[str, Any]
    complaint: str | None = None  # what the bot says about the answer, if anything


def check_description(value: Any) -> Checked:
    text = str(value or "").strip()
    if len(text) < 5:
        return Checked({"problem_description": None}, texts.DESCRIBE_THE_PROBLEM if value is not None else None)
    return Checked({"problem_description": text[:MAX_DESCRIPTION]})


def check_email(value: Any) -> Checked:
    email = str(value or "").strip()
    if not EMAIL.match(email):
        return Checked({"contact_email": None}, texts.INVALID_EMAIL if value is not None else None)
    return Checked({"contact_email": email})


def check_priority(value: Any, entity: str | None = None) -> Checked:
    priority = normalise(entity) or priority_from_text(str(value or ""))
    complaint = texts.PRIORITY_NOT_UNDERSTOOD if value is not None and not priority else None
    return Checked({"problem_priority": priority}, complaint)


def check_priority_answer(value: Any, entity: str | None, described: str | None) -> Checked:
    """The answer to 'Hoe ernstig is het probleem?': a priority, or (four words or more naming none)
    more about the problem, kept with the description while the priority is asked again."""
    text = str(value or "").strip()
    if value is not None and not (normalise(entity) or priority_from_text(text)) and len(text.split()) >= DETAIL_WORDS:
        return Checked(
            {"problem_priority": None, "problem_description": with_detail(described, text)}, texts.ADDED_TO_DESCRIPTION
        )
    return check_priority(value, entity)


def check_priority_confirmed(value: Any) -> Checked:
    if value is False:
        return Checked({"priority_confirmed": None, "problem_priority": None}, texts.CHOOSE_ANOTHER_PRIORITY)
    return Checked({"priority_confirmed": value})


def with_detail(described: str | None, detail: str) -> str:
    """The description with more of the user's words added on a new line."""
    return (f"{described}\n{detail}" if described else detail)[:MAX_DESCRIPTION]


# Typed answers to the intake questions, by slot (the forms' validators and action_intake_deny).
ANSWER_CHECKS: dict[str, Callable[[Any], Checked]] = {
    "problem_description": check_description,
    "contact_email": check_email,
    "problem_priority": check_priority,
}


def live_chat_slots(priority: str | None) -> tuple:
    """The hand-off form's questions: the confirmation only for the two most severe priorities."""
    return ("problem_description", "problem_priority") + (
        ("priority_confirmed",) if priority in (Priority.P1, Priority.P2) else ()
    )
