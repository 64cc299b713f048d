"""Reads Rasa YAML NLU files line by line, keeping file and line of every example and entity."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

INTENT = re.compile(r"^\s*-\s+intent:\s*(\S+)")
SECTION = re.compile(r"^\s*-\s+(synonym|regex|lookup):\s*(\S+)")
EXAMPLE = re.compile(r"^\s+-\s+(.*\S)\s*$")
JSON_ANNOTATION = re.compile(r"\[([^\]]+)\]\{(.*?)\}")
SHORT_ANNOTATION = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


@dataclass(frozen=True)
class Annotation:
    text: str
    entity: str
    value: str


@dataclass(frozen=True)
class NluExample:
    intent: str
    raw: str
    text: str
    entities: tuple[Annotation, ...]
    path: Path
    line: int

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def _parse_annotations(raw: str) -> tuple[str, tuple[Annotation, ...]]:
    found: list[Annotation] = []

    def json_entity(match: re.Match) -> str:
        try:
            data = json.loads("{" + match.group(2) + "}")
        except ValueError:
            data = {}
        found.append(Annotation(match.group(1), str(data.get("entity", "")), str(data.get("value", match.group(1)))))
        return match.group(1)

    def short_entity(match: re.Match) -> str:
        found.append(Annotation(match.group(1), match.group(2), match.group(1)))
        return match.group(1)

    text = SHORT_ANNOTATION.sub(short_entity, JSON_ANNOTATION.sub(json_entity, raw))
    return text, tuple(found)


def read_examples(paths: Iterable[Path]) -> list[NluExample]:
    examples: list[NluExample] = []
    for path in paths:
        intent = None
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            intent_line = INTENT.match(line)
            example_line = EXAMPLE.match(line)
            if intent_line:
                intent = intent_line.group(1)
            elif SECTION.match(line):
                intent = None
            elif intent and example_line and not line.strip().startswith("- intent"):
                raw = example_line.group(1)
                text, entities = _parse_annotations(raw)
                examples.append(NluExample(intent, raw, text, entities, path, number))
    return examples


def normalise(text: str) -> str:
    """For near-duplicate detection: lower case, no punctuation, single spaces."""
    return " ".join(re.sub(r"[^\w\s+]", " ", text.lower()).split())
