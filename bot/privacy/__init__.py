"""Privacy (GDPR): redaction of card numbers, IBANs and BSNs before anything is stored, the notice
to the user, the retention job and `python -m bot privacy forget|retention`."""
