"""Command line: `python -m bot <command>`."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import List, Optional

from bot import settings


def _spacy_model(args: argparse.Namespace) -> int:
    from bot.nlu.spacy_model import ensure_dutch_pipeline

    print(ensure_dutch_pipeline(Path(args.target)))
    return 0


def _check_kb(args: argparse.Namespace) -> int:
    from bot.kb import KnowledgeBaseError, load_knowledge_base

    try:
        kb = load_knowledge_base(args.path)
    except KnowledgeBaseError as error:
        print(f"FOUT: {error}", file=sys.stderr)
        return 1
    print(f"OK: {len(kb.plans)} plannen, {len(kb.countries_with_numbers())} landen met nummer, "
          f"{len(kb.priorities)} prioriteiten")
    return 0


def _tickets_list(args: argparse.Namespace) -> int:
    from bot.db.session import database
    from bot.handoff.tickets import TicketService
    from bot.kb import default_knowledge_base

    tickets = [t.summary() for t in TicketService(database(), default_knowledge_base()).all()]
    if args.json:
        print(json.dumps(tickets, ensure_ascii=False, indent=2))
    else:
        for t in tickets:
            print(f"{t['reference']}  {t['status']:<15} {t['channel']:<10} niveau {t['level'] or '-'}  "
                  f"{t['priority']}  {t['created_at']}  {'ESCALATED' if t['escalated'] else ''}")
    return 0


def _agents_add(args: argparse.Namespace) -> int:
    from bot.db.session import database
    from bot.handoff.agents import AgentService

    password = sys.stdin.readline().rstrip("\n")
    try:
        agent = AgentService(database()).add(args.name, password)
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


def _validate(args: argparse.Namespace) -> int:
    from bot.trainer.validate import Project, validate

    findings = validate(Project.at(Path(args.project)), run_rasa=not args.skip_rasa)
    for warning in findings.warnings:
        print(f"waarschuwing: {warning}")
    for error in findings.errors:
        print(f"FOUT: {error}", file=sys.stderr)
    print(f"{len(findings.errors)} fouten, {len(findings.warnings)} waarschuwingen")
    return 0 if findings.ok else 1


def _train(args: argparse.Namespace) -> int:
    import subprocess
    import time

    model = Path(args.project) / args.out / f"{args.name}.tar.gz"
    command = [str(Path(sys.executable).parent / "rasa"), "train", "--fixed-model-name", args.name, "--out", args.out]
    if model.exists() and not args.force:
        # Rasa's fingerprint check: exit 0 means data, config and domain are unchanged
        if subprocess.run(command + ["--dry-run"], cwd=args.project, capture_output=True).returncode == 0:
            print(f"Model is actueel: data en config ongewijzigd, niet opnieuw getraind ({model}).")
            return 0
    started = time.monotonic()
    result = subprocess.run(command + (["--force"] if args.force else []), cwd=args.project)
    if result.returncode != 0:
        print(f"FOUT: training mislukt (exit {result.returncode})", file=sys.stderr)
        return result.returncode
    print(f"Getraind in {time.monotonic() - started:.1f} s: {model}")
    return 0


def _evaluate(args: argparse.Namespace) -> int:
    from bot.trainer.evaluate import run

    report = run(Path(args.project), Path(args.model), Path(args.test), Path(args.reports), folds=args.folds,
                 config=Path(args.config) if args.config else None)
    print(f"Rapport: {report}")
    return 0


def _inbox(args: argparse.Namespace) -> int:
    from bot.trainer.inbox import collect, export

    items = collect(args.db or settings.tracker_db_url(), threshold=args.threshold)
    if args.export:
        export(items, Path(args.export))
        print(f"{len(items)} berichten geëxporteerd naar {args.export}")
        return 0
    for item in items:
        print(f"{item.last_seen:%Y-%m-%d %H:%M}  {item.count:>3}×  {item.predicted or '-':<24} "
              f"{item.confidence:.2f}  {item.text}")
    if not items:
        print("Geen onbegrepen berichten.")
    return 0


def _reload(args: argparse.Namespace) -> int:
    import httpx

    from bot.local_secrets import api_token

    model = Path(args.model).resolve()
    try:
        response = httpx.put(f"{args.url}/model", params={"token": api_token()},
                             json={"model_file": str(model)}, timeout=300)
    except httpx.HTTPError as error:
        print(f"FOUT: server niet bereikbaar: {error}", file=sys.stderr)
        return 1
    if response.status_code != 204:
        print(f"FOUT: herladen mislukt ({response.status_code}): {response.text[:300]}", file=sys.stderr)
        return 1
    print(f"Model herladen zonder herstart: {model}")
    return 0


def _api_token(args: argparse.Namespace) -> int:
    from bot.local_secrets import api_token

    print(api_token())
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Bolt-NL operations")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("spacy-model", help="build the offline Dutch spaCy pipeline (idempotent)")
    p.add_argument("target", nargs="?", default=str(settings.VAR_DIR / "spacy_nl"))
    p.set_defaults(func=_spacy_model)
    p = sub.add_parser("check-kb", help="load and validate the help content")
    p.add_argument("path", nargs="?", default=None)
    p.set_defaults(func=_check_kb)
    sub.add_parser("migrate", help="alembic upgrade head on BOT_DB_URL").set_defaults(func=_migrate)
    p = sub.add_parser("validate", help="rasa data validate plus Bolt-NL's own checks")
    p.add_argument("--project", default=str(settings.ROOT))
    p.add_argument("--skip-rasa", action="store_true", help="only Bolt-NL's own checks")
    p.set_defaults(func=_validate)
    p = sub.add_parser("train", help="train if data or config changed; report the time")
    p.add_argument("--project", default=str(settings.ROOT))
    p.add_argument("--out", default="models")
    p.add_argument("--name", default="bolt-nl")
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=_train)
    p = sub.add_parser("evaluate", help="held-out test set (+ k-fold cross-validation) -> reports/")
    p.add_argument("--project", default=str(settings.ROOT))
    p.add_argument("--model", default=str(settings.ROOT / "models" / "bolt-nl.tar.gz"))
    p.add_argument("--test", default=str(settings.ROOT / "tests" / "nlu" / "heldout.yml"))
    p.add_argument("--reports", default=str(settings.ROOT / "reports"))
    p.add_argument("--folds", type=int, default=3, help="0 skips cross-validation")
    p.add_argument("--config", default=None, help="pipeline for cross-validation (default: config.yml)")
    p.set_defaults(func=_evaluate)
    p = sub.add_parser("inbox", help="user messages the bot did not understand")
    p.add_argument("--db", default=None, help="tracker store URL (default: BOT_TRACKER_DB_URL)")
    p.add_argument("--threshold", type=float, default=0.6)
    p.add_argument("--export", metavar="FILE", help="write them as Rasa NLU YAML to annotate")
    p.set_defaults(func=_inbox)
    p = sub.add_parser("reload", help="load a newly trained model into the running server, no restart")
    p.add_argument("--url", default="http://127.0.0.1:5005")
    p.add_argument("--model", default=str(settings.ROOT / "models" / "bolt-nl.tar.gz"))
    p.set_defaults(func=_reload)
    sub.add_parser("api-token", help="print the Rasa HTTP API token").set_defaults(func=_api_token)
    tickets = sub.add_parser("tickets", help="tickets").add_subparsers(dest="tickets_command", required=True)
    p = tickets.add_parser("list", help="all tickets")
    p.add_argument("--json", action="store_true", help="a JSON array")
    p.set_defaults(func=_tickets_list)
    agents = sub.add_parser("agents", help="support agents").add_subparsers(dest="agents_command", required=True)
    p = agents.add_parser("add", help="create an agent; the password is read from standard input")
    p.add_argument("name")
    p.set_defaults(func=_agents_add)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
