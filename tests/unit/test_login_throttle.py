"""Issue 13.5: login throttling per login and per address; unknown logins cost a dummy hash;
hashing in its own bounded pool. No timing assertions: the throttle and the calls are counted."""

import asyncio
import threading

from bot import settings
from bot.console.throttle import LoginThrottle, wait_message
from bot.handoff import agents as agents_module
from bot.handoff import passwords
from bot.handoff.agents import AgentService
from tests.migrated import migrated_database


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_failures_per_login_throttle_that_login_until_the_window_passes():
    clock = Clock()
    throttle = LoginThrottle(per_login=3, per_address=100, window=900, clock=clock)
    for _ in range(3):
        assert throttle.retry_after("sanne", "10.0.0.1") == 0
        throttle.failed("sanne", "10.0.0.1")
    assert throttle.retry_after("sanne", "10.0.0.1") == 900
    assert throttle.retry_after("SANNE", "10.0.0.2") == 900  # per login, from any address
    assert throttle.retry_after("piet", "10.0.0.1") == 0  # other logins are not blocked
    clock.now += 600
    assert throttle.retry_after("sanne", "10.0.0.1") == 300
    clock.now += 300
    assert throttle.retry_after("sanne", "10.0.0.1") == 0


def test_failures_per_address_throttle_every_login_from_it():
    throttle = LoginThrottle(per_login=100, per_address=5, clock=Clock())
    for i in range(5):
        throttle.failed(f"gok{i}", "203.0.113.9")
    assert throttle.retry_after("sanne", "203.0.113.9") > 0
    assert throttle.retry_after("sanne", "198.51.100.1") == 0


def test_a_successful_login_resets_its_count():
    throttle = LoginThrottle(per_login=3, per_address=100, clock=Clock())
    throttle.failed("sanne", "a")
    throttle.failed("sanne", "a")
    throttle.succeeded("sanne")
    throttle.failed("sanne", "a")
    assert throttle.retry_after("sanne", "a") == 0


def test_the_message_is_dutch_and_says_how_long():
    assert wait_message(60) == "Te veel mislukte inlogpogingen. Probeer het over 1 minuut opnieuw."
    assert "over 15 minuten" in wait_message(900)


def test_an_unknown_login_is_checked_against_a_dummy_hash(tmp_path, monkeypatch):
    service = AgentService(migrated_database(f"sqlite:///{tmp_path / 'a.db'}"))
    service.add("Sanne Support", "sanne-wachtwoord")
    checked = []
    real = passwords.check_password
    monkeypatch.setattr(agents_module, "check_password", lambda pw, stored: checked.append(stored) or real(pw, stored))
    assert service.authenticate("bestaat.niet", "wat-dan-ook") is None
    assert checked == [passwords.dummy_hash()]
    assert service.authenticate("sanne.support", "fout-wachtwoord") is None
    assert service.authenticate("sanne.support", "sanne-wachtwoord").login == "sanne.support"
    assert len(checked) == 3 and checked[1] == checked[2] != checked[0]  # one full check per attempt


def test_hashing_runs_in_its_own_bounded_pool():
    names = []

    def work():
        names.append(threading.current_thread().name)
        return passwords.check_password("x" * 8, passwords.dummy_hash())

    async def many():
        return await asyncio.gather(*(passwords.in_hash_pool(work) for _ in range(6)))

    assert asyncio.run(many()) == [False] * 6
    assert all(name.startswith("password-hash") for name in names)
    assert passwords.hash_pool()._max_workers == settings.current().password_hash_workers
