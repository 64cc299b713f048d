"""The launchers of both servers (issues 13.3, 13.7, 13.8, 13.9) without starting them."""

import pytest
from rasa.utils.endpoints import read_endpoint_config

from bot import rasa_server, settings
from bot.actions_server import SECRET_HEADER
from bot.testing.servers import ROOT


@pytest.fixture
def clean_env(monkeypatch):
    for name in (
        "BOT_ACTIONS_URL",
        "BOT_ACTIONS_PORT",
        "BOT_ACTIONS_SECRET",
        "BOT_INTERFACE",
        "BOT_DEV_MODE",
        "BOT_JWT_SECRET",
        "BOT_CONSOLE_SECRET",
        "BOT_API_TOKEN",
    ):
        monkeypatch.setenv(name, "")  # recorded, so what the launcher sets is undone after the test
        monkeypatch.delenv(name)
    return monkeypatch


def test_endpoints_take_the_action_server_from_the_environment(clean_env):
    clean_env.setenv("BOT_ACTIONS_PORT", "6123")
    clean_env.setenv("BOT_ACTIONS_SECRET", "gedeeld-geheim")
    rasa_server.prepare_environment()
    endpoint = read_endpoint_config(str(ROOT / "endpoints.yml"), "action_endpoint")
    assert endpoint.url == "http://127.0.0.1:6123/webhook"
    assert endpoint.headers == {SECRET_HEADER: "gedeeld-geheim"}
    clean_env.setenv("BOT_ACTIONS_URL", "http://actions.intern:7000/webhook")
    rasa_server.prepare_environment()
    assert (
        read_endpoint_config(str(ROOT / "endpoints.yml"), "action_endpoint").url == "http://actions.intern:7000/webhook"
    )


def test_the_default_action_port_is_5055(clean_env):
    assert settings.actions_url() == "http://127.0.0.1:5055/webhook"


def test_the_api_token_goes_to_rasa_inside_the_process_only(clean_env):
    clean_env.setenv("BOT_API_TOKEN", "geheim-token")
    argv = rasa_server.rasa_argv(["--port", "5005", "--enable-api"])
    assert argv[:2] == ["rasa", "run"] and argv[argv.index("--auth-token") + 1] == "geheim-token"
    assert argv[argv.index("--interface") + 1] == "127.0.0.1"  # loopback unless told otherwise
    assert "--auth-token" not in rasa_server.rasa_argv(["--port", "5005"])
    with pytest.raises(SystemExit):
        rasa_server.rasa_argv(["--enable-api", "--auth-token", "op-de-opdrachtregel"])
    assert rasa_server.interface_of(rasa_server.rasa_argv(["-i", "0.0.0.0"])) == "0.0.0.0"
