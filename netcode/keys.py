"""CurveZMQ keys: the host's long-term key pair on disk, public keys in text form.

The host keeps its key pair in a folder it chooses (its data directory): ``host.key`` holds
the public key and ``host.key_secret`` the secret key, each as 40 Z85 characters and a
newline. Missing files are created (the folder 0700, the secret 0600); a secret key file
that others may read is refused. Clients carry no long-term key: each connection makes a
fresh key pair (see docs/protocol.md, "Security and trust model").
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import zmq
from zmq.utils import z85

from netcode.errors import NetcodeError

__all__ = [
    "PUBLIC_FILE",
    "SECRET_FILE",
    "HostKeys",
    "KeyFileError",
    "load_or_create_keys",
    "parse_public_key",
]

PUBLIC_FILE = "host.key"
SECRET_FILE = "host.key_secret"
Z85_CHARS = 40  # a 32-byte Curve25519 key in Z85
HEX_CHARS = 64


class KeyFileError(NetcodeError):
    """A key could not be read, written or parsed; the message names the file or the text."""


def parse_public_key(text: str | bytes) -> bytes:
    """A public key as Z85 bytes, from 40 Z85 or 64 hex characters."""
    raw = text.encode("ascii", "replace") if isinstance(text, str) else bytes(text)
    raw = raw.strip()
    if len(raw) == HEX_CHARS:
        try:
            return z85.encode(bytes.fromhex(raw.decode("ascii")))
        except ValueError:
            pass
    if len(raw) == Z85_CHARS:
        try:
            if len(z85.decode(raw)) == 32:
                return raw
        except (ValueError, KeyError):
            pass
    shown = raw[:50].decode("ascii", "replace")
    raise KeyFileError(
        f"not a public key: {shown!r} (expected {Z85_CHARS} Z85 or {HEX_CHARS} hex characters)"
    )


@dataclass(frozen=True)
class HostKeys:
    """A Curve25519 key pair, Z85-encoded (40 bytes each)."""

    public: bytes
    secret: bytes = field(repr=False)

    def __post_init__(self) -> None:
        try:
            derived = zmq.curve_public(self.secret)
        except (ValueError, KeyError, zmq.ZMQError):
            raise KeyFileError("the secret key is not 40 Z85 characters") from None
        if derived != self.public:
            raise KeyFileError("the public key does not belong to the secret key")

    @classmethod
    def generate(cls) -> HostKeys:
        public, secret = zmq.curve_keypair()
        return cls(public=public, secret=secret)

    @property
    def public_text(self) -> str:
        return self.public.decode("ascii")


def load_or_create_keys(folder: Path) -> HostKeys:
    """The key pair kept in ``folder``; made (and saved) on first use."""
    folder = Path(folder)
    public_path, secret_path = folder / PUBLIC_FILE, folder / SECRET_FILE
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not secret_path.exists():
            keys = HostKeys.generate()
            _write(secret_path, keys.secret, 0o600)
            public_path.unlink(missing_ok=True)
            _write(public_path, keys.public, 0o644)
            return keys
        mode = stat.S_IMODE(secret_path.stat().st_mode)
        if mode & 0o077:
            raise KeyFileError(
                f"{secret_path} may be read by others (mode {mode:04o}); run chmod 600 on it"
            )
        secret = secret_path.read_bytes().strip()
        keys = HostKeys(public=zmq.curve_public(secret), secret=secret)
    except KeyFileError:
        raise
    except (ValueError, KeyError, zmq.ZMQError):
        raise KeyFileError(f"{secret_path} does not hold a Z85 secret key") from None
    except OSError as exc:
        raise KeyFileError(f"cannot use the key folder {folder}: {exc.strerror}") from None
    if not public_path.exists() or public_path.read_bytes().strip() != keys.public:
        public_path.unlink(missing_ok=True)
        _write(public_path, keys.public, 0o644)
    return keys


def _write(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as out:
        out.write(data + b"\n")
    os.chmod(path, mode)  # the umask may have taken bits away from the public file
