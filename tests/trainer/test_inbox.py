"""The inbox is a review of real conversations (issue 19.5): what went wrong, the bot's reply and why."""

import datetime as dt
import subprocess
import sys

import pytest
import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.loading import load_data

from bot.stores.tracker_store import EnvSQLTrackerStore
from bot.testing.servers import MODEL, ROOT
from bot.trainer.inbox import append_regressions, item_key, mark_done, parse_since, review, utc_datetime

FALLBACK = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "ask_billing", "confidence": 0.31}]


def user(text, intent, confidence, ts, ranking=(), entities=(), full=None):
    parse = {
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": list(ranking),
        "entities": list(entities),
        "text": text,
    }
    if full:
        parse["intent"]["full_retrieval_intent_name"] = full
    return UserUttered(text, parse["intent"], list(entities), parse_data=parse, timestamp=ts)


def bot(text, ts):
    return BotUttered(text, timestamp=ts)


def action(name, ts):
    return ActionExecuted(name, timestamp=ts)


JAPAN = {"entity": "country", "value": "japan", "start": 21, "end": 26}


async def make_store(url):
    store = EnvSQLTrackerStore(Domain.from_dict({"intents": ["greet"]}), host=url)
    await store.save(
        DialogueStateTracker.from_events(
            "a",
            [
                user("hoe exporteer ik mijn contacten", "nlu_fallback", 0.5, 100, FALLBACK),
                action("action_default_fallback", 100.1),
                bot("Sorry, dat begreep ik niet. Kunt u het anders zeggen?", 100.2),
                user("wat is het nummer in Japan", "ask_phone_number", 0.98, 101, entities=[JAPAN]),
                action("action_answer_phone", 101.1),
                bot("Het nummer in Japan is +81 ...", 101.2),
                user("dat helpt niet", "not_helpful", 0.97, 102),
                action("action_start_handoff", 102.1),
                bot("Ik verbind u met een medewerker.", 102.2),
                user("wat kost een upgrade", "ask_billing", 0.41, 103),
                bot("Voor facturering ...", 103.1),
                user('/inform{"priority":"p1"}', "inform", 0.2, 104),
            ],
        )
    )
    await store.save(
        DialogueStateTracker.from_events(
            "b",
            [
                user("Hoe exporteer ik mijn contacten?", "nlu_fallback", 0.5, 200, FALLBACK),
                bot("Sorry, dat begreep ik niet.", 200.1),
                user("telefoonnummer Duitschland", "ask_phone_number", 0.95, 201),
                bot("Voor welk land zoekt u het telefoonnummer van Zoom-ondersteuning?", 201.1),
                user("hoe laat is het", "out_of_scope", 0.9, 202),
                action("action_answer_out_of_scope", 202.1),
                bot("Daar kan ik u niet mee helpen.", 202.2),
                user("zeg bolt, alles kits daar?", "chitchat", 0.55, 203, full="chitchat/how_are_you"),
                bot("Goed!", 203.1),
            ],
        )
    )
    await store.save(DialogueStateTracker.from_events("__readiness__", [user("hallo", "nlu_fallback", 0.1, 300)]))


def by_text(result):
    return {i.text: i for i in result.items}


async def test_the_review_lists_each_problem_with_reply_and_reason(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    await make_store(url)
    result = review(url)
    assert (result.conversations, result.messages) == (2, 9)  # readiness probes are not conversations
    items = by_text(result)
    exported = items["Hoe exporteer ik mijn contacten?"]
    assert (exported.count, exported.conversations, exported.predicted, exported.reasons) == (
        2,
        2,
        "ask_billing",
        ["fallback"],
    )
    assert exported.reply == "Sorry, dat begreep ik niet."
    japan = items["wat is het nummer in Japan"]  # confidently answered, then "dat helpt niet"
    assert japan.reasons == ["not_helpful"] and japan.reply == "Het nummer in Japan is +81 ..."
    assert items["dat helpt niet"].reasons == ["handoff"]
    assert items["telefoonnummer Duitschland"].reasons == ["asked_back"]
    assert items["hoe laat is het"].reasons == ["out_of_scope"]
    assert items["wat kost een upgrade"].reasons == ["low_confidence"]
    assert items["zeg bolt, alles kits daar?"].predicted == "chitchat/how_are_you"
    assert not any(t.startswith("/") for t in items)  # button payloads
    assert [i.text for i in result.items][:2] == ["zeg bolt, alles kits daar?", "hoe laat is het"]  # newest first


async def test_since_and_done_items(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    await make_store(url)
    later = review(url, since=utc_datetime(200))
    assert later.conversations == 1 and "wat kost een upgrade" not in by_text(later)
    state = tmp_path / "done.json"
    marked, unknown = mark_done(state, review(url).items, [item_key("wat kost een upgrade"), "deadbeef"])
    assert [m.text for m in marked] == ["wat kost een upgrade"] and unknown == ["deadbeef"]
    result = review(url, state=state)
    assert "wat kost een upgrade" not in by_text(result) and result.hidden_done == 1
    # it comes back when it happens again after it was marked done
    store = EnvSQLTrackerStore(Domain.from_dict({"intents": ["greet"]}), host=url)
    now = dt.datetime.now(dt.timezone.utc).timestamp() + 60
    await store.save(DialogueStateTracker.from_events("c", [user("Wat kost een upgrade?", "ask_billing", 0.4, now)]))
    assert "Wat kost een upgrade?" in by_text(review(url, state=state))


def test_since_accepts_a_date_a_model_or_deployed(tmp_path):
    assert parse_since("2026-11-20", tmp_path) == dt.datetime(2026, 11, 20)
    model = tmp_path / "m.tar.gz"
    model.write_bytes(b"x")
    assert parse_since(str(model), tmp_path) is not None
    try:
        parse_since("gisteren", tmp_path)
    except ValueError as error:
        assert "--since verwacht een datum" in str(error)
    else:
        raise AssertionError("an unreadable --since must be refused")


def cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "bot", "inbox", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )


async def test_cli_review_mark_done_and_an_export_that_merges_as_it_is(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    await make_store(url)
    state = str(tmp_path / "done.json")
    listed = cli("--db", url, "--state", state)
    assert listed.returncode == 0, listed.stderr
    out = listed.stdout
    assert out.startswith("Inbox: 7 berichten om na te kijken uit 2 gesprekken (9 gebruikersberichten gelezen")
    assert f"[{item_key('wat is het nummer in Japan')}]" in out
    assert "  gebruiker: wat is het nummer in Japan\n  bot:       Het nummer in Japan is +81 ...\n" in out
    assert "  waarom:    'dat helpt niet' na dit antwoord" in out
    done = cli("--db", url, "--state", state, "--done", item_key("hoe laat is het"))
    assert done.returncode == 0 and "afgehandeld: [" in done.stdout
    assert "hoe laat is het" not in cli("--db", url, "--state", state).stdout
    export = tmp_path / "inbox.yml"
    result = cli("--db", url, "--state", state, "--export", str(export))
    assert result.returncode == 0, result.stderr
    intents = [block["intent"] for block in yaml.safe_load(export.read_text())["nlu"]]
    assert "chitchat" not in intents and "chitchat/how_are_you" in intents  # a bare retrieval intent cannot merge
    examples = {m.get("text"): m for m in load_data(str(export)).intent_examples}
    japan = examples["wat is het nummer in Japan"]
    assert japan.get("intent") == "ask_phone_number"
    assert [(e["entity"], e["value"]) for e in japan.get("entities")] == [("country", "japan")]
    # merging it as it is passes validate's checks on the real project
    from bot.kb import default_knowledge_base
    from bot.trainer.nlu_files import read_examples
    from bot.trainer.validate import Findings, check_entities, check_examples

    findings = Findings()
    check_entities(read_examples([export]), default_knowledge_base(), findings)
    check_examples(read_examples([export]), findings, min_examples=0)
    assert findings.errors == []


def test_regression_tests_are_appended_without_duplicates(tmp_path):
    target = tmp_path / "regressions.yml"
    case = ("wat is het nummer in Japan", "ask_phone_number", [JAPAN], "k1")
    assert append_regressions(target, [case]) == 1
    assert append_regressions(target, [case, ("hoe gaat het", "chitchat/how_are_you", [], "k2")]) == 1
    examples = {m.get("text"): m for m in load_data(str(target)).intent_examples}
    assert examples["wat is het nummer in Japan"].get("entities")[0]["value"] == "japan"
    assert examples["hoe gaat het"].get_full_intent() == "chitchat/how_are_you"


@pytest.mark.slow
async def test_fixed_items_become_regression_tests_with_one_command(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    await make_store(url)
    state, target = str(tmp_path / "done.json"), tmp_path / "regressions.yml"
    assert cli("--db", url, "--state", state, "--done", item_key("wat is het nummer in Japan")).returncode == 0
    result = cli("--db", url, "--state", state, "--regress", "--regressions", str(target), "--model", str(MODEL))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "1 regressietests toegevoegd" in result.stdout
    (example,) = load_data(str(target)).intent_examples
    assert example.get("text") == "wat is het nummer in Japan" and example.get("intent") == "ask_phone_number"
    assert [(e["entity"], e["value"]) for e in example.get("entities")] == [("country", "japan")]
    # done once: a second run adds nothing
    again = cli("--db", url, "--state", state, "--regress", "--regressions", str(target), "--model", str(MODEL))
    assert "Geen afgehandelde berichten zonder regressietest" in again.stdout


def test_an_unreadable_tracker_store_is_a_clear_error_and_creates_nothing(tmp_path):
    missing = tmp_path / "tracker.db"
    result = cli("--db", f"sqlite:///{missing}")
    assert result.returncode == 1 and "bestaat niet: er zijn nog geen gesprekken" in result.stderr
    assert not missing.exists() and "Traceback" not in result.stderr
    missing.write_bytes(b"")
    result = cli("--db", f"sqlite:///{missing}")
    assert result.returncode == 1 and "zijn niet te lezen" in result.stderr and "Traceback" not in result.stderr
