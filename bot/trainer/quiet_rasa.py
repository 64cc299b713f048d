"""`python -m bot.trainer.quiet_rasa <rasa arguments>`: Rasa's command line without the libraries'
deprecation warnings (PYTHONWARNINGS alone does not silence them: Rasa and its libraries put their own
"once" filters in front of it). Used by `python -m bot train` and `evaluate --folds`."""

import sys


def main() -> None:
    from bot.trainer.commands import quiet_environment

    quiet_environment()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
