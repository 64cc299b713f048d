"""Command line: `python -m bot <command>`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot import settings

if TYPE_CHECKING:
    from bot.db.session import Database


def _spacy_model(args: argparse.Namespace) -> int:
    from bot.nlu.spacy_model import ensure_dutch_pipeline

    print(ensure_dutch_pipeline(Path(args.target)))
    return 0


def _migrated_database() -> Database:
    """The tickets database (BOT_DB_URL); DatabaseNotMigrated when `python -m bot migrate` has not run."""
    from bot.db.session import database, require_migrated

    db = database()
    require_migrated(db.url, db.engine)
    return db


def _tickets_list(args: argparse.Namespace) -> int:
    from bot.handoff.tickets import TicketService
    from bot.kb import default_knowledge_base

    tickets = [t.summary() for t in TicketService(_migrated_database(), default_knowledge_base()).all()]
    if args.json:
        print(json.dumps(tickets, ensure_ascii=False, indent=2))
    else:
        for t in tickets:
            print(
                f"{t['reference']}  {t['status']:<15} {t['channel']:<10} niveau {t['level'] or '-'}  "
                f"{t['priority']}  {t['created_at']}  {'ESCALATED' if t['escalated'] else ''}"
            )
    return 0


def _agents_add(args: argparse.Namespace) -> int:
    from bot.handoff.agents import AgentService

    db = _migrated_database()
    password = sys.stdin.readline().rstrip("\n")
    try:
        agent = AgentService(db).add(args.name, password)
    except ValueError as error:
        print(f"FOUT: {error}", file=sys.stderr)
        return 1
    print(f"agent toegevoegd: {agent.login}")
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from bot.db.session import migrate
    from bot.stores.database import DatabaseUnavailable

    try:
        migrate(settings.tickets_db_url())
    except DatabaseUnavailable as error:
        print(f"FOUT: {error}", file=sys.stderr)
        return 1
    return 0


def _api_token(args: argparse.Namespace) -> int:
    from bot.local_secrets import api_token

    print(api_token())
    return 0


def build_parser() -> argparse.ArgumentParser:
    from bot.insights.cli import add_agent_role_command, add_report_command
    from bot.privacy.cli import add_privacy_commands
    from bot.trainer import commands as trainer

    parser = argparse.ArgumentParser(prog="python -m bot", description="Bolt-NL operations")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("spacy-model", help="build the offline Dutch spaCy pipeline (idempotent)")
    p.add_argument("target", nargs="?", default=str(settings.VAR_DIR / "spacy_nl"))
    p.set_defaults(func=_spacy_model)
    trainer.add_check_kb(sub)
    sub.add_parser("migrate", help="alembic upgrade head on BOT_DB_URL").set_defaults(func=_migrate)
    trainer.add_trainer_commands(sub)
    sub.add_parser("api-token", help="print the Rasa HTTP API token").set_defaults(func=_api_token)
    tickets = sub.add_parser("tickets", help="tickets").add_subparsers(dest="tickets_command", required=True)
    p = tickets.add_parser("list", help="all tickets")
    p.add_argument("--json", action="store_true", help="a JSON array")
    p.set_defaults(func=_tickets_list)
    agents = sub.add_parser("agents", help="support agents").add_subparsers(dest="agents_command", required=True)
    p = agents.add_parser("add", help="create an agent; the password is read from standard input")
    p.add_argument("name")
    p.set_defaults(func=_agents_add)
    add_agent_role_command(agents)
    add_report_command(sub)
    add_privacy_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from bot.trainer.commands import quiet_environment

    quiet_environment()  # what the Makefile sets, also for direct `python -m bot ...` runs
    args = build_parser().parse_args(argv)
    from bot.db.session import DatabaseNotMigrated

    try:
        return args.func(args)
    except DatabaseNotMigrated as error:
        print(f"FOUT: {error}", file=sys.stderr)
        return 1
