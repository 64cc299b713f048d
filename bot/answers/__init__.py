"""Renders the bot's answers from the knowledge base (pure functions: KB in, Reply out)."""
