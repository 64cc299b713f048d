"""The main topics, offered as quick replies when the bot did not understand."""

from bot.answers.reply import Button
from bot.vocabulary import Intent

MAIN_TOPICS = (
    Button.intent("Telefoonnummers", Intent.ASK_PHONE_NUMBER),
    Button.intent("Ondersteuningsplannen", Intent.ASK_SUPPORT_PLANS),
    Button.intent("Prioriteit en responstijden", Intent.ASK_PRIORITY_RESPONSE),
    Button.intent("Contact opnemen", Intent.ASK_CONTACT_OPTIONS),
    Button.intent("Webticket maken", Intent.ASK_WEBTICKET),
)

# what each question type is about, as a "Bedoelt u ...?" button title
INTENT_TITLES: dict[str, str] = {
    Intent.ASK_PHONE_NUMBER: "Telefoonnummers",
    Intent.ASK_PHONE_SUPPORT: "Wie mag bellen?",
    Intent.ASK_CALL_PREPARATION: "Wat houd ik bij de hand als ik bel?",
    Intent.ASK_CALL_COSTS: "Kosten van bellen",
    Intent.ASK_SUPPORT_PLANS: "Ondersteuningsplannen",
    Intent.ASK_MY_SUPPORT: "Mijn ondersteuning",
    Intent.ASK_PRIORITY_RESPONSE: "Prioritaire responstijden",
    Intent.ASK_PRIORITY_DEFINITION: "Wat betekent P1-P4?",
    Intent.ASK_CONTACT_OPTIONS: "Contact opnemen",
    Intent.ASK_COMMUNITY: "Community",
    Intent.ASK_BILLING: "Facturering",
    Intent.ASK_SOCIAL_MEDIA: "Sociale media",
    Intent.ASK_WEBTICKET: "Webticket maken",
    Intent.ASK_LIVE_CHAT: "Live chat",
    Intent.ASK_HELP_CENTRE: "Het helpcentrum",
    Intent.ASK_CHATBOT: "Over Bolt",
    Intent.ASK_ACCOUNT_MANAGER: "Plan wijzigen",
}
