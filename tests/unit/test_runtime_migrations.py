"""Migrations run only through `python -m bot migrate`: opening the tickets database changes nothing,
and a database that is not at head is refused with what to run."""

import pytest
import sqlalchemy as sa

from bot.db.session import Database, DatabaseNotMigrated, head_revision, migrate, require_migrated


def tables(url):
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_opening_a_database_does_not_migrate_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'bolt.db'}"
    Database(url).dispose()
    assert "tickets" not in tables(url) and "alembic_version" not in tables(url)


def test_an_unmigrated_database_is_refused_with_what_to_run(tmp_path):
    url = f"sqlite:///{tmp_path / 'bolt.db'}"
    with pytest.raises(DatabaseNotMigrated, match="run python -m bot migrate"):
        require_migrated(url)


def test_a_database_behind_head_is_refused(tmp_path):
    from alembic import command

    from bot.db.session import alembic_config

    url = f"sqlite:///{tmp_path / 'bolt.db'}"
    command.upgrade(alembic_config(url), "0001")
    with pytest.raises(DatabaseNotMigrated, match=f"revision 0001, not {head_revision()}"):
        require_migrated(url)


def test_a_migrated_database_is_accepted(tmp_path):
    url = f"sqlite:///{tmp_path / 'bolt.db'}"
    migrate(url)
    require_migrated(url)
    assert {"tickets", "agents"} <= tables(url)


class NotStarted:
    """Stands in for the action server's Sanic app: records whether main() got as far as running it."""

    def __init__(self):
        self.ran = False

    def run(self, *args, **kwargs):
        self.ran = True


@pytest.fixture
def action_server(monkeypatch, tmp_path):
    from bot import actions_server, settings

    url = f"sqlite:///{tmp_path / 'bolt.db'}"
    monkeypatch.setenv("BOT_DB_URL", url)
    monkeypatch.setenv("BOT_DEV_MODE", "1")
    if hasattr(settings, "reset"):  # settings kept once per process (issue 17.5)
        settings.reset()
    app = NotStarted()
    monkeypatch.setattr(actions_server, "create_app", lambda *args, **kwargs: app)
    yield actions_server, url, app
    if hasattr(settings, "reset"):
        settings.reset()


def test_the_action_server_refuses_an_unmigrated_database(action_server, capsys):
    actions_server, url, app = action_server
    assert actions_server.main(["--port", "5999"]) == 2
    assert not app.ran
    error = capsys.readouterr().err
    assert "FOUT: Bolt-NL cannot start" in error and "run python -m bot migrate" in error


def test_the_action_server_starts_on_a_migrated_database(action_server):
    actions_server, url, app = action_server
    migrate(url)
    assert actions_server.main(["--port", "5999"]) == 0
    assert app.ran
