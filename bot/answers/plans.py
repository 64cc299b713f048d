"""Answers about the support plans and their matrix (Access, Premier, Premier+)."""

from __future__ import annotations

from collections.abc import Iterable

from bot.answers.reply import Button, Reply, bullets
from bot.kb import KnowledgeBase
from bot.vocabulary import Intent

NOT_INCLUDED = "niet inbegrepen"


def _cell(text: str | None) -> str:
    return text if text else NOT_INCLUDED


def footnote_lines(kb: KnowledgeBase, cells: Iterable[str | None]) -> list[str]:
    """The footnotes that the given cells refer to, longest mark first ('**' before '*')."""
    used = {c[len(c.rstrip("*")) :] for c in cells if c and c.endswith("*")}
    return [f"{mark} {kb.footnotes[mark]}" for mark in sorted(used, key=len)]


# a footnote that is a link in the article -> the question that answers with the section it points to
LINK_NOTES = {"**": Intent.ASK_PRIORITY_RESPONSE}


def link_button(kb: KnowledgeBase, mark: str) -> Button:
    """The article's link footnote ('** Lees meer over prioritaire responstijden') as a button that asks it."""
    return Button.intent(kb.footnotes[mark], LINK_NOTES[mark])


def note_buttons(kb: KnowledgeBase, cells: Iterable[str | None]) -> tuple:
    """The link footnotes the given cells refer to, as buttons (the plan table's '**')."""
    marks = {c[len(c.rstrip("*")) :] for c in cells if c and c.endswith("*")}
    return tuple(link_button(kb, mark) for mark in sorted(marks, key=len) if mark in LINK_NOTES)


def with_link_buttons(kb: KnowledgeBase, reply: Reply) -> Reply:
    """Every answer that shows a link footnote's line also carries its button (once)."""
    lines, asked = set(reply.text.split("\n")), {button.payload for button in reply.buttons}
    missing = tuple(
        button
        for mark in LINK_NOTES
        if f"{mark} {kb.footnotes[mark]}" in lines
        if (button := link_button(kb, mark)).payload not in asked
    )
    return Reply(reply.text, reply.buttons + missing) if missing else reply


def plan_buttons(kb: KnowledgeBase, exclude: str | None = None) -> tuple:
    return tuple(
        Button.intent(p.name, Intent.ASK_SUPPORT_PLANS, {"plan": p.id}) for p in kb.plans.values() if p.id != exclude
    )


def plans_overview(kb: KnowledgeBase) -> Reply:
    """The whole matrix, one line per row, naming what each plan gives."""
    names = [p.label for p in kb.plans.values()]
    lines = []
    for row in kb.matrix:
        cells = "; ".join(f"{kb.plans[pid].name}: {_cell(row.cells[pid])}" for pid in kb.plans)
        lines.append(f"{row.label}: {cells}")
    notes = footnote_lines(kb, (c for row in kb.matrix for c in row.cells.values()))
    text = (
        f"Zoom heeft drie ondersteuningsplannen: {', '.join(names[:-1])} en {names[-1]}.\n"
        f"{bullets(lines)}\n" + "\n".join(notes) + f"\n{kb.account_manager_note}"
    )
    return Reply(text, plan_buttons(kb) + note_buttons(kb, [c for row in kb.matrix for c in row.cells.values()]))


def plan_detail(kb: KnowledgeBase, plan_id: str | None) -> Reply:
    """One plan's column of the matrix; the overview if the plan is unknown."""
    if not plan_id or plan_id not in kb.plans:
        return plans_overview(kb)
    plan = kb.plan(plan_id)
    lines = [f"{row.label}: {_cell(row.cells[plan_id])}" for row in kb.matrix]
    notes = footnote_lines(kb, (row.cells[plan_id] for row in kb.matrix))
    text = f"Wat het ondersteuningsplan {plan.label} biedt:\n{bullets(lines)}"
    if notes:
        text += "\n" + "\n".join(notes)
    return Reply(text, plan_buttons(kb, exclude=plan_id) + note_buttons(kb, [row.cells[plan_id] for row in kb.matrix]))


COMPARE_WORDS = (
    "verschil",
    "vergelijk",
    "vs",
    "versus",
    "meer dan",
    "beter",
    "tegenover",
    "t.o.v",
    "ten opzichte",
    "extra",
    "erbij",
    "meer met",
    "meer bij",
    "meer op",
)


def row_line(kb: KnowledgeBase, row, plan_ids) -> str:
    return f"{row.label}: " + "; ".join(f"{kb.plans[p].name}: {_cell(row.cells[p])}" for p in plan_ids)


def _with_notes(kb: KnowledgeBase, text: str, cells) -> str:
    notes = footnote_lines(kb, cells)
    return text + ("\n" + "\n".join(notes) if notes else "")


def feature_cells(kb: KnowledgeBase, features, plan_ids) -> Reply:
    """One cell (a feature on one plan) or one row (a feature on every plan) per feature asked."""
    rows = [kb.matrix_row(f) for f in features]
    plan_ids = list(plan_ids) or list(kb.plans)
    if len(plan_ids) == 1:
        plan = kb.plan(plan_ids[0])
        lines = [
            f"{row.label} bij {plan.name}: {_cell(row.cells[plan.id])}" + _elsewhere(kb, row, plan.id) + "."
            for row in rows
        ]
        text = "\n".join(lines)
    else:
        text = "\n".join(row_line(kb, row, plan_ids) + elsewhere(kb, row, plan_ids) + "." for row in rows)
    cells = [row.cells[p] for row in rows for p in plan_ids]
    return Reply(_with_notes(kb, text, cells), plan_buttons(kb) + note_buttons(kb, cells))


def elsewhere(kb: KnowledgeBase, row, plan_ids) -> str:
    """For a row empty on every plan asked: the plans that do include it ('(wel bij Premier+)'), else ''."""
    if any(row.cells[p] for p in plan_ids):
        return ""
    others = [kb.plans[p].name for p in kb.plans if p not in plan_ids and row.cells[p]]
    return f" (wel bij {' en '.join(others)})" if others else ""


_PLAN_WORDS = ("plan", "pakket", "abonnement", "niveau")


def asks_which_plan(text: str) -> bool:
    """'Welk ondersteuningsplan hebben we daarvoor nodig?', 'in welk pakket zit dat?'"""
    folded = text.lower()
    return "welk" in folded and any(word in folded for word in _PLAN_WORDS)


def plans_with(kb: KnowledgeBase, features) -> str:
    """Which plans include every feature asked: 'Automatische escalatie en Technisch accountmanager: in Premier+.'"""
    rows = [kb.matrix_row(f) for f in dict.fromkeys(features)]
    names = [kb.plans[p].name for p in kb.plans if all(row.cells[p] for row in rows)]
    labels = " en ".join(row.label for row in rows)
    if not names:
        return f"{labels}: samen in geen enkel ondersteuningsplan."
    if len(names) == len(kb.plans):
        return f"{labels}: in elk ondersteuningsplan."
    return f"{labels}: in {' en '.join(names)}."


def _elsewhere(kb: KnowledgeBase, row, plan_id: str) -> str:
    """For a cell that is empty: the plans that do include it ('wel bij Premier+')."""
    if row.cells[plan_id]:
        return ""
    others = [kb.plans[p].name for p in kb.plans if p != plan_id and row.cells[p]]
    return f" (wel bij {' en '.join(others)})" if others else ""


def comparison(kb: KnowledgeBase, plan_ids) -> Reply:
    """The rows in which the plans differ, and nothing else."""
    plan_ids = list(dict.fromkeys(plan_ids)) if len(plan_ids) >= 2 else list(kb.plans)
    rows = [row for row in kb.matrix if len({row.cells[p] or "" for p in plan_ids}) > 1]
    names = " en ".join(kb.plans[p].name for p in plan_ids)
    if not rows:
        return Reply(f"Tussen {names} is er in het ondersteuningsplan geen verschil.")
    text = f"Het verschil tussen {names}:\n" + bullets([row_line(kb, row, plan_ids) for row in rows])
    same = [r.label for r in kb.matrix if r not in rows]
    if same:
        text += "\nDe rest is gelijk: " + ", ".join(same) + "."
    cells = [row.cells[p] for row in rows for p in plan_ids]
    return Reply(_with_notes(kb, text, cells), plan_buttons(kb) + note_buttons(kb, cells))


def wants_comparison(text: str, plan_ids) -> bool:
    folded = f" {text.lower()} "
    return len(set(plan_ids)) >= 2 or any(f" {w}" in folded for w in COMPARE_WORDS)
