"""Rasa's own conversation tests (`rasa test core`) on tests/stories/."""

import subprocess
import sys
from pathlib import Path

import pytest

from bot.testing.servers import MODEL, ROOT

pytestmark = pytest.mark.slow


def test_conversation_stories_pass(tmp_path: Path):
    assert MODEL.exists(), "run `make model` first (make test does it)"
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "rasa"),
            "test",
            "core",
            "--model",
            str(MODEL),
            "--stories",
            str(ROOT / "tests" / "stories"),
            "--out",
            str(tmp_path),
            "--fail-on-prediction-errors",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    failed = tmp_path / "failed_test_stories.yml"
    detail = failed.read_text() if failed.exists() else result.stdout[-3000:] + result.stderr[-3000:]
    assert result.returncode == 0, detail
