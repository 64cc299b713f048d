"""Reading a "no" during the hand-off intake: a real refusal cancels, anything longer is an answer.

The NLU may classify a description such as "Nee, mijn scherm blijft zwart" or a reply such as
"geen idee" as `deny`. Cancelling the intake on every `deny` would throw such answers away, so
only a short message made of refusal words ("nee", "laat maar", "stop", "toch niet") cancels.
"""

from __future__ import annotations

import re

from bot.kb.matching import fold
from bot.vocabulary import Intent

_REFUSAL_WORDS = frozenset(
    {
        "nee",
        "neen",
        "nope",
        "no",
        "nah",
        "niet",
        "nodig",
        "hoeft",
        "laat",
        "maar",
        "stop",
        "stoppen",
        "annuleer",
        "annuleren",
        "cancel",
        "toch",
        "liever",
        "niks",
        "bedankt",
        "dank",
        "je",
        "u",
        "hoor",
        "dus",
        "ik",
        "wil",
        "het",
        "dat",
        "alsjeblieft",
        "aub",
        "svp",
        "ok",
        "oke",
        "okay",
        "nu",
        "even",
        "geen",
        "ticket",
        "meer",
    }
)
_REFUSAL_CORES = (
    "nee",
    "neen",
    "nope",
    "no",
    "nah",
    "laat maar",
    "stop",
    "annuleer",
    "annuleren",
    "cancel",
    "toch niet",
    "toch maar niet",
    "hoeft niet",
    "niet nodig",
    "liever niet",
    "geen ticket",
)
_MAX_WORDS = 8


def _only_words(text: str | None, vocabulary: frozenset[str], max_words: int) -> list[str] | None:
    """The (folded) words of a short message made only of words of `vocabulary`; None for any other message."""
    words = re.findall(r"[a-z]+", fold(text or ""))
    if not words or len(words) > max_words or any(w not in vocabulary for w in words):
        return None
    return words


def is_refusal(text: str | None) -> bool:
    """True for a short message that only says "no / stop / never mind"."""
    words = _only_words(text, _REFUSAL_WORDS, _MAX_WORDS)
    if words is None:
        return False
    joined = " ".join(words)
    return any(re.search(rf"\b{core}\b", joined) for core in _REFUSAL_CORES)


# --- A message that is not an answer to the intake question (issue 14.5) -------------------------

# Intents that ask something of their own: during a form they get their answer and the form's
# question is asked again (once). `report_problem` and `inform` are not here: they are answers.
QUESTION_INTENTS = frozenset(
    {
        Intent.ASK_LIVE_CHAT,
        Intent.ASK_PHONE_SUPPORT,
        Intent.ASK_PHONE_NUMBER,
        Intent.ASK_CALL_PREPARATION,
        Intent.ASK_CALL_COSTS,
        Intent.ASK_SUPPORT_PLANS,
        Intent.ASK_MY_SUPPORT,
        Intent.ASK_PRIORITY_RESPONSE,
        Intent.ASK_PRIORITY_DEFINITION,
        Intent.ASK_CONTACT_OPTIONS,
        Intent.ASK_COMMUNITY,
        Intent.ASK_BILLING,
        Intent.ASK_SOCIAL_MEDIA,
        Intent.ASK_WEBTICKET,
        Intent.ASK_HELP_CENTRE,
        Intent.ASK_CHATBOT,
        Intent.ASK_ACCOUNT_MANAGER,
        Intent.ASK_NOT_IN_ARTICLE,
        Intent.BOT_CHALLENGE,
        Intent.OUT_OF_SCOPE,
        Intent.CHITCHAT,
        Intent.NOT_HELPFUL,
        Intent.ASK_TICKET_STATUS,
    }
)
# a problem reported while the e-mail address is asked is kept as the description, not an address
_NOT_AN_EMAIL = frozenset({Intent.REPORT_PROBLEM})

_CANCEL_CORES = (
    "annuleer",
    "annuleren",
    "cancel",
    "stop",
    "stoppen",
    "afbreken",
    "laat maar",
    "toch niet",
    "toch maar niet",
    "hoeft niet",
    "niet nodig",
    "liever niet",
    "geen ticket",
    "chat beeindigen",
    "beeindig",
    "beeindigen",
)
_CANCEL_WORDS = _REFUSAL_WORDS | {
    "mijn",
    "de",
    "deze",
    "chat",
    "aanvraag",
    "verzoek",
    "graag",
    "alstublieft",
    "beeindigen",
    "beeindig",
    "afbreken",
    "intake",
    "wachtrij",
    "uit",
    "eruit",
    "vraag",
    "mag",
    "weg",
    "wel",
    "eigenlijk",
    "sorry",
    "oh",
    "o",
    "hmm",
}
# a cancel in the user's own words, also inside a longer sentence ("ik wil stoppen met wachten, annuleer
# mijn ticket", "laat maar zitten, ik hoef geen ticket meer"): a cancel verb with what is cancelled, or
# "no ticket any more"; never a question ("kan ik mijn ticket later annuleren?")
_CANCEL_SENTENCE = re.compile(
    r"\b(annuleer|annuleren|cancel|intrekken|trek|beeindig|beeindigen|stop|stoppen|afbreken)\b.*"
    r"\b(ticket|aanvraag|verzoek|intake|wachten|wachtrij)\b"
    r"|\b(ticket|aanvraag|verzoek|intake|wachten)\b.*\b(annuleren|intrekken|beeindigen|stoppen|afbreken)\b"
    r"|\b(hoef|hoeft|hoeven|wil)( nu)? (toch )?geen (ticket|chat|medewerker|hulp)( meer)?\b"
    r"|\bgeen (ticket|chat|medewerker) meer\b|^laat (maar )?(zitten|maar)\b"
)
_MAX_CANCEL_SENTENCE_WORDS = 14
_QUESTION_START = re.compile(
    r"^(hoe|wat|waar|wanneer|welke?|wie|waarom|kan|kun|kunt|mag|is|zijn|heeft|hebt|heb|"
    r"bestaat|krijg|geldt|werkt|moet|zou)\b"
)


def is_cancel(text: str | None, requested_slot: str | None = None) -> bool:
    """A short message that stops the intake ("Annuleren", "laat maar, annuleer mijn ticket", "nee, stop").

    At the P1/P2 check a bare "nee" means "not that priority", not "stop": only a cancel word counts there."""
    words = re.findall(r"[a-z]+", fold(text or ""))
    if not words:
        return False
    joined = " ".join(words)
    if len(words) <= _MAX_CANCEL_SENTENCE_WORDS and _CANCEL_SENTENCE.search(joined) and not looks_like_question(text):
        return True
    if len(words) > _MAX_WORDS or any(w not in _CANCEL_WORDS for w in words):
        return False
    if any(re.search(rf"\b{core}\b", joined) for core in _CANCEL_CORES):
        return True
    return requested_slot != "priority_confirmed" and is_refusal(text)


def looks_like_question(text: str | None) -> bool:
    folded = fold(text or "").strip()
    return folded.endswith("?") or bool(_QUESTION_START.match(folded))


# "Dat helpt niet"-like reactions: the only messages the NLU's not_helpful may take away from the
# description. A message with any other word ("mijn scherm delen werkt nog steeds niet") names the
# problem, whatever the classifier thinks, and is kept as the description.
_REACTION_WORDS = frozenset(
    {
        "dat",
        "dit",
        "het",
        "hier",
        "daar",
        "er",
        "ik",
        "heb",
        "had",
        "mij",
        "me",
        "u",
        "je",
        "jij",
        "jullie",
        "helpt",
        "hielp",
        "help",
        "geholpen",
        "heeft",
        "hebt",
        "niet",
        "niets",
        "niks",
        "nee",
        "geen",
        "aan",
        "mee",
        "echt",
        "helemaal",
        "totaal",
        "nog",
        "steeds",
        "altijd",
        "was",
        "is",
        "al",
        "wel",
        "ook",
        "zo",
        "nou",
        "antwoord",
        "antwoorden",
        "nuttig",
        "nuttige",
        "behulpzaam",
        "nutteloos",
        "waardeloos",
        "slecht",
        "onzin",
        "jammer",
        "klopt",
        "zin",
        "verder",
        "weet",
        "snap",
        "begrijp",
        "hoor",
        "sorry",
        "hmm",
        "tja",
        "pff",
        "zegt",
        "zeg",
        "wat",
        "bedoel",
    }
)
_REACTION_MAX_WORDS = 8


def is_reaction_only(text: str | None) -> bool:
    """A short reaction to the bot ("dat helpt niet", "hier heb ik niks aan"), naming no problem."""
    return _only_words(text, _REACTION_WORDS, _REACTION_MAX_WORDS) is not None


_TICKET_REFERENCE = re.compile(r"\bzn-?\s?\d+|\bstatus\b")


def asks_ticket_status(intent: str | None, text: str | None) -> bool:
    """A question about a ticket's status (asked, or naming a reference such as ZN-000123)."""
    if intent != Intent.ASK_TICKET_STATUS:
        return False
    return looks_like_question(text) or bool(_TICKET_REFERENCE.search(fold(text or "")))


def interruption(
    requested_slot: str | None, intent: str | None, text: str | None, has_priority: bool = False
) -> str | None:
    """What a message during the intake is, when it is not the answer to the question asked:
    "cancel", "goodbye", "handoff" (asks for a human: already underway, never a description),
    "question" (gets its answer, then the question again) or None (an answer: validate it)."""
    text = (text or "").strip()
    if is_cancel(text, requested_slot):
        return "cancel"
    if intent == Intent.GOODBYE:
        return "goodbye"
    if intent == Intent.REQUEST_HUMAN:
        return "handoff"
    button = text.startswith("/")
    if requested_slot == "priority_confirmed":
        if intent in (Intent.AFFIRM, Intent.DENY) or has_priority:
            return None
        return "question" if button or intent in QUESTION_INTENTS else None
    if requested_slot == "problem_priority":
        if has_priority:
            return None
        return "question" if button or intent in QUESTION_INTENTS else None
    if requested_slot == "contact_email":
        if "@" in text and not button:
            return None
        return "question" if button or intent in QUESTION_INTENTS | _NOT_AN_EMAIL else None
    if requested_slot == "problem_description":
        if button or asks_ticket_status(intent, text):
            return "question"
        if intent == Intent.NOT_HELPFUL:  # a description unless it only reacts to the bot
            return "question" if is_reaction_only(text) else None
        return "question" if intent in QUESTION_INTENTS and looks_like_question(text) else None
    return None
