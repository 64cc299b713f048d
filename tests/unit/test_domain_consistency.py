"""The code and domain.yml name the same intents and actions, and the database constraints, the help content and
the entitlement rules use the one vocabulary (bot/vocabulary.py, issue 17.3)."""

import ast
import re
from pathlib import Path

import pytest
import yaml
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.core.constants import DEFAULT_INTENTS

from bot import entitlements, vocabulary
from bot.db import models
from bot.vocabulary import (
    Account,
    AgentRole,
    Channel,
    HandoffReason,
    Intent,
    Plan,
    Priority,
    Role,
    Sender,
    TicketEventKind,
    TicketStatus,
)

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
CODE_DIRS = ("bot", "actions")


def python_files():
    for folder in CODE_DIRS:
        yield from sorted((ROOT / folder).rglob("*.py"))


def button_intents():
    """(file:line, intent) of every Button.intent(title, <intent>, ...) whose intent is written out: an Intent
    member (Intent.ASK_WEBTICKET; a name the enum lacks is kept as written, so it fails) or a literal name."""
    for path in python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "intent"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "Button"
                and len(node.args) >= 2
            ):
                continue
            where, arg = f"{path.relative_to(ROOT)}:{node.lineno}", node.args[1]
            if isinstance(arg, ast.Constant):
                yield where, arg.value
            elif isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name) and arg.value.id == "Intent":
                yield where, Intent[arg.attr].value if arg.attr in Intent.__members__ else f"Intent.{arg.attr}"


def test_the_vocabulary_names_rasas_fallback_intent():
    assert Intent.NLU_FALLBACK == DEFAULT_NLU_FALLBACK_INTENT_NAME


def test_every_intent_a_button_triggers_is_in_the_domain():
    known = set(DOMAIN["intents"]) | set(DEFAULT_INTENTS)
    found = list(button_intents())
    assert len(found) > 10  # the scan finds the buttons at all
    assert [(where, name) for where, name in found if name not in known] == []


def test_the_intent_vocabulary_is_exactly_the_domains_intents():
    domain_intents = [i if isinstance(i, str) else next(iter(i)) for i in DOMAIN["intents"]]
    assert [i for i in Intent.values() if i != Intent.NLU_FALLBACK] == domain_intents
    assert set(Intent.values()) <= set(domain_intents) | set(DEFAULT_INTENTS)


def test_the_custom_actions_in_code_are_exactly_those_of_the_domain():
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    in_code = {name for name in executor.actions if name}
    in_domain = {a for a in DOMAIN["actions"] if a.startswith(("action_", "validate_"))}
    assert sorted(in_domain - in_code) == [], "in domain.yml but no action server implements them"
    assert sorted(in_code - in_domain) == [], "implemented but not in domain.yml: Rasa would never call them"


def test_each_form_has_its_validation_action_in_the_domain():
    for form in DOMAIN.get("forms") or {}:
        assert f"validate_{form}" in DOMAIN["actions"], form


def constraint_values(migration_text, column):
    match = re.search(rf'CheckConstraint\(\s*"{column} IN \(([^)]*)\)",\s*name="ck_tickets_{column}"', migration_text)
    assert match, column
    return tuple(v.strip().strip("'") for v in match.group(1).split(","))


def test_the_database_constraints_allow_exactly_the_vocabulary():
    first = (ROOT / "bot/db/migrations/versions/0001_tickets_agents_events.py").read_text(encoding="utf-8")
    assert constraint_values(first, "status") == TicketStatus.values() == models.STATUSES
    assert constraint_values(first, "channel") == Channel.values() == models.CHANNELS
    assert constraint_values(first, "priority") == Priority.values() == models.PRIORITIES
    assert set(models.OPEN_STATUSES) < set(TicketStatus.values())
    support = (ROOT / "bot/db/migrations/versions/0004_support_operations.py").read_text(encoding="utf-8")
    match = re.search(r'create_check_constraint\(\s*"ck_agents_role",\s*"role IN \(([^)]*)\)"', support)
    assert match
    assert tuple(v.strip().strip("'") for v in match.group(1).split(",")) == AgentRole.values() == models.AGENT_ROLES
    # the model carries the same constraint, built from the vocabulary
    model_checks = {c.name: str(c.sqltext) for c in models.Agent.__table__.constraints if c.name == "ck_agents_role"}
    assert model_checks == {"ck_agents_role": f"role IN {AgentRole.values()}"}
    assert models.HANDOFF_REASONS == HandoffReason.values()


def test_the_help_content_and_the_entitlement_rules_use_the_vocabulary(kb):
    assert tuple(kb.plans) == Plan.values() == entitlements.PLANS
    assert tuple(kb.priorities) == Priority.values()
    assert entitlements.ACCOUNTS == Account.values() and entitlements.ROLES == Role.values()


@pytest.mark.parametrize(
    "enum",
    [TicketStatus, Channel, Priority, Plan, Account, Role, Intent, TicketEventKind, HandoffReason, Sender, AgentRole],
)
def test_a_member_is_its_plain_string(enum):
    for member in enum:
        assert member == member.value and str(member) == member.value and f"{member}" == member.value
        assert isinstance(member, str)


def test_the_vocabulary_module_is_pure():
    tree = ast.parse(Path(vocabulary.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {
        node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= {"__future__", "enum", "typing"}
