"""Times as the user reads them: Amsterdam wall-clock time (the database stores UTC without a zone)."""

from __future__ import annotations

import datetime as dt


def local_time(moment: dt.datetime) -> str:
    """A stored UTC time as the user reads it, e.g. '27-11-2026 10:00 (Nederlandse tijd)' (issue 14.9)."""
    try:
        from zoneinfo import ZoneInfo

        local = moment.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo("Europe/Amsterdam"))
        return f"{local:%d-%m-%Y %H:%M} (Nederlandse tijd)"
    except Exception:  # no time zone data: say it in UTC
        return f"{moment:%d-%m-%Y %H:%M} UTC"
