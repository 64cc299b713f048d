"""`python -m bot validate`: Rasa's own data validation plus Bolt-NL's checks on the training data.

Errors (exit 1): an example (or a near-duplicate: same words, other punctuation) under two intents, an intent
with too few examples, an entity value
the knowledge base does not know, a held-out test sentence copied into the training data (punctuation
and case aside), an action or response used but not defined, a custom action without an
implementation, `rasa data validate` failing. Warnings: near-duplicate examples, a country or plan of
the knowledge base that no example mentions, an annotated entity text that is no alias of its value
(entities come only from the knowledge base's aliases, so the bot would not find it).
"""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.kb import KnowledgeBase, load_knowledge_base
from bot.trainer.findings import Findings
from bot.trainer.nlu_files import NluExample, normalise, read_examples

MIN_EXAMPLES = 25
RASA_DEFAULT_ACTIONS = {
    "action_listen",
    "action_restart",
    "action_session_start",
    "action_default_fallback",
    "action_deactivate_loop",
    "action_revert_fallback_events",
    "action_default_ask_affirmation",
    "action_default_ask_rephrase",
    "action_two_stage_fallback",
    "action_unlikely_intent",
    "action_back",
    "action_extract_slots",
}


@dataclass(frozen=True)
class Project:
    root: Path
    nlu_dir: Path
    domain: Path
    dialogue_files: list[Path]
    kb: Path | None = None
    heldout: Path | None = None

    @classmethod
    def at(cls, root: Path) -> Project:
        data = root / "data"
        dialogue = [p for p in sorted(data.glob("*.yml")) if p.name in ("rules.yml", "stories.yml")]
        kb = data / "help" / "support.yml"
        heldout = root / "tests" / "nlu" / "heldout.yml"
        return cls(
            root,
            data / "nlu",
            root / "domain.yml",
            dialogue,
            kb if kb.exists() else None,
            heldout if heldout.exists() else None,
        )


def check_examples(examples: list[NluExample], findings: Findings, min_examples: int = MIN_EXAMPLES) -> None:
    by_text: dict[str, NluExample] = {}
    by_norm: dict[str, NluExample] = {}
    counts: dict[str, int] = defaultdict(int)
    for ex in examples:
        counts[ex.intent] += 1
        key = ex.text.strip().lower()
        first = by_text.get(key)
        if first and first.intent != ex.intent:
            findings.errors.append(f"{ex.where}: '{ex.text}' staat ook onder intent '{first.intent}' ({first.where})")
        elif first:
            findings.warnings.append(f"{ex.where}: '{ex.text}' staat dubbel ({first.where})")
        else:
            by_text[key] = ex
            norm = normalise(ex.text)
            near = by_norm.get(norm)
            if near and near.intent != ex.intent:
                findings.errors.append(
                    f"{ex.where}: '{ex.text}' (intent '{ex.intent}') is bijna gelijk aan "
                    f"'{near.text}' onder intent '{near.intent}' ({near.where})"
                )
            elif near:
                findings.warnings.append(f"{ex.where}: '{ex.text}' is bijna gelijk aan '{near.text}' ({near.where})")
            else:
                by_norm[norm] = ex
    for intent, count in sorted(counts.items()):
        if count < min_examples and "/" not in intent:
            findings.errors.append(f"intent '{intent}' heeft {count} voorbeelden (minimaal {min_examples})")


def check_entities(examples: list[NluExample], kb: KnowledgeBase, findings: Findings) -> None:
    known = {entity: set(values) for entity, values in kb.aliases().items()}
    mentioned: dict[str, set[str]] = defaultdict(set)
    for ex in examples:
        for a in ex.entities:
            if a.entity not in known:
                findings.errors.append(f"{ex.where}: entiteit '{a.entity}' bestaat niet in de kennisbank")
            elif a.value not in known[a.entity]:
                findings.errors.append(f"{ex.where}: '{a.value}' is geen bekende {a.entity} in de kennisbank")
            else:
                mentioned[a.entity].add(a.value)
    # the countries the help content lists itself; the rest of the world (CLDR names) needs no examples
    listed = {
        "country": {c.id for c in kb.countries.values() if not getattr(c, "from_world_list", False)},
        "plan": known.get("plan", set()),
    }
    for entity in ("country", "plan"):
        for value in sorted(listed[entity] - mentioned[entity]):
            findings.warnings.append(f"kennisbank: {entity} '{value}' komt in geen enkel trainingsvoorbeeld voor")


def check_heldout_leaks(examples: list[NluExample], heldout: list[NluExample], findings: Findings) -> None:
    """A held-out sentence in the training data makes the test set measure memory, not understanding."""
    test: dict[str, NluExample] = {}
    for ex in heldout:
        test.setdefault(normalise(ex.text), ex)
    for ex in examples:
        held = test.get(normalise(ex.text))
        if held:
            findings.errors.append(
                f"{ex.where}: '{ex.text}' staat ook in de held-out testset ({held.where}); "
                "haal het uit de trainingsdata of schrijf een eigen zin"
            )


def _value_name(kb: KnowledgeBase, entity: str, value: str) -> str:
    tables = {"country": kb.countries, "plan": kb.plans}
    item = tables.get(entity, {}).get(value)
    return getattr(item, "name", None) or value


def check_annotations(
    examples: list[NluExample], kb: KnowledgeBase, findings: Findings, kb_file: str = "data/help/support.yml"
) -> None:
    """Entities come only from the knowledge base's aliases: an annotation the matcher cannot find
    teaches nothing and is counted as missed by the evaluation."""
    from bot.kb.matching import EntityMatcher

    matcher = EntityMatcher.for_knowledge_base(kb)
    known = kb.aliases()
    first: dict[tuple, tuple] = {}
    count: dict[tuple, int] = defaultdict(int)
    for ex in examples:
        for a in ex.entities:
            if a.value not in known.get(a.entity, {}):
                continue  # check_entities reports it
            found = matcher.find(a.text)
            if any(m.entity == a.entity and m.value == a.value for m in found):
                continue
            key = (a.text.strip().lower(), a.entity, a.value)
            count[key] += 1
            first.setdefault(key, (ex, a, found))
    for key, (ex, a, found) in first.items():
        other = ", ".join(f"{m.entity} '{m.value}'" for m in found)
        reads = f"de bot leest het als {other}" if other else "de bot vindt het niet"
        more = f" ({count[key] - 1}× meer zo geannoteerd)" if count[key] > 1 else ""
        findings.warnings.append(
            f"{ex.where}: '{a.text}' is geen alias van {a.entity} '{a.value}'{more}: {reads}, want entiteiten komen "
            f"alleen uit de aliassen van de kennisbank. Voeg '{key[0]}' toe aan de aliassen van "
            f"{_value_name(kb, a.entity, a.value)} in {kb_file}, of annoteer het niet"
        )


def _steps(node) -> list[dict]:
    found = []
    if isinstance(node, dict):
        if "action" in node:
            found.append(node)
        for value in node.values():
            found += _steps(value)
    elif isinstance(node, list):
        for value in node:
            found += _steps(value)
    return found


def check_domain(project: Project, findings: Findings, implemented: set[str] | None = None) -> None:
    domain = yaml.safe_load(project.domain.read_text(encoding="utf-8")) or {}
    responses = set((domain.get("responses") or {}).keys())
    actions = set(domain.get("actions") or [])
    forms = set((domain.get("forms") or {}).keys())
    defined = responses | actions | forms | RASA_DEFAULT_ACTIONS
    retrieval = {r.split("/")[0] for r in responses if "/" in r}
    for path in project.dialogue_files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith("- action:") or stripped.startswith("action:"):
                name = stripped.split("action:", 1)[1].strip()
                if name not in defined and name not in retrieval:
                    findings.errors.append(
                        f"{path}:{number}: actie of response '{name}' is niet gedefinieerd in domain.yml"
                    )
    if implemented is not None:
        for name in sorted(a for a in actions if not a.startswith("utter_") and a not in implemented):
            findings.errors.append(f"domain.yml: custom actie '{name}' heeft geen implementatie in actions/")


def implemented_actions(package: str = "actions") -> set[str]:
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package(package)
    return set(executor.actions)


def rasa_data_validate(project: Project, findings: Findings) -> None:
    rasa = Path(sys.executable).parent / "rasa"
    result = subprocess.run(
        [str(rasa), "data", "validate", "--domain", str(project.domain), "--data", str(project.root / "data")],
        cwd=project.root,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        lines = [line for line in (result.stdout + result.stderr).splitlines() if "error" in line.lower()]
        findings.errors.append("rasa data validate: " + ("; ".join(lines[-5:]) or f"exit {result.returncode}"))


def validate(project: Project, run_rasa: bool = True, check_implementations: bool = True) -> Findings:
    findings = Findings()
    examples = read_examples(sorted(project.nlu_dir.glob("*.yml")))
    check_examples(examples, findings)
    kb = load_knowledge_base(project.kb)
    check_entities(examples, kb, findings)
    check_annotations(examples, kb, findings)
    if project.heldout is not None:
        check_heldout_leaks(examples, read_examples([project.heldout]), findings)
    check_domain(project, findings, implemented_actions() if check_implementations else None)
    if run_rasa:
        rasa_data_validate(project, findings)
    return findings
