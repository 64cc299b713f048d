"""bot.channels.history: the conversation the widget shows on (re)connect."""

import datetime as dt

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from bot.channels import history


def at(seconds):
    return dt.datetime(2026, 11, 27, 8, 0, 0) + dt.timedelta(seconds=seconds)


def epoch(seconds):
    return history._epoch(at(seconds))


def test_tracker_turns_show_a_button_payload_as_its_title():
    events = [
        UserUttered("ik wil een mens", timestamp=epoch(0)),
        ActionExecuted("action_listen", timestamp=epoch(0.5)),
        BotUttered(
            "Hoe ernstig?",
            {"buttons": [{"title": "Storing (P1)", "payload": '/inform{"priority":"p1"}'}]},
            timestamp=epoch(1),
        ),
        UserUttered('/inform{"priority":"p1"}', timestamp=epoch(2)),
        UserUttered("/restart", timestamp=epoch(3)),
    ]
    turns = history.tracker_entries(events)
    assert [(t["kind"], t["text"]) for t in turns] == [
        ("user", "ik wil een mens"),
        ("bot", "Hoe ernstig?"),
        ("user", "Storing (P1)"),
        ("user", "(keuze)"),
    ]
    assert turns[1]["buttons"][0]["title"] == "Storing (P1)"


def test_merge_orders_by_time_and_shows_a_twin_once():
    bot_turns = [
        {"kind": "user", "text": "hallo?", "at": epoch(10)},
        {"kind": "bot", "text": "Hallo!", "at": epoch(11)},
        {"kind": "bot", "text": "U praat weer met Bolt", "at": epoch(40)},
    ]
    ticket_turns = [
        {"kind": "system", "text": "U chat nu met Sanne", "at": epoch(5), "id": 1},
        {"kind": "user", "text": "hallo?", "at": epoch(10.2), "id": 2},  # also given to the bot
        {"kind": "agent", "text": "Ik kijk mee", "at": epoch(20), "id": 3, "agent": "Sanne"},
        {"kind": "user", "text": "dank u", "at": epoch(30), "id": 4},  # to the agent only
        {"kind": "system", "text": "U praat weer met Bolt", "at": epoch(40.1), "id": 5},
    ]
    merged = history.merge(bot_turns, ticket_turns)
    assert [(e["kind"], e["text"]) for e in merged] == [
        ("system", "U chat nu met Sanne"),
        ("user", "hallo?"),
        ("bot", "Hallo!"),
        ("agent", "Ik kijk mee"),
        ("user", "dank u"),
        ("bot", "U praat weer met Bolt"),
    ]
    assert merged[3]["agent"] == "Sanne"


def test_merge_keeps_the_latest_entries():
    turns = [{"kind": "bot", "text": str(i), "at": epoch(i)} for i in range(150)]
    assert [e["text"] for e in history.merge(turns, [], limit=100)][0] == "50"


def test_hand_off_state():
    assert history.hand_off_state(None) == {"status": None, "agent": None, "reference": None}

    class Ticket:
        status, assigned_agent, reference = "assigned", "Sanne Support", "ZN-000001"

    assert history.hand_off_state(Ticket()) == {
        "status": "assigned",
        "agent": "Sanne Support",
        "reference": "ZN-000001",
    }
    Ticket.status = "queued"
    assert history.hand_off_state(Ticket())["agent"] is None


def test_a_topic_of_the_help_pages_greeting_shows_as_its_title_also_later():
    from bot.answers.conversation import greeting

    first, second = greeting().buttons[:2]
    events = [
        UserUttered(first.payload, timestamp=epoch(0)),  # clicked before the bot said anything
        BotUttered("Voor welk land?", {"buttons": []}, timestamp=epoch(1)),
        UserUttered(second.payload, timestamp=epoch(2)),  # the greeting's buttons stay on the page
    ]
    assert [t["text"] for t in history.tracker_entries(events) if t["kind"] == "user"] == [first.title, second.title]
