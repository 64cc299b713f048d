"""Measuring the NLU model on held-out data (used by tests, `make bench` and the trainer CLI)."""
