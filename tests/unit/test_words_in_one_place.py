"""The bot's words live in one place (issue 17.2): bot/answers, plus the responses in domain.yml that
Rasa's rules and forms utter by name. Everything else in bot/ and actions/ only chooses what to say; a
Dutch sentence written there fails here. The only exceptions are the modules listed in OPERATOR_FACING,
whose text is for agents, operators or tests, never for a chat user.

A Dutch sentence: a string literal (or a literal part of an f-string) of two words or more with a
common Dutch word (u, uw, ik, het, de, een, niet, van, is, geen) that starts with a capital or ends
like a sentence. Docstrings are skipped; regular expressions and cue words are lower case fragments.
"Written twice" compares sentence by sentence: a literal is split into its sentences first, so a
sentence repeated inside a longer text is found too; the widget's JS and HTML must not copy one either.
"""

from __future__ import annotations

import ast
import collections
import re
from collections.abc import Iterator
from pathlib import Path

import yaml

from tests.source_scan import docstring_nodes

ROOT = Path(__file__).resolve().parents[2]
HOME = "bot/answers"
SCANNED = ("bot", "actions")
WIDGET = "bot/web/static"
# not the chat's words (paths under bot/): agent-, operator- or test-facing
OPERATOR_FACING = {
    "bot/console": "the agent console",
    "bot/insights": "the support team's figures (console page, CSV, python -m bot report)",
    "bot/trainer": "training, evaluation and the help-content check on the command line",
    "bot/cli.py": "python -m bot",
    "bot/rasa_server.py": "start-up errors on the command line",
    "bot/actions_server.py": "refusals sent to the Rasa server, not to a user",
    "bot/rasa_runtime": "start-up refusal of a Rasa other than 3.6.x",
    "bot/testing": "test and bench helpers: the questions a test user types",
    "bot/settings.py": "configuration errors at start",
    "bot/local_secrets.py": "configuration errors at start",
}
# where a text reaches the user: the call, and the argument (position, keyword) that is the text
TEXT_ARGUMENTS = {
    "Reply": (0, "text"),
    "Button": (0, "title"),
    "utter_message": (None, "text"),
    "send_text_message": (1, "text"),
    "_to_user": (2, "text"),  # bot/handoff/relay.py
}
DUTCH = re.compile(r"\b(u|uw|U|Uw|ik|Ik|het|Het|de|De|een|Een|niet|van|is|geen|Geen)\b")
# not the chat's words: said to an operator on the command line
ALLOWED = {"ongeldige naam voor een login: "}  # bot/handoff/agents.py, `python -m bot agents add`
SENTENCE_END = re.compile(r"(?<=[.?!])\s+|\n+")


def looks_like_a_sentence(text: str) -> bool:
    return (
        len(text.split()) >= 2
        and bool(DUTCH.search(text))
        and (text[:1].isupper() or text.rstrip()[-1:] in (".", "?", "!", ":"))
    )


def dutch_sentences(source: str) -> Iterator[tuple[int, str]]:
    tree = ast.parse(source)
    skip = docstring_nodes(tree)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skip
            and node.value not in ALLOWED
            and looks_like_a_sentence(node.value)
        ):
            yield node.lineno, node.value


def operator_facing(relative: Path) -> bool:
    return any(relative == Path(place) or Path(place) in relative.parents for place in OPERATOR_FACING)


def scanned_files(root: Path = ROOT) -> Iterator[Path]:
    """Every module of bot/ and actions/ outside bot/answers and the operator-facing modules."""
    for folder in SCANNED:
        for path in sorted((root / folder).rglob("*.py")):
            relative = path.relative_to(root)
            if Path(HOME) not in relative.parents and not operator_facing(relative):
                yield path


def sentences_outside_answers(root: Path = ROOT) -> list[str]:
    found = []
    for path in scanned_files(root):
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


def sentences_of(text: str) -> list[str]:
    """The whole sentences of a text: five words or more, ending like a sentence."""
    return [
        part.strip()
        for part in SENTENCE_END.split(text)
        if len(part.split()) >= 5 and part.strip()[-1:] in (".", "?", "!")
    ]


def sentences_written_twice(root: Path = ROOT) -> list[str]:
    """Sentences of bot/answers, the scanned modules and domain.yml's responses that are written in
    more than one place (another literal, or the same literal twice)."""
    places = collections.defaultdict(list)
    for path in [*sorted((root / HOME).rglob("*.py")), *scanned_files(root)]:
        for line, text in dutch_sentences(path.read_text(encoding="utf-8")):
            for sentence in sentences_of(text):
                places[sentence].append(f"{path.relative_to(root)}:{line}")
    domain = yaml.safe_load((root / "domain.yml").read_text(encoding="utf-8"))
    for name, variants in (domain.get("responses") or {}).items():
        for variant in variants:
            for sentence in sentences_of(str(variant.get("text") or "")):
                places[sentence].append(f"domain.yml:{name}")
    for page in sorted((root / WIDGET).glob("*.*")):  # the widget's own JS and HTML: copies of the bot's words
        if page.suffix in (".js", ".html") and not page.name.endswith(".min.js"):
            text = page.read_text(encoding="utf-8")
            for sentence, where in places.items():
                where.extend([str(page.relative_to(root))] * text.count(sentence))
    return [f"{sentence!r}: {where}" for sentence, where in places.items() if len(where) > 1]


def _has_words(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_has_words(part) for part in node.values)
    return False


def literal_texts(source: str) -> Iterator[tuple[int, str]]:
    """Calls that hand the user a text written right there (a literal or an f-string with words),
    however short or plain it is: what the sentence heuristic may miss ("Even geduld alstublieft.")."""
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if name not in TEXT_ARGUMENTS:
            continue
        position, keyword = TEXT_ARGUMENTS[name]
        given = [k.value for k in node.keywords if k.arg == keyword]
        if position is not None and len(node.args) > position:
            given.append(node.args[position])
        if any(_has_words(value) for value in given):
            yield node.lineno, ast.unparse(node)


def test_no_literal_text_is_handed_to_the_user_outside_bot_answers():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {call}"
        for path in scanned_files()
        for line, call in literal_texts(path.read_text(encoding="utf-8"))
    ]
    assert not found, "user-facing text belongs in bot/answers:\n" + "\n".join(found)


def test_the_literal_check_finds_plain_texts():
    source = (
        "def f(d, relay, t, reply, n, name):\n"
        '    d.utter_message(text="Even geduld alstublieft.")\n'
        '    relay._to_user(t, "system", f"{n} medewerkers zijn beschikbaar.")\n'
        '    yield Button("Chat beëindigen", "/leave")\n'
        "    d.utter_message(text=reply.text)\n"
        "    d.utter_message(response=name)\n"
        '    relay._to_user(t, "agent", reply.text)\n'
        "    return Reply(reply.text, reply.buttons)\n"
    )
    assert sorted(line for line, _ in literal_texts(source)) == [2, 3, 4]


def test_no_sentence_is_written_twice():
    twice = sentences_written_twice()
    assert not twice, "one sentence, one place:\n" + "\n".join(twice)


def test_every_operator_facing_place_exists():
    for place in OPERATOR_FACING:
        assert (ROOT / place).exists(), f"{place} is gone: take it off OPERATOR_FACING"


def plant(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


DOMAIN = (
    "responses:\n  utter_default:\n"
    "    - text: 'Sorry, daar kan ik nu niet goed op antwoorden. Kunt u het anders vragen?'\n"
)


def test_the_check_finds_a_sentence_written_twice_inside_longer_texts(tmp_path):
    root = plant(
        tmp_path,
        {
            "domain.yml": DOMAIN,
            "bot/answers/a.py": 'A = "Goed, ik heb niets aangemaakt voor u. Waarmee kan ik u verder helpen?"\n',
            "bot/answers/b.py": 'def f(n):\n    return f"U hebt {n} tickets. Waarmee kan ik u verder helpen?"\n',
            "actions/c.py": "X = 1\n",
        },
    )
    twice = sentences_written_twice(root)
    assert twice == ["'Waarmee kan ik u verder helpen?': ['bot/answers/a.py:1', 'bot/answers/b.py:2']"], twice

    plant(root, {"bot/answers/d.py": 'T = "Het spijt me. Sorry, daar kan ik nu niet goed op antwoorden."\n'})
    assert any("domain.yml:utter_default" in t and "bot/answers/d.py:1" in t for t in sentences_written_twice(root))

    plant(root, {"bot/web/static/widget.js": 'var GREETING = "Hallo! Waarmee kan ik u verder helpen?";\n'})
    assert any("bot/web/static/widget.js" in t for t in sentences_written_twice(root))


def test_the_check_scans_all_of_bot_but_answers_and_the_operator_facing_modules(tmp_path):
    sentence = 'X = "U staat nu in de wachtrij."\n'
    root = plant(
        tmp_path,
        {
            "domain.yml": DOMAIN,
            "bot/answers/ok.py": sentence,
            "bot/search/new.py": sentence,  # a folder no list names: scanned
            "bot/brand_new.py": sentence,
            "actions/x.py": sentence,
            "bot/console/agent.py": sentence,
            "bot/testing/user.py": sentence,
        },
    )
    found = sorted(line.split(":")[0] for line in sentences_outside_answers(root))
    assert found == ["actions/x.py", "bot/brand_new.py", "bot/search/new.py"]
