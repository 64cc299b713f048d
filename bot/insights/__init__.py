"""Insights for the support team (issue 18, part 4): figures (queries), text/CSV (formatting),
charts, the /console/insights page and `python -m bot report`."""
