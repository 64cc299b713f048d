"""When the intent classifier is unsure, the question's dimensions often still say what kind of
question it is: a matrix feature is a question about the plans, a country one about phone numbers,
a priority or an aspect of one about response times, "een ander nummer" or "ook gewone leden?" a
follow-up. Pure: entity types and the intent ranking in, an intent (or None) out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from bot.vocabulary import Intent

# the question types the classifier may have ranked first and that fit each dimension
_FITS = {
    "feature": (
        Intent.ASK_SUPPORT_PLANS,
        Intent.ASK_PHONE_SUPPORT,
        Intent.ASK_LIVE_CHAT,
        Intent.ASK_PRIORITY_RESPONSE,
        Intent.ASK_HELP_CENTRE,
        Intent.ASK_MY_SUPPORT,
        Intent.ASK_CHATBOT,
    ),
    "country": (Intent.ASK_PHONE_NUMBER, Intent.ASK_PHONE_SUPPORT),
    "priority": (Intent.ASK_PRIORITY_RESPONSE, Intent.ASK_PRIORITY_DEFINITION),
}
FOLLOW_UP_TYPES = ("ordinal", "plan", "role", "licence", "account_type")
# the question type of a feature that has its own ("kan ik naar de live chat?"); any other: the plans
_FEATURE_TYPES = {"level1_chat_ticket": Intent.ASK_LIVE_CHAT, "level1_phone": Intent.ASK_PHONE_SUPPORT}


def rescued_intent(entities: Iterable[Mapping[str, str]], ranking: Sequence[Mapping[str, object]]) -> str | None:
    """The question type the entities point to; the classifier's first choice when it fits them."""
    values: dict[str, str] = {}
    for e in entities:
        values.setdefault(str(e.get("entity")), str(e.get("value")))
    ranked = [str(r.get("name")) for r in ranking if r.get("name") != Intent.NLU_FALLBACK]
    top = ranked[0] if ranked else None

    def fitting(kind: str, default: str) -> str:
        return top if top in _FITS[kind] else default

    aspect = values.get("aspect")
    if "feature" in values:
        return fitting("feature", _FEATURE_TYPES.get(values["feature"], Intent.ASK_SUPPORT_PLANS))
    if "country" in values:
        return fitting("country", Intent.ASK_PHONE_NUMBER)
    if "priority" in values or aspect in ("first_response", "restore", "hours"):
        return fitting("priority", Intent.ASK_PRIORITY_RESPONSE)
    if aspect == "extension" or any(t in values for t in FOLLOW_UP_TYPES):
        return Intent.INFORM
    return None
