"""Rejoin tokens kept on the student's computer: closing the player and opening it again
gives the student their seat, name and round back (the host matches the token).

One small JSON file in the player's data folder, keyed by the class's public key and the
nickname; at most :data:`MAX_TOKENS` kept (the oldest go). A file that cannot be read is
treated as empty (and rewritten on the next join): a lost token only costs a new seat.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from app.common.files import write_atomic

log = logging.getLogger(__name__)

MAX_TOKENS = 64
FILE_NAME = "rejoin.json"


class TokenStore:
    def __init__(self, folder: Path | None) -> None:
        self.path = None if folder is None else folder / FILE_NAME

    @staticmethod
    def _key(class_key: bytes, nickname: str) -> str:
        return f"{class_key.decode('ascii')}|{nickname.strip().casefold()}"

    def _read(self) -> dict[str, str]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("rejoin tokens in %s not read: %s", self.path, exc)
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): str(v) for k, v in data.items() if isinstance(v, str)}

    def get(self, class_key: bytes, nickname: str) -> str | None:
        return self._read().get(self._key(class_key, nickname))

    def put(self, class_key: bytes, nickname: str, token: str) -> None:
        if self.path is None:
            return
        data = self._read()
        key = self._key(class_key, nickname)
        data.pop(key, None)
        data[key] = token
        while len(data) > MAX_TOKENS:
            data.pop(next(iter(data)))
        try:
            write_atomic(self.path, json.dumps(data))
        except OSError as exc:
            log.warning("rejoin token not saved in %s: %s", self.path, exc)
