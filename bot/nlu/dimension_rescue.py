"""Rasa NLU component after the FallbackClassifier: a message it would send to the fallback is given
the question type its knowledge-base entities point to (bot/dialogue/rescue.py), so "premier plus
automatisch escaleren?" is answered from the plan matrix instead of "please rephrase". The intent
ranking is kept as the classifier made it; `rescued_from` in the parse data says it happened."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.dialogue.fallback import FALLBACK_INTENT
from bot.dialogue.rescue import rescued_intent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DimensionRescue(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DimensionRescue:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get("name") != FALLBACK_INTENT:
                continue
            rescued = rescued_intent(message.get(ENTITIES) or [], message.get(INTENT_RANKING_KEY) or [])
            if rescued:
                message.set(INTENT, {"name": rescued, "confidence": intent.get("confidence")}, add_to_output=True)
                message.set("rescued_from", FALLBACK_INTENT, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
