"""deploy/compose.yml and deploy/nginx/bolt.conf (docs/deploy.md) describe the topology the topology
test runs (tests/topology): valid YAML, every instance in nginx's upstream, no sticky sessions, the
websocket upgrade, Redis and PostgreSQL shared by the instances."""

import re
from pathlib import Path

import yaml

from bot.testing.topology import render_site

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "deploy" / "compose.yml"
NGINX = ROOT / "deploy" / "nginx" / "bolt.conf"


def compose():
    return yaml.safe_load(COMPOSE.read_text())


def upstream_servers(text):
    block = re.search(r"upstream bolt \{(.*?)\}", text, flags=re.S).group(1)
    return re.findall(r"^\s*server (\S+)", block, flags=re.M)


def test_compose_has_the_whole_topology():
    services = compose()["services"]
    assert {"nginx", "bot1", "bot2", "actions", "postgres", "redis"} <= set(services)


def test_every_bot_instance_is_in_the_upstream_on_the_port_it_listens_on():
    services = compose()["services"]
    bots = sorted(name for name in services if re.fullmatch(r"bot\d+", name))
    assert len(bots) >= 2
    servers = upstream_servers(NGINX.read_text())
    for name in bots:
        command = services[name]["command"]
        port = command[command.index("--port") + 1]
        assert f"{name}:{port}" in servers
    assert len(servers) == len(bots)


def test_nginx_mounts_the_tested_config():
    volumes = compose()["services"]["nginx"]["volumes"]
    assert any(v.startswith("./nginx/bolt.conf:") for v in volumes)


def test_no_sticky_sessions_and_websocket_upgrade():
    text = NGINX.read_text()
    code = "\n".join(line.split("#")[0] for line in text.splitlines())
    assert not re.search(r"\b(ip_hash|hash|sticky)\b", code)
    assert "proxy_set_header Upgrade $http_upgrade;" in code
    assert "proxy_set_header Connection $connection_upgrade;" in code
    assert re.search(r"location /console/api/events \{[^}]*proxy_buffering off;", code)


def test_the_instances_share_redis_postgresql_and_the_action_server():
    services = compose()["services"]
    envs = [services[name]["environment"] for name in ("bot1", "bot2")]
    for env in envs:
        assert env["BOT_REDIS_URL"].startswith("redis://redis:")
        assert env["BOT_TRACKER_DB_URL"].startswith("postgresql://") and "@postgres:" in env["BOT_TRACKER_DB_URL"]
        assert env["BOT_DB_URL"] == env["BOT_TRACKER_DB_URL"]
        assert env["BOT_ACTIONS_URL"] == "http://actions:5055/webhook"
    assert envs[0] == envs[1]


def test_the_topology_test_renders_the_same_config_with_its_own_ports():
    rendered = render_site(["127.0.0.1:1001", "127.0.0.1:1002"], 8088)
    assert upstream_servers(rendered) == ["127.0.0.1:1001", "127.0.0.1:1002"]
    assert "listen 127.0.0.1:8088;" in rendered

    def settings(text):  # everything but the upstream servers and the listen line
        return [line for line in text.splitlines() if not re.match(r"\s*(server \S+:\d+|listen )", line)]

    assert settings(rendered) == settings(NGINX.read_text())
    options = {
        re.sub(r"^\s*server \S+", "", line) for line in rendered.splitlines() if re.match(r"\s*server \S+:\d+", line)
    }
    assert options == {
        re.sub(r"^\s*server \S+", "", line)
        for line in NGINX.read_text().splitlines()
        if re.match(r"\s*server \S+:\d+", line)
    }
