"""Trainer tools behind `python -m bot validate|train|evaluate|inbox|reload`."""
