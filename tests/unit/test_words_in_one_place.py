"""The bot's words live in one place (issue 17.2): bot/answers, plus the responses in domain.yml that
Rasa's rules and forms utter by name. The actions, the hand-off and dialogue services, the channels,
privacy and feedback only choose what to say; a Dutch sentence written in one of them fails here.

A Dutch sentence: a string literal (or a literal part of an f-string) of two words or more with a
common Dutch word (u, uw, ik, het, de, een, niet, van, is, geen) that starts with a capital or ends
like a sentence. Docstrings are skipped; regular expressions and cue words are lower case fragments.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ADAPTERS = ("actions", "bot/handoff", "bot/dialogue", "bot/channels", "bot/privacy", "bot/feedback", "bot/web")
DUTCH = re.compile(r"\b(u|uw|U|Uw|ik|Ik|het|Het|de|De|een|Een|niet|van|is|geen|Geen)\b")
# not the chat's words: said to an operator on the command line
ALLOWED = {"ongeldige naam voor een login: "}  # bot/handoff/agents.py, `python -m bot agents add`


def _docstrings(tree: ast.AST) -> set:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def looks_like_a_sentence(text: str) -> bool:
    return (
        len(text.split()) >= 2
        and bool(DUTCH.search(text))
        and (text[:1].isupper() or text.rstrip()[-1:] in (".", "?", "!", ":"))
    )


def dutch_sentences(source: str) -> Iterator[tuple[int, str]]:
    tree = ast.parse(source)
    skip = _docstrings(tree)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
            and node.value not in ALLOWED
            and looks_like_a_sentence(node.value)
        ):
            yield node.lineno, node.value


def sentences_outside_answers(root: Path = ROOT) -> list[str]:
    found = []
    for folder in ADAPTERS:
        for path in sorted((root / folder).rglob("*.py")):
            for line, text in dutch_sentences(path.read_text(encoding="utf-8")):
                found.append(f"{path.relative_to(root)}:{line}: {text!r}")
    return found


def test_no_dutch_sentence_outside_bot_answers():
    found = sentences_outside_answers()
    assert not found, "user-facing text belongs in bot/answers:\n" + "\n".join(found)


def test_the_check_finds_a_sentence():
    source = (
        '"""Een docstring telt niet."""\n'
        "def f(d, n):\n"
        '    d.utter_message(text="Dat lijkt geen geldig e-mailadres.")\n'
        '    return f"U bent nummer {n} in de wachtrij."\n'
        'CUES = ("kan ik niet", "werkt niet")\n'
    )
    assert sorted({line for line, _ in dutch_sentences(source)}) == [3, 4]


def sentences_written_twice(root: Path = ROOT) -> list[str]:
    """Whole sentences (five words or more, ending like a sentence) in bot/answers, the adapters and
    domain.yml's responses that are written in more than one place."""
    import collections

    import yaml

    places = collections.defaultdict(list)
    for folder in ("bot/answers",) + ADAPTERS:
        for path in sorted((root / folder).rglob("*.py")):
            for line, text in dutch_sentences(path.read_text(encoding="utf-8")):
                places[text.strip()].append(f"{path.relative_to(root)}:{line}")
    domain = yaml.safe_load((root / "domain.yml").read_text(encoding="utf-8"))
    for name, variants in (domain.get("responses") or {}).items():
        for variant in variants:
            places[str(variant.get("text") or "").strip()].append(f"domain.yml:{name}")
    return [
        f"{text!r}: {where}"
        for text, where in places.items()
        if len(where) > 1 and len(text.split()) >= 5 and text[-1:] in ".?!"
    ]


def test_no_sentence_is_written_twice():
    twice = sentences_written_twice()
    assert not twice, "one sentence, one place:\n" + "\n".join(twice)
