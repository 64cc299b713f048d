"""Insights (issue 18.4) on fixed seeded data with known totals, on SQLite and PostgreSQL: the SQL
figures, the CSV and the terminal report (the same rows)."""

import datetime as dt
import json

import pytest
import sqlalchemy as sa

from bot.db.models import Agent, AnswerFeedback, SatisfactionScore, Ticket, TicketEvent
from bot.handoff.reasons import handoff_reason
from bot.insights import format as fmt
from bot.insights.queries import compute
from tests.handoff_fixtures import db  # noqa: F401  (fixture)

SINCE, UNTIL = dt.datetime(2026, 11, 16), dt.datetime(2026, 11, 23)  # Monday .. Sunday
EVENTS = sa.Table(
    "events",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("intent_name", sa.String(255)),
    sa.Column("action_name", sa.String(255)),
    sa.Column("data", sa.Text),
)
MISSED = "kan ik zoom op mijn koelkast installeren"


def at(day, hour, minute=0):
    return dt.datetime(2026, 11, day, hour, minute)


def user_event(sender, moment, text, intent="greet"):
    data = {
        "event": "user",
        "text": text,
        "parse_data": {
            "intent": {"name": intent, "confidence": 0.3 if intent == "nlu_fallback" else 0.95},
            "intent_ranking": [],
        },
    }
    return {
        "sender_id": sender,
        "type_name": "user",
        "timestamp": moment.replace(tzinfo=dt.timezone.utc).timestamp(),
        "intent_name": intent,
        "action_name": None,
        "data": json.dumps(data),
    }


def seed(engine):
    EVENTS.create(engine)
    with engine.begin() as c:
        c.execute(
            EVENTS.insert(),
            [
                user_event("c0", at(10, 9), "hallo"),  # before the period
                user_event("c1", at(16, 9), MISSED, "nlu_fallback"),
                user_event("c1", at(16, 9, 1), MISSED, "nlu_fallback"),
                user_event("c2", at(16, 10), "ik wil een medewerker"),
                user_event("c3", at(17, 8), MISSED, "nlu_fallback"),
                user_event("c3", at(17, 8, 5), "wat kost een webinar licentie in belgie", "nlu_fallback"),
                user_event("c4", at(20, 9), "hallo"),
                user_event("c5", at(20, 12), "zoom valt uit"),
                user_event("__readiness__", at(18, 0), "hallo"),
                user_event("c9", at(23, 1), "hallo"),  # after the period
            ],
        )
        piet = c.execute(
            sa.insert(Agent).values(
                login="piet", name="Piet", password_hash="x", online=False, created_at=at(1, 0), session_version=0
            )
        ).inserted_primary_key[0]
        mira = c.execute(
            sa.insert(Agent).values(
                login="mira", name="Mira", password_hash="x", online=False, created_at=at(1, 0), session_version=0
            )
        ).inserted_primary_key[0]

        def ticket(conversation, created, channel, level, priority, reason, **values):
            row = dict(
                conversation_id=conversation,
                channel=channel,
                level=level,
                priority=priority,
                status="resolved",
                subject="s",
                description="d",
                identity={},
                transcript=[],
                created_at=created,
                updated_at=created,
                escalated=False,
                handoff_reason=reason,
                **values,
            )
            return c.execute(sa.insert(Ticket).values(**row)).inserted_primary_key[0]

        t2 = ticket(
            "c2",
            at(16, 10),
            "live_chat",
            2,
            "P1",
            "asked_human",
            first_response_due=at(16, 11),
            first_response_at=at(16, 10, 30),
            resolution_due=at(16, 14),
            resolved_at=at(16, 15),
        )
        ticket("c4", at(20, 9), "webticket", None, "P3", "two_misses")
        t5 = ticket("c5", at(20, 12), "live_chat", 1, "P2", "problem_report", first_response_due=at(20, 16))
        t0 = ticket(  # before the period (the week before: 9-15 November)
            "c0",
            at(10, 9),
            "live_chat",
            1,
            "P1",
            "asked_human",
            first_response_due=at(10, 10),
            first_response_at=at(10, 9, 5),
        )
        c.execute(
            sa.insert(TicketEvent),
            [
                {"ticket_id": t0, "actor": "agent:piet", "kind": "claimed", "created_at": at(10, 9, 5)},
                {"ticket_id": t2, "actor": "agent:piet", "kind": "claimed", "created_at": at(16, 10, 20)},
                {"ticket_id": t2, "actor": "agent:piet", "kind": "claimed", "created_at": at(16, 12)},  # first counts
                {"ticket_id": t5, "actor": "agent:mira", "kind": "claimed", "created_at": at(20, 12, 10)},
            ],
        )
        c.execute(
            sa.insert(AnswerFeedback),
            [
                {"conversation_id": "c1", "answer_topic": "phone", "rating": 1, "created_at": at(16, 9)},
                {"conversation_id": "c2", "answer_topic": "phone", "rating": 1, "created_at": at(17, 9)},
                {"conversation_id": "c3", "answer_topic": "phone", "rating": -1, "created_at": at(18, 9)},
                {"conversation_id": "c3", "answer_topic": "plans", "rating": -1, "created_at": at(18, 9)},
                {"conversation_id": "c0", "answer_topic": "plans", "rating": 1, "created_at": at(10, 9)},
            ],
        )
        c.execute(
            sa.insert(SatisfactionScore),
            [
                {"ticket_id": t2, "agent_id": piet, "score": 5, "created_at": at(16, 16)},
                {"ticket_id": t5, "agent_id": mira, "score": 2, "created_at": at(21, 9)},
                {"ticket_id": t0, "agent_id": piet, "score": 3, "created_at": at(10, 10)},  # before the period
            ],
        )


@pytest.fixture
def insights(db):  # noqa: F811
    seed(db.engine)
    return compute(db.engine, db.engine, SINCE, UNTIL, tracker_url=db.url, now=UNTIL)


def test_conversations_and_deflection_per_day_and_week(insights):
    days = {d.day.day: (d.conversations, d.deflected, d.tickets) for d in insights.days}
    assert days == {
        16: (2, 1, 1),
        17: (1, 1, 0),
        18: (0, 0, 0),
        19: (0, 0, 0),
        20: (2, 0, 2),
        21: (0, 0, 0),
        22: (0, 0, 0),
    }
    assert (insights.conversations, insights.deflected) == (5, 2)
    [week] = insights.weeks()
    assert (week.day, week.conversations, week.deflected, week.tickets) == (dt.date(2026, 11, 16), 5, 2, 3)


def test_handoffs_by_reason_and_tickets_per_channel_level_priority(insights):
    assert insights.handoffs_by_reason == {"asked_human": 1, "problem_report": 1, "two_misses": 1}
    assert insights.tickets_by_channel == {"live_chat": 2, "webticket": 1}
    assert insights.tickets_by_level == {"1": 1, "2": 1, "-": 1}
    assert insights.tickets_by_priority == {"P1": 1, "P2": 1, "P3": 1}


def test_sla_met_per_priority_and_median_wait(insights):
    assert [(s.priority, s.first_met, s.first_total, s.restore_met, s.restore_total) for s in insights.sla] == [
        ("P1", 1, 1, 0, 1),
        ("P2", 0, 1, 0, 0),
    ]
    assert insights.median_queue_wait_seconds == 15 * 60  # 20 and 10 minutes


def test_thumbs_satisfaction_and_unanswered(insights):
    assert insights.thumbs == [("phone", 2, 1), ("plans", 0, 1)]
    assert insights.satisfaction == [("Mira (mira)", 2.0, 1), ("Piet (piet)", 5.0, 1)]
    assert [(text, n) for text, n, _ in insights.unanswered] == [
        (MISSED, 3),
        ("wat kost een webinar licentie in belgie", 1),
    ]


def figures(row):
    sla = [(s.priority, s.first_met, s.first_total, s.restore_met, s.restore_total) for s in row.sla]
    return sla, row.median_queue_wait_seconds, row.thumbs, row.satisfaction


NOTHING = ([], None, [], [])


def test_sla_wait_thumbs_and_satisfaction_per_day(insights):
    days = {d.day.day: figures(d) for d in insights.days}
    assert days == {
        16: ([("P1", 1, 1, 0, 1)], 20 * 60, [("phone", 1, 0)], [("Piet (piet)", 5.0, 1)]),
        17: ([], None, [("phone", 1, 0)], []),
        18: ([], None, [("phone", 0, 1), ("plans", 0, 1)], []),
        19: NOTHING,  # a day with no data at all
        20: ([("P2", 0, 1, 0, 0)], 10 * 60, [], []),
        21: ([], None, [], [("Mira (mira)", 2.0, 1)]),
        22: NOTHING,
    }
    [week] = insights.weeks()
    assert figures(week) == (
        [("P1", 1, 1, 0, 1), ("P2", 0, 1, 0, 0)],
        15 * 60,
        [("phone", 2, 1), ("plans", 0, 1)],
        [("Mira (mira)", 2.0, 1), ("Piet (piet)", 5.0, 1)],
    )


def test_sla_wait_thumbs_and_satisfaction_per_iso_week(db):  # noqa: F811
    seed(db.engine)
    two_weeks = compute(db.engine, db.engine, dt.datetime(2026, 11, 9), UNTIL, now=UNTIL)
    weeks = {w.day: figures(w) for w in two_weeks.weeks()}
    assert weeks == {
        dt.date(2026, 11, 9): ([("P1", 1, 1, 0, 0)], 5 * 60, [("plans", 1, 0)], [("Piet (piet)", 3.0, 1)]),
        dt.date(2026, 11, 16): (
            [("P1", 1, 1, 0, 1), ("P2", 0, 1, 0, 0)],
            15 * 60,
            [("phone", 2, 1), ("plans", 0, 1)],
            [("Mira (mira)", 2.0, 1), ("Piet (piet)", 5.0, 1)],
        ),
    }
    assert figures(two_weeks.days[0]) == NOTHING  # Monday 9 November
    # the period's totals are the weeks' together (the median over all three waits: 5, 20, 10 minutes)
    assert [(s.priority, s.first_met, s.first_total, s.restore_met, s.restore_total) for s in two_weeks.sla] == [
        ("P1", 2, 2, 0, 1),
        ("P2", 0, 1, 0, 0),
    ]
    assert two_weeks.median_queue_wait_seconds == 10 * 60
    assert two_weeks.thumbs == [("phone", 2, 1), ("plans", 1, 1)]
    assert two_weeks.satisfaction == [("Mira (mira)", 2.0, 1), ("Piet (piet)", 4.0, 2)]


def test_two_agents_of_the_same_name_are_two_rows(db):  # noqa: F811
    """Satisfaction is grouped by agent id (issue 17.4): two agents called "Sanne" are not merged."""
    with db.engine.begin() as c:
        sannes = [
            c.execute(
                sa.insert(Agent).values(
                    login=login, name="Sanne", password_hash="x", online=False, created_at=at(1, 0), session_version=0
                )
            ).inserted_primary_key[0]
            for login in ("sanne.a", "sanne.b")
        ]
        tickets = [
            c.execute(
                sa.insert(Ticket).values(
                    conversation_id=f"s{n}",
                    channel="live_chat",
                    level=1,
                    priority="P3",
                    status="resolved",
                    subject="s",
                    description="d",
                    identity={},
                    transcript=[],
                    created_at=at(17, 9),
                    updated_at=at(17, 9),
                    escalated=False,
                )
            ).inserted_primary_key[0]
            for n in range(3)
        ]
        c.execute(
            sa.insert(SatisfactionScore),
            [
                {"ticket_id": tickets[0], "agent_id": sannes[0], "score": 5, "created_at": at(17, 10)},
                {"ticket_id": tickets[1], "agent_id": sannes[0], "score": 4, "created_at": at(18, 10)},
                {"ticket_id": tickets[2], "agent_id": sannes[1], "score": 1, "created_at": at(17, 11)},
            ],
        )
    found = compute(db.engine, None, SINCE, UNTIL, now=UNTIL)
    assert found.satisfaction == [("Sanne (sanne.a)", 4.5, 2), ("Sanne (sanne.b)", 1.0, 1)]
    by_day = {row.day.day: row.satisfaction for row in found.days}
    assert by_day[17] == [("Sanne (sanne.a)", 5.0, 1), ("Sanne (sanne.b)", 1.0, 1)]
    assert by_day[18] == [("Sanne (sanne.a)", 4.0, 1)]
    assert [row[1] for row in fmt.rows(found) if row[0] == "tevredenheid"] == ["Sanne (sanne.a)"] * 2 + [
        "Sanne (sanne.b)"
    ] * 2


def test_csv_and_report_carry_the_figures_per_day_and_week(insights):
    text = fmt.csv_text(insights)
    assert "per_dag,2026-11-16,sla_eerste_respons_P1_gehaald,1,day" in text
    assert "per_dag,2026-11-16,sla_herstel_P1_totaal,1,day" in text
    assert "per_dag,2026-11-20,sla_eerste_respons_P2_totaal,1,day" in text
    assert "per_dag,2026-11-16,mediaan_wachttijd_seconden,1200,day" in text
    assert "per_dag,2026-11-19,mediaan_wachttijd_seconden,,day" in text
    assert "per_dag,2026-11-18,duimpjes_plans_omlaag,1,day" in text
    assert "per_dag,2026-11-21,tevredenheid_Mira (mira)_gemiddeld,2.0,day" in text
    assert "per_week,2026-W47,mediaan_wachttijd_seconden,900,week" in text
    assert "per_week,2026-W47,duimpjes_phone_omhoog,2,week" in text
    assert "per_week,2026-W47,tevredenheid_Piet (piet)_aantal,1,week" in text
    assert "per_week,2026-W47,sla_eerste_respons_P2_gehaald,0,week" in text
    assert not [line for line in text.splitlines() if "per_dag,2026-11-19,sla" in line or "2026-11-19,duim" in line]
    report = "\n".join(fmt.report_lines(insights))
    assert (
        "  2026-11-16  SLA eerste respons: P1 1/1 (100%); SLA herstel: P1 0/1 (0%); "
        "Mediane wachttijd: 20 min 00 s; Duimpjes omhoog/omlaag: phone 1/0; Tevredenheid: Piet (piet) 5.00 (1)"
    ) in report
    assert (
        "  2026-11-19  SLA eerste respons: -; SLA herstel: -; Mediane wachttijd: -; "
        "Duimpjes omhoog/omlaag: -; Tevredenheid: -"
    ) in report
    assert "  week 47 (2026-11-16)  SLA eerste respons: P1 1/1 (100%), P2 0/1 (0%);" in report


def test_csv_and_report_carry_the_same_figures(insights):
    text = fmt.csv_text(insights)
    assert text.splitlines()[0] == "sectie,periode_of_groep,sleutel,waarde,period"
    assert "totaal,periode,gesprekken,5,total" in text and "per_dag,2026-11-20,tickets,2,day" in text
    assert "sla_eerste_respons,P1,gehaald,1,total" in text and "per_week,2026-W47,gesprekken,5,week" in text
    assert "totaal,periode,gesprekken,5" in text and "totaal,periode,deflectie,40%" in text
    assert "per_dag,2026-11-20,tickets,2" in text and "per_week,2026-W47,gesprekken,5" in text
    assert "sla_eerste_respons,P1,gehaald,1" in text and "wachtrij,periode,mediaan_wachttijd_seconden,900" in text
    assert f",{MISSED},3" in text and "tevredenheid,Piet (piet),gemiddeld,5.0" in text
    report = "\n".join(fmt.report_lines(insights))
    assert "Gesprekken: 5; door de bot beantwoord zonder overdracht: 2 (40%)" in report
    assert "P1: 1/1 (100%), 0/1 (0%)" in report and "15 min 00 s" in report and f"   3x  {MISSED}" in report


def test_since_parsing():
    now = dt.datetime(2026, 11, 27, 12)
    assert fmt.parse_since("7d", now) == dt.datetime(2026, 11, 20, 12)
    assert fmt.parse_since("24h", now) == dt.datetime(2026, 11, 26, 12)
    assert fmt.parse_since("2026-11-01", now) == dt.datetime(2026, 11, 1)


@pytest.mark.parametrize(
    "events, reason",
    [
        (
            [
                {"event": "user", "parse_data": {"intent": {"name": "request_human"}}},
                {"event": "action", "name": "action_start_handoff"},
            ],
            "asked_human",
        ),
        (
            [
                {"event": "user", "parse_data": {"intent": {"name": "nlu_fallback"}}},
                {"event": "action", "name": "action_handle_fallback"},
                {"event": "action", "name": "action_start_handoff"},
            ],
            "two_misses",
        ),
        (
            [
                {"event": "user", "parse_data": {"intent": {"name": "report_problem"}}},
                {"event": "action", "name": "action_answer_problem"},
                {"event": "action", "name": "action_start_handoff"},
            ],
            "problem_report",
        ),
        (
            [
                {"event": "user", "parse_data": {"intent": {"name": "not_helpful"}}},
                {"event": "action", "name": "action_answer_not_helpful"},
                {"event": "action", "name": "action_start_handoff"},
            ],
            "not_helpful",
        ),
        ([{"event": "user", "parse_data": {"intent": {"name": "greet"}}}], "other"),
    ],
)
def test_handoff_reason_from_the_conversation(events, reason):
    assert handoff_reason(events) == reason


def test_page_shows_the_figures_and_links_the_charts_and_csv(insights):
    from bot.insights import page

    html = page.render(insights, "7d")
    assert "Gesprekken: <strong>5</strong>; door de bot beantwoord zonder overdracht: <strong>2</strong> (40%)" in html
    assert "/console/insights/conversations.png?since=7d" in html and "/console/insights.csv?since=7d" in html
    assert "<td>P1</td><td>1/1 (100%)</td><td>0/1 (0%)</td>" in html and f"<td>{MISSED}</td><td>3</td>" in html
    assert "<script" not in html
    assert "<caption>SLA gehaald, mediane wachttijd, duimpjes en tevredenheid per dag</caption>" in html
    assert (
        "<tr><td>2026-11-16</td><td>P1 1/1 (100%)</td><td>P1 0/1 (0%)</td><td>20 min 00 s</td>"
        "<td>phone 1/0</td><td>Piet (piet) 5.00 (1)</td></tr>"
    ) in html
    assert "<tr><td>2026-11-19</td><td>-</td><td>-</td><td>-</td><td>-</td><td>-</td></tr>" in html
    assert "per week</caption>" in html and "<td>Mira (mira) 2.00 (1), Piet (piet) 5.00 (1)</td>" in html
    assert "over de hele gekozen periode" in html  # the top 20 stays per period


def test_charts_are_png_images(insights):
    from bot.insights import charts

    for png in (
        charts.conversations_png(insights),
        charts.conversations_png(insights, by_week=True),
        charts.reasons_png(insights),
    ):
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 1000


def test_report_command_prints_the_same_figures(db, tmp_path):  # noqa: F811
    import os
    import subprocess
    import sys
    from pathlib import Path

    if db.dialect != "sqlite":
        pytest.skip("the command on SQLite; the queries run on both above")
    seed(db.engine)
    root = Path(__file__).resolve().parents[2]
    env = {"BOT_DB_URL": db.url, "BOT_TRACKER_DB_URL": db.url, "PATH": os.environ["PATH"], "PYTHONPATH": str(root)}
    run = [sys.executable, "-m", "bot", "report", "--since", "2026-11-16"]
    text = subprocess.run(run, cwd=root, env=env, capture_output=True, text=True, check=True).stdout
    # until now: c9 (23 November) counts too: 6 conversations, 3 of them handed off
    assert "Gesprekken: 6; door de bot beantwoord zonder overdracht: 3 (50%)" in text
    assert "vroeg om een mens: 1" in text and "P1: 1/1 (100%), 0/1 (0%)" in text
    csv = subprocess.run(run + ["--csv"], cwd=root, env=env, capture_output=True, text=True, check=True).stdout
    assert "totaal,periode,gesprekken,6" in csv and "tickets_kanaal,periode,webticket,1" in csv
