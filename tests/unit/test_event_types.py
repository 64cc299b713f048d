"""The remembered Event type lookup gives exactly Rasa's answers, is really installed by install(), and
the test puts Rasa's own lookup back afterwards."""

import pytest
from rasa.shared.core.events import ActionExecuted, Event, UserUttered
from rasa.shared.utils.common import all_subclasses

from bot.stores import event_types


def install_on_rasas_lookup(monkeypatch):
    """install() on Rasa's own lookup, with an empty memory and a count of Rasa's lookups; undone by monkeypatch."""
    calls = []
    rasa_lookup = event_types._rasa_resolve_by_type

    def counting_rasa_lookup(type_name, default=None):
        calls.append(type_name)
        return rasa_lookup(type_name, default)

    # monkeypatch remembers what is there now and restores it at teardown, whatever install() sets
    monkeypatch.setattr(Event, "resolve_by_type", staticmethod(rasa_lookup))
    monkeypatch.setattr(event_types, "_known", {})
    monkeypatch.setattr(event_types, "_rasa_resolve_by_type", counting_rasa_lookup)
    event_types.install()
    return calls


@pytest.fixture
def installed(monkeypatch):
    return install_on_rasas_lookup(monkeypatch)


def test_install_replaces_rasas_lookup_with_the_remembering_one(installed):
    assert Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("user") is UserUttered
    assert Event.resolve_by_type("action") is ActionExecuted
    assert installed == ["user", "action"]  # Rasa's walk over the subclasses ran once per name


def test_every_event_type_resolves_to_rasas_class(installed):
    rasa_lookup = event_types._rasa_resolve_by_type
    for cls in all_subclasses(Event):
        expected = rasa_lookup(cls.type_name)
        assert Event.resolve_by_type(cls.type_name) is expected
        assert Event.resolve_by_type(cls.type_name) is expected  # remembered


def test_unknown_names_keep_rasas_behaviour(installed):
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("no_such_event", default=Event) is Event
    assert "no_such_event" not in event_types._known
    assert Event.from_parameters({"event": "bot", "text": "hallo"}).text == "hallo"


def test_the_patch_is_undone_after_the_test():
    before = Event.__dict__["resolve_by_type"]
    with pytest.MonkeyPatch.context() as monkeypatch:
        install_on_rasas_lookup(monkeypatch)
        assert Event.resolve_by_type is event_types.resolve_by_type
    assert Event.__dict__["resolve_by_type"] is before
