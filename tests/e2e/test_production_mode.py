"""Without development mode the help page offers no demo users and mints no tokens."""
import httpx
import pytest

from tests.servers import running_bot

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_demo_token_endpoints_are_off_without_dev_mode(tmp_path):
    with running_bot(tmp_path, env={"BOT_DEV_MODE": "0"}) as bot:
        assert httpx.get(f"{bot.url}/help/api/demo-users", timeout=10).status_code == 404
        response = httpx.post(f"{bot.url}/help/api/demo-token", json={"user": "premier-plus-admin"}, timeout=10)
        assert response.status_code == 404 and "token" not in response.json()
        assert httpx.get(f"{bot.url}/help/", timeout=10).status_code == 200
