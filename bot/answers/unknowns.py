"""Honest unknowns: support questions the article does not answer. The bot says so and points to
the step that can answer it; it never invents a price, an address, a time or a channel."""

from __future__ import annotations

from bot.answers.reply import Button, Reply
from bot.kb import KnowledgeBase
from bot.kb.matching import fold
from bot.vocabulary import Intent

NOT_IN_ARTICLE = "Dat staat niet in het helpcentrum, dus daar kan ik u geen betrouwbaar antwoord op geven."

# (cue words, next step): the first topic whose cue is in the question decides the advice
_NEXT_STEPS: tuple[tuple[tuple[str, ...], str], ...] = (
    ((" bel ", " bellen", "supportlijn", "telefo", "helpdesk bel"), "call_costs"),
    (
        ("prijs", "prijzen", "kost", "kosten", "tarief", "betalen", "euro", "geld", "korting", "goedkoper", " duur "),
        "account_manager",
    ),
    (("factuur", "facturen", "terugbetal", "refund", "restitutie", "incasso"), "billing"),
    (
        (
            "openingstijd",
            "openingsuren",
            "open",
            "bereikbaar",
            "kantooruren",
            "zaterdag",
            "zondag",
            "weekend",
            "feestdag",
            "avond",
            "nachts",
            "hoe laat",
        ),
        "hours",
    ),
    (("wachttijd", "wachtrij", "hoe lang", "duurt", "termijn", "binnen hoeveel"), "waiting"),
    ((" taal", " talen", "talig", " engels", " spreken", " spreekt", " vlaams"), "languages"),
    (("terugbel", "bel mij", "bellen mij", "callback", "call-back", "terug bellen"), "contact"),
    (
        (
            "mail",
            "e-mail",
            "email",
            "whatsapp",
            "sms",
            "fax",
            "adres",
            "bezoek",
            "kantoor",
            "post",
            "twitter",
            "dm",
            "facebook",
            "instagram",
            "messenger",
            "teams",
        ),
        "contact",
    ),
)

_ADVICE = {
    "call_costs": lambda kb: f"Bedragen staan er niet in; wel: {kb.channels['phone'].extra['charges_warning']}",
    "account_manager": lambda kb: kb.account_manager_note,
    "billing": lambda kb: kb.channels["billing"].text,
    "hours": lambda kb: (
        "Wat het helpcentrum wel zegt: het Helpcentrum en de Community zijn 24/7 beschikbaar, en "
        "gebruikers van een betaald account kunnen 24/7 live chatten met een medewerker."
    ),
    "waiting": lambda kb: (
        "Vaste responstijden gelden alleen voor prioritaire respons (beheerders met licentie op "
        "Premier of Premier+); vraag ernaar met 'responstijden'."
    ),
    "languages": lambda kb: "Stel uw vraag gerust in het Nederlands; ik antwoord in het Nederlands.",
    "contact": lambda kb: (
        "Zoom-ondersteuning bereikt u via een webticket, de Community, live chat (betaalde "
        "accounts) of telefonisch als uw account dat bevat."
    ),
}


def topic_of(text: str) -> str:
    folded = f" {fold(text)} ".replace("?", " ? ")  # "duur?" is expensive, "duurt" is how long
    for cues, topic in _NEXT_STEPS:
        if topic == "call_costs":  # a question about the cost of calling: calling and paying both named
            if any(c in folded for c in cues) and any(c in folded for c in ("kost", "betaal", "tarie", "extra")):
                return topic
        elif any(cue in folded for cue in cues):
            return topic
    return "contact"


def not_in_article(kb: KnowledgeBase, text: str) -> Reply:
    topic = topic_of(text)
    buttons = (
        Button.intent("Webticket maken", Intent.ASK_WEBTICKET),
        Button.intent("Contact opnemen", Intent.ASK_CONTACT_OPTIONS),
    )
    return Reply(f"{NOT_IN_ARTICLE} {_ADVICE[topic](kb)}", buttons)


PHONE_HOURS_UNKNOWN = "De openingstijden van de telefoonlijn staan niet in het helpcentrum."
FREE_CALLING_UNKNOWN = "Of bellen gratis is, staat niet in het helpcentrum."


def phone_hours(kb: KnowledgeBase) -> Reply:
    """'Is dat ook 's nachts?' about calling: the article gives no hours for the phone line."""
    return Reply(
        f"{PHONE_HOURS_UNKNOWN} {_ADVICE['hours'](kb)}", (Button.intent("Webticket maken", Intent.ASK_WEBTICKET),)
    )


# cues of a part of a question the article has no answer to, by what the rest of it is about
_PARTLY_UNKNOWN = (
    (
        (
            "hoe laat",
            "tot wanneer",
            "openingstijd",
            "openingsuren",
            "bereikbaar op",
            "zaterdag",
            "zondag",
            "weekend",
            "'s avonds",
            "avonds",
            "nachts",
            "24/7",
            "dag en nacht",
            "24 uur per dag",
            "feestdag",
        ),
        PHONE_HOURS_UNKNOWN,
    ),
    (
        ("per minuut", "hoeveel kost", "wat kost", "prijs", "tarief per", "gratis bellen", "betalen voor"),
        "Bedragen staan niet in het helpcentrum.",
    ),
    (
        ("gratis", "kosteloos"),
        FREE_CALLING_UNKNOWN,
    ),
    (
        ("wachttijd", "hoe lang duurt", "hoe lang moet ik wachten", "hoe lang wachten"),
        "Een wachttijd staat niet in het helpcentrum.",
    ),
    (
        ("fax", "e-mail", "email", "mailadres", "whatsapp", " sms"),
        "Een faxnummer, e-mailadres of WhatsApp-nummer staat niet in het helpcentrum.",
    ),
    (
        (" taal", " talen", "talig", " in het nederlands", " in het vlaams", " in het engels"),
        "In welke talen medewerkers u helpen, staat niet in het helpcentrum.",
    ),
)


# a live-chat question about which language the agent speaks ("een Nederlandstalige medewerker")
_AGENT_LANGUAGE_CUES = ("nederlandstalig", "vlaamstalig", "engelstalig", "franstalig", "duitstalig")


def agent_origin_note(text: str, names_a_country: bool) -> str:
    """For a live-chat question about an agent from a country ("een medewerker uit Nederland") or of a
    language: the article says neither ('' if the question asks neither)."""
    folded = f" {fold(text)} "
    if (names_a_country and " uit " in folded) or any(cue in folded for cue in _AGENT_LANGUAGE_CUES):
        return "Waar de medewerkers zitten en in welke taal ze chatten, staat niet in het helpcentrum."
    return ""


# notes that only a question about calling gets ("in het weekend?" of the chat is answered: 24/7)
_CALLING_ONLY = (PHONE_HOURS_UNKNOWN, FREE_CALLING_UNKNOWN)


def partly_unknown(text: str, calling: bool = True) -> str:
    """A sentence saying which part of the question the article cannot answer ('' if none). calling: the
    question is about calling, so its hours are the phone line's (the chat, Bolt and the help centre are 24/7)."""
    folded = f" {fold(text)} "
    return " ".join(
        note
        for cues, note in _PARTLY_UNKNOWN
        if (calling or note not in _CALLING_ONLY) and any(fold(c) in folded for c in cues)
    )


def asks_an_unknown(text: str) -> bool:
    """Does a message that names nothing else ask something the article lacks ("en wat kost dat?")?"""
    return bool(partly_unknown(text, calling=False))
