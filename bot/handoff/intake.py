"""Reading a "no" during the hand-off intake: a real refusal cancels, anything longer is an answer.

The NLU may classify a description such as "Nee, mijn scherm blijft zwart" or a reply such as
"geen idee" as `deny`. Cancelling the intake on every `deny` would throw such answers away, so
only a short message made of refusal words ("nee", "laat maar", "stop", "toch niet") cancels.
"""
from __future__ import annotations

import re
from typing import Optional

from bot.kb.matching import fold

_REFUSAL_WORDS = frozenset({
    "nee", "neen", "nope", "no", "nah", "niet", "nodig", "hoeft", "laat", "maar", "stop", "stoppen",
    "annuleer", "annuleren", "cancel", "toch", "liever", "niks", "bedankt", "dank", "je", "u", "hoor",
    "dus", "ik", "wil", "het", "dat", "alsjeblieft", "aub", "svp", "ok", "oke", "okay", "nu", "even",
    "geen", "ticket", "meer",
})
_REFUSAL_CORES = ("nee", "neen", "nope", "no", "nah", "laat maar", "stop", "annuleer", "annuleren", "cancel",
                  "toch niet", "toch maar niet", "hoeft niet", "niet nodig", "liever niet", "geen ticket")
_MAX_WORDS = 8


def is_refusal(text: Optional[str]) -> bool:
    """True for a short message that only says "no / stop / never mind"."""
    words = re.findall(r"[a-z]+", fold(text or ""))
    if not words or len(words) > _MAX_WORDS or any(w not in _REFUSAL_WORDS for w in words):
        return False
    joined = " ".join(words)
    return any(re.search(rf"\b{core}\b", joined) for core in _REFUSAL_CORES)
