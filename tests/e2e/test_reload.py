"""`python -m bot reload` swaps the model in the running server without dropping conversations."""

import os
import shutil
import subprocess
import sys
import uuid

import httpx
import pytest

from bot.testing.servers import MODEL, ROOT, TEST_API_TOKEN

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_reload_keeps_the_conversation(bot, tmp_path):
    sender = f"reload-{uuid.uuid4().hex[:6]}"
    assert "Voor welk land" in bot.ask(sender, "wat is het telefoonnummer van zoom")
    new_model = tmp_path / "bolt-nl-new.tar.gz"
    shutil.copy(MODEL, new_model)
    result = subprocess.run(
        [sys.executable, "-m", "bot", "reload", "--url", bot.url, "--model", str(new_model)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "BOT_API_TOKEN": TEST_API_TOKEN, "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 0, result.stderr
    status = httpx.get(f"{bot.url}/status", params={"token": TEST_API_TOKEN}, timeout=30).json()
    assert status["model_file"] == new_model.name
    assert "+34 932207485 toestel 2" in bot.ask(sender, "Spanje")  # same conversation, follow-up understood


def test_reload_needs_the_token(bot):
    result = subprocess.run(
        [sys.executable, "-m", "bot", "reload", "--url", bot.url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "BOT_API_TOKEN": "wrong", "PYTHONPATH": str(ROOT)},
    )
    assert result.returncode == 1 and "401" in result.stderr
