"""The help content: the only place facts live."""

from bot.kb.loader import KnowledgeBaseError, default_knowledge_base, load_knowledge_base, parse_knowledge_base
from bot.kb.model import Channel, Country, KnowledgeBase, MatrixRow, PhoneNumber, Plan, Priority

__all__ = [
    "Channel",
    "Country",
    "KnowledgeBase",
    "KnowledgeBaseError",
    "MatrixRow",
    "PhoneNumber",
    "Plan",
    "Priority",
    "default_knowledge_base",
    "load_knowledge_base",
    "parse_knowledge_base",
]
