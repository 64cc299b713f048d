"""Every fact of the knowledge base, named: what the answer test set (tests/answers) must cover.

A test checks that each fact has at least three test questions, so a fact added to
data/help/support.yml without a way to ask for it fails the suite."""

from __future__ import annotations

from bot.kb.model import KnowledgeBase

PRIORITY_ASPECTS = ("first_response", "restore", "definition", "hours")


def fact_ids(kb: KnowledgeBase) -> list[str]:
    ids = [f"phone.{c.id}" for c in kb.countries_with_numbers()]
    ids += ["phone.no_number", "phone.who", "phone.members_premier", "phone.keep_at_hand", "phone.charges"]
    ids += ["footnote.phone_account_types"]
    ids += [f"matrix.{row.id}.{plan}" for row in kb.matrix for plan in kb.plans]
    ids += ["account_manager"]
    ids += [f"channel.{c}" for c in ("community", "billing", "social_media", "webticket")]
    ids += ["chatbot.about", "chatbot.handover", "chatbot.location"]
    ids += ["priority.entitlement"]
    ids += [f"priority.{p}.{aspect}" for p in kb.priorities for aspect in PRIORITY_ASPECTS]
    return ids
