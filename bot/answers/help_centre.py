"""Answers about the help centre itself, Bolt the chatbot and the account manager (the article's
introduction and its 'Bolt, onze chatbot' section)."""

from __future__ import annotations

from bot.answers.reply import Button, Reply
from bot.identity import Claims
from bot.kb import KnowledgeBase
from bot.vocabulary import Intent, Plan


def help_centre(kb: KnowledgeBase) -> Reply:
    """Help centre and self-service: worldwide, 24/7, every account type (the matrix's first two rows)."""
    rows = [kb.matrix_row("help_center"), kb.matrix_row("self_service")]
    lines = [f"{row.label}: {row.cells[Plan.ACCESS]} (bij elk ondersteuningsplan)." for row in rows]
    community = kb.channels["community"].text.split(". ")[0]
    return Reply(
        "\n".join(lines) + f"\nOok de {community}.", (Button.intent("Contact opnemen", Intent.ASK_CONTACT_OPTIONS),)
    )


def chatbot(kb: KnowledgeBase, claims: Claims) -> Reply:
    """What Bolt is, where it is, and what happens when it cannot help (per the user's rights)."""
    text = kb.channels["chatbot"].text
    if claims.verified:
        if claims.entitlements.live_chat:
            text += "\nMet uw account kunt u overschakelen naar een medewerker in de live chat."
        else:
            text += (
                "\nMet uw account is chatten met een medewerker niet inbegrepen; als ik u niet kan helpen, "
                "maak ik een webticket voor u."
            )
    else:  # an anonymous visitor: whether live chat is included depends on the account
        text += "\nLog in op het helpcentrum, dan kijk ik of u met uw account kunt chatten met een medewerker."
    return Reply(text, (Button.intent("Chat met een medewerker", Intent.ASK_LIVE_CHAT),))


def account_manager(kb: KnowledgeBase) -> Reply:
    """Changing or discussing the support plan: the article sends users to their account manager."""
    return Reply(
        f"Voor het wijzigen of uitbreiden van uw ondersteuningsplan: {kb.account_manager_note} "
        f"Voor vragen over facturen: {kb.channels['billing'].text}",
        (Button.intent("Ondersteuningsplannen", Intent.ASK_SUPPORT_PLANS),),
    )


def webticket_speed(kb: KnowledgeBase) -> Reply:
    """How fast a webticket is answered: the article says only 'snel'; fixed times are priority response's."""
    return Reply(
        "Een vaste antwoordtijd voor een webticket staat niet in het helpcentrum. "
        f"{kb.channels['webticket'].text}\n"
        f"Vaste responstijden gelden alleen bij prioritaire respons ({kb.priority_entitlement}).",
        (Button.intent("Responstijden", Intent.ASK_PRIORITY_RESPONSE),),
    )


def switching_sentence(kb: KnowledgeBase) -> str:
    """How to switch to another support plan: the article sends users to their account manager."""
    return f"Overstappen naar een ander ondersteuningsplan: {kb.account_manager_note}"


# a question for the account manager's own phone number or e-mail address
_MANAGER_CONTACT_CUES = ("nummer", "bellen", "telefoon", "mail", "adres", "contactgegevens", "gegevens", "naam")


def manager_contact_note(text: str) -> str:
    """Says that the account manager's contact details are not in the article, when the question asks them."""
    folded = text.lower()
    if any(cue in folded for cue in _MANAGER_CONTACT_CUES):
        return "De naam, het telefoonnummer of het e-mailadres van uw accountmanager staan niet in het helpcentrum."
    return ""


def handover_sentence(kb: KnowledgeBase) -> str:
    """The article's sentence on what happens when Bolt cannot help (live chat for paid accounts, 24/7)."""
    return next(s.strip() for s in kb.channels["chatbot"].text.split(". ") if "live chat" in s).rstrip(".") + "."
