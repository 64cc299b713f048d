import pytest

from bot.handoff.severity import priority_from_text
from bot.handoff.transcript import subject_from, transcript_from_events


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Zoom ligt helemaal plat bij ons", "P1"),
        ("er is een storing, niemand kan inloggen", "P1"),
        ("het beeld hapert ernstig bij veel gebruikers", "P2"),
        ("de opnamefunctie werkt soms niet", "P3"),
        ("ik heb een vraag over het instellen van SSO", "P4"),
        ("prio 2", "P2"),
        ("P3", "P3"),
        ("prioriteit 1", "P1"),
        ("geen idee", None),
        ("", None),
    ],
)
def test_priority_from_text(text, expected):
    assert priority_from_text(text) == expected


def test_transcript_keeps_user_and_bot_text_only():
    events = [
        {"event": "action", "name": "x"},
        {"event": "user", "text": "hoi", "timestamp": 0},
        {"event": "bot", "text": "Hallo!", "timestamp": 1},
        {"event": "user", "text": None},
    ]
    assert transcript_from_events(events) == [
        {"sender": "user", "text": "hoi", "at": "1970-01-01T00:00:00Z"},
        {"sender": "bot", "text": "Hallo!", "at": "1970-01-01T00:00:01Z"},
    ]


def test_subject():
    assert subject_from("  kort  ") == "kort"
    assert len(subject_from("x" * 200)) == 80


def test_button_payloads_are_shown_as_the_choice():
    events = [
        {
            "event": "user",
            "text": '/inform{"priority":"p3"}',
            "parse_data": {"intent": {"name": "inform"}, "entities": [{"entity": "priority", "value": "p3"}]},
        }
    ]
    assert transcript_from_events(events)[0]["text"] == "[knop] inform: p3"
