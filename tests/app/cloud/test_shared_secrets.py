"""Several instances, each with its own data folder, on one database: given the same secrets
(environment or secrets file) they accept each other's API keys, teacher tokens and offline
tokens; an instance with other secrets refuses to start and says why."""

from __future__ import annotations

import asyncio
import os
import secrets
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from app.cloud.errors import ConfigurationError
from app.cloud.service import open_service
from app.cloud.settings import CloudSettings
from app.cloud.shared_secrets import main as make_secrets_file
from app.cloud.shared_secrets import read_secrets_file
from app.common.entitlement_token import verify_entitlement_token
from tests.app.cloud.instances import cloud_instances, start_failure

ADMIN = "shared-admin-token"
PASSWORD = "correct horse battery"


def _database(settings: CloudSettings, tmp_path: Path) -> str:
    """The database both instances use: the test's PostgreSQL one, or a SQLite file outside
    either data folder."""
    return settings.database_url or f"sqlite:///{tmp_path / 'shared' / 'cloud.db'}"


@pytest.mark.parametrize(
    ("backend", "source"), [("postgresql", "environment"), ("sqlite", "file")], indirect=["backend"]
)
def test_two_instances_with_the_same_secrets_accept_each_others_credentials(
    sync_settings: CloudSettings, tmp_path: Path, source: str
) -> None:
    env = {"DATABASE_URL": _database(sync_settings, tmp_path), "MOONBASE_CLOUD_ADMIN_TOKEN": ADMIN}
    if source == "environment":
        for name in ("API_KEY_PEPPER", "JWT_SECRET", "SIGNING_SEED"):
            env[f"MOONBASE_CLOUD_{name}"] = secrets.token_hex(32)
    else:
        path = tmp_path / "secrets.toml"
        assert make_secrets_file([str(path)]) == 0
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        env["MOONBASE_CLOUD_SECRETS_FILE"] = str(path)
    with cloud_instances([tmp_path / "a", tmp_path / "b"], env) as (one, two):
        made = httpx.post(
            f"{one.url}/v1/admin/tenants",
            json={"tenant_id": "shared_school", "name": "Shared"},
            headers={"X-Admin-Token": ADMIN},
        )
        assert made.status_code == 201, made.text
        key = {"X-API-Key": made.json()["api_key"]}
        account = {"email": "t@shared.example", "password": PASSWORD}
        httpx.post(f"{one.url}/v1/auth/register", json={**account, "name": "T"})
        tokens = httpx.post(f"{one.url}/v1/auth/login", json=account).json()
        bearer = {"Authorization": f"Bearer {tokens['access_token']}"}

        # the key made by one and the token it signed work on the other
        assert httpx.get(f"{two.url}/v1/tenant", headers=key).status_code == 200
        assert httpx.get(f"{two.url}/v1/me", headers=bearer).status_code == 200
        refreshed = httpx.post(
            f"{two.url}/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        )
        assert refreshed.status_code == 200, refreshed.text
        # an offline token signed by two verifies with the key one publishes
        public = httpx.get(f"{one.url}/v1/entitlements/public-key").json()["public_key"]
        token = httpx.get(f"{two.url}/v1/entitlements/token", headers=key).json()["token"]
        grant = verify_entitlement_token(token, public, now=datetime.now(UTC))
        assert grant.tenant_id == "shared_school"

    # nothing was written to either data folder: the secrets came from outside
    for folder in (tmp_path / "a", tmp_path / "b"):
        left = {p.name for p in folder.iterdir()} if folder.exists() else set()
        assert not left & {"api_key_pepper.bin", "jwt_secret.bin", "signing_key.pem"}, left


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_an_instance_with_other_secrets_refuses_to_start(
    sync_settings: CloudSettings, tmp_path: Path
) -> None:
    database = {"DATABASE_URL": _database(sync_settings, tmp_path)}
    shared = {name: secrets.token_hex(32) for name in ("API_KEY_PEPPER", "JWT_SECRET")}
    first = {**database, **{f"MOONBASE_CLOUD_{k}": v for k, v in shared.items()}}
    with cloud_instances([tmp_path / "a"], first):
        pass
    # its own data folder's secrets: refused on one line, naming the secret and the way out
    said = start_failure(tmp_path / "b", database)
    assert "api_key_pepper" in said
    assert "MOONBASE_CLOUD_SECRETS_FILE" in said
    assert len([line for line in said.splitlines() if line.startswith("moonbase:")]) == 1
    assert "Traceback" not in said
    # a deliberately changed secret: refused, then recorded once asked for
    changed = replace(
        CloudSettings.from_env(first),
        data_dir=tmp_path / "a",
        jwt_secret=bytes.fromhex(secrets.token_hex(32)),
    )
    with pytest.raises(ConfigurationError, match="jwt_secret"):
        asyncio.run(_open_and_close(changed))
    asyncio.run(_open_and_close(replace(changed, accept_new_secrets=True)))
    asyncio.run(_open_and_close(changed))


async def _open_and_close(settings: CloudSettings) -> None:
    async with open_service(settings):
        pass


def test_a_secrets_file_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secrets.toml"
    assert make_secrets_file([str(path)]) == 0
    assert set(read_secrets_file(path)) == {"api_key_pepper", "jwt_secret", "signing_seed"}
    os.chmod(path, 0o644)
    with pytest.raises(ConfigurationError, match=f"chmod 600 {path}"):
        read_secrets_file(path)
    assert make_secrets_file([str(path)]) == 1  # never overwritten
    path.write_text('jwt_secret = "abcd"\n', encoding="utf-8")
    os.chmod(path, 0o600)
    with pytest.raises(ConfigurationError, match="jwt_secret must be 64 hex digits"):
        read_secrets_file(path)
