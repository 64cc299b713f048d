"""E-mail to the user: an agent's answer to a webticket, sent over SMTP (stdlib smtplib, off the event loop).

Settings: BOT_SMTP_HOST (no host: e-mail is off; the answer is still stored and shown in the chat),
BOT_SMTP_PORT (default 25, or 587 with STARTTLS), BOT_SMTP_FROM (default support@localhost),
optional BOT_SMTP_USER / BOT_SMTP_PASSWORD, BOT_SMTP_STARTTLS=1, BOT_SMTP_TIMEOUT (seconds, default 10).
"""

from __future__ import annotations

import asyncio
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from bot import settings
from bot.answers import handoff as texts

SENT, OFF, FAILED = "sent", "off", "failed"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = settings.Settings.smtp_timeout  # the one default: BOT_SMTP_TIMEOUT's

    @classmethod
    def from_env(cls) -> SmtpSettings | None:
        config = settings.current()
        if not config.smtp_host:
            return None
        return cls(
            host=config.smtp_host,
            port=config.smtp_port or (587 if config.smtp_starttls else 25),
            sender=config.smtp_from,
            user=config.smtp_user,
            password=config.smtp_password,
            starttls=config.smtp_starttls,
            timeout=config.smtp_timeout,
        )


def webticket_answer(sender: str, to: str, reference: str, subject: str, agent_name: str, text: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"], body = texts.webticket_mail(reference, subject, agent_name, text)
    message.set_content(body)
    return message


def send(settings: SmtpSettings, message: EmailMessage) -> None:
    with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
        if settings.starttls:
            smtp.starttls()
        if settings.user:
            smtp.login(settings.user, settings.password or "")
        smtp.send_message(message)


async def deliver(settings: SmtpSettings | None, message: EmailMessage) -> str:
    """SENT, OFF (no SMTP configured) or FAILED (logged by the caller); never raises."""
    if settings is None:
        return OFF
    try:
        await asyncio.to_thread(send, settings, message)
    except (OSError, smtplib.SMTPException):
        return FAILED
    return SENT
