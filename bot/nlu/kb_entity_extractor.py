"""Rasa NLU component: extracts countries, plans and priorities using the knowledge base's aliases.

This is Bolt-NL's lookup-table and synonym extraction with one source of truth: the aliases in
data/help/support.yml are the lookup tables, and every alias maps to its canonical value (the
synonym). Not trainable: it reads the knowledge base when the model loads, so a new alias takes
effect on restart without retraining.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.kb import load_knowledge_base
from bot.kb.matching import EntityMatcher


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class KnowledgeBaseEntityExtractor(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"knowledge_base": None}  # None: the shipped data/help/support.yml

    def __init__(self, config: dict[str, Any]) -> None:
        self.component_config = config
        kb = load_knowledge_base(config.get("knowledge_base"))
        self._matcher = EntityMatcher.for_knowledge_base(kb)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> KnowledgeBaseEntityExtractor:
        return cls(config)

    def extract(self, text: str | None) -> list[dict[str, Any]]:
        return [
            {"entity": m.entity, "value": m.value, "start": m.start, "end": m.end, "confidence": 1.0}
            for m in self._matcher.find(text or "")
        ]

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            found = self.add_extractor_name(self.extract(message.get(TEXT)))
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
