"""Several Rasa instances behaving as one (issue 15): shared conversation locks, socket.io, console
events and pushes, and jobs that run once — all through Redis when BOT_REDIS_URL is set, in-process
otherwise (the embedded default, one instance)."""
