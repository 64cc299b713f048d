"""Pure parts of the socket.io channel: allowed origins, message metadata, packets nested too deep."""

import pytest

from bot.channels.socketio import INVALID_PACKET_EVENT, SafePacket, allowed_origins, client_metadata
from bot.channels.validation import InputError


def test_origins_from_credentials_or_environment(monkeypatch):
    monkeypatch.delenv("BOT_CORS_ALLOWED_ORIGINS", raising=False)
    assert allowed_origins([]) is None and allowed_origins(None) is None  # only the server's own origin
    assert allowed_origins(["https://help.example.nl/", " "]) == ["https://help.example.nl"]
    assert allowed_origins(["*"]) is None  # never every origin
    monkeypatch.setenv("BOT_CORS_ALLOWED_ORIGINS", "https://a.example, https://b.example")
    assert allowed_origins(["https://ignored.example"]) == ["https://a.example", "https://b.example"]


def test_metadata_as_dict_or_short_json():
    assert client_metadata({"token": "t"}) == {"token": "t"}
    assert client_metadata('{"token": "t"}') == {"token": "t"}
    assert client_metadata(None) == {} and client_metadata("") == {} and client_metadata("[1]") == {}
    for bad in ("[" * 200_000, "[" * 5000, "{not json", 42):
        with pytest.raises(InputError, match="metadata"):
            client_metadata(bad)


def test_a_packet_nested_too_deep_becomes_the_invalid_event():
    deep = SafePacket(encoded_packet='2["user_uttered",{"message":"hoi","metadata":' + "[" * 200_000 + "}]")
    assert deep.data == [INVALID_PACKET_EVENT]
    assert SafePacket(encoded_packet='2["user_uttered",{"message":"hoi"}]').data == ["user_uttered", {"message": "hoi"}]
