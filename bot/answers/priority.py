"""Answers about priority response: times per priority and what P1-P4 mean."""
from __future__ import annotations

from typing import Optional

from bot.answers.reply import Button, Reply, bullets
from bot.kb import KnowledgeBase, Priority


def _times(p: Priority) -> str:
    restore = f"hersteltijd {p.restore}" if p.restore else "geen hersteltijd vastgelegd"
    return f"{p.id}: prioritaire eerste responstijd {p.first_response}, {restore}"


def priority_times(kb: KnowledgeBase, priority_id: Optional[str] = None) -> Reply:
    priority = kb.priority(priority_id) if priority_id else None
    if priority:
        body = _times(priority) + "."
    else:
        body = "Prioritaire responstijden:\n" + bullets([_times(p) for p in kb.priorities.values()])
    return Reply(
        f"{body}\n{kb.priority_entitlement}.",
        (Button.intent("Wat betekent P1-P4?", "ask_priority_definition"),),
    )


def priority_definition(kb: KnowledgeBase, priority_id: Optional[str] = None) -> Reply:
    priority = kb.priority(priority_id) if priority_id else None
    if priority:
        return Reply(
            f"{priority.id}: {priority.definition}\n{priority.resources}",
            (Button.intent(f"Responstijd {priority.id}", "ask_priority_response",
                           {"priority": priority.id.lower()}),),
        )
    lines = [f"{p.id}: {p.definition}" for p in kb.priorities.values()]
    return Reply(
        "Definities van prioriteit:\n" + bullets(lines),
        (Button.intent("Responstijden", "ask_priority_response"),),
    )
