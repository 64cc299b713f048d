"""Every combination of account, plan, role and licensed against the article's matrix."""

import itertools

import pytest

from bot.entitlements import ACCOUNTS, PLANS, ROLES, entitlements_for

FLAGS = (
    "level1_chat_ticket",
    "level1_phone",
    "priority_response",
    "direct_level2",
    "automatic_escalation",
    "technical_account_manager",
)

# (plan, role group) -> flags for a LICENSED user on a paid account; written out from the matrix.
# "phone_if_bee": level-1 phone only on Business, Education and Enterprise accounts (footnote *).
LICENSED = {
    ("access", "admin"): {"level1_chat_ticket", "phone_if_bee"},
    ("access", "member"): {"level1_chat_ticket"},
    ("premier", "admin"): {"priority_response", "direct_level2"},
    ("premier", "member"): {"level1_chat_ticket", "level1_phone"},
    ("premier_plus", "admin"): {
        "priority_response",
        "direct_level2",
        "automatic_escalation",
        "technical_account_manager",
    },
    ("premier_plus", "member"): {
        "level1_chat_ticket",
        "level1_phone",
        "automatic_escalation",
        "technical_account_manager",
    },
}


def expected(account, plan, role, licensed):
    if account == "basic" or not licensed:
        return set()
    flags = set(LICENSED[(plan, "admin" if role in ("owner", "admin") else "member")])
    if "phone_if_bee" in flags:
        flags.discard("phone_if_bee")
        if account in ("business", "education", "enterprise"):
            flags.add("level1_phone")
    return flags


@pytest.mark.parametrize(
    "account, plan, role, licensed", list(itertools.product(ACCOUNTS, PLANS, ROLES, (True, False)))
)
def test_matrix(account, plan, role, licensed):
    e = entitlements_for(account, plan, role, licensed)
    assert {f for f in FLAGS if getattr(e, f)} == expected(account, plan, role, licensed)
    assert e.help_center and e.self_service and e.community and e.webticket


def test_the_matrix_runs_over_the_articles_accounts_plans_and_roles():
    """The names written out, not counted: a plan or account type dropped or added fails here."""
    assert set(PLANS) == {"access", "premier", "premier_plus"}  # the article's columns Toegang, Premier, Premier+
    assert set(ROLES) == {"owner", "admin", "member"}  # "Eigenaren en beheerders", "Leden"
    assert set(ACCOUNTS) == {"basic", "pro", "business", "education", "enterprise", "api"}


@pytest.mark.parametrize("role", ["admin", "member"])
def test_each_plan_column_gives_its_own_rights(role):
    assert len({entitlements_for("business", plan, role, True) for plan in PLANS}) == len(PLANS)


def test_an_unknown_account_type_gets_no_licensed_support():
    e = entitlements_for("gratis-proef", "premier_plus", "admin", True)
    assert not e.live_chat and not e.phone and not e.priority_response and e.support_level is None
    assert e.help_center and e.webticket


def test_free_user_never_gets_a_live_agent_even_if_claiming_a_licence():
    for plan, role in itertools.product(PLANS, ROLES):
        e = entitlements_for("basic", plan, role, True)
        assert not e.live_chat and not e.phone and e.support_level is None


def test_support_levels():
    assert entitlements_for("business", "premier_plus", "admin", True).support_level == 2
    assert entitlements_for("pro", "access", "member", True).support_level == 1
    assert entitlements_for("pro", "access", "member", False).support_level is None


def test_paid_account_without_plan_is_access():
    assert entitlements_for("business", None, "admin", True) == entitlements_for("business", "access", "admin", True)


def test_api_owner_on_access_may_not_phone_but_on_premier_members_may():
    assert not entitlements_for("api", "access", "owner", True).level1_phone
    assert entitlements_for("api", "premier", "member", True).level1_phone
