"""Answers about the support plans and their matrix (Access, Premier, Premier+)."""
from __future__ import annotations

from typing import Iterable, List, Optional

from bot.answers.reply import Button, Reply, bullets
from bot.kb import KnowledgeBase

NOT_INCLUDED = "niet inbegrepen"


def _cell(text: Optional[str]) -> str:
    return text if text else NOT_INCLUDED


def _footnotes(kb: KnowledgeBase, cells: Iterable[Optional[str]]) -> List[str]:
    """The footnotes that the given cells refer to, longest mark first ('**' before '*')."""
    used = {c[len(c.rstrip("*")):] for c in cells if c and c.endswith("*")}
    return [f"{mark} {kb.footnotes[mark]}" for mark in sorted(used, key=len)]


def plan_buttons(kb: KnowledgeBase, exclude: Optional[str] = None) -> tuple:
    return tuple(
        Button.intent(p.name, "ask_support_plans", {"plan": p.id})
        for p in kb.plans.values() if p.id != exclude
    )


def plans_overview(kb: KnowledgeBase) -> Reply:
    """The whole matrix, one line per row, naming what each plan gives."""
    names = [p.label for p in kb.plans.values()]
    lines = []
    for row in kb.matrix:
        cells = "; ".join(f"{kb.plans[pid].name}: {_cell(row.cells[pid])}" for pid in kb.plans)
        lines.append(f"{row.label}: {cells}")
    notes = _footnotes(kb, (c for row in kb.matrix for c in row.cells.values()))
    text = (
        f"Zoom heeft drie ondersteuningsplannen: {', '.join(names[:-1])} en {names[-1]}.\n"
        f"{bullets(lines)}\n" + "\n".join(notes) + f"\n{kb.account_manager_note}"
    )
    return Reply(text, plan_buttons(kb))


def plan_detail(kb: KnowledgeBase, plan_id: Optional[str]) -> Reply:
    """One plan's column of the matrix; the overview if the plan is unknown."""
    if not plan_id or plan_id not in kb.plans:
        return plans_overview(kb)
    plan = kb.plan(plan_id)
    lines = [f"{row.label}: {_cell(row.cells[plan_id])}" for row in kb.matrix]
    notes = _footnotes(kb, (row.cells[plan_id] for row in kb.matrix))
    text = f"Wat het ondersteuningsplan {plan.label} biedt:\n{bullets(lines)}"
    if notes:
        text += "\n" + "\n".join(notes)
    return Reply(text, plan_buttons(kb, exclude=plan_id))
