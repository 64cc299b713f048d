"""Faster validation of the action server's responses in Rasa 3.6, with the same checks.

Rasa's RemoteAction validates every action server response with `jsonschema.validate(response,
schema)`. That function first validates the *schema* itself against the JSON Schema meta-schema
(draft 2020-12, with its $dynamicRef walks), and only then the response: py-spy on the bench load
found that schema check taking over half of the Rasa server's time per message (README,
Benchmarks). The schema is a constant, so it is checked once and its validator kept; every
response is still validated against it, and an invalid one raises the same ValidationError with
Rasa's message.
"""

from __future__ import annotations

import functools
from typing import Any, Protocol

from jsonschema import validators
from jsonschema.exceptions import best_match
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_rasa_validate_action_result = RemoteAction._validate_action_result  # kept for the tests' comparison


class ResponseFormat(Protocol):
    """What the validator needs of an action class: Rasa's RemoteAction (and any subclass) has it."""

    @staticmethod
    def action_response_format_spec() -> dict[str, Any]: ...


@functools.cache
def _validator(action_class: type[ResponseFormat]) -> Any:
    schema = action_class.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)  # what jsonschema.validate does on every call, done once
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    # Rasa ships no type information, so type(self) would be type[Any] (which mypy does not take as
    # Hashable for the cache): named by what the validator uses of it
    action_class: type[ResponseFormat] = type(self)
    error = best_match(_validator(action_class).iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the Action "
            f"endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def install() -> None:
    """Idempotent; called by bot.rasa_runtime.patches.install_patches() with Bolt-NL's other patches."""
    RemoteAction._validate_action_result = validate_action_result
