"""bot.channels.binding: a conversation answers only whoever started it (issue 13.2)."""

import pytest

from bot.channels.binding import ConversationBinder


@pytest.fixture
def binder(tmp_path):
    return ConversationBinder(f"sqlite:///{tmp_path / 'tracker.db'}")


def test_a_new_conversation_is_bound_and_its_secret_given_once(binder):
    first = binder.admit("demo", None, None)
    assert (first.conversation_id, first.started, first.refused) == ("demo", True, None)
    again = binder.admit("demo", first.secret, None)
    assert (again.conversation_id, again.started) == ("demo", False)
    assert binder.owner("demo").secret_sha256 != first.secret  # only a digest is stored


@pytest.mark.parametrize("secret", [None, "", "wrong", "x" * 500])
def test_anonymous_conversation_without_its_secret_gives_a_new_one(binder, secret):
    binder.admit("demo", None, None)
    other = binder.admit("demo", secret, None)
    assert other.conversation_id != "demo" and other.started and other.refused == "demo"
    assert binder.admit(other.conversation_id, other.secret, None).conversation_id == other.conversation_id


def test_a_logged_in_users_conversation_follows_the_sub(binder):
    first = binder.admit("u", None, "sub-1")
    assert binder.admit("u", None, "sub-1").conversation_id == "u"  # same user, no secret needed
    assert binder.admit("u", first.secret, "sub-2").conversation_id != "u"  # another user, even with the secret
    assert binder.admit("u", first.secret, None).conversation_id != "u"  # logged out


def test_an_anonymous_conversation_is_not_taken_over_by_logging_in(binder):
    first = binder.admit("a", None, None)
    assert binder.admit("a", first.secret, "sub-1").conversation_id != "a"


def test_no_requested_id_starts_a_new_conversation(binder):
    fresh = binder.admit(None, None, None)
    assert len(fresh.conversation_id) == 32 and fresh.started and fresh.refused is None


def test_two_binders_on_one_database_agree(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    one, two = ConversationBinder(url), ConversationBinder(url)
    first = one.admit("x", None, None)
    assert two.admit("x", first.secret, None).conversation_id == "x"
    assert two.admit("x", None, None).conversation_id != "x"
