"""Inactive live chats (issue 18, part 2): the pure policy (the texts: bot/answers/handoff.py).

A live chat with an agent (ticket `assigned`) in which nothing has been said for a while gets a
polite check ("Bent u er nog?"), and later is closed: the ticket moves to `waiting_on_user`. A
later message of the user reopens it (bot/handoff/inactive_chats.py).

The silence is counted from the last message in the chat (user or agent) or from the moment the
agent took the chat, whichever is later: a user who waits for the agent's answer is not silent.
Settings: BOT_INACTIVE_CHECK_MINUTES (default 5) and BOT_INACTIVE_CLOSE_MINUTES (default 10), both
counted from that moment; read in bot/settings.py, passed in by the adapter (bot/handoff/inactive_chats.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

NOTHING, CHECK, CLOSE = "nothing", "check", "close"


@dataclass(frozen=True)
class InactivitySettings:
    check_after: dt.timedelta
    close_after: dt.timedelta

    @classmethod
    def from_minutes(cls, check: float, close: float) -> InactivitySettings:
        if check <= 0 or close <= check:
            raise ValueError("BOT_INACTIVE_CHECK_MINUTES must be > 0 and below BOT_INACTIVE_CLOSE_MINUTES")
        return cls(dt.timedelta(minutes=check), dt.timedelta(minutes=close))


def next_step(
    now: dt.datetime, last_activity: dt.datetime, checked_at: dt.datetime | None, settings: InactivitySettings
) -> str:
    """What to do with an assigned live chat now: NOTHING, CHECK (ask 'Bent u er nog?') or CLOSE.

    `checked_at` is when the check was sent; a check before the last activity no longer counts."""
    silent = now - last_activity
    checked = checked_at is not None and checked_at >= last_activity
    if checked_at is not None and checked:  # closed no sooner than the check-to-close time after the check
        grace = settings.close_after - settings.check_after
        return CLOSE if silent >= settings.close_after and now - checked_at >= grace else NOTHING
    if silent >= settings.check_after and not checked:
        return CHECK
    return NOTHING
