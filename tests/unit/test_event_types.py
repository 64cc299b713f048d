"""The remembered Event type lookup gives exactly Rasa's answers."""
import pytest
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

from bot.stores import event_types


def test_every_event_type_resolves_to_rasas_class():
    event_types.install()
    for cls in all_subclasses(Event):
        assert Event.resolve_by_type(cls.type_name) is event_types._rasa_resolve_by_type(cls.type_name)
        assert Event.resolve_by_type(cls.type_name) is event_types._rasa_resolve_by_type(cls.type_name)  # cached


def test_unknown_names_keep_rasas_behaviour():
    event_types.install()
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("no_such_event", default=Event) is Event
    assert "no_such_event" not in event_types._known
    assert Event.from_parameters({"event": "bot", "text": "hallo"}).text == "hallo"
