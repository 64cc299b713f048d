"""What a check of the project's data found: errors (the command exits 1) and warnings (shown only).

Shared by `python -m bot check-kb` (bot/trainer/kb_check.py) and `python -m bot validate`
(bot/trainer/validate.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Findings:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors
