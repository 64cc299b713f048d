"""Places the article names (help centre, community, webticket form, login page) and their pages.

The URLs live in the help content (data/help/support.yml, section `links`); the widget turns the
places' names in an answer into links to exactly these URLs (built as anchor elements, never HTML
from the message). Only https URLs are handed out."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from bot.kb.loader import DEFAULT_PATH


def read_links(path: Path = DEFAULT_PATH) -> list[dict[str, Any]]:
    """[{"id", "url", "phrases"}] for every well-formed entry of the `links` section."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    links = []
    for link_id, entry in (raw.get("links") or {}).items():
        if not isinstance(entry, dict):
            continue
        url, phrases = entry.get("url"), entry.get("phrases")
        if not isinstance(url, str) or not url.startswith("https://") or any(c in url for c in " \"'<>"):
            continue
        phrases = [p for p in phrases or [] if isinstance(p, str) and p.strip()]
        if phrases:
            links.append({"id": str(link_id), "url": url, "phrases": phrases})
    return links


@functools.lru_cache(maxsize=1)
def known_links() -> list[dict[str, Any]]:
    return read_links()
