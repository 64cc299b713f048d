import subprocess
import sys

import yaml
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.training_data.loading import load_data

from bot.stores.tracker_store import EnvSQLTrackerStore
from bot.trainer.inbox import collect
from tests.servers import ROOT


def user(text, intent, confidence, ts, ranking=()):
    event = UserUttered(text, {"name": intent, "confidence": confidence},
                        parse_data={"intent_ranking": list(ranking)}, timestamp=ts)
    return event


async def make_store(url):
    store = EnvSQLTrackerStore(Domain.from_dict({"intents": ["greet"]}), host=url)
    fallback = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "ask_billing", "confidence": 0.31}]
    await store.save(DialogueStateTracker.from_events("a", [
        user("hoe exporteer ik mijn contacten", "nlu_fallback", 0.5, 100, fallback),
        user("telefoonnummer japan", "ask_phone_number", 0.98, 101),
        user("wat kost een upgrade", "ask_billing", 0.41, 102),
        user('/inform{"priority":"p1"}', "inform", 0.2, 103)]))
    await store.save(DialogueStateTracker.from_events("b", [
        user("Hoe exporteer ik mijn contacten?", "nlu_fallback", 0.5, 200, fallback)]))


async def test_inbox_groups_counts_and_sorts_newest_first(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    await make_store(url)
    items = collect(url)
    assert [(i.text, i.count, i.predicted, i.conversations) for i in items] == [
        ("Hoe exporteer ik mijn contacten?", 2, "ask_billing", 2), ("wat kost een upgrade", 1, "ask_billing", 1)]


async def test_inbox_cli_lists_and_exports_annotatable_yaml(tmp_path):
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    await make_store(url)
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    listed = subprocess.run([sys.executable, "-m", "bot", "inbox", "--db", url], cwd=ROOT, capture_output=True,
                            text=True, env=env)
    assert listed.returncode == 0 and "2×" in listed.stdout and "telefoonnummer japan" not in listed.stdout
    out = tmp_path / "inbox.yml"
    subprocess.run([sys.executable, "-m", "bot", "inbox", "--db", url, "--export", str(out)], cwd=ROOT, env=env, check=True)
    assert yaml.safe_load(out.read_text())["nlu"][0]["intent"] == "ask_billing"
    texts = {m.get("text") for m in load_data(str(out)).intent_examples}
    assert texts == {"Hoe exporteer ik mijn contacten?", "wat kost een upgrade"}
