"""The main topics, offered as quick replies when the bot did not understand."""

from bot.answers.reply import Button

MAIN_TOPICS = (
    Button.intent("Telefoonnummers", "ask_phone_number"),
    Button.intent("Ondersteuningsplannen", "ask_support_plans"),
    Button.intent("Prioriteit en responstijden", "ask_priority_response"),
    Button.intent("Contact opnemen", "ask_contact_options"),
    Button.intent("Webticket maken", "ask_webticket"),
)

# what each question type is about, as a "Bedoelt u ...?" button title
INTENT_TITLES = {
    "ask_phone_number": "Telefoonnummers",
    "ask_phone_support": "Wie mag bellen?",
    "ask_call_preparation": "Wat houd ik bij de hand als ik bel?",
    "ask_call_costs": "Kosten van bellen",
    "ask_support_plans": "Ondersteuningsplannen",
    "ask_my_support": "Mijn ondersteuning",
    "ask_priority_response": "Prioritaire responstijden",
    "ask_priority_definition": "Wat betekent P1-P4?",
    "ask_contact_options": "Contact opnemen",
    "ask_community": "Community",
    "ask_billing": "Facturering",
    "ask_social_media": "Sociale media",
    "ask_webticket": "Webticket maken",
    "ask_live_chat": "Live chat",
    "ask_help_centre": "Het helpcentrum",
    "ask_chatbot": "Over Bolt",
    "ask_account_manager": "Plan wijzigen",
}
