"""What an answer is: Dutch text plus optional quick-reply buttons."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    @classmethod
    def intent(cls, title: str, intent: str, entities: dict[str, str] | None = None) -> Button:
        """A button that triggers an intent directly (Rasa's '/intent{json}' payload)."""
        suffix = json.dumps(entities, separators=(",", ":")) if entities else ""
        return cls(title, f"/{intent}{suffix}")

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)

    def as_message(self) -> dict[str, Any]:
        message: dict[str, Any] = {"text": self.text}
        if self.buttons:
            message["buttons"] = [b.as_dict() for b in self.buttons]
        return message


def bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)
