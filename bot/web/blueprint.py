"""A Sanic blueprint mounted at a fixed path instead of Rasa's /webhooks/<channel>/ prefix, with
its page and static assets served from one folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sanic import Blueprint, Sanic, response
from sanic.request import Request


class RootBlueprint(Blueprint):
    def __init__(self, name: str, mount: str, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.ctx.mount = mount

    def register(self, app: Sanic, options: dict[str, Any]) -> None:
        super().register(app, {**options, "url_prefix": self.ctx.mount})

    def serve_page(self, folder: Path, headers: dict[str, str], fill: Callable[[str], str] | None = None) -> None:
        """GET / -> folder/index.html (with security headers; passed through `fill` if given, which puts
        server data into the page); GET /static/<name> -> a file of folder."""
        root = folder.resolve()

        async def page(_: Request) -> Any:
            if fill is not None:
                return response.html(fill((root / "index.html").read_text(encoding="utf-8")), headers=headers)
            return await response.file(root / "index.html", headers=headers)

        async def static(_: Request, name: str) -> Any:
            path = (root / name).resolve()
            if path.parent != root or not path.is_file():
                return response.json({"error": "niet gevonden"}, status=404)
            return await response.file(path)

        self.add_route(page, "/", methods=["GET"], name=f"{self.name}_page")
        self.add_route(static, "/static/<name>", methods=["GET"], name=f"{self.name}_static")
