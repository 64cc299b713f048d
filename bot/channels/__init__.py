"""Custom Rasa input channels: validate and limit input before it reaches NLU."""
