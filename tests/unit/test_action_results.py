"""The kept validator of action server responses accepts and rejects exactly what Rasa's own check does."""

import jsonschema
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot.dialogue import action_results

RASAS_OWN = action_results._rasa_validate_action_result

VALID = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "country", "value": "japan"}],
        "responses": [{"text": "Bel +81 3 4578 1488", "buttons": [], "custom": {}}],
    },
    {},
]
INVALID = [
    {"events": [{"name": "country"}]},  # an event without its type
    {"events": "slot"},
    {"responses": "Bel ons"},  # not a list
]


@pytest.fixture
def action():
    return RemoteAction("action_answer_phone", EndpointConfig("http://127.0.0.1:5055/webhook"))


def test_rasas_own_check_is_the_one_compared_with():
    assert RASAS_OWN is not action_results.validate_action_result
    assert RASAS_OWN.__module__ == "rasa.core.actions.action"


@pytest.mark.parametrize("response", VALID)
def test_valid_responses_pass_both(action, response):
    assert RASAS_OWN(action, response) is True
    assert action_results.validate_action_result(action, response) is True


@pytest.mark.parametrize("response", INVALID)
def test_invalid_responses_fail_both_with_rasas_message(action, response):
    with pytest.raises(ValidationError) as rasa_error:
        RASAS_OWN(action, response)
    with pytest.raises(ValidationError) as our_error:
        action_results.validate_action_result(action, response)
    assert our_error.value.message == rasa_error.value.message
    assert "Failed to validate Action server response" in our_error.value.message


def test_the_schema_is_checked_once_not_per_response(action, monkeypatch):
    action_results._validator.cache_clear()
    calls = []
    original = jsonschema.validators.Draft202012Validator.check_schema
    monkeypatch.setattr(
        jsonschema.validators.Draft202012Validator,
        "check_schema",
        classmethod(lambda cls, schema: calls.append(schema) or original(schema)),
    )
    for _ in range(3):
        action_results.validate_action_result(action, VALID[1])
    assert len(calls) == 1


def test_the_rasa_server_gets_it_with_the_patches():
    from bot.rasa_runtime.patches import install_patches  # called by bot.rasa_server and the tracker store

    install_patches()
    assert RemoteAction._validate_action_result is action_results.validate_action_result
