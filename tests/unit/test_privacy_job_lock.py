"""The retention job's lock: of two concurrent runs exactly one does the work (PostgreSQL advisory lock,
a file lock on SQLite), and the lock is free again afterwards."""

import datetime as dt
import threading

import pytest

from bot.privacy.engines import make_engine
from bot.privacy.job_lock import job_lock, run_if_due
from tests.databases import temporary_postgres_database

NOW = dt.datetime(2026, 11, 27, 12, 0)
DAY = dt.timedelta(days=1)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engines(request, tmp_path):
    """Two engines on one database, as two server instances have."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'tracker.db'}"
        first, second = make_engine(url), make_engine(url)
        yield first, second
    else:
        with temporary_postgres_database() as url:
            first, second = make_engine(url), make_engine(url)
            yield first, second
            first.dispose()
            second.dispose()


def test_two_concurrent_runs_one_does_the_work(engines):
    first, second = engines
    started, finish = threading.Event(), threading.Event()
    work_done = []
    results = {}

    def slow_work():
        started.set()
        assert finish.wait(30)
        work_done.append("first")
        return "report"

    thread = threading.Thread(target=lambda: results.update(first=run_if_due(first, "job", DAY, NOW, slow_work)))
    thread.start()
    assert started.wait(30)
    results["second"] = run_if_due(second, "job", DAY, NOW, lambda: work_done.append("second") or "report")
    finish.set()
    thread.join(30)

    assert work_done == ["first"]
    assert results == {"first": "report", "second": None}


def test_the_lock_is_free_again_after_a_run_and_held_by_one_at_a_time(engines):
    first, second = engines
    with job_lock(first, "job") as held_by_first:
        with job_lock(second, "job") as held_by_second:
            assert (held_by_first, held_by_second) == (True, False)
        with job_lock(second, "other-job") as other:
            assert other is True
    with job_lock(second, "job") as held_after:
        assert held_after is True


def test_a_failed_run_is_not_recorded_and_frees_the_lock(engines):
    first, second = engines

    def broken():
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        run_if_due(first, "job", DAY, NOW, broken)
    assert run_if_due(second, "job", DAY, NOW, lambda: "done") == "done"
    assert run_if_due(first, "job", DAY, NOW + dt.timedelta(hours=1), lambda: "again") is None
