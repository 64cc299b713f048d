"""`python -m bot report --since 7d` (the insights in the terminal) and `python -m bot agents role LOGIN ROLE`."""

from __future__ import annotations

import argparse
import sys

import sqlalchemy as sa

from bot.vocabulary import AgentRole


def _report(args: argparse.Namespace) -> int:
    from bot import settings
    from bot.db.models import utcnow
    from bot.db.session import require_migrated
    from bot.insights.format import csv_text, parse_since, report_lines
    from bot.insights.queries import insights_for

    require_migrated(settings.tickets_db_url())  # the figures need migration 0004's columns
    now = utcnow()
    try:
        since = parse_since(args.since, now)
    except ValueError:
        print(f"FOUT: --since {args.since!r}: gebruik bijvoorbeeld 7d, 24h, 2w of 2026-11-01", file=sys.stderr)
        return 2
    insights = insights_for(settings.tickets_db_url(), settings.tracker_db_url(), since, now)
    print(csv_text(insights) if args.csv else "\n".join(report_lines(insights)), end="" if args.csv else "\n")
    return 0


def _agent_role(args: argparse.Namespace) -> int:
    from bot.cli import _migrated_database
    from bot.db.models import Agent

    with _migrated_database().session() as s:
        done = s.execute(sa.update(Agent).where(Agent.login == args.login).values(role=args.role)).rowcount
    if not done:
        print(f"FOUT: agent '{args.login}' bestaat niet", file=sys.stderr)
        return 1
    print(f"{args.login}: rol {args.role}")
    return 0


def add_report_command(sub) -> None:
    p = sub.add_parser("report", help="insights for the support team (the figures of /console/insights)")
    p.add_argument("--since", default="7d", help="7d, 24h, 2w or a date (default 7d)")
    p.add_argument("--csv", action="store_true", help="CSV, as /console/insights.csv")
    p.set_defaults(func=_report)


def add_agent_role_command(agents) -> None:
    p = agents.add_parser("role", help="set an agent's role (supervisor: sees /console/insights)")
    p.add_argument("login")
    p.add_argument("role", choices=AgentRole.values())
    p.set_defaults(func=_agent_role)
