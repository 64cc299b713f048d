"""One vocabulary: the names that the database, the services, the actions and the tests share.

Each is a string enum: a member equals its value (``TicketStatus.QUEUED == "queued"``), so it can be
stored, compared and sent as JSON as the plain string. ``values()`` gives the plain strings in order
(for database constraints and membership tests). Pure: no I/O, no imports beyond the standard library.
"""

from __future__ import annotations

from enum import Enum, IntEnum


class StrEnum(str, Enum):
    """A string enum (Python 3.10 has no enum.StrEnum): str() and format() give the value."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(str(member.value) for member in cls)


class TicketStatus(StrEnum):
    QUEUED = "queued"
    ASSIGNED = "assigned"
    WAITING_ON_USER = "waiting_on_user"
    RESOLVED = "resolved"
    CLOSED = "closed"


# a ticket in one of these still needs someone; at most one per conversation (database index)
OPEN_TICKET_STATUSES: tuple[str, ...] = (
    TicketStatus.QUEUED.value,
    TicketStatus.ASSIGNED.value,
    TicketStatus.WAITING_ON_USER.value,
)


class Channel(StrEnum):
    """How a ticket reaches support."""

    LIVE_CHAT = "live_chat"
    WEBTICKET = "webticket"


class Priority(StrEnum):
    """The article's priorities (Definities van prioriteit)."""

    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"


class SupportLevel(IntEnum):
    """Frontlijn niveau 1 and Direct niveau 2 of the article's matrix (a live-chat ticket's level)."""

    LEVEL_1 = 1
    LEVEL_2 = 2


class Plan(StrEnum):
    """The matrix's columns: Toegang (every account has it), Premier, Premier+."""

    ACCESS = "access"
    PREMIER = "premier"
    PREMIER_PLUS = "premier_plus"


class Account(StrEnum):
    """Account types: basic is the free account (no licences)."""

    BASIC = "basic"
    PRO = "pro"
    BUSINESS = "business"
    EDUCATION = "education"
    ENTERPRISE = "enterprise"
    API = "api"


class Role(StrEnum):
    """Owners count as admins ("Eigenaren en beheerders"); members are "Leden"."""

    OWNER = "owner"
    ADMIN = "admin"
    MEMBER = "member"


class Intent(StrEnum):
    """The intents of domain.yml (and Rasa's fallback intent), in the domain's order; a test keeps them equal."""

    GREET = "greet"
    GOODBYE = "goodbye"
    THANKS = "thanks"
    AFFIRM = "affirm"
    DENY = "deny"
    NOT_HELPFUL = "not_helpful"
    BOT_CHALLENGE = "bot_challenge"
    OUT_OF_SCOPE = "out_of_scope"
    REPORT_PROBLEM = "report_problem"
    REQUEST_HUMAN = "request_human"
    ASK_LIVE_CHAT = "ask_live_chat"
    ASK_PHONE_SUPPORT = "ask_phone_support"
    ASK_PHONE_NUMBER = "ask_phone_number"
    ASK_CALL_PREPARATION = "ask_call_preparation"
    ASK_CALL_COSTS = "ask_call_costs"
    ASK_SUPPORT_PLANS = "ask_support_plans"
    ASK_MY_SUPPORT = "ask_my_support"
    ASK_PRIORITY_RESPONSE = "ask_priority_response"
    ASK_PRIORITY_DEFINITION = "ask_priority_definition"
    ASK_CONTACT_OPTIONS = "ask_contact_options"
    ASK_COMMUNITY = "ask_community"
    ASK_BILLING = "ask_billing"
    ASK_SOCIAL_MEDIA = "ask_social_media"
    ASK_WEBTICKET = "ask_webticket"
    ASK_HELP_CENTRE = "ask_help_centre"
    ASK_CHATBOT = "ask_chatbot"
    ASK_ACCOUNT_MANAGER = "ask_account_manager"
    ASK_NOT_IN_ARTICLE = "ask_not_in_article"
    ASK_TICKET_STATUS = "ask_ticket_status"
    INFORM = "inform"
    CHITCHAT = "chitchat"
    NLU_FALLBACK = "nlu_fallback"  # Rasa's FallbackClassifier (rasa.shared.constants.DEFAULT_NLU_FALLBACK_INTENT_NAME)


class TicketEventKind(StrEnum):
    """What a ticket event (the append-only ticket_events log) records."""

    CREATED = "created"
    CLAIMED = "claimed"
    RELEASED = "released"
    RESOLVED = "resolved"
    CLOSED = "closed"
    ANSWERED = "answered"  # a webticket answer (detail: message id, e-mail sent|off|failed)
    ESCALATED = "escalated"
    INACTIVITY_CHECK = "inactivity_check"
    INACTIVE_CLOSED = "inactive_closed"
    REOPENED = "reopened"
    ANONYMISED = "anonymised"
    INSPECTED = "inspected"  # a supervisor opened another agent's ticket (detail: the reason)
    READ = "read"  # an agent read a ticket up to a message (detail: the message id)


class HandoffReason(StrEnum):
    """Why the bot handed a conversation off (tickets.handoff_reason, the insights)."""

    ASKED_HUMAN = "asked_human"
    TWO_MISSES = "two_misses"
    PROBLEM_REPORT = "problem_report"
    NOT_HELPFUL = "not_helpful"
    OTHER = "other"


class Sender(StrEnum):
    """Who wrote a ticket message (ticket_messages.sender) after the hand-off."""

    USER = "user"
    AGENT = "agent"
    SYSTEM = "system"


class AgentRole(StrEnum):
    """An agent's role (agents.role): supervisors also see /console/insights."""

    AGENT = "agent"
    SUPERVISOR = "supervisor"
