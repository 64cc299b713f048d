"""A local SMTP server for tests (aiosmtpd, in a thread on a free port): never a real one."""

import contextlib
import email
import email.policy
from collections.abc import Iterator

from aiosmtpd.controller import Controller

from bot.testing.servers import free_port


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.recipients.append(list(envelope.rcpt_tos))
        self.messages.append(
            email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        )
        return "250 OK"


@contextlib.contextmanager
def local_smtp_server() -> Iterator[tuple]:
    """Yields (port, inbox)."""
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()
