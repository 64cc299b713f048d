"""The logistic-regression intent classifier: type tokens for KB mentions, training, persistence."""

import pytest
import skops.io as sio
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.kb.matching import EntityMatcher
from bot.nlu.linear_intent_classifier import MODEL_FILE, LinearIntentClassifier, UntrustedModelError, replace_mentions

EXAMPLES = {
    "ask_phone_number": [
        "telefoonnummer japan",
        "welk nummer bel ik in duitsland",
        "nummer van zoom in spanje",
        "wat is het supportnummer voor belgie",
        "bellen vanuit frankrijk welk nummer",
    ],
    "greet": ["hallo", "hoi bolt", "goedemorgen", "hey daar", "goedemiddag"],
    "ask_priority_response": [
        "hoe snel reageren jullie bij p1",
        "reactietijd p2",
        "wanneer antwoord bij prio 3",
        "hoe lang wachten bij p4",
        "hoe snel is de reactie op een p1 ticket",
    ],
}


def context():
    return ExecutionContext(GraphSchema({}), node_name="intents")


def trained(tmp_path):
    storage, resource = LocalModelStorage(tmp_path), Resource("intents")
    classifier = LinearIntentClassifier.create({}, storage, resource, context())
    data = TrainingData([Message(data={"text": t, "intent": i}) for i, texts in EXAMPLES.items() for t in texts])
    classifier.train(data)
    return classifier, storage, resource


def intents(classifier, *texts):
    messages = classifier.process([Message(data={"text": t}) for t in texts])
    return [m.get("intent") for m in messages]


def test_mentions_become_their_type(kb):
    matcher = EntityMatcher.for_knowledge_base(kb)
    text = replace_mentions("Telefoonnummer Japan bij Premier+ en P1", matcher)
    assert "japan" not in text and "premier" not in text.replace("entplan", "")
    assert text.split() == ["telefoonnummer", "entcountry", "bij", "entplan", "en", "entpriority"]
    assert replace_mentions("Hallo Bolt", matcher) == "hallo bolt"


def test_trained_classifier_ranks_the_intents(tmp_path):
    classifier, _, _ = trained(tmp_path)
    got = intents(classifier, "wat is het nummer in japan", "hallo daar", "reactietijd bij p3")
    assert [g["name"] for g in got] == ["ask_phone_number", "greet", "ask_priority_response"]
    message = classifier.process([Message(data={"text": "hoi"})])[0]
    ranking = message.get("intent_ranking")
    assert [r["name"] for r in ranking][0] == "greet" and len(ranking) == 3
    assert abs(sum(r["confidence"] for r in ranking) - 1.0) < 1e-6
    assert ranking == sorted(ranking, key=lambda r: -r["confidence"])


def test_a_country_unseen_in_training_counts_as_any_country(tmp_path):
    classifier, _, _ = trained(tmp_path)
    mexico, japan = intents(classifier, "nummer in mexico", "nummer in japan")
    assert mexico == japan


def test_persisted_model_loads_with_the_same_predictions(tmp_path):
    classifier, storage, resource = trained(tmp_path)
    loaded = LinearIntentClassifier.load({}, storage, resource, context())
    texts = ("hallo", "nummer japan", "prio 2 reactietijd", "iets heel anders")
    assert intents(loaded, *texts) == intents(classifier, *texts)


def test_an_untrained_component_leaves_messages_alone(tmp_path):
    loaded = LinearIntentClassifier.load({}, LocalModelStorage(tmp_path), Resource("never"), context())
    assert loaded.model is None
    assert loaded.process([Message(data={"text": "hallo"})])[0].get("intent") is None


class NotSklearn:
    pass


def test_a_stored_model_with_foreign_types_is_refused(tmp_path):
    storage, resource = LocalModelStorage(tmp_path), Resource("intents")
    with storage.write_to(resource) as directory:
        sio.dump({"model": NotSklearn()}, directory / MODEL_FILE)
    with pytest.raises(UntrustedModelError):
        LinearIntentClassifier.load({}, storage, resource, context())


def test_training_needs_two_intents(tmp_path):
    classifier = LinearIntentClassifier.create({}, LocalModelStorage(tmp_path), Resource("x"), context())
    with pytest.raises(ValueError):
        classifier.train(TrainingData([Message(data={"text": "hallo", "intent": "greet"})]))
