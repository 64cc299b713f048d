"""Every renderer, for every country, plan row and priority."""

import pytest

from bot.answers import contact, live_chat, phone, plans, priority
from bot.dialogue.fallback import consecutive_fallbacks, rephrase_reply
from bot.kb import default_knowledge_base

KB = default_knowledge_base()


# The article's phone table, written out here (test_kb_source.py checks it against the article itself):
# the expectation does not come from the code under test.
ARTICLE_NUMBERS = {
    "verenigde_staten": ("Verenigde Staten", "+1.888.799.9666 toestel 2"),
    "australie": ("Australië", "+61.1800.768.027 toestel 2"),
    "oostenrijk": ("Oostenrijk", "+43.3162 31266 toestel 2 of +43.800802079 toestel 2"),
    "brazilie": ("Brazilië", "0800.761.2618 toestel 2"),
    "frankrijk": ("Frankrijk", "+33.800.94.64.64 toestel 2"),
    "duitsland": ("Duitsland", "+49.30.80098621 toestel 2 of +49 0800.0010429 toestel 2"),
    "hongkong": ("Hongkong", "+852.3002.3757"),
    "india": ("India", "000.800.050.2040 toestel 2"),
    "italie": ("Italië", "+39 07611811003 toestel 2"),
    "japan": ("Japan", "+81 120427732 of +81 0053.132.0070 toestel 2"),
    "maleisie": ("Maleisië", "+60.1800.81.9551 toestel 2"),
    "mexico": ("Mexico", "+52 3319304373 toestel 2"),
    "nieuw_zeeland": ("Nieuw-Zeeland", "+64.800.475.039 toestel 2"),
    "singapore": ("Singapore", "+65.800.321.1249 toestel 2"),
    "spanje": ("Spanje", "+34 932207485 toestel 2"),
    "zwitserland": ("Zwitserland", "+41.31.5607204 toestel 2 of +41.0800117799 toestel 2"),
    "verenigd_koninkrijk": ("Verenigd Koninkrijk", "+44.800.368.7314 toestel 2 of +44.20.7039.8961 toestel 2"),
}


def test_the_written_out_table_is_the_articles():
    from tests.unit.test_kb_source import PHONE_LINES, squash

    assert sorted(squash(name + numbers) for name, numbers in ARTICLE_NUMBERS.values()) == sorted(
        squash(line) for line in PHONE_LINES
    )
    assert {c.id for c in KB.countries_with_numbers()} == set(ARTICLE_NUMBERS)


@pytest.mark.parametrize("country", sorted(ARTICLE_NUMBERS))
def test_phone_number_for_every_country(kb, country):
    name, numbers = ARTICLE_NUMBERS[country]
    reply = phone.phone_number(kb, country)
    assert f"{name}: {numbers}." in reply.text
    assert "vergadering-ID en hostsleutel" in reply.text
    assert "interlokale gesprekken" in reply.text


@pytest.mark.parametrize("country", ["nederland", "belgie", "canada", "onbekend_land"])
def test_country_without_number_gets_no_invented_number(kb, country):
    text = phone.phone_number(kb, country).text
    assert "geen telefoonnummer" in text
    assert "toestel" not in text and "+" not in text
    assert "webticket" in text


def test_phone_number_without_country_asks_and_lists_countries(kb):
    text = phone.phone_number(kb, None).text
    assert text.startswith("Voor welk land")
    assert all(c.name in text for c in kb.countries_with_numbers())


def test_phone_support_rule_and_footnote(kb):
    text = phone.phone_support(kb).text
    assert "Zakelijke, Onderwijs-, Onderneming- of API-accounts" in text
    assert "Premier en Premier+" in text
    assert kb.footnotes["*"] in text


def test_call_preparation_and_costs(kb):
    assert "persoonlijke vergadering-ID en hostsleutel" in phone.call_preparation(kb).text
    assert "tarieven voor interlokale gesprekken" in phone.call_costs(kb).text


@pytest.mark.parametrize("plan_id", ["access", "premier", "premier_plus"])
@pytest.mark.parametrize("row_id", [r.id for r in KB.matrix])
def test_every_plan_row(kb, plan_id, row_id):
    row = kb.matrix_row(row_id)
    text = plans.plan_detail(kb, plan_id).text
    assert f"{row.label}: {row.cells[plan_id] or plans.NOT_INCLUDED}" in text


def test_plan_detail_has_only_its_own_footnotes(kb):
    access = plans.plan_detail(kb, "access").text
    assert kb.footnotes["*"] in access and kb.footnotes["**"] not in access
    premier = plans.plan_detail(kb, "premier").text
    assert kb.footnotes["**"] in premier and kb.footnotes["*"] not in premier


def test_plans_overview_names_every_cell(kb):
    text = plans.plans_overview(kb).text
    for row in kb.matrix:
        for pid, cell in row.cells.items():
            assert f"{kb.plans[pid].name}: {cell or plans.NOT_INCLUDED}" in text
    assert [b.payload for b in plans.plans_overview(kb).buttons] == [
        '/ask_support_plans{"plan":"access"}',
        '/ask_support_plans{"plan":"premier"}',
        '/ask_support_plans{"plan":"premier_plus"}',
        "/ask_priority_response",
    ]  # the '**' footnote's "Lees meer"


def test_unknown_plan_falls_back_to_overview(kb):
    assert plans.plan_detail(kb, "gold").text == plans.plans_overview(kb).text


@pytest.mark.parametrize(
    "pid, first, restore",
    [
        ("p1", "1 uur", "hersteltijd 4 uur"),
        ("P2", "4 uur", "hersteltijd 8 uur"),
        ("p3", "24 uur", "geen hersteltijd"),
        ("p4", "24 uur", "geen hersteltijd"),
    ],
)
def test_priority_times(kb, pid, first, restore):
    text = priority.priority_times(kb, pid).text
    assert f"{pid.upper()}: prioritaire eerste responstijd {first}, {restore}" in text
    assert "beheerders met een licentie op accounts met Premier of Premier+" in text


def test_priority_times_table(kb):
    text = priority.priority_times(kb).text
    assert all(f"{p}: prioritaire eerste responstijd" in text for p in ("P1", "P2", "P3", "P4"))


@pytest.mark.parametrize("pid", ["P1", "P2", "P3", "P4"])
def test_priority_definitions(kb, pid):
    p = kb.priority(pid)
    text = priority.priority_definition(kb, pid).text
    assert p.definition in text and p.resources in text
    assert p.definition in priority.priority_definition(kb).text


@pytest.mark.parametrize("channel", ["community", "billing", "social_media"])
def test_channel_texts(kb, channel):
    assert contact.channel(kb, channel).text == kb.channels[channel].text


def test_contact_options_lists_every_channel(kb):
    text = contact.contact_options(kb).text
    assert all(kb.channels[c].name in text for c in kb.channels)


def test_webticket_and_bot_intro(kb):
    assert kb.channels["webticket"].text in contact.webticket(kb).text
    assert "chatbot en geen mens" in contact.bot_intro(kb).text


def test_live_chat_rule_follows_the_matrix(kb):
    text = live_chat.live_chat_rule(kb).text
    assert "Access: Beheerders en leden met licentie" in text
    assert "Premier+: Leden met licentie" in text
    assert "gratis account" in text and "webticket" in text


@pytest.mark.parametrize(
    "intents, expected",
    [
        ([], 0),
        (["greet"], 0),
        (["greet", "nlu_fallback"], 1),
        (["nlu_fallback", "nlu_fallback"], 2),
        (["nlu_fallback", "greet", "nlu_fallback"], 1),
    ],
)
def test_consecutive_fallbacks(intents, expected):
    assert consecutive_fallbacks(intents) == expected


def test_first_miss_asks_to_rephrase_with_topics(kb):
    first = rephrase_reply(kb)
    assert "anders formuleren" in first.text and len(first.buttons) == 5


def test_self_service_offers_webticket_and_community(kb):
    reply = contact.self_service(kb)
    assert "Webticket" in reply.text and "Community" in reply.text
