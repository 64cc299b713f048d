"""Faster event deserialisation for Rasa 3.6: remember which Event class has which type name.

Rasa's `Event.resolve_by_type` walks every Event subclass (with `inspect.isabstract` on each) for
every stored event, each time a conversation is loaded: with 200 events that is most of the time
of `tracker_store.retrieve` (15 -> 6 ms for 200 events; README, Benchmarks). The classes do not change while the
server runs, so a name found once is remembered; unknown names still go to Rasa's own lookup
(and its error or default).
"""

from __future__ import annotations

from rasa.shared.core.events import Event

_rasa_resolve_by_type = Event.resolve_by_type
_known: dict[str, type[Event]] = {}


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    cls = _known.get(type_name)
    if cls is None:
        cls = _rasa_resolve_by_type(type_name, default)
        if cls is not None and cls is not default:
            _known[type_name] = cls
    return cls


def install() -> None:
    """Idempotent; called by bot.rasa_runtime.patches.install_patches()."""
    Event.resolve_by_type = staticmethod(resolve_by_type)
