"""Conversation logic that does not depend on Rasa: fallback counting, topic memory."""
