"""Personal answers for a verified user; the general rule plus a login invitation for anyone else."""

from __future__ import annotations

from bot.answers import phone, plans, priority
from bot.answers.live_chat import live_chat_rule
from bot.answers.reply import Button, Reply, bullets
from bot.identity import Claims
from bot.kb import KnowledgeBase
from bot.vocabulary import Account, Intent, Plan, Role

ACCOUNT_LABELS: dict[str, str] = {
    Account.BASIC: "Basic (gratis)",
    Account.PRO: "Pro",
    Account.BUSINESS: "Zakelijk",
    Account.EDUCATION: "Onderwijs",
    Account.ENTERPRISE: "Onderneming",
    Account.API: "API",
}
CALL_ALLOWED = "Ja, u mag Zoom-ondersteuning bellen."  # a verified user whose plan includes phone support
ROLE_LABELS: dict[str, str] = {Role.OWNER: "eigenaar", Role.ADMIN: "beheerder", Role.MEMBER: "lid"}
# entitlement flag -> the matrix row that names it
FLAG_ROWS = {
    "help_center": "help_center",
    "self_service": "self_service",
    "level1_chat_ticket": "level1_chat_ticket",
    "level1_phone": "level1_phone",
    "priority_response": "priority_response",
    "direct_level2": "direct_level2",
    "automatic_escalation": "automatic_escalation",
    "technical_account_manager": "technical_account_manager",
}
LOGIN_HINT = "Log in op het helpcentrum, dan vertel ik u precies wat er voor uw account geldt."


def describe(kb: KnowledgeBase, claims: Claims) -> str:
    plan = ((kb.plans.get(claims.plan) if claims.plan else None) or kb.plan(Plan.ACCESS)).label
    licence = "met licentie" if claims.licensed and claims.account != Account.BASIC else "zonder licentie"
    who = f"{claims.name}, " if claims.name else ""
    return f"{who}{ACCOUNT_LABELS[claims.account]}-account, plan {plan}, {ROLE_LABELS[claims.role]} {licence}"


def my_support(kb: KnowledgeBase, claims: Claims) -> Reply:
    if not claims.verified:
        overview = plans.plans_overview(kb)
        return Reply(f"{LOGIN_HINT}\n{overview.text}", overview.buttons)
    rights = claims.entitlements
    has = [kb.matrix_row(row).label for flag, row in FLAG_ROWS.items() if getattr(rights, flag)]
    lacks = [kb.matrix_row(row).label for flag, row in FLAG_ROWS.items() if not getattr(rights, flag)]
    if rights.direct_level2:
        # level 1 is not missing: a licensed admin on Premier/Premier+ skips it and goes straight to level 2
        skipped = [
            kb.matrix_row(FLAG_ROWS[f]).label for f in ("level1_chat_ticket", "level1_phone") if not getattr(rights, f)
        ]
        lacks = [label for label in lacks if label not in skipped]
        if skipped:
            has = [
                f"{label}, in plaats van {' en '.join(skipped)}: als beheerder met licentie slaat u niveau 1 over"
                if label == kb.matrix_row("direct_level2").label
                else label
                for label in has
            ]
    text = f"U bent ingelogd ({describe(kb, claims)}). U hebt recht op:\n{bullets(has)}"
    text += f"\n{kb.channels['community'].name} en {kb.channels['webticket'].name}: voor iedereen."
    if lacks:
        text += f"\nNiet voor uw account:\n{bullets(lacks)}"
    return Reply(text)


def live_chat(kb: KnowledgeBase, claims: Claims) -> Reply:
    if not claims.verified:
        return live_chat_rule(kb)
    rights = claims.entitlements
    if rights.direct_level2:
        text = (
            "Ja. U kunt chatten met een medewerker, en als beheerder met licentie gaat u direct naar "
            f"niveau 2 ({kb.matrix_row('direct_level2').label})."
        )
    elif rights.level1_chat_ticket:
        text = f"Ja. U kunt chatten met een medewerker ({kb.matrix_row('level1_chat_ticket').label})."
    else:
        text = (
            f"Nee, met uw account ({describe(kb, claims)}) is chatten met een medewerker niet inbegrepen. "
            "U kunt wel deze chatbot, het Helpcentrum, de Community en een webticket gebruiken."
        )
        return Reply(
            text,
            (Button.intent("Webticket maken", Intent.ASK_WEBTICKET), Button.intent("Community", Intent.ASK_COMMUNITY)),
        )
    return Reply(text, (Button.intent("Chat met een medewerker", Intent.REQUEST_HUMAN),))


def phone_support(kb: KnowledgeBase, claims: Claims, country_id: str | None) -> Reply:
    if not claims.verified:
        general = phone.phone_support(kb)
        return Reply(f"{general.text}\n{LOGIN_HINT}", general.buttons)
    if not claims.entitlements.phone:
        return Reply(
            f"Nee, met uw account ({describe(kb, claims)}) is telefonische ondersteuning niet inbegrepen.\n"
            f"{phone.phone_support(kb).text}\nU kunt wel een webticket maken"
            + (" of chatten met een medewerker." if claims.entitlements.live_chat else "."),
            (Button.intent("Webticket maken", Intent.ASK_WEBTICKET),),
        )
    if not country_id:
        return Reply(f"{CALL_ALLOWED} Vanuit welk land belt u?\n{kb.channels['phone'].extra['keep_at_hand']}")
    number = phone.phone_number(kb, country_id)
    return Reply(f"{CALL_ALLOWED}\n{number.text}", number.buttons)


def priority_response(kb: KnowledgeBase, claims: Claims, priority_id: str | None) -> Reply:
    general = priority.priority_times(kb, priority_id)
    if not claims.verified:
        return Reply(f"{general.text}\n{LOGIN_HINT}", general.buttons)
    return Reply(f"{priority_verdict(kb, claims)}\n{general.text}", general.buttons)


def priority_verdict(kb: KnowledgeBase, claims: Claims) -> str:
    """Whether priority response applies to the logged-in user's account."""
    if claims.entitlements.priority_response:
        return "Ja, voor uw account geldt prioritaire respons."
    return f"Voor uw account ({describe(kb, claims)}) geldt geen prioritaire respons."
