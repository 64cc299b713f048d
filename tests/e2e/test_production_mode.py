"""Production mode against the real servers: no demo users, own secrets required (issue 13.6, 13.7),
and configurations the server refuses to start with."""

import base64
import hashlib
import hmac
import json
import subprocess
import sys
import time
import uuid

import httpx
import pytest

from bot.identity import mint_token
from bot.testing.servers import BIN, MODEL, ROOT, add_agent, bolt_env, free_port, running_bot

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PROD_JWT_SECRET = "prod-identity-secret-" + "p" * 40
DEV_JWT_SECRET = "dev-identity-secret-" + "d" * 40
ADMIN = {
    "sub": "demo-admin",
    "email": "admin@example.nl",
    "name": "Demo Admin",
    "account": "enterprise",
    "plan": "premier_plus",
    "role": "admin",
    "licensed": True,
}


@pytest.fixture(scope="module")
def prod(tmp_path_factory):
    with running_bot(
        tmp_path_factory.mktemp("prod"), env={"BOT_DEV_MODE": "0", "BOT_JWT_SECRET": PROD_JWT_SECRET}
    ) as bot:
        yield bot


def test_demo_token_endpoints_are_off_without_dev_mode(prod):
    assert httpx.get(f"{prod.url}/help/api/demo-users", timeout=10).status_code == 404
    response = httpx.post(f"{prod.url}/help/api/demo-token", json={"user": "premier-plus-admin"}, timeout=10)
    assert response.status_code == 404 and "token" not in response.json()
    page = httpx.get(f"{prod.url}/help/", timeout=10)
    assert page.status_code == 200 and 'id="demo"' not in page.text  # so the page never asks for demo users


def test_production_never_trusts_a_token_signed_with_the_development_secret(prod, monkeypatch):
    monkeypatch.setenv("BOT_DEV_MODE", "1")  # what the demo-token endpoint does in development mode
    monkeypatch.setenv("BOT_DEV_JWT_SECRET", DEV_JWT_SECRET)
    monkeypatch.delenv("BOT_JWT_SECRET", raising=False)
    demo = mint_token(ADMIN)
    as_demo = prod.ask(f"demo-{uuid.uuid4().hex[:6]}", "ik wil een medewerker spreken", metadata={"token": demo})
    assert "webticket" in as_demo and "Ik verbind u" not in as_demo  # an anonymous user: no live chat
    real = mint_token(ADMIN, secret=PROD_JWT_SECRET)
    as_admin = prod.ask(f"real-{uuid.uuid4().hex[:6]}", "ik wil een medewerker spreken", metadata={"token": real})
    assert "Ik verbind u met een medewerker" in as_admin


def forged_cookie(key, payload):
    body = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    sig = base64.urlsafe_b64encode(hmac.new(key.encode(), body.encode(), hashlib.sha256).digest()).decode().rstrip("=")
    return f"{body}.{sig}"


def test_a_console_session_cannot_be_forged_with_the_identity_secret(prod):
    login, password = add_agent(prod, f"Piet Prod {uuid.uuid4().hex[:4]}", "een-goed-wachtwoord")
    agent = prod.console()
    assert agent.login(login, password).status_code == 200
    assert agent.http.get("/me").status_code == 200
    agent_id = json.loads(base64.urlsafe_b64decode(agent.http.cookies["bolt_console"].split(".")[0] + "=="))["agent_id"]
    # the key the console used to derive from BOT_JWT_SECRET, which the help centre also holds
    derived = hmac.new(PROD_JWT_SECRET.encode(), b"bolt-console-session", hashlib.sha256).hexdigest()
    now = int(time.time())
    for key in (derived, PROD_JWT_SECRET):
        for payload in (
            {"agent_id": agent_id, "csrf": "x", "expires": now + 3 * 365 * 86400},
            {"agent_id": agent_id, "csrf": "x", "expires": now + 3600, "version": 0, "issued": now},
        ):
            forger = prod.console()
            forger.http.cookies.set("bolt_console", forged_cookie(key, payload))
            forger.csrf = "x"
            assert forger.http.get("/me").status_code == 401
            assert forger.http.get("/queue").status_code == 401


def refusal(tmp_path, env_extra, launcher):
    """Start the Rasa server with this configuration; (exit code, output) once it has exited."""
    work = tmp_path / uuid.uuid4().hex[:6]
    work.mkdir()
    env = {
        **bolt_env(work),
        "BOT_DEV_MODE": "0",
        "RASA_TELEMETRY_ENABLED": "false",
        "BOT_ACTIONS_URL": "http://127.0.0.1:9/webhook",
    }
    for name, value in env_extra.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    args = [
        "--port",
        str(free_port()),
        "--model",
        str(MODEL),
        "--credentials",
        str(ROOT / "credentials.yml"),
        "--endpoints",
        str(ROOT / "endpoints.yml"),
    ]
    command = [sys.executable, "-m", "bot.rasa_server", *args] if launcher else [str(BIN / "rasa"), "run", *args]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.parametrize("launcher", [True, False], ids=["launcher", "plain-rasa-run"])
def test_the_server_refuses_unsafe_configurations(tmp_path, launcher):
    cases = {
        "BOT_CONSOLE_SECRET": {"BOT_CONSOLE_SECRET": None},  # 13.6: production needs it
        "must differ": {"BOT_CONSOLE_SECRET": "zelfde-" * 8, "BOT_JWT_SECRET": "zelfde-" * 8},
        "BOT_JWT_SECRET is required": {"BOT_JWT_SECRET": None},  # 13.7: no dev fallback
        "with BOT_JWT_SECRET set": {"BOT_DEV_MODE": "1"},  # 13.7: dev mode + real secret
    }
    if launcher:
        cases["loopback"] = {"BOT_DEV_MODE": "1", "BOT_JWT_SECRET": None, "BOT_INTERFACE": "0.0.0.0"}
    else:  # plain `rasa run` listens on 0.0.0.0 unless told otherwise
        cases["loopback"] = {"BOT_DEV_MODE": "1", "BOT_JWT_SECRET": None}
    started = {expected: refusal(tmp_path, env, launcher) for expected, env in cases.items()}
    for expected, proc in started.items():
        try:
            output, _ = proc.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail(f"the server started with an unsafe configuration ({expected})")
        assert proc.returncode != 0, (expected, output[-2000:])
        assert "refusing to start" in output and expected in output, (expected, output[-2000:])
