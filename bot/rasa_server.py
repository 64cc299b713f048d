"""The Rasa server as Bolt-NL runs it: `python -m bot.rasa_server [rasa run options]`.

A thin wrapper around `rasa run` that
- refuses an unsafe configuration before loading anything (bot.settings.startup_problems);
- installs Bolt-NL's patches to Rasa (bot.rasa_runtime.patches; refuses a Rasa other than 3.6.x);
- listens on BOT_INTERFACE (default 127.0.0.1) unless --interface is given;
- gives endpoints.yml the action endpoint from the environment: BOT_ACTIONS_URL, else
  http://127.0.0.1:$BOT_ACTIONS_PORT/webhook, and the shared secret BOT_ACTIONS_SECRET;
- with --enable-api, passes the API token (BOT_API_TOKEN or var/api_token) to Rasa inside this
  process, so it never appears on a command line (`ps`, /proc/<pid>/cmdline).
"""

from __future__ import annotations

import os
import sys

from bot import settings


def interface_of(args: list[str]) -> str | None:
    for i, arg in enumerate(args):
        if arg in ("-i", "--interface") and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--interface="):
            return arg.split("=", 1)[1]
    return None


def rasa_argv(args: list[str]) -> list[str]:
    """The `rasa run` argument list (token included) this launcher hands to Rasa in-process."""
    if "--auth-token" in args or any(a.startswith("--auth-token=") for a in args):
        raise SystemExit("FOUT: geef het API-token via BOT_API_TOKEN (of var/api_token), niet op de opdrachtregel")
    argv = ["rasa", "run", *args]
    if interface_of(args) is None:
        argv += ["--interface", settings.interface()]
    if "--enable-api" in args:
        from bot.local_secrets import api_token

        argv += ["--auth-token", api_token()]
    return argv


def prepare_environment() -> None:
    """The variables endpoints.yml reads (${BOT_ACTIONS_URL}, ${BOT_ACTIONS_SECRET})."""
    from bot.local_secrets import actions_secret

    os.environ["BOT_ACTIONS_URL"] = settings.actions_url()
    os.environ["BOT_ACTIONS_SECRET"] = actions_secret()


def main(args: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if args is None else args)
    argv = rasa_argv(args)
    try:
        settings.check_startup(interface_of(argv[2:]), console=True)
    except settings.UnsafeConfiguration as error:
        print(f"FOUT: {error}", file=sys.stderr)
        return 2
    prepare_environment()
    from bot.rasa_runtime.patches import UnsupportedRasaVersion, install_patches

    try:
        install_patches()  # every change Bolt-NL makes to Rasa, before Rasa builds anything
    except UnsupportedRasaVersion as error:
        print(f"FOUT: {error}", file=sys.stderr)
        return 2
    sys.argv = argv  # only this process's view: /proc/<pid>/cmdline keeps the launcher's arguments
    from rasa.__main__ import main as rasa_main

    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
