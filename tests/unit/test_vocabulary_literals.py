"""One vocabulary, kept so (issue 17.3): no module of bot/ or actions/ writes a value of the vocabulary's enums
as a bare string literal; it names the member (TicketStatus.QUEUED, not "queued").

An AST scan of every string literal (docstrings excepted; bot/vocabulary.py, which defines the values, and
bot/db/migrations/, which must keep the SQL they once ran, are not scanned). A literal that is another
vocabulary spelled the same way is allowed only through ALLOWED, per (file, value), with the reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

from bot.vocabulary import (
    Account,
    AgentRole,
    Channel,
    HandoffReason,
    Intent,
    Plan,
    Priority,
    Role,
    TicketEventKind,
    TicketStatus,
)
from tests.source_scan import docstring_nodes

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("bot", "actions")
NOT_SCANNED = ("bot/vocabulary.py", "bot/db/migrations/")
ENUMS = (TicketStatus, Channel, Priority, Plan, Account, Role, Intent, TicketEventKind, HandoffReason, AgentRole)
VALUES: dict[str, str] = {}
for _enum in ENUMS:
    for _value in _enum.values():
        VALUES.setdefault(_value, _enum.__name__)

_RIGHT = "an entitlement right / answer topic (Entitlements.live_chat, the last_topic slot), not the ticket channel"
_CONTACT = "a contact-channel id of the help content (data/help/support.yml channels), not the ticket channel"
_FIELD = "a JSON field name (the ticket's `escalated` flag), not the event kind"
_RASA_AGENT = "the Rasa Agent on app.ctx (app.ctx.agent), not an agent role"
_SENDER_OR_FIELD = "a message sender / routed-to value or the JSON field 'agent' (the agent's name), not a role"
_INTERRUPTION = "an intake interruption kind (bot/handoff/intake.interruption), not the intent"
_ORDINAL = "the `ordinal` entity's value ('het andere nummer'), not a hand-off reason"
_INBOX = "a trainer-inbox reason id (bot/trainer/inbox.py REASONS), not the intent or hand-off reason"

ALLOWED: dict[tuple[str, str], str] = {
    ("bot/answers/compose.py", "live_chat"): _RIGHT,
    ("bot/answers/situation.py", "live_chat"): _RIGHT,
    ("bot/answers/compose.py", "webticket"): "the answer topic of the webticket question (last_topic)",
    ("actions/contact.py", "webticket"): "the answer topic of the webticket question (last_topic)",
    ("bot/answers/contact.py", "webticket"): _CONTACT,
    ("bot/answers/handoff.py", "webticket"): _CONTACT,
    ("bot/answers/personal.py", "webticket"): _CONTACT,
    ("bot/answers/help_centre.py", "webticket"): _CONTACT,
    ("bot/kb/facts.py", "webticket"): _CONTACT,
    ("bot/kb/loader.py", "webticket"): _CONTACT,
    ("bot/search/passages.py", "webticket"): _CONTACT,
    ("bot/console/labels.py", "webticket"): _CONTACT,
    ("bot/answers/phone.py", "other"): _ORDINAL,
    ("bot/answers/question.py", "other"): _ORDINAL,
    ("bot/handoff/intake.py", "goodbye"): _INTERRUPTION,
    ("actions/intake.py", "goodbye"): _INTERRUPTION,
    ("bot/dialogue/form_outage.py", "goodbye"): _INTERRUPTION,
    ("bot/trainer/inbox.py", "not_helpful"): _INBOX,
    ("bot/trainer/inbox.py", "out_of_scope"): _INBOX,
    ("bot/handoff/model.py", "escalated"): _FIELD,
    ("bot/console/channel.py", "escalated"): _FIELD,
    ("bot/cli.py", "escalated"): _FIELD,
    ("bot/console/channel.py", "inspected"): "the JSON field 'inspected' of the console's answer, not the event kind",
    ("bot/console/channel.py", "supervisor"): "the JSON field 'supervisor' (may see insights) of the agent",
    ("bot/console/channel.py", "agent"): _SENDER_OR_FIELD,
    ("bot/handoff/relay.py", "agent"): _SENDER_OR_FIELD + "; and " + _RASA_AGENT,
    ("bot/handoff/typing.py", "agent"): _SENDER_OR_FIELD,
    ("bot/feedback/satisfaction.py", "agent"): _SENDER_OR_FIELD,
    ("bot/channels/history.py", "agent"): _SENDER_OR_FIELD,
    ("bot/channels/socketio.py", "agent"): _SENDER_OR_FIELD,
    ("bot/cluster/answered.py", "agent"): _RASA_AGENT,
    ("bot/health.py", "agent"): _RASA_AGENT,
    ("bot/web/feedback_api.py", "agent"): _RASA_AGENT,
    ("bot/testing/fault_harness.py", "answered"): "a fault-test reply kind (ANSWERED, SILENT, ...), not the event kind",
}


def vocabulary_literals(source: str) -> list[tuple[int, str]]:
    """(line, value) of every string literal of the source equal to a vocabulary value, docstrings excepted."""
    tree = ast.parse(source)
    docstrings = docstring_nodes(tree)
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value in VALUES
        and id(node) not in docstrings
    )


def scanned_files():
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if not relative.startswith(NOT_SCANNED):
                yield relative, path


def found_literals() -> list[tuple[str, int, str]]:
    return [
        (relative, line, value)
        for relative, path in scanned_files()
        for line, value in vocabulary_literals(path.read_text(encoding="utf-8"))
    ]


def test_no_module_writes_a_vocabulary_value_as_a_bare_string():
    bare = [
        f"{relative}:{line}: {value!r} (use {VALUES[value]})"
        for relative, line, value in found_literals()
        if (relative, value) not in ALLOWED
    ]
    assert bare == []


def test_every_allowed_literal_is_still_there():
    """An entry nobody needs any more goes: the allow-list stays as short as the code allows."""
    used = {(relative, value) for relative, _, value in found_literals()}
    assert sorted(set(ALLOWED) - used) == []


def test_the_scan_finds_a_bare_value_but_not_a_docstring_or_a_member():
    source = '''"""Tickets: queued ones first."""
from bot.vocabulary import TicketStatus


def waiting(ticket):
    """queued"""
    return ticket.status == "queued" or ticket.status == TicketStatus.ASSIGNED


KINDS = {"claimed": 1, "supervisor": f"{TicketStatus.QUEUED}"}
'''
    assert vocabulary_literals(source) == [(7, "queued"), (10, "claimed"), (10, "supervisor")]


def test_the_scan_covers_each_named_vocabulary():
    assert {"queued", "live_chat", "P1", "premier_plus", "pro", "owner", "nlu_fallback"} <= set(VALUES)
    assert {"inactive_closed", "two_misses", "supervisor"} <= set(VALUES)
