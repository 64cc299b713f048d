"""`python -m bot privacy forget <user>` and `python -m bot privacy retention [--dry-run]`."""

from __future__ import annotations

import argparse
import json
import sys


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _counts(conversations: int, events: int, verb_removed: str, tickets: int, messages: int, verb_tickets: str) -> str:
    return (
        f"{verb_removed}: {_n(conversations, 'gesprek', 'gesprekken')} "
        f"({_n(events, 'gebeurtenis', 'gebeurtenissen')}); "
        f"{verb_tickets}: {_n(tickets, 'ticket', 'tickets')} ({_n(messages, 'bericht', 'berichten')})"
    )


def _databases():
    from bot import settings
    from bot.db.session import database
    from bot.privacy.engines import engine_for

    return engine_for(settings.tracker_db_url()), database()


def _forget(args: argparse.Namespace) -> int:
    from bot.privacy.forget import forget

    tracker, db = _databases()
    try:
        report = forget(tracker, db, args.user)
    except ValueError as error:
        print(f"FOUT: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        print(
            _counts(
                report.conversations, report.events, "verwijderd", report.tickets, report.messages, "geanonimiseerd"
            )
        )
    return 0


def _retention(args: argparse.Namespace) -> int:
    from bot.db.models import utcnow
    from bot.privacy.retention import apply_retention, retention_days

    try:
        days = retention_days()
    except ValueError as error:
        print(f"FOUT: {error}", file=sys.stderr)
        return 1
    tracker, db = _databases()
    report = apply_retention(tracker, db, days, utcnow(), dry_run=args.dry_run)
    if args.json:
        print(json.dumps(report.as_dict()))
    elif days <= 0:
        print("BOT_RETENTION_DAYS=0: alles wordt bewaard, niets verwijderd")
    else:
        removed, anonymised = (
            ("zou verwijderen", "zou anonimiseren") if args.dry_run else ("verwijderd", "geanonimiseerd")
        )
        print(
            f"bewaartermijn {days} dagen (ouder dan {report.cutoff:%Y-%m-%d %H:%M} UTC): "
            + _counts(report.conversations, report.events, removed, report.tickets, report.messages, anonymised)
        )
    return 0


def add_privacy_commands(sub: argparse._SubParsersAction) -> None:
    privacy = sub.add_parser("privacy", help="privacy (GDPR): forget a user, apply the retention period")
    commands = privacy.add_subparsers(dest="privacy_command", required=True)
    p = commands.add_parser("forget", help="remove a user's conversations and anonymise their tickets")
    p.add_argument("user", help="the verified user id (token sub) or e-mail address")
    p.add_argument("--json", action="store_true", help="the counts as JSON")
    p.set_defaults(func=_forget)
    p = commands.add_parser("retention", help="delete conversations and transcripts older than BOT_RETENTION_DAYS")
    p.add_argument("--dry-run", action="store_true", help="only count what would be removed")
    p.add_argument("--json", action="store_true", help="the counts as JSON")
    p.set_defaults(func=_retention)
