"""Support agents: create, authenticate, online state."""

from __future__ import annotations

import re

import sqlalchemy as sa

from bot.db.models import Agent, utcnow
from bot.db.session import Database
from bot.handoff.passwords import check_password, dummy_hash, hash_password

LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,63}$")


def login_for(name: str) -> str:
    login = re.sub(r"[^a-z0-9._-]+", ".", name.strip().lower()).strip(".")
    if not LOGIN.match(login):
        raise ValueError(f"ongeldige naam voor een login: {name!r}")
    return login


class AgentService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, name: str, password: str, login: str | None = None) -> Agent:
        login = login or login_for(name)
        with self.db.session() as s:
            if s.execute(sa.select(Agent).where(Agent.login == login)).scalar_one_or_none():
                raise ValueError(f"agent '{login}' bestaat al")
            agent = Agent(login=login, name=name.strip(), password_hash=hash_password(password), created_at=utcnow())
            s.add(agent)
            s.flush()
            return agent

    def authenticate(self, login: str, password: str) -> Agent | None:
        with self.db.session() as s:
            agent = s.execute(sa.select(Agent).where(Agent.login == login)).scalar_one_or_none()
        if agent is None:
            check_password(password, dummy_hash())  # as slow as a wrong password: no login enumeration
            return None
        return agent if check_password(password, agent.password_hash) else None

    def get(self, agent_id: int) -> Agent | None:
        with self.db.session() as s:
            return s.get(Agent, agent_id)

    def revoke_sessions(self, agent_id: int) -> None:
        """Log the agent out everywhere: sessions issued before carry an older session version."""
        with self.db.session() as s:
            s.execute(
                sa.update(Agent)
                .where(Agent.id == agent_id)
                .values(session_version=Agent.session_version + 1, online=False, last_seen_at=utcnow())
            )

    def set_online(self, agent_id: int, online: bool) -> None:
        with self.db.session() as s:
            s.execute(sa.update(Agent).where(Agent.id == agent_id).values(online=online, last_seen_at=utcnow()))

    def online(self) -> list[Agent]:
        with self.db.session() as s:
            return list(s.execute(sa.select(Agent).where(Agent.online.is_(True))).scalars())
