"""Answers for a situation the user describes ("ik ben beheerder met Premier", "ook gewone leden?"):
what the plan matrix gives that role, licence, account type and plan. Pure.

The verdict runs the same entitlement rules as a logged-in user gets (bot/entitlements.py) over
every case the question leaves open, so "lid met licentie op Premier" is a plain yes and "lid" alone
is "on Premier and Premier+ with a licence, not on Access".
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace

from bot.answers.plans import elsewhere, footnote_lines, row_line
from bot.answers.question import Question
from bot.entitlements import ACCOUNTS, PLANS, ROLES, Entitlements, entitlements_for
from bot.kb import KnowledgeBase
from bot.vocabulary import Account, Role

# what the user may ask about -> the entitlement that answers it
RIGHTS = {
    "help_center": "help_center",
    "self_service": "self_service",
    "level1_chat_ticket": "level1_chat_ticket",
    "level1_phone": "level1_phone",
    "priority_response": "priority_response",
    "direct_level2": "direct_level2",
    "automatic_escalation": "automatic_escalation",
    "technical_account_manager": "technical_account_manager",
    "phone": "phone",
    "live_chat": "live_chat",
}
RIGHT_NAMES = {"phone": "telefonische ondersteuning", "live_chat": "chatten met een medewerker"}
ROLE_NAMES: dict[str, str] = {Role.OWNER: "eigenaren", Role.ADMIN: "beheerders", Role.MEMBER: "leden"}
LOGIN_NOTE = "Log in op het helpcentrum voor een antwoord over uw eigen account."


def right_name(kb: KnowledgeBase, right: str) -> str:
    return RIGHT_NAMES.get(right) or kb.matrix_row(right).label


def _has(rights: Entitlements, right: str) -> bool:
    return bool(getattr(rights, RIGHTS[right]))


def _cases(q: Question, plan: str) -> list[tuple[str, str, bool]]:
    """(account, role, licensed) for every case the question leaves open on this plan."""
    roles = (q.role,) if q.role else ROLES
    if q.account_type == Account.BASIC:  # a free account has no licences
        return list(itertools.product((Account.BASIC,), roles, (False,)))
    # an account type left open is a paid one: "without a licence" already covers the free account
    accounts = (q.account_type,) if q.account_type else tuple(a for a in ACCOUNTS if a != Account.BASIC)
    licences = {"licensed": (True,), "unlicensed": (False,)}.get(q.licence or "", (True, False))
    return list(itertools.product(accounts, roles, licences))


def verdict(q: Question, right: str, plan: str) -> bool | None:
    """True/False when every open case agrees on this plan; None when it depends on what is left open."""
    answers = {_has(entitlements_for(a, plan, r, lic), right) for a, r, lic in _cases(q, plan)}
    return answers.pop() if len(answers) == 1 else None


def _who(kb: KnowledgeBase, q: Question) -> str:
    role = ROLE_NAMES.get(q.role or "", "gebruikers")
    licence = {"licensed": " met licentie", "unlicensed": " zonder licentie"}.get(q.licence or "", "")
    account = ""
    if q.account_type == Account.BASIC:
        account = " met een gratis account"
    elif (term := kb.term("account_type", q.account_type)) is not None:
        account = f" van een {term.name}-account"
    return f"{role}{licence}{account}"


def _plans(q: Question) -> Sequence[str]:
    return q.plans or PLANS


def situation_answer(kb: KnowledgeBase, q: Question, right: str) -> str:
    """One sentence: may the described users have this right, per plan where it differs."""
    by_plan = {plan: verdict(q, right, plan) for plan in _plans(q)}
    who, what = _who(kb, q), right_name(kb, right)
    names = [kb.plan(p).name for p in by_plan]
    if set(by_plan.values()) == {True}:
        return f"Ja, {what} is inbegrepen voor {who}" + (f" bij {_join(names)}." if q.plans else ".")
    if set(by_plan.values()) == {False}:
        return f"Nee, {what} is er niet voor {who}" + (f" bij {_join(names)}." if q.plans else ".")
    parts = []
    for value, label in ((True, "wel"), (False, "niet"), (None, None)):
        plans = [p for p, v in by_plan.items() if v is value]
        if plans:
            how = label or _condition(q, right, plans[0])
            parts.append(f"bij {_join([kb.plan(p).name for p in plans])} {how}")
    return f"{what[0].upper()}{what[1:]} voor {who}: " + "; ".join(parts) + "."


def _condition(q: Question, right: str, plan: str) -> str:
    open_dims = _open_dimensions(q, right, plan)
    if open_dims == "de licentie" and verdict(replace(q, licence="licensed"), right, plan):
        return "alleen met licentie"
    return f"afhankelijk van {open_dims}"


def _open_dimensions(q: Question, right: str, plan: str) -> str:
    """Which of licence, role and account type, left open by the question, changes the answer."""
    cases = _cases(q, plan)
    names = []
    for index, name in ((2, "de licentie"), (1, "de rol"), (0, "het accounttype")):
        groups: dict[tuple, set] = {}
        for case in cases:
            rest = tuple(v for i, v in enumerate(case) if i != index)
            groups.setdefault(rest, set()).add(_has(entitlements_for(case[0], plan, case[1], case[2]), right))
        if any(len(answers) > 1 for answers in groups.values()):
            names.append(name)
    return " en ".join(names) or "uw account"


def _join(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def rights_of(kb: KnowledgeBase, q: Question, plan: str) -> tuple[list[str], list[str]]:
    """The matrix rows the described users have for sure on a plan, and those they do not."""
    has, lacks = [], []
    for row in kb.matrix:
        v = verdict(q, row.id, plan)
        if v is True:
            has.append(row.label)
        elif v is False:
            lacks.append(row.label)
    return has, lacks


def situation_overview(kb: KnowledgeBase, q: Question) -> str:
    """What the described users get on each plan asked about (all plans if none): sure rights, then
    what they do not get, then what depends on something the question left open."""
    lines = []
    # a free account has the same (self-service) rights whatever the plan: one line
    plans = _plans(q)[:1] if q.account_type == Account.BASIC and not q.plans else _plans(q)
    for plan in plans:
        has, lacks = rights_of(kb, q, plan)
        depends = [row.label for row in kb.matrix if row.label not in has + lacks]
        line = ("" if plans is not _plans(q) else f"{kb.plan(plan).label}: ") + (", ".join(has) or "niets extra")
        if lacks:
            line += f"; niet: {', '.join(lacks)}"
        if depends:
            line += f"; afhankelijk van {_open_dimensions(q, _row_id(kb, depends[0]), plan)}: {', '.join(depends)}"
        lines.append(line)
    return f"Voor {_who(kb, q)}:\n" + "\n".join(f"- {line}" for line in lines)


def _row_id(kb: KnowledgeBase, label: str) -> str:
    return next(row.id for row in kb.matrix if row.label == label)


# the matrix rows that say who has a right (phone and live chat are each two rows)
RIGHT_ROWS = {"phone": ("level1_phone", "direct_level2"), "live_chat": ("level1_chat_ticket", "direct_level2")}


def cells_line(kb: KnowledgeBase, right: str, plans: Sequence[str] = ()) -> str:
    """What the matrix says for this right, on the plans asked (all if none): the article's own words."""
    plan_ids = list(plans) or list(kb.plans)
    rows = [kb.matrix_row(row_id) for row_id in RIGHT_ROWS.get(right, (right,))]
    lines = [row_line(kb, row, plan_ids) + elsewhere(kb, row, plan_ids) for row in rows]
    lines += footnote_lines(kb, (row.cells[p] for row in rows for p in plan_ids))
    if right == "priority_response":  # its cell says only "Inbegrepen**": the section it points to says for whom
        lines.append(f"{kb.priority_entitlement}.")
    return "\n".join(lines)
