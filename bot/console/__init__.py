"""The agent console: login, live queue, chat with handed-off users (HTTP API + page)."""
