"""QA finding 11 (wording): no answer repeats a sentence, and the article's link footnote
('** Lees meer over prioritaire responstijden') is a button in every answer that shows it.

The composer runs in-process over every question of the answer sets (tests/answers/questions.yml) with
every question type it composes, for an anonymous visitor, logged-in users and the question's own user,
so the check does not depend on which intent the NLU would pick.
"""

import re
from collections import Counter

import pytest
import yaml

from bot.answers.compose import COMPOSED_INTENTS, compose
from bot.answers.question import Question
from bot.evaluation.answers import ANSWER_SETS
from bot.identity import ANONYMOUS, Claims
from bot.kb.matching import EntityMatcher

QUESTIONS = yaml.safe_load((ANSWER_SETS / "questions.yml").read_text())["questions"]
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
LINK_LINE = "** Lees meer over prioritaire responstijden"


def logged_in(account, plan, role, licensed):
    return Claims("qa11", "qa11@example.nl", "Test", account, plan, role, licensed, True)


USERS = (
    ANONYMOUS,
    logged_in("enterprise", "premier_plus", "admin", True),
    logged_in("business", "premier", "member", True),
    logged_in("basic", None, "owner", False),
)


@pytest.fixture(scope="module")
def answers(kb):
    """(question, intent, claims, answer) for every question, question type and user."""
    matcher = EntityMatcher.for_knowledge_base(kb)
    found = []
    for item in QUESTIONS:
        entities = [{"entity": m.entity, "value": m.value} for m in matcher.find(item["text"])]
        users = USERS + ((logged_in(**item["user"]),) if item.get("user") else ())
        for intent in COMPOSED_INTENTS:
            for claims in users:
                answer = compose(kb, intent, Question.from_entities(item["text"], entities), claims, None, {})
                found.append((item["text"], intent, claims, answer))
    return found


def sentences(text):
    return [s.strip() for line in text.split("\n") for s in SENTENCE_END.split(line) if s.strip()]


def test_no_answer_repeats_a_sentence(answers):
    repeated = []
    for text, intent, claims, answer in answers:
        said = Counter(sentences("\n".join(r.text for r in answer.replies)))
        twice = [s for s, n in said.items() if n > 1 and len(s.split()) > 2]
        if twice:
            repeated.append((text, intent, claims.account, claims.verified, twice))
    assert repeated == []


def test_the_priority_answer_for_a_logged_in_user_says_who_has_priority_response_once(kb):
    admin = logged_in("enterprise", "premier_plus", "admin", True)
    for text in ("wie heeft recht op prioritaire respons bij Premier?", "hoe snel reageren jullie bij P2 op Premier+?"):
        entities = [{"entity": m.entity, "value": m.value} for m in EntityMatcher.for_knowledge_base(kb).find(text)]
        reply = compose(kb, "ask_priority_response", Question.from_entities(text, entities), admin, None, {})
        joined = "\n".join(r.text for r in reply.replies)
        assert joined.count(f"{kb.priority_entitlement}.") == 1, joined


def test_every_answer_that_shows_the_link_footnote_has_its_button(answers):
    plain = [
        (text, intent)
        for text, intent, _, answer in answers
        for r in answer.replies
        if LINK_LINE in r.text.split("\n")
        and ("Lees meer over prioritaire responstijden", "/ask_priority_response")
        not in [(b.title, b.payload) for b in r.buttons]
    ]
    assert plain == []
    assert any(
        LINK_LINE in r.text for _, intent, _, a in answers if intent == "ask_priority_response" for r in a.replies
    ), "the priority answer shows the footnote: the check above must cover it"


def test_the_link_button_is_added_once_and_only_where_the_footnote_is(kb):
    from bot.answers import plans
    from bot.answers.reply import Reply

    with_line = plans.with_link_buttons(kb, Reply(f"Prioritaire respons: Premier: Inbegrepen**\n{LINK_LINE}"))
    assert [b.payload for b in with_line.buttons] == ["/ask_priority_response"]
    assert plans.with_link_buttons(kb, with_line) == with_line
    assert plans.with_link_buttons(kb, Reply("Telefonische ondersteuning*")).buttons == ()


LOGIN_WORDS = ("log in", "log dan in", "inloggen")


@pytest.mark.parametrize(
    "intent, text",
    [
        ("ask_chatbot", "wat kan Bolt?"),
        ("ask_live_chat", "kan ik chatten met een medewerker?"),
        ("ask_my_support", "wat voor ondersteuning heb ik?"),
        ("ask_phone_support", "mag ik Zoom bellen?"),
        ("ask_priority_response", "krijg ik prioritaire respons?"),
    ],
)
def test_a_logged_in_free_user_is_told_what_the_account_gives_an_anonymous_visitor_to_log_in(kb, intent, text):
    free = logged_in("basic", None, "owner", False)
    q = Question.from_entities(text, [])
    mine = "\n".join(r.text for r in compose(kb, intent, q, free, None, {}).replies)
    anonymous = "\n".join(r.text for r in compose(kb, intent, q, ANONYMOUS, None, {}).replies)
    assert not any(word in mine.lower() for word in LOGIN_WORDS), mine
    assert "uw account" in mine, mine
    assert any(word in anonymous.lower() for word in LOGIN_WORDS), anonymous


def test_the_demo_panel_has_a_logged_in_free_user_and_names_the_anonymous_choice_so():
    from bot.identity import mint_token, verify_token
    from bot.web.demo_users import DEMO_USERS

    by_id = {u["id"]: u for u in DEMO_USERS}
    assert by_id["free"]["claims"] is None and "Niet ingelogd" in by_id["free"]["label"]
    free = [u for u in DEMO_USERS if u["claims"] and u["claims"]["account"] == "basic"]
    assert [u["label"] for u in free] == ["Gratis gebruiker (Basic)"]
    claims = verify_token(mint_token(free[0]["claims"], secret="s" * 32), secret="s" * 32)
    assert claims.verified and claims.account == "basic" and not claims.entitlements.live_chat
