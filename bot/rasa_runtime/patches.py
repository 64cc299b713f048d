"""Every change Bolt-NL makes to Rasa, installed explicitly and once: `install_patches()`.

Importing a Bolt-NL module changes nothing in Rasa. The Rasa server's launcher (`python -m
bot.rasa_server`) calls `install_patches()` before Rasa builds its agent; the tracker store named in
endpoints.yml calls it too when it is constructed (before the agent is built), so a server started
with plain `rasa run` behaves the same.

The patches, in the order they wrap each other (RemoteAction.run: whole session -> outage apology
-> Rasa):
- `Event.resolve_by_type` remembers the class of each type name (bot.stores.event_types);
- `RemoteAction._validate_action_result` with a kept validator (bot.dialogue.action_results);
- `RemoteAction.run` apologises when the action server fails (bot.dialogue.action_outage);
- `FormAction.run` keeps the user's answer during an outage (bot.dialogue.form_outage);
- `Agent._create_tracker_store` / `MessageProcessor.save_tracker`: a failed turn stores nothing
  (bot.dialogue.store_outage);
- `RemoteAction._action_call_format` / `RemoteAction.run`: the ticket actions get the whole session
  (bot.stores.tracker_store);
- `rasa.telemetry.initialize_error_reporting` reports nothing, and RASA_TELEMETRY_ENABLED defaults to
  false: nothing goes to RasaHQ's Segment or Sentry (bot.privacy.rasa_telemetry).

They are written against Rasa 3.6's internals: any other Rasa version is refused
(`UnsupportedRasaVersion`), since a patch that no longer fits would fail silently.
"""

from __future__ import annotations

import threading

SUPPORTED_SERIES = (3, 6)

_installed = False
_guard = threading.Lock()


class UnsupportedRasaVersion(RuntimeError):
    pass


def check_rasa_version(version: str | None = None) -> None:
    """Raises UnsupportedRasaVersion unless `version` (default: the installed Rasa) is 3.6.x."""
    if version is None:
        import rasa

        version = rasa.__version__
    parts = version.split(".")
    try:
        series = (int(parts[0]), int(parts[1]))
    except (IndexError, ValueError):
        series = None
    if series != SUPPORTED_SERIES:
        raise UnsupportedRasaVersion(
            f"Bolt-NL patches Rasa 3.6.x internals (bot/rasa_runtime/patches.py); Rasa {version} is installed. "
            "Install the version in requirements.lock (rasa==3.6.21)."
        )


def installed() -> bool:
    return _installed


def install_patches(version: str | None = None) -> None:
    """Applies every Bolt-NL patch to Rasa, once (later calls do nothing). Refuses Rasa other than 3.6.x."""
    global _installed
    with _guard:
        if _installed:
            return
        check_rasa_version(version)
        from bot.dialogue import action_outage, action_results, form_outage, store_outage
        from bot.privacy import rasa_telemetry
        from bot.stores import event_types, tracker_store

        event_types.install()
        action_results.install()
        action_outage.install()
        form_outage.install()
        store_outage.install()
        tracker_store.install_full_history_payload()
        rasa_telemetry.install()
        _installed = True
