"""Storage adapters for Rasa (tracker store configured by URL)."""
