"""Issue 14.1 over REST: every message while a ticket is open reaches the bot or the agent, the
client is told which (X-Routed-To), and after a release the next agent sees what was written."""

import uuid

import pytest

from bot.testing.servers import user_token

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_messages_after_a_release_are_answered_and_kept_for_the_next_agent(bot, agent_login):
    sub = uuid.uuid4().hex[:10]
    tok = user_token(sub, email="r@example.nl", name="Rita Release")
    user = f"release-{sub}"

    def send(text):
        response = bot.send(user, text, metadata={"token": tok})
        assert response.status_code == 200
        return response.headers["x-routed-to"], "\n".join(m.get("text", "") for m in response.json())

    send("ik wil een medewerker spreken")
    send("Onze webinars vallen steeds weg bij alle deelnemers")
    _, created = send('/inform{"priority":"p3"}')
    reference = "ZN-" + created.split("ZN-")[1][:6]
    console = bot.console()
    assert console.login(*agent_login).status_code == 200
    (ticket,) = [t for t in console.queue() if t["reference"] == reference]
    assert console.post(f"/tickets/{ticket['id']}/claim").status_code == 200

    assert send("hallo?")[0] == "agent"
    assert console.post(f"/tickets/{ticket['id']}/release").status_code == 200
    where, text = send("telefoonnummer Japan?")
    assert where == "bot" and "+81" in text and "beantwoordt Bolt" in text  # answered, and told so
    where, text = send("ik wil een mens spreken")
    assert where == "bot" and reference in text  # still the same ticket

    assert console.post(f"/tickets/{ticket['id']}/claim").status_code == 200
    seen = [m["text"] for m in console.ticket(ticket["id"])["messages"]]
    assert "hallo?" in seen and "telefoonnummer Japan?" in seen and "ik wil een mens spreken" in seen
    assert send("dank u")[0] == "agent"
    assert console.post(f"/tickets/{ticket['id']}/resolve").status_code == 200
