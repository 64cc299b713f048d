"""Rasa SDK plugin (found by rasa_sdk.plugin by this package name): adds POST /kb/reload to the
action server, so `python -m bot reload` / `deploy` make it re-read data/help/support.yml without a
restart. The route lives in bot/trainer/action_server_kb.py."""

import sys

import pluggy

hookimpl = pluggy.HookimplMarker("rasa_sdk")


@hookimpl
def attach_sanic_app_extensions(app) -> None:
    from bot.trainer.action_server_kb import attach

    attach(app)


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(sys.modules[__name__])
