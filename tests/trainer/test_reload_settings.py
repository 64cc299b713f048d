"""`python -m bot reload` takes BOT_ACTIONS_PORT from the settings (issue 17.5): an action server named by
--actions-url or by a port other than make run's must answer; the default one may be missing (a warning)."""

import pytest

from bot.cli import build_parser
from bot.trainer import commands


@pytest.mark.parametrize(
    "port,argv,actions_url,required",
    [
        (None, [], "http://127.0.0.1:5055", False),
        ("6123", [], "http://127.0.0.1:6123", True),
        (None, ["--actions-url", "http://10.0.0.2:5055"], "http://10.0.0.2:5055", True),
        ("6123", ["--model-only"], None, True),
    ],
)
def test_reload_requires_the_action_server_it_was_pointed_at(monkeypatch, port, argv, actions_url, required):
    if port is None:
        monkeypatch.delenv("BOT_ACTIONS_PORT", raising=False)
    else:
        monkeypatch.setenv("BOT_ACTIONS_PORT", port)
    monkeypatch.delenv("BOT_ACTIONS_URL", raising=False)
    calls = []

    def reload(model, url, actions_url, kb, actions_required):
        calls.append((actions_url, actions_required))
        return 0

    monkeypatch.setattr(commands, "reload", reload)
    args = build_parser().parse_args(["reload", *argv])
    assert args.func(args) == 0
    assert calls == [(actions_url, required)]
