"""Answers about priority response: times per priority and what P1-P4 mean."""

from __future__ import annotations

from bot.answers.reply import Button, Reply, bullets
from bot.kb import KnowledgeBase, Priority
from bot.vocabulary import Intent


def _times(p: Priority) -> str:
    restore = f"hersteltijd {p.restore}" if p.restore else "geen hersteltijd vastgelegd"
    return f"{p.id}: prioritaire eerste responstijd {p.first_response}, {restore}"


def priority_times(kb: KnowledgeBase, priority_id: str | None = None) -> Reply:
    priority = kb.priority(priority_id) if priority_id else None
    if priority:
        body = _times(priority) + "."
    else:
        body = "Prioritaire responstijden:\n" + bullets([_times(p) for p in kb.priorities.values()])
    return Reply(
        f"{body}\n{kb.priority_entitlement}.",
        (Button.intent("Wat betekent P1-P4?", Intent.ASK_PRIORITY_DEFINITION),),
    )


def priority_definition(kb: KnowledgeBase, priority_id: str | None = None) -> Reply:
    priority = kb.priority(priority_id) if priority_id else None
    if priority:
        return Reply(
            f"{priority.id}: {priority.definition}\n{priority.resources}",
            (
                Button.intent(
                    f"Responstijd {priority.id}", Intent.ASK_PRIORITY_RESPONSE, {"priority": priority.id.lower()}
                ),
            ),
        )
    lines = [f"{p.id}: {p.definition}" for p in kb.priorities.values()]
    return Reply(
        "Definities van prioriteit:\n" + bullets(lines),
        (Button.intent("Responstijden", Intent.ASK_PRIORITY_RESPONSE),),
    )


def priority_aspect(kb: KnowledgeBase, priority_id: str, aspect: str | None) -> Reply:
    """Only what was asked of one priority: its first response, its restore time or its working hours."""
    p = kb.priority(priority_id)
    if p is None:  # not one of the article's priorities: the overview of all four
        return priority_times(kb, None)
    if aspect == "restore":
        if p.restore:
            text = f"{p.id}: hersteltijd {p.restore} (met prioritaire respons)."
        else:
            text = (
                f"Voor {p.id} staat er geen hersteltijd in het helpcentrum; alleen een prioritaire eerste "
                f"responstijd van {p.first_response}."
            )
    elif aspect == "first_response":
        text = f"{p.id}: prioritaire eerste responstijd {p.first_response}."
    elif aspect == "hours":  # when it is worked on, and (second line) how fast: "wanneer wordt P2 behandeld?"
        restore = f", hersteltijd {p.restore}" if p.restore else ""
        text = f"{p.id}: {p.resources}\nMet prioritaire respons: eerste responstijd {p.first_response}{restore}."
    else:
        return priority_times(kb, priority_id)
    return Reply(
        f"{text}\n{kb.priority_entitlement}.",
        (Button.intent(f"Wat betekent {p.id}?", Intent.ASK_PRIORITY_DEFINITION, {"priority": p.id.lower()}),),
    )


_WITHOUT = (
    "zonder prioritaire",
    "geen prioritaire",
    "zonder prioriteit",
    "zonder premier",
    "geen premier",
    "zonder voorrang",
)


def without_priority_response(text: str) -> bool:
    """'Hoe snel reageert Zoom als ik geen prioritaire respons heb?'"""
    folded = text.lower()
    return any(cue in folded for cue in _WITHOUT)


def no_fixed_times(kb: KnowledgeBase) -> Reply:
    """Response times without priority response: the article gives none."""
    return Reply(
        "Zonder prioritaire respons staat er geen vaste responstijd in het helpcentrum. "
        f"De vaste tijden gelden alleen bij prioritaire respons ({kb.priority_entitlement}).\n"
        + "\n".join(_times(p) for p in kb.priorities.values()),
        (Button.intent("Wat betekent P1-P4?", Intent.ASK_PRIORITY_DEFINITION),),
    )


def classified(kb: KnowledgeBase, priority_id: str) -> str:
    """'Dat valt onder P4: <definition>' for a problem the user described."""
    p = kb.known_priority(priority_id)
    return f"Volgens de definities van het helpcentrum valt dat onder {p.id}: {p.definition}"
