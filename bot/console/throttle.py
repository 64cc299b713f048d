"""Login throttling for the agent console: failed logins counted per login name and per address in a
sliding window. Over either limit, logins are refused (HTTP 429, Dutch message) without checking the
password, so guessing on stops working even when the right password comes along.

Per server process (memory): with several instances an attacker gets each instance's allowance.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from bot import settings

WINDOW_SECONDS = 15 * 60


class LoginThrottle:
    def __init__(
        self,
        per_login: int | None = None,
        per_address: int | None = None,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_login = per_login or settings.current().login_max_failures  # BOT_LOGIN_MAX_FAILURES
        # BOT_LOGIN_MAX_FAILURES_PER_ADDRESS
        self.per_address = per_address or settings.current().login_max_failures_per_address
        self.window, self.clock = window, clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def retry_after(self, login: str, address: str) -> int:
        """Seconds until this login from this address may be tried again (0: now)."""
        now = self.clock()
        with self._lock:
            waits = []
            for key, limit in ((f"login:{login.lower()}", self.per_login), (f"addr:{address}", self.per_address)):
                times = self._recent(key, now)
                if len(times) >= limit:
                    waits.append(times[len(times) - limit] + self.window - now)
            return max(1, math.ceil(max(waits))) if waits else 0

    def failed(self, login: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in (f"login:{login.lower()}", f"addr:{address}"):
                self._recent(key, now)
                self._failures.setdefault(key, deque()).append(now)
            if len(self._failures) > 100_000:  # bounded memory under a flood of invented logins
                self._failures.clear()

    def succeeded(self, login: str) -> None:
        with self._lock:
            self._failures.pop(f"login:{login.lower()}", None)


def wait_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return (
        f"Te veel mislukte inlogpogingen. Probeer het over {minutes} {'minuut' if minutes == 1 else 'minuten'} opnieuw."
    )
