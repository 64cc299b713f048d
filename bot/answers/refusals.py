"""What a refused request is told, in Dutch: the widget shows these to the user (REST clients get them
as `error`). Input channels (bot/channels) and the help page's feedback API (bot/feedback, bot/web).
"""

from __future__ import annotations

# -- a chat message the channels refuse (bot/channels/validation.py, rest.py, socketio.py, server.py) --
MESSAGE_NOT_TEXT = "Het veld 'message' moet tekst zijn."
MESSAGE_EMPTY = "Het bericht is leeg. Typ uw vraag."
MESSAGE_ID_INVALID = "Het veld 'message_id' is ongeldig (maximaal 128 tekens: letters, cijfers, '-', '_', '.' of ':')."
NOT_AN_OBJECT = "Verwacht een JSON-object met 'sender' en 'message'."
SENDER_MISSING = "Het veld 'sender' ontbreekt of is leeg."
METADATA_NOT_AN_OBJECT = "Het veld 'metadata' moet een JSON-object zijn."
INVALID_JSON = "Ongeldige JSON in het verzoek."
INVALID_METADATA = "Ongeldige metadata in het bericht."
TOO_DEEPLY_NESTED = "Ongeldig bericht: de gegevens zijn te diep genest."
INVALID_MESSAGE = "Ongeldig bericht."
NO_SESSION = "Geen geldige sessie voor deze verbinding: vraag eerst een sessie aan."
OTHER_LOGIN = "U bent met een andere login verbonden: start een nieuw gesprek."
API_TOKEN_ONLY = "Alleen met het API-token."


def message_too_long(length: int, limit: int) -> str:
    return f"Het bericht is te lang ({length} tekens; maximaal {limit}). Maak uw vraag korter."


def sender_invalid(limit: int) -> str:
    return f"Het veld 'sender' is ongeldig (maximaal {limit} tekens)."


def request_too_large(limit_bytes: int) -> str:
    return f"Het verzoek is te groot (maximaal {limit_bytes // 1024} kB)."


def text_too_long(length: int, limit: int) -> str:
    return f"De tekst is te lang ({length} tekens; maximaal {limit})."


# -- answer feedback and the satisfaction score (bot/feedback, bot/web/feedback_api.py) --------------
UNKNOWN_TOPIC = "Onbekend onderwerp van het antwoord."
NO_SUCH_TICKET_HERE = "Dit gesprek heeft geen ticket met dit nummer."
NOT_RESOLVED_YET = "Een beoordeling kan pas als de medewerker uw vraag heeft opgelost."
ALREADY_RATED = "U hebt deze hulp al beoordeeld. Dank u wel!"
THUMB_INVALID = "Een beoordeling is duim omhoog (1) of duim omlaag (-1)."
SCORE_INVALID = "Een tevredenheidsscore is een geheel getal van 1 tot en met 5."
ANSWER_TEXT_MISSING = "Geef de tekst van het antwoord mee dat u beoordeelt."
CONVERSATION_MISSING = "Geef het gesprek mee."
NOT_YOUR_CONVERSATION = "Dit gesprek is niet van u."
ANSWER_NOT_IN_CONVERSATION = "Dit antwoord staat niet in uw gesprek."
TICKET_MISSING = "Geef het ticketnummer mee."
