"""`make bench`: Bolt-NL against the stock Rasa bot and NLU baselines, measured in one run."""
