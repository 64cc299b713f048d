"""Composes the answer to a question: its type (the intent), its dimensions (entities) and the context
of earlier turns, over the knowledge base. Pure: the actions only collect these and send the result.

A question about one cell gets that cell, one row that row, a comparison only the rows that differ;
a follow-up ("en bij Premier?", "en hoe snel is het opgelost?") is answered in the topic of the
previous answer with what it left open taken from the context slots.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from bot.answers import contact, help_centre, personal, phone, plans, priority, unknowns
from bot.answers.conversation import rephrase
from bot.answers.question import CONTEXT_DIMENSIONS, Question
from bot.answers.reply import Button, Reply
from bot.answers.situation import LOGIN_NOTE, cells_line, situation_answer, situation_overview
from bot.handoff.severity import priority_from_description
from bot.identity import Claims
from bot.kb import KnowledgeBase
from bot.kb.matching import fold
from bot.vocabulary import Account, Intent, Plan

# the right a topic is about, for a follow-up that names only who ("ook gewone leden?")
TOPIC_RIGHTS = {
    "phone_support": "phone",
    "phone_number": "phone",
    "live_chat": "live_chat",
    "chatbot": "live_chat",
    "priority_response": "priority_response",
    "help_centre": "help_center",
}
PROBLEM_CUES = (
    "plat",
    "storing",
    "werkt niet",
    "werkt niks",
    "kapot",
    "uitgevallen",
    "valt uit",
    "vallen uit",
    "valt weg",
    "vallen weg",
    "hapert",
    "haperen",
    "lukt niet",
    "eruit",
    "down",
    "verdwenen",
    "kwijt",
)


@dataclass(frozen=True)
class Answer:
    replies: tuple[Reply, ...]
    topic: str | None
    question: Question


# question types whose answers say so when part of the question is not in the article ("tot hoe laat?")
PARTLY_UNKNOWN_INTENTS = (
    Intent.ASK_PHONE_NUMBER,
    Intent.ASK_PHONE_SUPPORT,
    Intent.ASK_CALL_COSTS,
    Intent.ASK_LIVE_CHAT,
    Intent.ASK_SUPPORT_PLANS,
    Intent.ASK_ACCOUNT_MANAGER,
    Intent.ASK_CHATBOT,
    Intent.ASK_HELP_CENTRE,
)
# question types about calling: a time in them ("in het weekend?") asks the phone line's hours, not in the article
CALLING_INTENTS = (Intent.ASK_PHONE_NUMBER, Intent.ASK_PHONE_SUPPORT, Intent.ASK_CALL_COSTS)


def compose(
    kb: KnowledgeBase,
    intent: str,
    q: Question,
    claims: Claims,
    last_topic: str | None,
    context: Mapping[str, str | None],
) -> Answer:
    handler = _HANDLERS.get(intent)
    if handler is None:
        return Answer((rephrase(),), None, q)
    answer = handler(kb, q, claims, last_topic, context)
    answer = replace(answer, replies=tuple(plans.with_link_buttons(kb, r) for r in answer.replies))
    note = unknowns.partly_unknown(q.text, intent in CALLING_INTENTS) if intent in PARTLY_UNKNOWN_INTENTS else ""
    if note and answer.replies:
        first = answer.replies[0]
        answer = replace(answer, replies=(Reply(f"{note}\n{first.text}", first.buttons),) + answer.replies[1:])
    return answer


def _one(reply: Reply, topic: str | None, q: Question) -> Answer:
    return Answer((reply,), topic, q)


def _as_user(q: Question, claims: Claims) -> Question:
    """A logged-in user's own account fills what a described situation leaves open: "kan ik als beheerder
    bellen?" is about their account type, licence and plan; "en als we overstappen naar Premier?" keeps the
    plan it names. A question about another role ("mogen gewone leden bellen?") keeps the licence open."""
    if not claims.verified:
        return q
    own = not q.role or q.role == claims.role
    filled: dict = {}
    if not q.role and len(q.roles) <= 1:
        filled["role"] = claims.role
    if not q.licence and own:
        filled["licence"] = "licensed" if claims.licensed and claims.account != Account.BASIC else "unlicensed"
    if not q.account_type:
        filled["account_type"] = claims.account
    if not q.plans and claims.account != Account.BASIC:
        filled["plans"] = (claims.plan or Plan.ACCESS,)
    return replace(q, **filled)


def _situation(kb: KnowledgeBase, q: Question, right: str, claims: Claims) -> str:
    """The situation's verdict, one sentence per role it names (a logged-in user's own account fills the rest)."""
    return "\n".join(situation_answer(kb, _as_user(each, claims), right) for each in q.one_per_role())


def _with_login_note(reply: Reply, claims: Claims) -> Reply:
    return reply if claims.verified else Reply(f"{reply.text}\n{LOGIN_NOTE}", reply.buttons)


# --- phone ---------------------------------------------------------------------------------------


def _phone_number(kb, q, claims, last_topic, context) -> Answer:
    if last_topic in ("phone_number", "phone_support"):
        q = q.with_context(context, ("country",))
    if not q.country and any(w in fold(q.text) for w in ("factur", "billing", "rekening")):
        return _one(
            Reply(
                f"Een apart telefoonnummer voor facturering staat niet in het helpcentrum. "
                f"{kb.channels['billing'].text}"
            ),
            "phone_number",
            q,
        )
    if len(q.countries) > 1 and not (q.ordinal or q.aspect):  # "de nummers van Singapore en Hongkong?": each
        return _one(phone.phone_numbers(kb, q.countries), "phone_number", q)
    if not q.country and any(cue in fold(q.text) for cue in ALL_COUNTRIES_CUES):  # "welke landen hebben er twee?"
        numbers = phone.phone_numbers(kb, [c.id for c in kb.countries_with_numbers()])
        return _one(numbers, "phone_number", q)
    return _one(phone.phone_number(kb, q.country, q.ordinal, q.aspect), "phone_number", q)


# a question about the numbers of every country ("welke landen hebben twee nummers?", "alle nummers")
ALL_COUNTRIES_CUES = ("welke landen", "welk land", "alle nummers", "alle landen", "alle telefoonnummers", "lijst")


def _phone_support(kb, q, claims, last_topic, context) -> Answer:
    if q.names_a_situation and not (q.country and kb.country(q.country).has_number):
        text = _situation(kb, q, "phone", claims) + "\n" + phone.phone_support(kb).text
        if q.country:  # "ik zit in Gent, mag ik bellen?": and there is no Belgian number
            text += "\n" + phone.phone_number(kb, q.country).text
        return _one(
            _with_login_note(Reply(text, (Button.intent("Telefoonnummers", Intent.ASK_PHONE_NUMBER),)), claims),
            "phone_support",
            q,
        )
    if q.country and not claims.verified:
        number = phone.phone_number(kb, q.country, q.ordinal, q.aspect)
        if not kb.country(q.country).has_number:
            return _one(number, "phone_number", q)
        text = f"{number.text}\n{phone.who_may_call_short(kb)}\n{personal.LOGIN_HINT}"
        return _one(Reply(text, number.buttons), "phone_number", q)
    return _one(personal.phone_support(kb, claims, q.country), "phone_support", q)


def _call_preparation(kb, q, claims, last_topic, context) -> Answer:
    return _one(phone.call_preparation(kb), "phone_number", q)


def _call_costs(kb, q, claims, last_topic, context) -> Answer:
    if not q.country and last_topic in _TOPIC_ANSWERS and last_topic != "phone_support":
        return _topic_answer(kb, q, claims, last_topic)  # "is die gratis?" after the community: for whom it is
    if q.country:  # "is er een gratis nummer in Duitsland?": its numbers, with the article's warning on costs
        return _phone_number(kb, q, claims, last_topic, context)
    return _one(phone.call_costs(kb), "phone_number", q)


# --- plans ---------------------------------------------------------------------------------------


def _support_plans(kb, q, claims, last_topic, context) -> Answer:
    if q.country and "level1_phone" in q.features:  # "ik zit in Keulen, welke nummers mag ik bellen?"
        return _phone_support(kb, q, claims, last_topic, context)
    if plans.wants_comparison(q.text, q.plans) and not q.features:
        current = context.get("plan") or (claims.plan or Plan.ACCESS if claims.verified else None)
        if len(q.plans) == 1 and current and current != q.plan:  # "wat krijg ik extra bij Premier?": from where
            q = replace(q, plans=(current,) + q.plans)
        return _one(plans.comparison(kb, q.plans), "support_plans", q)
    if q.features and plans.asks_which_plan(q.text):  # "welk plan hebben we daarvoor nodig?": that first
        answer = _support_plans(kb, replace(q, text=""), claims, last_topic, context)
        first = answer.replies[0]
        lead = Reply(f"{plans.plans_with(kb, q.features)}\n{first.text}", first.buttons)
        return replace(answer, replies=(lead,) + answer.replies[1:], question=q)
    if q.features and (q.names_a_situation or claims.verified):  # a logged-in user: for their own account
        text = "\n".join(_situation(kb, q, f, claims) + "\n" + cells_line(kb, f, q.plans) for f in q.features)
        return _one(_with_login_note(Reply(text, plans.plan_buttons(kb)), claims), "support_plans", q)
    if q.features:
        return _one(plans.feature_cells(kb, q.features, q.plans), "support_plans", q)
    if q.names_a_situation:
        return _one(
            _with_login_note(Reply(situation_overview(kb, q), plans.plan_buttons(kb)), claims), "support_plans", q
        )
    if not q.plan and claims.verified:
        return _one(personal.my_support(kb, claims), "support_plans", q)
    return _one(plans.plan_detail(kb, q.plan), "support_plans", q)


def _my_support(kb, q, claims, last_topic, context) -> Answer:
    if not claims.verified and q.names_a_situation:
        return _support_plans(kb, q, claims, last_topic, context)
    return _one(personal.my_support(kb, claims), "support_plans", q)


def _live_chat(kb, q, claims, last_topic, context) -> Answer:
    answer = _live_chat_rights(kb, q, claims, last_topic, context)
    note = unknowns.agent_origin_note(q.text, bool(q.country))
    if note and answer.replies:
        first = answer.replies[0]
        answer = replace(answer, replies=(Reply(f"{note}\n{first.text}", first.buttons),) + answer.replies[1:])
    return answer


def _live_chat_rights(kb, q, claims, last_topic, context) -> Answer:
    if q.names_a_situation or q.plans:
        situation = q.names_a_situation or claims.verified
        text = _situation(kb, q, "live_chat", claims) if situation else cells_line(kb, "live_chat", q.plans)
        text += "\n" + help_centre.handover_sentence(kb)
        return _one(_with_login_note(Reply(text, _handoff_offer(claims)), claims), "live_chat", q)
    return _one(personal.live_chat(kb, claims), "live_chat", q)


# --- priorities ----------------------------------------------------------------------------------


def _described_priority(q: Question) -> str | None:
    """A priority from the problem the user describes ("alles ligt plat" -> P1), if any."""
    return priority_from_description(q.text) if not q.priority else None


def _is_problem(q: Question) -> bool:
    folded = f" {fold(q.text)} "
    return any(cue in folded for cue in PROBLEM_CUES)


def _handoff_offer(claims: Claims) -> tuple[Button, ...]:
    """The hand-off a user may have: live chat for those entitled to it, a webticket for everyone else."""
    if claims.verified and claims.entitlements.live_chat:
        return (Button.intent("Chat met een medewerker", Intent.REQUEST_HUMAN),)
    return (Button.intent("Webticket maken", Intent.REQUEST_HUMAN),)  # anyone else: the webticket intake


def _priority_response(kb, q, claims, last_topic, context) -> Answer:
    if not q.priority and last_topic in ("priority_response", "priority_definition"):
        q = q.with_context(context, ("priority",))
    described = _described_priority(q)
    pid = q.priority or described
    if not pid and q.aspect == "hours" and last_topic in _TOPIC_ANSWERS and not (q.plans or q.names_a_situation):
        return _inform(kb, q, claims, last_topic, context)  # "is dat ook 's nachts?" after Bolt: Bolt's hours
    if not pid and last_topic == "webticket" and not (q.plans or q.names_a_situation):
        return _one(help_centre.webticket_speed(kb), "webticket", q)  # "hoe snel krijg ik daarop antwoord?"
    if not pid and priority.without_priority_response(q.text):  # "hoe snel zonder prioritaire respons?"
        return _one(priority.no_fixed_times(kb), "priority_response", q)
    if not pid:
        if q.plans or q.names_a_situation:  # "en als we Premier nemen?": that situation, not the account's verdict
            times = priority.priority_times(kb, None)
            reply = Reply(_once(_priority_rights(kb, q, claims) + "\n" + times.text), times.buttons)
            reply = reply if claims.verified else Reply(f"{reply.text}\n{personal.LOGIN_HINT}", reply.buttons)
        else:
            reply = personal.priority_response(kb, claims, None)
        return _one(reply, "priority_response", q)
    q = replace(q, priority=pid)
    if len(q.priorities) > 1 and q.aspect:  # "het verschil in behandeltijden tussen P3 en P4"
        text = "\n".join(priority.priority_aspect(kb, p, q.aspect).text.split("\n")[0] for p in q.priorities)
        return _one(Reply(f"{text}\n{kb.priority_entitlement}."), "priority_response", q)
    reply = priority.priority_aspect(kb, pid, q.aspect)
    lines = [reply.text]
    if described:
        lines.insert(0, priority.classified(kb, pid))
    if q.plans or q.names_a_situation:
        lines.insert(0, _priority_rights(kb, q, claims))
    elif claims.verified:
        lines.insert(0, _account_verdict(kb, claims))
    buttons = reply.buttons
    if described and _is_problem(q):
        lines.append("Wilt u dat iemand ernaar kijkt? Dan zet ik uw vraag door.")
        buttons = _handoff_offer(claims)
    return _one(Reply(_once("\n".join(lines)), buttons), "priority_response", q)


def _once(text: str) -> str:
    """Each line once: the rights and the times that follow them may both end with the article's rule."""
    return "\n".join(dict.fromkeys(text.split("\n")))


def _account_verdict(kb: KnowledgeBase, claims: Claims) -> str:
    return personal.priority_verdict(kb, claims)


def _priority_rights(kb: KnowledgeBase, q: Question, claims: Claims) -> str:
    """Who has priority response: the verdict for a described situation, else the matrix cells. The
    article's rule (kb.priority_entitlement) is not repeated here: the times that follow end with it."""
    if q.names_a_situation or claims.verified:
        return _situation(kb, q, "priority_response", claims) + "\n" + cells_line(kb, "priority_response", q.plans)
    return cells_line(kb, "priority_response", q.plans)


def _priority_definition(kb, q, claims, last_topic, context) -> Answer:
    if not q.priority and last_topic in ("priority_response", "priority_definition"):
        q = q.with_context(context, ("priority",))
    if q.priority and q.aspect in ("first_response", "restore", "hours"):  # "verschil in behandeltijden P3/P4"
        return _priority_response(kb, q, claims, last_topic, context)
    if len(q.priorities) > 1:  # "het verschil tussen P3 en P4": each definition
        replies = [priority.priority_definition(kb, p) for p in q.priorities]
        text = "\n".join(r.text for r in replies)
        return _one(Reply(text, replies[0].buttons), "priority_definition", q)
    described = _described_priority(q)
    if q.priority or not described:
        return _one(priority.priority_definition(kb, q.priority), "priority_definition", q)
    p = kb.priority(described)
    text = f"{priority.classified(kb, described)}\n{priority.priority_aspect(kb, described, None).text}"
    return _one(Reply(text), "priority_definition", replace(q, priority=p.id))


# --- follow-ups ----------------------------------------------------------------------------------


def _inform(kb, q, claims, last_topic, context) -> Answer:
    """A bare country, plan, priority, role or account ("Japan", "en bij Premier?", "ook gewone leden?")."""
    if q.country:
        handler = _phone_support if last_topic == "phone_support" else _phone_number
        return handler(kb, q, claims, last_topic, context)
    if q.priority:
        if last_topic == "priority_definition":
            return _one(priority.priority_definition(kb, q.priority), "priority_definition", q)
        q = q.with_context(context, ("aspect",)) if last_topic == "priority_response" else q
        return _priority_response(kb, q, claims, last_topic, context)
    if q.ordinal or q.aspect == "extension":
        return _phone_number(kb, q, claims, "phone_number", context)
    if q.aspect in ("first_response", "restore", "hours"):
        if q.aspect == "hours" and last_topic in ("phone_number", "phone_support"):  # "kan dat ook 's nachts?"
            return _one(unknowns.phone_hours(kb), last_topic, q)
        if q.aspect == "hours" and last_topic in _TOPIC_ANSWERS:  # "is dat ook 's nachts?" after the community
            return _topic_answer(kb, q, claims, last_topic)
        return _priority_response(kb, q, claims, "priority_response", context)
    right = TOPIC_RIGHTS.get(last_topic or "")
    if last_topic == "support_plans" and context.get("feature"):
        q = q.with_context(
            context, ("feature",) if q.names_a_situation else ("feature", "role", "licence", "account_type")
        )
        return _support_plans(kb, q, claims, last_topic, context)
    if last_topic == "priority_response" and (q.names_a_situation or q.plans):
        dims: tuple[str, ...] = ("priority", "aspect")
        if not q.names_a_situation:  # "en als we overstappen naar Toegang?": the same who on that plan
            dims += ("role", "licence", "account_type")
        return _priority_response(kb, q.with_context(context, dims), claims, last_topic, context)
    if q.features and q.plans:  # "en als we naar Premier gaan, krijgen we dan niveau 2?": that feature
        return _support_plans(kb, q, claims, last_topic, context)
    if right and (q.names_a_situation or q.plans):
        if q.plans and not q.names_a_situation:
            q = q.with_context(context, ("role", "licence", "account_type"))
        elif not q.role:  # "en als ik wel een licentie krijg?" after "kan ik als beheerder bellen?"
            q = q.with_context(context, ("role",))
        if right == "live_chat":
            return _live_chat(kb, q, claims, last_topic, context)
        text = _situation(kb, q, right, claims) if q.names_a_situation or claims.verified else ""
        text = (text + "\n" + cells_line(kb, right, q.plans)).strip()
        return _one(_with_login_note(Reply(text), claims), last_topic, q)
    if q.plans or q.names_a_situation:
        return _support_plans(kb, q, claims, last_topic, context)
    if q.features:
        return _support_plans(kb, q, claims, last_topic, context)
    if unknowns.asks_an_unknown(q.text):  # "en wat kost dat?": a price, a mail address, ... are not in it
        return _one(unknowns.not_in_article(kb, q.text), last_topic, q)
    if last_topic in _TOPIC_ANSWERS:  # "en voor wie?", "wie beantwoordt dat?": that topic's answer again
        return _topic_answer(kb, q, claims, last_topic)
    return _one(rephrase(), last_topic, q)


# a follow-up that names nothing new ("en voor wie?", "is dat ook 's nachts?") is answered by the topic's
# own answer again: the article's section says who, when and by whom
_TOPIC_ANSWERS: dict[str, Callable[[KnowledgeBase, Claims], Reply]] = {
    "community": lambda kb, claims: contact.channel(kb, "community"),
    "billing": lambda kb, claims: contact.channel(kb, "billing"),
    "social_media": lambda kb, claims: contact.channel(kb, "social_media"),
    "webticket": lambda kb, claims: contact.webticket(kb),
    "contact_options": lambda kb, claims: contact.contact_options(kb),
    "chatbot": help_centre.chatbot,
    "help_centre": lambda kb, claims: help_centre.help_centre(kb),
    "live_chat": personal.live_chat,
    "phone_support": lambda kb, claims: personal.phone_support(kb, claims, None),
}


def _topic_answer(kb: KnowledgeBase, q: Question, claims: Claims, topic: str) -> Answer:
    return _one(_TOPIC_ANSWERS[topic](kb, claims), topic, q)


# --- the article's other sections ------------------------------------------------------------------


def _help_centre(kb, q, claims, last_topic, context) -> Answer:
    return _one(help_centre.help_centre(kb), "help_centre", q)


def _chatbot(kb, q, claims, last_topic, context) -> Answer:
    reply = help_centre.chatbot(kb, claims)
    if q.names_a_situation and not claims.verified:  # "met mijn gratis account kom ik niet verder met Bolt"
        verdict = _situation(kb, q, "live_chat", claims)
        reply = Reply(f"{verdict}\n{reply.text}", reply.buttons)
    return _one(reply, "chatbot", q)


def _account_manager(kb, q, claims, last_topic, context) -> Answer:
    """Changing the plan goes through the account manager; a question about what the plan to switch to
    gives ("krijgen we dan voorrang?", "en als we overstappen naar Premier?") is answered first."""
    manager = help_centre.account_manager(kb)
    about = _switch_question(kb, q, claims, last_topic, context)
    if about is None:
        note = help_centre.manager_contact_note(q.text)
        return _one(Reply(f"{note}\n{manager.text}".strip(), manager.buttons), "support_plans", q)
    switching = Reply(help_centre.switching_sentence(kb), manager.buttons)
    return Answer(about.replies + (switching,), about.topic, about.question)


def _switch_question(kb, q, claims, last_topic, context) -> Answer | None:
    """What a question about switching plans asks beyond "how": a feature, a comparison, or (as a follow-up)
    the right the previous answer was about. None: only how to switch."""
    if q.features:
        return _support_plans(kb, q, claims, last_topic, context)
    if not q.plans:
        return None
    if len(set(q.plans)) > 1 or plans.wants_comparison(q.text, q.plans):
        return _support_plans(kb, q, claims, last_topic, context)
    follows = last_topic in TOPIC_RIGHTS or last_topic == "priority_response"
    if follows or (last_topic == "support_plans" and context.get("feature")):
        return _inform(kb, q, claims, last_topic, context)
    return None


# words of a question about calling: with a country it asks for that country's number
PHONE_CUES = ("nummer", " bel ", " bellen", "telefo", "nr ", "lijn")


def _not_in_article(kb, q, claims, last_topic, context) -> Answer:
    folded = f" {fold(q.text)} "
    if q.country and not q.plans and any(cue in folded for cue in PHONE_CUES):  # "ik zit in Milaan, hoe bel ik?"
        answer = _phone_number(kb, q, claims, last_topic, context)
        note = unknowns.partly_unknown(q.text)  # "tot hoe laat kan ik Duitsland bellen?": the hours are not known
        first = answer.replies[0]
        return replace(answer, replies=(Reply(f"{note}\n{first.text}".strip(), first.buttons),) + answer.replies[1:])
    return _one(unknowns.not_in_article(kb, q.text), last_topic, q)


_HANDLERS: dict[str, Callable[..., Answer]] = {
    Intent.ASK_PHONE_NUMBER: _phone_number,
    Intent.ASK_PHONE_SUPPORT: _phone_support,
    Intent.ASK_CALL_PREPARATION: _call_preparation,
    Intent.ASK_CALL_COSTS: _call_costs,
    Intent.ASK_SUPPORT_PLANS: _support_plans,
    Intent.ASK_MY_SUPPORT: _my_support,
    Intent.ASK_LIVE_CHAT: _live_chat,
    Intent.ASK_PRIORITY_RESPONSE: _priority_response,
    Intent.ASK_PRIORITY_DEFINITION: _priority_definition,
    Intent.INFORM: _inform,
    Intent.ASK_HELP_CENTRE: _help_centre,
    Intent.ASK_CHATBOT: _chatbot,
    Intent.ASK_ACCOUNT_MANAGER: _account_manager,
    Intent.ASK_NOT_IN_ARTICLE: _not_in_article,
}
COMPOSED_INTENTS = tuple(_HANDLERS)


def context_after(answer: Answer, context: Mapping[str, str | None]) -> dict[str, str | None]:
    """The context slots after an answer: what this question named replaces the old value."""
    new = answer.question.context()
    return {dim: new.get(dim) or context.get(dim) for dim in CONTEXT_DIMENSIONS}


QUESTION_CUES = (
    "hoe snel",
    "hoe lang",
    "wanneer",
    "binnen hoeveel",
    "reageren",
    "geholpen",
    "opgelost",
    "welke prio",
    "welk prio",
    "prioriteit krijgt",
    "prioriteit heeft",
)


def problem_preface(kb: KnowledgeBase, q: Question, claims: Claims) -> Reply | None:
    """A reported problem that also asks how fast ("alles ligt plat, hoe snel worden we geholpen?"):
    the priority it falls under and its times, before the hand-off. None: no question in it."""
    folded = f" {fold(q.text)} "
    if not (q.aspect or any(cue in folded for cue in QUESTION_CUES)):
        return None
    pid = q.priority or priority_from_description(q.text)
    if not pid:
        return None
    lines = [priority.classified(kb, pid) if not q.priority else "", priority.priority_aspect(kb, pid, q.aspect).text]
    if claims.verified:
        lines.append(_account_verdict(kb, claims))
    return Reply("\n".join(line for line in lines if line))
