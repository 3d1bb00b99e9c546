"""The three secrets every instance on one database must share, and where each came from.

* the API-key pepper (keys are stored as HMACs under it),
* the JWT secret (teacher access and refresh tokens are signed with it),
* the Ed25519 signing key (offline entitlement tokens; hosts pin its public key).

Each comes from, first to last: its environment variable (``MOONBASE_CLOUD_API_KEY_PEPPER``,
``MOONBASE_CLOUD_JWT_SECRET``, ``MOONBASE_CLOUD_SIGNING_SEED``: 64 hex digits), the secrets
file (``MOONBASE_CLOUD_SECRETS_FILE``, TOML with ``api_key_pepper``, ``jwt_secret`` and
``signing_seed``, mode 0600), or a file in the data folder made on first start (the pepper
and JWT files, ``signing_key.pem`` or ``MOONBASE_CLOUD_SIGNING_KEY``). The data-folder files
suit ONE instance: a second instance with its own folder would refuse every key and token.
Make a secrets file for several instances with ``python -m app.cloud.shared_secrets FILE``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import stat
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.cloud.errors import ConfigurationError
from app.cloud.settings import SECRET_BYTES, CloudSettings
from app.cloud.signing import TokenSigner
from app.common.secretfile import load_or_create_secret, write_private

NAMES = ("api_key_pepper", "jwt_secret", "signing_seed")


@dataclass(frozen=True)
class Secret:
    value: bytes
    source: str  # for messages: where it was read from

    @property
    def shared(self) -> bool:
        """False when it comes from this instance's data folder only."""
        return not self.source.startswith("data folder")


@dataclass(frozen=True)
class ServiceSecrets:
    pepper: Secret
    jwt_secret: Secret
    signer: TokenSigner
    signing_source: str

    def fingerprints(self) -> dict[str, tuple[str, str]]:
        """Per secret: a value that tells whether two instances hold the same one without
        revealing it, and where this instance's came from."""

        def mark(secret: bytes) -> str:
            return hmac.new(secret, b"moonbase shared secret check", hashlib.sha256).hexdigest()[
                :16
            ]

        return {
            "api_key_pepper": (mark(self.pepper.value), self.pepper.source),
            "jwt_secret": (mark(self.jwt_secret.value), self.jwt_secret.source),
            "signing_key": (self.signer.key_id, self.signing_source),
        }

    @property
    def all_shared(self) -> bool:
        return (
            self.pepper.shared
            and self.jwt_secret.shared
            and not self.signing_source.startswith("data folder")
        )


def read_secrets_file(path: Path) -> dict[str, bytes]:
    """The secrets of a TOML secrets file; ConfigurationError naming the file and the problem."""
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(f"cannot read secrets file {path}: {exc.strerror}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigurationError(
            f"secrets file {path} can be read by others (mode {stat.S_IMODE(mode):o}): "
            f"chmod 600 {path}"
        )
    try:
        body = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"secrets file {path} is not TOML: {exc}") from None
    found: dict[str, bytes] = {}
    for name, value in body.items():
        if name not in NAMES:
            raise ConfigurationError(
                f"secrets file {path}: unknown key {name!r} (known: {', '.join(NAMES)})"
            )
        try:
            raw = bytes.fromhex(value) if isinstance(value, str) else b""
        except ValueError:
            raw = b""
        if len(raw) != SECRET_BYTES:
            raise ConfigurationError(
                f"secrets file {path}: {name} must be {2 * SECRET_BYTES} hex digits"
            )
        found[name] = raw
    return found


def load_secrets(settings: CloudSettings) -> ServiceSecrets:
    """Each secret from its variable, the secrets file, or the data folder (made if missing)."""
    in_file = read_secrets_file(settings.secrets_file) if settings.secrets_file else {}

    def pick(name: str, path: Path) -> Secret:
        given: bytes | None = getattr(settings, name)
        if given is not None:
            return Secret(given, f"environment {CloudSettings.variable(name)}")
        if name in in_file:
            return Secret(in_file[name], f"secrets file {settings.secrets_file}")
        return Secret(load_or_create_secret(path), f"data folder {path}")

    seed = settings.signing_seed
    if seed is not None:
        signer = TokenSigner(Ed25519PrivateKey.from_private_bytes(seed))
        source = "environment MOONBASE_CLOUD_SIGNING_SEED"
    elif "signing_seed" in in_file:
        signer = TokenSigner(Ed25519PrivateKey.from_private_bytes(in_file["signing_seed"]))
        source = f"secrets file {settings.secrets_file}"
    else:
        path = settings.effective_signing_key_path
        signer = TokenSigner.load_or_create(path)
        source = (
            f"file {path} (MOONBASE_CLOUD_SIGNING_KEY)"
            if settings.signing_key_path is not None
            else f"data folder {path}"
        )
    return ServiceSecrets(
        pepper=pick("api_key_pepper", settings.pepper_path),
        jwt_secret=pick("jwt_secret", settings.jwt_secret_path),
        signer=signer,
        signing_source=source,
    )


def new_secrets_file(path: Path) -> None:
    """Write a new secrets file (mode 0600) with three random secrets; never overwrites."""
    if path.exists():
        raise ConfigurationError(f"{path} exists already; it is not overwritten")
    lines = [f'{name} = "{secrets.token_hex(SECRET_BYTES)}"' for name in NAMES]
    write_private(path, ("\n".join(lines) + "\n").encode())


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m app.cloud.shared_secrets FILE", file=sys.stderr)
        return 2
    try:
        new_secrets_file(Path(argv[0]))
    except ConfigurationError as exc:
        print(f"moonbase: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {argv[0]}: give it to every instance as MOONBASE_CLOUD_SECRETS_FILE")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
