"""Answers about the contact channels: community, billing, social media, Bolt, webticket."""

from __future__ import annotations

from bot.answers.conversation import CANNOT_ANSWER
from bot.answers.reply import Button, Reply, bullets
from bot.answers.topics import MAIN_TOPICS
from bot.kb import KnowledgeBase
from bot.vocabulary import Intent

_CHANNEL_INTENTS = {
    "community": Intent.ASK_COMMUNITY,
    "billing": Intent.ASK_BILLING,
    "social_media": Intent.ASK_SOCIAL_MEDIA,
    "webticket": Intent.ASK_WEBTICKET,
    "phone": Intent.ASK_PHONE_SUPPORT,
}


def contact_options(kb: KnowledgeBase) -> Reply:
    lines = [
        f"{kb.channels[cid].name}: {kb.channels[cid].text.split('. ')[0].rstrip('.')}."
        for cid in ("community", "billing", "social_media", "chatbot", "webticket", "phone")
    ]
    buttons = tuple(Button.intent(kb.channels[cid].name, intent) for cid, intent in _CHANNEL_INTENTS.items())
    return Reply("U kunt op deze manieren contact opnemen met Zoom-ondersteuning:\n" + bullets(lines), buttons)


def channel(kb: KnowledgeBase, channel_id: str) -> Reply:
    return Reply(kb.channels[channel_id].text)


def webticket(kb: KnowledgeBase) -> Reply:
    return Reply(
        f"{kb.channels['webticket'].text}\nDien uw webticket in via 'Verzoek via webticket' in het Zoom-helpcentrum."
    )


def bot_intro(kb: KnowledgeBase) -> Reply:
    # in the first person: the article's chatbot text speaks about Bolt ("voor Bolt om te beantwoorden")
    return Reply(
        "Ja, ik ben Bolt, de virtuele assistent van Zoom-ondersteuning, een chatbot en geen mens. Ik help u met de "
        "meest gestelde vragen. Is een vraag te ingewikkeld voor mij, dan kunnen gebruikers van een betaald account "
        "overschakelen naar een medewerker op de live chat voor 24/7-assistentie. U vindt mij aan de rechterkant "
        "van elke pagina in het Zoom-helpcentrum.",
        MAIN_TOPICS,
    )


def self_service(kb: KnowledgeBase) -> Reply:
    """What everyone can do when the bot cannot help: webticket, community, help centre."""
    return Reply(
        f"{CANNOT_ANSWER} U kunt:\n"
        + bullets(
            [
                f"{kb.channels['webticket'].name}: {kb.channels['webticket'].text}",
                f"{kb.channels['community'].name}: {kb.channels['community'].text}",
            ]
        ),
        (Button.intent("Webticket maken", Intent.ASK_WEBTICKET), Button.intent("Community", Intent.ASK_COMMUNITY)),
    )
