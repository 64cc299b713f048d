"""Ticket databases on both backends, and a controllable clock."""

import datetime as dt

import pytest

from bot.identity import Claims
from tests.databases import temporary_postgres_database
from tests.migrated import migrated_database


class FakeClock:
    def __init__(self, start=dt.datetime(2026, 11, 25, 9, 0, 0)):
        self.now = start

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)


def user(account="business", plan="premier_plus", role="admin", licensed=True, sub="u1", name="Anna"):
    return Claims(
        sub=sub,
        email=f"{sub}@example.nl",
        name=name,
        account=account,
        plan=plan,
        role=role,
        licensed=licensed,
        verified=True,
    )


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path):
    if request.param == "sqlite":
        database = migrated_database(f"sqlite:///{tmp_path / 'tickets.db'}")
        yield database
        database.dispose()
    else:
        with temporary_postgres_database() as url:
            database = migrated_database(url)
            yield database
            database.dispose()
