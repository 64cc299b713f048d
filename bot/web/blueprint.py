"""A Sanic blueprint mounted at a fixed path instead of Rasa's /webhooks/<channel>/ prefix."""
from __future__ import annotations

from typing import Any, Dict

from sanic import Blueprint, Sanic


class RootBlueprint(Blueprint):
    def __init__(self, name: str, mount: str, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.ctx.mount = mount

    def register(self, app: Sanic, options: Dict[str, Any]) -> None:
        super().register(app, {**options, "url_prefix": self.ctx.mount})
