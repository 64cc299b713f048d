"""The trainer's commands behind `python -m bot check-kb|validate|train|evaluate|inbox|reload|deploy`."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bot import settings
from bot.vocabulary import Intent


def quiet_environment() -> None:
    """What the Makefile sets, for direct `python -m bot ...` runs and the Rasa commands they start:
    no deprecation warnings from the libraries (ours, from bot/ and actions/, are shown: bot/__init__.py),
    no TensorFlow info lines (Rasa's debug lines: see bot.trainer.evaluate.quiet_rasa)."""
    from bot import show_own_deprecations

    # the environment of the processes started from here (their interpreter reads it, not our settings)
    os.environ.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")  # training sends nothing to RasaHQ either
    show_own_deprecations()  # again: filters set since the import (a library's) go behind ours


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _show(text: str) -> None:
    sys.stderr.write(text)
    sys.stderr.flush()


# --- check-kb -----------------------------------------------------------------------------------------


def _example_files(root: Path) -> list[Path]:
    return sorted((root / "data" / "nlu").glob("*.yml")) + [root / "tests" / "nlu" / "heldout.yml"]


def check_kb(path: Path | None, root: Path, against: Path | None = None, limit: int = 40) -> int:
    from bot.kb import KnowledgeBaseError, load_knowledge_base
    from bot.kb.loader import DEFAULT_PATH
    from bot.trainer import kb_check
    from bot.trainer.fingerprint import snapshot_path

    path = path or DEFAULT_PATH
    findings = kb_check.check(path)
    for error in findings.errors:
        _err(f"FOUT: {error}")
    if findings.ok:
        kb = load_knowledge_base(path)
        print(
            f"OK: {len(kb.plans)} plannen, {len(kb.countries_with_numbers())} landen met nummer, "
            f"{len(kb.priorities)} prioriteiten"
        )
    else:
        _err(f"{len(findings.errors)} fouten: de hulpinhoud is niet goedgekeurd")
        try:  # still show what the edit would do to the examples
            kb = load_knowledge_base(path)
        except KnowledgeBaseError:
            return 1
    code = 0 if findings.ok else 1
    if against is not None:
        try:
            before, what = load_knowledge_base(against), str(against)
        except KnowledgeBaseError as error:
            before, what = None, f"{against} is niet te lezen: {error}"
    else:
        before, what = kb_check.previous_knowledge_base(
            root / "data" / "help" / "support.yml", snapshot_path(root / "models" / "bolt-nl.tar.gz"), root
        )
    if before is None:
        print(f"Geen vergelijking van entiteiten: {what}.")
        return code
    changes = kb_check.entity_changes(before, kb, _example_files(root), root)
    if not changes:
        print(f"Entiteiten in de trainings- en testvoorbeelden: ongewijzigd t.o.v. {what}.")
        return code
    print(f"{len(changes)} trainings- en testvoorbeelden krijgen andere entiteiten dan met {what}:")
    for change in changes[:limit]:
        print(
            f"  {change.where}: '{change.text}'\n      was: {', '.join(change.before) or 'geen'}"
            f"\n      nu:  {', '.join(change.after) or 'geen'}"
        )
    if len(changes) > limit:
        print(f"  ... en nog {len(changes) - limit}")
    return code


def _check_kb(args: argparse.Namespace) -> int:
    if args.list_words:
        import yaml

        from bot.trainer.kb_check import everyday_word_aliases

        print(
            yaml.safe_dump(
                {"everyday_words": everyday_word_aliases(args.path)},
                allow_unicode=True,
                default_flow_style=None,
                sort_keys=False,
            ),
            end="",
        )
        return 0
    return check_kb(
        Path(args.path) if args.path else None, Path(args.project), Path(args.against) if args.against else None
    )


# --- validate -----------------------------------------------------------------------------------------


def validate(root: Path, run_rasa: bool = True) -> int:
    from bot.trainer.validate import Project
    from bot.trainer.validate import validate as run_validate

    findings = run_validate(Project.at(root), run_rasa=run_rasa)
    for warning in findings.warnings:
        print(f"waarschuwing: {warning}")
    for error in findings.errors:
        _err(f"FOUT: {error}")
    print(f"{len(findings.errors)} fouten, {len(findings.warnings)} waarschuwingen")
    return 0 if findings.ok else 1


def _validate(args: argparse.Namespace) -> int:
    return validate(Path(args.project), run_rasa=not args.skip_rasa)


# --- train --------------------------------------------------------------------------------------------


def _rasa_env() -> dict:
    path = os.pathsep.join(p for p in (str(settings.ROOT), os.environ.get("PYTHONPATH")) if p)
    return {
        **os.environ,
        "PYTHONWARNINGS": os.environ.get("PYTHONWARNINGS") or "ignore::DeprecationWarning",
        "TF_CPP_MIN_LOG_LEVEL": os.environ.get("TF_CPP_MIN_LOG_LEVEL") or "2",
        "PYTHONPATH": path,
    }


def rasa_command(*args: str) -> list[str]:
    """Rasa's command line, quiet (bot/trainer/quiet_rasa.py)."""
    return [sys.executable, "-m", "bot.trainer.quiet_rasa", *args]


def is_current(project: Path, out: str, name: str) -> tuple[bool, str]:
    """(current, why not) for the model <out>/<name>.tar.gz: Rasa's fingerprint plus the help content."""
    from bot.trainer.fingerprint import kb_is_current
    from bot.trainer.validate import Project

    model = project / out / f"{name}.tar.gz"
    if not model.exists():
        return False, "er is nog geen model"
    command = rasa_command("train", "--fixed-model-name", name, "--out", out, "--dry-run")
    # Rasa's fingerprint check: exit 0 means data, config and domain are unchanged
    if subprocess.run(command, cwd=project, capture_output=True, env=_rasa_env()).returncode != 0:
        return False, "data, domain of config gewijzigd"
    return kb_is_current(model, Project.at(project).kb, project / "domain.yml")


def train(project: Path, out: str = "models", name: str = "bolt-nl", force: bool = False) -> tuple[int, Path]:
    from bot.trainer.fingerprint import record
    from bot.trainer.validate import Project

    model = project / out / f"{name}.tar.gz"
    if not force:
        current, why = is_current(project, out, name)
        if current:
            print(f"Model is actueel: data, config en kennisbank ongewijzigd, niet opnieuw getraind ({model}).")
            return 0, model
        print(f"Trainen: {why}.", flush=True)
        # Rasa itself does not see a help-content change: make it train anyway
        # (a changed domain.yml alone: Rasa re-packages the model with cached components, no --force)
        force = why not in (
            "data, domain of config gewijzigd",
            "er is nog geen model",
            "domain.yml is gewijzigd (antwoorden)",
        )
    command = rasa_command("train", "--fixed-model-name", name, "--out", out)
    started = time.monotonic()
    result = subprocess.run(command + (["--force"] if force else []), cwd=project, env=_rasa_env())
    if result.returncode != 0:
        _err(f"FOUT: training mislukt (exit {result.returncode})")
        return result.returncode, model
    record(model, Project.at(project).kb, project / "domain.yml")
    print(f"Getraind in {time.monotonic() - started:.1f} s: {model}")
    return 0, model


def _train(args: argparse.Namespace) -> int:
    return train(Path(args.project), args.out, args.name, args.force)[0]


# --- evaluate -----------------------------------------------------------------------------------------


def note_deployed(models: Path, kb: Path | None, url: str | None = None) -> None:
    """If no deploy was recorded yet, learn from the running server (BOT_PORT) which model it runs."""
    from bot.trainer.servers import deployed, discover_deployed, rasa_url

    if deployed(models) is None:
        from bot.local_secrets import api_token

        url = url or rasa_url()
        record = discover_deployed(url, api_token(), models, kb)
        if record:
            print(f"Uitgerold model gevonden op {url}: {Path(record['model']).name} ({record['model_sha256'][:12]})")


def evaluate(
    root: Path,
    model: Path,
    test: Path,
    reports: Path,
    folds: int = 0,
    config: Path | None = None,
    baseline: Path | None = None,
    server_url: str | None = None,
):
    from bot.trainer.evaluate import run

    if baseline is None:
        kb = root / "data" / "help" / "support.yml"
        note_deployed(model.parent, kb if kb.exists() else None, server_url)

    evaluation = run(
        root, model, test, reports, folds=folds, config=config, baseline=baseline, models=model.parent, show=_show
    )
    for line in evaluation.summary():
        print(line)
    print(f"Rapport: {evaluation.report}")
    return evaluation


def _evaluate(args: argparse.Namespace) -> int:
    quiet_environment()
    for label, path in (("model", args.model), ("testset", args.test)):
        if not Path(path).is_file():
            _err(f"FOUT: {label} {path} bestaat niet" + (" (eerst `python -m bot train`)" if label == "model" else ""))
            return 1
    try:
        evaluate(
            Path(args.project),
            Path(args.model),
            Path(args.test),
            Path(args.reports),
            args.folds,
            Path(args.config) if args.config else None,
            Path(args.baseline) if args.baseline else None,
        )
    except (FileNotFoundError, RuntimeError) as error:
        _err(f"FOUT: {error}")
        return 1
    return 0


# --- reload -------------------------------------------------------------------------------------------


def reload(model: Path, url: str, actions_url: str | None, kb: Path | None, actions_required: bool = True) -> int:
    """actions_required=False: an action server that is not there (nothing listens at the default
    address) is a warning, not an error; any other failure of it still is."""
    from bot.local_secrets import api_token
    from bot.trainer.servers import record_deployed, reload_help_content, reload_model

    token = api_token()
    outcome = reload_model(url, model.resolve(), token)
    if not outcome.ok:
        _err(f"FOUT: {outcome.message}")
        return 1
    record_deployed(model.resolve(), kb)
    print(f"Model herladen zonder herstart: {model.resolve()} ({outcome.message})")
    if actions_url:
        outcome = reload_help_content(actions_url, token)
        if not outcome.ok and outcome.unreachable and not actions_required:
            _err(
                f"waarschuwing: {outcome.message}; de hulpinhoud is daar niet herladen (geef --actions-url of "
                "BOT_ACTIONS_PORT als de actieserver elders draait)"
            )
            return 0
        if not outcome.ok:
            _err(f"FOUT: {outcome.message}")
            return 1
        print(f"Hulpinhoud herladen: {outcome.message}")
    return 0


def _reload(args: argparse.Namespace) -> int:
    from bot.trainer.servers import actions_url, rasa_url

    kb = Path(args.project) / "data" / "help" / "support.yml"
    # the action server must answer when one was named: --actions-url, or BOT_ACTIONS_PORT other than make run's
    explicit = bool(args.actions_url) or settings.current().actions_port != settings.Settings.actions_port
    return reload(
        Path(args.model),
        args.url or rasa_url(),
        None if args.model_only else (args.actions_url or actions_url()),
        kb if kb.exists() else None,
        actions_required=explicit,
    )


# --- deploy -------------------------------------------------------------------------------------------


class Steps:
    def __init__(self, total: int) -> None:
        self.total, self.number, self.started = total, 0, time.monotonic()

    def start(self, text: str) -> None:
        self.number += 1
        print(f"\n[{self.number}/{self.total}] {text}  ({time.monotonic() - self.started:.0f} s)", flush=True)


def deploy(
    root: Path,
    url: str,
    actions_url: str,
    folds: int = 0,
    run_rasa_validate: bool = True,
    name: str = "bolt-nl",
    gate: Path | None = None,
) -> int:
    """validate -> check-kb -> train -> evaluate against the deployed model (quality gate) -> reload."""
    import shutil

    from bot.trainer.evaluate import gate_failures
    from bot.trainer.fingerprint import record_path, snapshot_path

    steps = Steps(5)
    steps.start("validate: de trainingsdata")
    if validate(root, run_rasa=run_rasa_validate) != 0:
        _err("Deploy gestopt: los eerst de FOUTen van validate op.")
        return 1
    steps.start("check-kb: de hulpinhoud")
    kb = root / "data" / "help" / "support.yml"
    if check_kb(kb if kb.exists() else None, root) != 0:
        _err("Deploy gestopt: los eerst de FOUTen van check-kb op.")
        return 1
    steps.start("train: alleen als data, config of kennisbank gewijzigd zijn")
    live = root / "models" / f"{name}.tar.gz"
    if is_current(root, "models", name)[0]:
        candidate = live
        print(f"Model is actueel: {live}")
    else:  # a refused model must never be the one a restart loads: train a candidate beside it
        code, candidate = train(root, "models", f"{name}-candidate")
        if code != 0:
            _err("Deploy gestopt: training mislukt.")
            return code
    steps.start("evaluate: held-out testset, vergeleken met het uitgerolde model")
    evaluation = evaluate(
        root, candidate, root / "tests" / "nlu" / "heldout.yml", root / "reports", folds, server_url=url
    )
    failures = gate_failures(evaluation.result["gate_scores"], gate or root / "tests" / "nlu" / "quality_gate.yml")
    if failures:
        _err(
            "Deploy geweigerd: het model haalt de kwaliteitsdrempel niet (tests/nlu/quality_gate.yml): "
            + "; ".join(failures)
            + f". Het uitgerolde model blijft draaien; zie {evaluation.report}"
        )
        return 1
    print("Kwaliteitsdrempel gehaald.")
    if candidate != live:
        for source, target in (
            (candidate, live),
            (snapshot_path(candidate), snapshot_path(live)),
            (record_path(candidate), record_path(live)),
        ):
            if source.exists():
                tmp = target.with_name(target.name + ".tmp")
                shutil.copyfile(source, tmp)
                tmp.replace(target)
        print(f"Kandidaat goedgekeurd: {live}")
    steps.start("reload: Rasa-server en actieserver")
    code = reload(live, url, actions_url, kb if kb.exists() else None)
    if code == 0:
        print(f"\nUitgerold in {time.monotonic() - steps.started:.0f} s.")
    return code


def _deploy(args: argparse.Namespace) -> int:
    from bot.trainer.servers import actions_url, rasa_url

    quiet_environment()
    return deploy(
        Path(args.project),
        args.url or rasa_url(),
        args.actions_url or actions_url(),
        folds=args.folds,
        run_rasa_validate=not args.skip_rasa,
        name=args.name,
    )


# --- inbox --------------------------------------------------------------------------------------------


def _print_review(result, url: str) -> None:
    since = f" sinds {result.since:%Y-%m-%d %H:%M} UTC" if result.since else ""
    print(
        f"Inbox: {len(result.items)} berichten om na te kijken uit {result.conversations} gesprekken "
        f"({result.messages} gebruikersberichten gelezen{since}; {result.hidden_done} afgehandeld en verborgen)"
    )
    for item in result.items:
        guess = f"{item.predicted or '-'} {item.confidence:.2f}"
        print(
            f"\n[{item.key}] {item.last_seen:%Y-%m-%d %H:%M}  {item.count}× in {item.conversations} gesprek(ken)  "
            f"gok: {guess}"
        )
        print(f"  gebruiker: {item.text}")
        reply = " / ".join(line for line in item.reply.splitlines() if line.strip()) or "(geen antwoord)"
        print(f"  bot:       {reply[:200]}{'...' if len(reply) > 200 else ''}")
        print(f"  waarom:    {item.why()}")
    if result.items:
        print(
            "\nAfgehandeld? `python -m bot inbox --done KEY ...`; "
            "daarna regressietests: `python -m bot inbox --regress`"
        )
    else:
        print("Niets om na te kijken.")


def _regress(result, keys: list[str], state: Path, model: Path, target: Path) -> int:
    """Done items (or these keys) -> regression tests with what the current model now answers."""
    import asyncio

    from bot.trainer.evaluate import quiet_rasa
    from bot.trainer.inbox import append_regressions, load_done

    done = load_done(state)
    chosen = {k: v for k, v in done.items() if (k in keys if keys else not v.get("regression"))}
    missing = [k for k in keys if k not in done]
    if missing:
        _err(f"FOUT: niet als afgehandeld gemarkeerd: {', '.join(missing)} (eerst `--done`)")
        return 1
    if not chosen:
        print("Geen afgehandelde berichten zonder regressietest.")
        return 0
    quiet_rasa()
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))

    async def parse_all():
        return {k: await agent.parse_message(v["text"]) for k, v in chosen.items()}

    parses = asyncio.run(parse_all())
    cases, refused = [], []
    for key, entry in chosen.items():
        parse = parses[key]
        intent = parse.get("intent") or {}
        name = intent.get("full_retrieval_intent_name") or intent.get("name")
        if not name or name == Intent.NLU_FALLBACK:
            refused.append(f"[{key}] '{entry['text']}': het model begrijpt het nog niet (fallback)")
            continue
        entities = [e for e in parse.get("entities") or [] if "start" in e]
        cases.append((entry["text"], name, entities, key))
        found = ", ".join(f"{e['entity']}={e['value']}" for e in entities)
        print(f"[{key}] '{entry['text']}' → {name}{(' (' + found + ')') if found else ''}")
    added = append_regressions(target, cases)
    for case in cases:
        done[case[3]]["regression"] = str(target)
    state.write_text(json.dumps(done, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for line in refused:
        _err(f"niet toegevoegd: {line}")
    print(f"{added} regressietests toegevoegd aan {target} (model {model.name}); controleer ze en commit het bestand.")
    return 1 if refused else 0


def _inbox(args: argparse.Namespace) -> int:
    from bot.trainer.inbox import InboxError, default_state_path, export, mark_done, parse_since, review
    from bot.trainer.nlu_files import normalise, read_examples

    url = args.db or settings.tracker_db_url()
    state = Path(args.state) if args.state else default_state_path()
    root = Path(args.project)
    try:
        since = parse_since(args.since, root / "models")
    except ValueError as error:
        _err(f"FOUT: {error}")
        return 1
    try:
        result = review(url, threshold=args.threshold, since=since, state=state, show_done=bool(args.done))
    except InboxError as error:
        _err(f"FOUT: {error}")
        return 1
    if args.done:
        marked, unknown = mark_done(state, result.items, args.done)
        for item in marked:
            print(f"afgehandeld: [{item.key}] {item.text}")
        for key in unknown:
            _err(f"FOUT: geen bericht met sleutel {key} in de inbox")
        return 1 if unknown else 0
    if args.regress is not None:
        return _regress(result, args.regress, state, Path(args.model), Path(args.regressions))
    if args.export:
        training = {normalise(e.text) for e in read_examples(sorted((root / "data" / "nlu").glob("*.yml")))}
        heldout_file = root / "tests" / "nlu" / "heldout.yml"
        heldout = {normalise(e.text) for e in read_examples([heldout_file])} if heldout_file.exists() else set()
        counts = export(result.items, Path(args.export), training, heldout)
        print(
            f"{counts['exported']} berichten geëxporteerd naar {args.export} ({counts['left_out']} als commentaar "
            f"weggelaten); uit {result.conversations} gesprekken"
        )
        return 0
    _print_review(result, url)
    return 0


def add_inbox(sub) -> None:
    p = sub.add_parser("inbox", help="review real conversations: what went wrong, with the bot's reply and why")
    p.add_argument("--project", default=str(settings.ROOT))
    p.add_argument("--db", default=None, help="tracker store URL (default: BOT_TRACKER_DB_URL)")
    p.add_argument("--threshold", type=float, default=0.6, help="intent confidence below which a message is listed")
    p.add_argument(
        "--since",
        default=None,
        metavar="DATE|MODEL|deployed",
        help="only conversations since a date (UTC), a model's training or the last deploy",
    )
    p.add_argument("--done", nargs="+", metavar="KEY", help="mark these items done: they leave the list")
    p.add_argument(
        "--regress",
        nargs="*",
        metavar="KEY",
        help="turn done items (all without a test, or these) into regression tests",
    )
    p.add_argument("--model", default=str(settings.ROOT / "models" / "bolt-nl.tar.gz"), help="model for --regress")
    p.add_argument("--regressions", default=str(settings.ROOT / "tests" / "nlu" / "regressions.yml"))
    p.add_argument("--state", default=None, help="where done items are kept (default: var/inbox_done.json)")
    p.add_argument("--export", metavar="FILE", help="write the items as Rasa NLU YAML that merges into data/nlu/")
    p.set_defaults(func=_inbox)


# --- the parser ---------------------------------------------------------------------------------------


def add_check_kb(sub) -> None:
    p = sub.add_parser("check-kb", help="validate the help content; show which examples get other entities")
    p.add_argument("path", nargs="?", default=None)
    p.add_argument("--project", default=str(settings.ROOT))
    p.add_argument(
        "--against",
        default=None,
        metavar="FILE",
        help="compare entities with this help content (default: the trained model's, else git HEAD)",
    )
    p.add_argument(
        "--list-words",
        action="store_true",
        help="print the plain aliases that are everyday words (format of bot/trainer/kb_allowed_words.yml)",
    )
    p.set_defaults(func=_check_kb)


def add_trainer_commands(sub) -> None:
    p = sub.add_parser("validate", help="rasa data validate plus Bolt-NL's own checks")
    p.add_argument("--project", default=str(settings.ROOT))
    p.add_argument("--skip-rasa", action="store_true", help="only Bolt-NL's own checks")
    p.set_defaults(func=_validate)
    p = sub.add_parser("train", help="train if data, config or help content changed; report the time")
    p.add_argument("--project", default=str(settings.ROOT))
    p.add_argument("--out", default="models")
    p.add_argument("--name", default="bolt-nl")
    p.add_argument("--force", action="store_true")
    p.set_defaults(func=_train)
    p = sub.add_parser("evaluate", help="held-out test set, compared with the deployed model -> reports/")
    p.add_argument("--project", default=str(settings.ROOT))
    p.add_argument("--model", default=str(settings.ROOT / "models" / "bolt-nl.tar.gz"))
    p.add_argument("--test", default=str(settings.ROOT / "tests" / "nlu" / "heldout.yml"))
    p.add_argument("--reports", default=str(settings.ROOT / "reports"))
    p.add_argument(
        "--baseline",
        default=None,
        metavar="RUN_OR_MODEL",
        help="compare with this run (reports/evaluation-*.json or .md) or model archive (default: the deployed model)",
    )
    p.add_argument(
        "--folds",
        type=int,
        default=0,
        help="k-fold cross-validation on the training data (opt-in; one training per fold, minutes)",
    )
    p.add_argument("--config", default=None, help="pipeline for cross-validation (default: config.yml)")
    p.set_defaults(func=_evaluate)
    add_inbox(sub)
    p = sub.add_parser("reload", help="load the model (Rasa server) and the help content (action server), no restart")
    p.add_argument("--project", default=str(settings.ROOT))
    p.add_argument("--url", default=None, help="Rasa server (default: http://127.0.0.1:$BOT_PORT, 5005)")
    p.add_argument(
        "--actions-url", default=None, help="action server (default: http://127.0.0.1:$BOT_ACTIONS_PORT, 5055)"
    )
    p.add_argument("--model-only", action="store_true", help="leave the action server alone")
    p.add_argument("--model", default=str(settings.ROOT / "models" / "bolt-nl.tar.gz"))
    p.set_defaults(func=_reload)
    p = sub.add_parser("deploy", help="validate, check-kb, train, evaluate (quality gate), reload both servers")
    p.add_argument("--project", default=str(settings.ROOT))
    p.add_argument("--url", default=None, help="Rasa server (default: http://127.0.0.1:$BOT_PORT, 5005)")
    p.add_argument(
        "--actions-url", default=None, help="action server (default: http://127.0.0.1:$BOT_ACTIONS_PORT, 5055)"
    )
    p.add_argument("--folds", type=int, default=0, help="also cross-validate (opt-in, minutes)")
    p.add_argument("--skip-rasa", action="store_true", help="skip `rasa data validate` in the validate step")
    p.add_argument("--name", default="bolt-nl", help="model name in models/ (default: bolt-nl)")
    p.set_defaults(func=_deploy)
