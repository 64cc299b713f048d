"""Alembic migrations reach head on both backends and match the models exactly."""

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.db.models import Base
from tests.databases import temporary_postgres_database

ROOT = Path(__file__).resolve().parents[2]


def assert_no_drift(url):
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert diff == []


def alembic_upgrade(url):
    result = subprocess.run(
        [str(Path(sys.executable).parent / "alembic"), "upgrade", "head"],
        cwd=ROOT,
        env={"BOT_DB_URL": url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_sqlite_upgrade_head_with_the_alembic_command(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    alembic_upgrade(url)
    assert_no_drift(url)


@pytest.mark.postgres
def test_postgres_upgrade_head_with_the_alembic_command():
    with temporary_postgres_database() as url:
        alembic_upgrade(url)
        alembic_upgrade(url)  # idempotent
        assert_no_drift(url)
