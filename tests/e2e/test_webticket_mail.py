"""Webtickets worked to the end with real servers (issue 18.3): made in the chat by a logged-in user,
listed in the console, answered there, the answer e-mailed through a local SMTP server (aiosmtpd)
and shown in the chat when the user comes back logged in; resolved and closed."""

import time
import uuid

import pytest
import sqlalchemy as sa

from bot.testing.servers import add_agent, running_bot, user_token
from tests.mail_server import local_smtp_server

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture(scope="module")
def mail_bot(tmp_path_factory):
    with local_smtp_server() as (port, inbox):
        work_dir = tmp_path_factory.mktemp("mailbot")
        env = {
            "BOT_DEV_MODE": "1",
            "BOT_SMTP_HOST": "127.0.0.1",
            "BOT_SMTP_PORT": str(port),
            "BOT_SMTP_FROM": "support@bolt.example",
        }
        with running_bot(work_dir, env=env) as bot:
            add_agent(bot, "Piet Post", "piet-wachtwoord")
            yield bot, inbox


def token(sub):
    return user_token(sub, account="basic", plan=None, role="owner", licensed=False)


def handoff_reason(bot, reference):
    engine = sa.create_engine(f"sqlite:///{bot.log_dir / 'bolt.db'}")
    try:
        with engine.connect() as c:
            return c.execute(
                sa.text("SELECT handoff_reason FROM tickets WHERE reference = :r"), {"r": reference}
            ).scalar_one()
    finally:
        engine.dispose()


def wait_for(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


def test_webticket_answered_by_e_mail_and_shown_in_the_chat_on_return(mail_bot):
    bot, inbox = mail_bot
    sub = f"klaas-{uuid.uuid4().hex[:6]}"
    meta = {"token": token(sub)}
    bot.ask(f"{sub}-1", "ik wil een medewerker spreken", metadata=meta)
    made = bot.ask(f"{sub}-1", "Ik kan mijn cloudopnames van gisteren niet meer terugvinden", metadata=meta)
    assert "Uw webticket is aangemaakt: ZN-" in made
    reference = "ZN-" + made.split("ZN-")[1][:6]
    assert handoff_reason(bot, reference) == "asked_human"  # for the insights' hand-offs by reason

    console = bot.console()
    assert console.login("piet.post", "piet-wachtwoord").status_code == 200
    assert console.http.get("/webtickets/mail").json() == {"email": "on"}
    [row] = [t for t in console.http.get("/webtickets").json() if t["reference"] == reference]
    assert row["contact_email"] == "klant@example.nl" and row["status"] == "queued"

    answered = console.post(f"/webtickets/{row['id']}/answer", text="Uw opnames staan onder Opnames > Cloud.")
    assert answered.status_code == 200 and answered.json()["email"] == "sent"
    message = wait_for(lambda: inbox.messages and inbox.messages[-1])
    assert message["To"] == "klant@example.nl" and reference in message["Subject"]
    assert "Uw opnames staan onder Opnames > Cloud." in message.get_content()
    [row] = [t for t in console.http.get("/webtickets").json() if t["reference"] == reference]
    assert row["status"] == "waiting_on_user"

    # back later, logged in, in a new conversation: the answer is shown, once
    back = bot.ask(f"{sub}-2", "hallo", metadata=meta)
    assert f"Antwoord op uw webticket {reference} van Piet Post: Uw opnames staan onder Opnames > Cloud." in back
    assert "Opnames > Cloud" not in bot.ask(f"{sub}-2", "hallo", metadata=meta)
    # someone else logged in does not get it
    assert "Opnames > Cloud" not in bot.ask(
        f"other-{uuid.uuid4().hex[:6]}", "hallo", metadata={"token": token(f"other-{uuid.uuid4().hex[:6]}")}
    )

    assert console.post(f"/webtickets/{row['id']}/resolve").status_code == 200
    assert console.post(f"/webtickets/{row['id']}/close").status_code == 200
    assert console.post(f"/webtickets/{row['id']}/close").status_code == 409
    assert "gesloten" in bot.ask(f"{sub}-3", f"wat is de status van {reference}", metadata=meta)


def test_an_agent_answers_resolves_and_closes_a_webticket_in_the_console_page(mail_bot):
    from pathlib import Path

    from playwright.sync_api import expect, sync_playwright

    chromium = "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.fail(f"{chromium} is missing: `make test` installs Debian's chromium")
    bot, inbox = mail_bot
    sub = f"kees-{uuid.uuid4().hex[:6]}"
    meta = {"token": token(sub)}
    bot.ask(f"{sub}-1", "ik wil een medewerker spreken", metadata=meta)
    made = bot.ask(f"{sub}-1", "Mijn microfoon doet het niet in de Zoom-app op mijn laptop", metadata=meta)
    reference = "ZN-" + made.split("ZN-")[1][:6]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_context().new_page()
            page.goto(f"{bot.url}/console/")
            page.fill("#login", "piet.post")
            page.fill("#password", "piet-wachtwoord")
            page.click("#login-form button")
            row = page.locator("#webtickets tr", has_text=reference)
            row.locator("button").click(timeout=15000)
            expect(page.locator("#webticket-form")).to_be_visible()
            expect(page.locator("#reply-form")).to_be_hidden()
            page.fill("#webticket-answer", "Kies in Zoom bij Audio de juiste microfoon.")
            page.click("#webticket-form button[type=submit]")
            expect(page.locator("#webticket-note")).to_contain_text("per e-mail verzonden", timeout=15000)
            expect(page.locator("#messages")).to_contain_text("Kies in Zoom bij Audio de juiste microfoon.")
            wait_for(lambda: any(reference in m["Subject"] for m in inbox.messages))
            page.click("#webticket-resolve")
            expect(page.locator("#webticket-note")).to_contain_text("Status: opgelost", timeout=15000)
            page.click("#webticket-close")
            expect(page.locator("#webticket-note")).to_contain_text("Status: gesloten", timeout=15000)
        finally:
            browser.close()
