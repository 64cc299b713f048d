"""Hand-off to human agents: tickets, queue order, SLA clock, escalation, agents."""
