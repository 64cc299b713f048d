"""Web pages served by the Rasa server: the help page with the chat widget."""
