#!/usr/bin/env bash
# Starts the action server (5055) and the Rasa server (5005); Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export BOT_DEV_MODE="${BOT_DEV_MODE:-1}"   # local run: demo-user picker on the help page
mkdir -p var
"$BIN/python" -m bot migrate   # tickets database at head before either server starts
"$BIN/rasa" run actions --port "${BOT_ACTIONS_PORT:-5055}" --actions actions &
ACTIONS_PID=$!
trap 'kill "$ACTIONS_PID" 2>/dev/null || true' EXIT INT TERM
# Rasa's HTTP API only with a token: `python -m bot reload` uses it to swap in a new model.
"$BIN/rasa" run --port "${BOT_PORT:-5005}" --model models/bolt-nl.tar.gz \
  --endpoints endpoints.yml --credentials credentials.yml \
  --enable-api --auth-token "$("$BIN/python" -m bot api-token)"
