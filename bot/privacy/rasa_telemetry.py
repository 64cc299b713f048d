"""Rasa sends usage telemetry (Segment) and crash reports (Sentry) to RasaHQ by default. A help desk for
users in the Netherlands and Belgium sends nothing to third parties it has not chosen: `install()` turns
Rasa's telemetry off unless the operator set RASA_TELEMETRY_ENABLED themselves, and makes Rasa's error
reporting a no-op (its `initialize_error_reporting` starts Sentry whenever the package ships a key,
whatever the telemetry setting says)."""

from __future__ import annotations

import os

TELEMETRY_VARIABLE = "RASA_TELEMETRY_ENABLED"


def no_error_reporting() -> None:
    """Replaces rasa.telemetry.initialize_error_reporting: nothing is reported to Sentry."""


def install() -> None:
    import rasa.telemetry

    os.environ.setdefault(TELEMETRY_VARIABLE, "false")
    rasa.telemetry.initialize_error_reporting = no_error_reporting
