"""Bolt-NL: a Dutch help-centre assistant built on Rasa Open Source."""
