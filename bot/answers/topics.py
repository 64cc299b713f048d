"""The main topics, offered as quick replies when the bot did not understand."""
from bot.answers.reply import Button

MAIN_TOPICS = (
    Button.intent("Telefoonnummers", "ask_phone_number"),
    Button.intent("Ondersteuningsplannen", "ask_support_plans"),
    Button.intent("Prioriteit en responstijden", "ask_priority_response"),
    Button.intent("Contact opnemen", "ask_contact_options"),
    Button.intent("Webticket maken", "ask_webticket"),
)
