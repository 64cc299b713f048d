"""What support a user is entitled to, from the article's support-plan matrix. Pure: no I/O.

Decisions where the article is ambiguous (also in the README, section "Entitlements"):
- Owners count as admins ("Eigenaren en beheerders").
- A free (basic) account has no licences: `licensed` is ignored there, so it never gets a live agent.
- A paid account without a plan claim is on Access, the plan every account type has.
- Level-1 phone on Access: licensed owners/admins of Business, Education and Enterprise accounts only.
  The matrix footnote (*) says phone support is "momenteel alleen" for those three; the phone
  paragraph also names API accounts. We follow the footnote, the narrower and more current rule:
  telling someone they may call when they may not is worse than pointing them to chat or a ticket.
- Priority response: licensed owners/admins on Premier and Premier+, as the section that the
  matrix's ** points to says ("voor beheerders met een licentie").
- On Premier/Premier+ level 1 is for licensed members; licensed admins go to level 2 directly.
- Automatic escalation and the technical account manager belong to the Premier+ account: every
  licensed user on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.vocabulary import Account, Plan, Role, SupportLevel

ACCOUNTS = Account.values()
PLANS = Plan.values()
ROLES = Role.values()
PHONE_ACCOUNTS_ON_ACCESS = (Account.BUSINESS.value, Account.EDUCATION.value, Account.ENTERPRISE.value)


@dataclass(frozen=True)
class Entitlements:
    help_center: bool
    self_service: bool
    community: bool
    webticket: bool
    level1_chat_ticket: bool
    level1_phone: bool
    priority_response: bool
    direct_level2: bool
    automatic_escalation: bool
    technical_account_manager: bool

    @property
    def live_chat(self) -> bool:
        """May be handed to a human agent in live chat (level 1 or direct level 2)."""
        return self.level1_chat_ticket or self.direct_level2

    @property
    def phone(self) -> bool:
        return self.level1_phone or self.direct_level2

    @property
    def support_level(self) -> int | None:
        """The live-chat ticket's level, as the plain int the tickets table stores (str() of an IntEnum member
        would read "SupportLevel.LEVEL_2")."""
        if self.direct_level2:
            return SupportLevel.LEVEL_2.value
        return SupportLevel.LEVEL_1.value if self.level1_chat_ticket else None


def entitlements_for(account: str, plan: str | None, role: str, licensed: bool) -> Entitlements:
    paid = account in ACCOUNTS and account != Account.BASIC
    licensed = bool(licensed) and paid
    plan = plan if plan in PLANS else Plan.ACCESS
    admin = role in (Role.OWNER, Role.ADMIN)
    premier_tier = plan in (Plan.PREMIER, Plan.PREMIER_PLUS)

    if plan == Plan.ACCESS:
        level1_chat = licensed
        level1_phone = licensed and admin and account in PHONE_ACCOUNTS_ON_ACCESS
    else:
        level1_chat = licensed and not admin
        level1_phone = licensed and not admin
    return Entitlements(
        help_center=True,
        self_service=True,
        community=True,
        webticket=True,
        level1_chat_ticket=level1_chat,
        level1_phone=level1_phone,
        priority_response=licensed and admin and premier_tier,
        direct_level2=licensed and admin and premier_tier,
        automatic_escalation=licensed and plan == Plan.PREMIER_PLUS,
        technical_account_manager=licensed and plan == Plan.PREMIER_PLUS,
    )
