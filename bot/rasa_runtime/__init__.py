"""What Bolt-NL changes in Rasa itself, installed explicitly at start-up (bot.rasa_runtime.patches)."""
