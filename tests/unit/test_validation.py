import pytest

from bot.channels.validation import InputError, validate_message, validate_payload


def test_valid_payload():
    chat = validate_payload({"sender": "u1", "message": "hallo", "metadata": {"a": 1}})
    assert (chat.sender, chat.message, chat.metadata) == ("u1", "hallo", {"a": 1})


@pytest.mark.parametrize(
    "body, status",
    [
        (None, 400),
        ([], 400),
        ("tekst", 400),
        ({"message": "hoi"}, 400),
        ({"sender": "", "message": "hoi"}, 400),
        ({"sender": "x" * 200, "message": "hoi"}, 400),
        ({"sender": "a\nb", "message": "hoi"}, 400),
        ({"sender": "u", "message": ""}, 400),
        ({"sender": "u", "message": "   "}, 400),
        ({"sender": "u", "message": 42}, 400),
        ({"sender": "u", "message": "x" * 100_000}, 413),
        ({"sender": "u", "message": "hoi", "metadata": "token"}, 400),
    ],
)
def test_invalid_payloads(body, status):
    with pytest.raises(InputError) as error:
        validate_payload(body)
    assert error.value.status == status and error.value.message


def test_limit_is_configurable(monkeypatch):
    monkeypatch.setenv("BOT_MAX_MESSAGE_CHARS", "10")
    assert validate_message("x" * 10)
    with pytest.raises(InputError, match="maximaal 10"):
        validate_message("x" * 11)


def test_a_lone_surrogate_becomes_the_replacement_character():
    assert validate_message("nummer japan \ud800") == "nummer japan \ufffd"
    assert validate_message("emoji \U0001f600 blijft") == "emoji \U0001f600 blijft"
    with pytest.raises(InputError):
        validate_payload({"sender": "a\ud800", "message": "hoi"})
