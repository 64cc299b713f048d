"""Command line: `python -m bot <command>`."""
from __future__ import annotations

import argparse
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Bolt-NL operations")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("spacy-model", help="build the offline Dutch spaCy pipeline (idempotent)")
    p.add_argument("target", nargs="?", default=str(settings.VAR_DIR / "spacy_nl"))
    p.set_defaults(func=_spacy_model)
    p = sub.add_parser("check-kb", help="load and validate the help content")
    p.add_argument("path", nargs="?", default=None)
    p.set_defaults(func=_check_kb)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
