"""The insights show Dutch names, never the database's raw keys (QA finding 7)."""

import datetime as dt
from pathlib import Path

import yaml

from bot.insights import format as fmt
from bot.insights import page
from bot.insights.labels import TOPIC_NAMES, topic_name
from bot.insights.queries import DayRow, Insights

ROOT = Path(__file__).resolve().parents[2]


def figures() -> Insights:
    day = dt.date(2026, 11, 16)
    return Insights(
        since=dt.datetime(2026, 11, 16),
        until=dt.datetime(2026, 11, 17),
        days=[
            DayRow(
                day, conversations=3, handed_off=2, tickets=2, handoffs_by_reason={"asked_human": 1, "two_misses": 1}
            )
        ],
        tickets_by_channel={"live_chat": 1, "webticket": 1},
        tickets_by_level={"1": 1, "-": 1},
        tickets_by_priority={"P2": 2},
        sla=[],
        median_queue_wait_seconds=None,
        thumbs=[("ask_phone_number", 2, 1), ("ask_support_plans", 0, 1)],
        satisfaction=[],
        unanswered=[],
    )


def test_every_intent_of_the_domain_has_a_readable_dutch_topic_name():
    intents = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"]
    names = [i if isinstance(i, str) else next(iter(i)) for i in intents]
    assert [i for i in names if i not in TOPIC_NAMES] == []
    assert all("_" not in topic_name(i) for i in names)


def test_the_page_names_channels_levels_reasons_and_topics_in_dutch():
    html = page.render(figures(), "1d")
    for raw in ("live_chat", "ask_phone_number", "ask_support_plans", "asked_human", "two_misses"):
        assert f"<td>{raw}</td>" not in html, raw
    assert "<td>Live chat</td><td>1</td>" in html and "<td>Webticket</td><td>1</td>" in html
    assert "<td>Niveau 1</td>" in html and "<td>Geen niveau (webticket)</td>" in html
    assert "<td>Telefoonnummers</td><td>2</td><td>1</td>" in html
    assert "<td>Ondersteuningsplannen</td>" in html and "<td>vroeg om een mens</td>" in html


def test_the_terminal_report_names_them_too_and_the_csv_keeps_the_keys():
    report = "\n".join(fmt.report_lines(figures()))
    assert "Tickets per kanaal: Live chat 1, Webticket 1" in report
    assert "Telefoonnummers: 2 / 1" in report and "ask_phone_number" not in report
    assert "tickets_kanaal,periode,live_chat,1" in fmt.csv_text(figures())  # tools read the keys
