"""Talking to the running bot: swap the Rasa server's model, make the action server re-read the help content.

Both servers are addressed as `make run` starts them: the Rasa server on BOT_PORT (5005), the action
server on BOT_ACTIONS_PORT (5055), both authorised with the Rasa API token (BOT_API_TOKEN or
var/api_token). What was deployed is recorded in models/deployed.json (and a copy of the archive in
models/deployed.tar.gz), so `evaluate` can compare a new model with it.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot import settings
from bot.trainer.fingerprint import sha256


def rasa_url() -> str:
    return f"http://127.0.0.1:{settings.bot_port()}"


def actions_url() -> str:
    return f"http://127.0.0.1:{settings.actions_port()}"


@dataclass
class Outcome:
    ok: bool
    message: str
    unreachable: bool = False  # nothing answered at that address, or a server without the route


def reload_model(url: str, model: Path, token: str, timeout: float = 300) -> Outcome:
    import httpx

    try:
        response = httpx.put(f"{url}/model", params={"token": token}, json={"model_file": str(model)}, timeout=timeout)
    except httpx.HTTPError as error:
        return Outcome(False, f"Rasa-server niet bereikbaar op {url}: {error}")
    if response.status_code != 204:
        return Outcome(False, f"model herladen mislukt ({response.status_code}): {response.text[:300]}")
    return Outcome(True, f"Rasa-server ({url}) draait nu {model.name}")


def reload_help_content(url: str, token: str, timeout: float = 60) -> Outcome:
    """Ask the action server to re-read data/help/support.yml (route added by rasa_sdk_plugins)."""
    import httpx

    try:
        response = httpx.post(f"{url}/kb/reload", params={"token": token}, timeout=timeout)
    except httpx.HTTPError as error:
        return Outcome(False, f"actieserver niet bereikbaar op {url}: {error}", unreachable=True)
    if response.status_code == 404:
        return Outcome(
            False,
            f"de actieserver op {url} kent /kb/reload niet: herstart hem (make run) om de nieuwe hulpinhoud te laden",
            unreachable=True,
        )
    try:
        body = response.json()
    except ValueError:
        body = {"error": response.text[:300]}
    if response.status_code != 200:
        return Outcome(False, f"hulpinhoud herladen mislukt ({response.status_code}): {body.get('error')}")
    return Outcome(True, f"actieserver ({url}) gebruikt nu de hulpinhoud {str(body.get('kb_sha256'))[:12]}")


def deployed_record_path(models: Path) -> Path:
    return models / "deployed.json"


def deployed_copy_path(models: Path) -> Path:
    return models / "deployed.tar.gz"


def record_deployed(model: Path, kb: Path | None = None) -> dict[str, Any]:
    """Remember the model the server now runs (and keep a copy: the file itself may be retrained)."""
    models = model.parent
    digest = sha256(model)
    copy = deployed_copy_path(models)
    if model.resolve() != copy.resolve() and (not copy.exists() or sha256(copy) != digest):
        tmp = copy.with_suffix(".tmp")
        shutil.copyfile(model, tmp)
        tmp.replace(copy)
    record = {
        "model": str(model),
        "model_sha256": digest,
        "copy": str(copy),
        "deployed_at": dt.datetime.now().isoformat(timespec="seconds"),
    }
    if kb is not None and kb.exists():
        record["kb_sha256"] = sha256(kb)
    deployed_record_path(models).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return record


def deployed(models: Path) -> dict[str, Any] | None:
    path = deployed_record_path(models)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def model_id(model: Path) -> str | None:
    """Rasa's id of a model archive (what the server's /status reports as model_id)."""
    import tarfile

    try:
        with tarfile.open(model, "r:gz") as archive:
            for member in archive:
                if member.name in ("metadata.json", "./metadata.json"):
                    handle = archive.extractfile(member)
                    return json.load(handle).get("model_id") if handle else None
    except (OSError, tarfile.TarError, ValueError):
        return None
    return None


def discover_deployed(url: str, token: str, models: Path, kb: Path | None = None) -> dict[str, Any] | None:
    """Without a record (the server was started by `make run`, not by reload/deploy): ask the running
    server which model it runs and record it when that archive is still in models/."""
    import httpx

    try:
        status = httpx.get(f"{url}/status", params={"token": token}, timeout=5).json()
    except (httpx.HTTPError, ValueError):
        return None
    path = models / Path(str(status.get("model_file") or "")).name
    if not status.get("model_id") or not path.is_file() or model_id(path) != status["model_id"]:
        return None
    return record_deployed(path, kb)
