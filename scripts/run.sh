#!/usr/bin/env bash
# Starts the action server (BOT_ACTIONS_PORT, 5055) and the Rasa server (BOT_PORT, 5005), both on
# 127.0.0.1 unless BOT_ACTIONS_HOST / BOT_INTERFACE say otherwise; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export BOT_DEV_MODE="${BOT_DEV_MODE:-1}"   # local run: demo-user picker on the help page
mkdir -p var
"$BIN/python" -m bot migrate   # tickets database at head before either server starts
# The shared secret between the two servers: BOT_ACTIONS_SECRET, else generated into var/ (0600).
BOT_ACTIONS_SECRET="${BOT_ACTIONS_SECRET:-$("$BIN/python" -c 'from bot.local_secrets import actions_secret; print(actions_secret())')}"
export BOT_ACTIONS_SECRET
"$BIN/python" -m bot.actions_server --port "${BOT_ACTIONS_PORT:-5055}" --actions actions &
ACTIONS_PID=$!
trap 'kill "$ACTIONS_PID" 2>/dev/null || true' EXIT INT TERM
# Rasa's HTTP API only with a token (BOT_API_TOKEN or var/api_token), passed inside the launcher,
# never on the command line; `python -m bot reload` uses it to swap in a new model.
"$BIN/python" -m bot.rasa_server --port "${BOT_PORT:-5005}" --model models/bolt-nl.tar.gz \
  --endpoints endpoints.yml --credentials credentials.yml --enable-api
