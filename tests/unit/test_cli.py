"""`python -m bot` commands, run as a user would, against a throw-away database."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.handoff.tickets import TicketService
from tests.databases import temporary_postgres_database
from tests.handoff_fixtures import user
from tests.migrated import migrated_database

ROOT = Path(__file__).resolve().parents[2]


def run(args, url, stdin=""):
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        env={"BOT_DB_URL": url, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )


def check_tickets_and_agents(url, kb):
    refused = run(["agents", "add", "Anna de Vries"], url, stdin="een-goed-wachtwoord\n")
    assert refused.returncode == 1 and "run python -m bot migrate" in refused.stderr  # nothing migrates by itself
    assert run(["migrate"], url).returncode == 0
    added = run(["agents", "add", "Anna de Vries"], url, stdin="een-goed-wachtwoord\n")
    assert added.returncode == 0 and "anna.de.vries" in added.stdout
    assert run(["agents", "add", "Anna de Vries"], url, stdin="een-goed-wachtwoord\n").returncode == 1
    assert run(["agents", "add", "Kort"], url, stdin="kort\n").returncode == 1
    db = migrated_database(url)
    TicketService(db, kb).open_ticket(
        conversation_id="conv-1",
        claims=user(),
        channel="live_chat",
        priority="P1",
        subject="Storing",
        description="Alles ligt plat",
    )
    db.dispose()
    listed = run(["tickets", "list", "--json"], url)
    assert listed.returncode == 0, listed.stderr
    (ticket,) = json.loads(listed.stdout)
    assert ticket["reference"] == "ZN-000001" and ticket["conversation_id"] == "conv-1"
    assert {"channel", "level", "priority", "status", "created_at", "first_response_due", "escalated"} <= set(ticket)
    assert (ticket["channel"], ticket["level"], ticket["priority"], ticket["status"]) == (
        "live_chat",
        2,
        "P1",
        "queued",
    )


@pytest.mark.slow  # six fresh `python -m bot` processes: `make test` runs it, `make test-fast` does not
def test_cli_on_sqlite(tmp_path, kb):
    check_tickets_and_agents(f"sqlite:///{tmp_path / 'cli.db'}", kb)


@pytest.mark.postgres
def test_cli_on_postgres(kb):
    with temporary_postgres_database() as url:
        check_tickets_and_agents(url, kb)


def test_check_kb_reports_a_broken_file(tmp_path):
    bad = tmp_path / "kb.yml"
    bad.write_text("plans: {}\n")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "check-kb", str(bad)], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 1 and "missing 'access'" in result.stderr
