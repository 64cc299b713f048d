"""What the bot says when something on our side fails or is too busy: short Dutch apologies.

Every user message gets a reply, never silence: these are the replies when the answer itself cannot
be given (an action server or database outage, overload, a message sent twice) and the privacy
notice that goes with a redacted message.
"""

from __future__ import annotations

# the action server or the database failed this turn (bot/dialogue/action_outage.py, store_outage.py)
SOMETHING_WENT_WRONG = "Er ging even iets mis aan onze kant; probeer het zo nog eens."
# ... during an intake form: the user's answer is kept for the next turn (bot/dialogue/form_outage.py)
ANSWER_SAVED = (
    "Er ging even iets mis aan onze kant. Uw antwoord is bewaard: stuur zo een bericht "
    "(bijvoorbeeld 'verder'), dan ga ik ermee verder."
)
# the tickets database cannot be read for a ticket status question (actions/ticket_status.py)
TICKETS_UNAVAILABLE = "Het ticketsysteem is nu niet bereikbaar. Probeer het over enkele minuten opnieuw."
# the message path (bot/channels/overload.py, message_guard.py)
BUSY = "Het is op dit moment erg druk. Probeer het over een minuut opnieuw."
RATE_LIMITED = "U stuurt veel berichten kort na elkaar. Wacht even en stuur uw bericht dan opnieuw."
STILL_PROCESSING = "Uw vorige bericht wordt nog verwerkt. Probeer het zo nog eens."
# a card number, IBAN or BSN was removed from the user's message (bot/privacy/notice.py)
PRIVACY_NOTICE = (
    "Deel alstublieft geen kaartnummer, IBAN of BSN in de chat. Ik heb dat deel van uw bericht "
    "verwijderd; het is niet bewaard."
)
