"""How structured values and blobs are written into columns: JSON text and zlib."""

from __future__ import annotations

import json
import zlib

ZLIB_LEVEL = 1  # telemetry is mostly floats: level 1 is 3x faster, barely larger


def dump_json(name: str, value: dict[str, object]) -> str:
    """Compact JSON with sorted keys; ``ValueError`` naming ``name`` if it cannot be encoded."""
    if not isinstance(value, dict):
        raise ValueError(f"{name} must be a dict, got {type(value).__name__}")
    try:
        return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} cannot be stored as JSON: {exc}") from None


def load_json(text: str) -> dict[str, object]:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError(f"expected a JSON object, got {type(value).__name__}")
    return value


def compress(data: bytes) -> bytes:
    return zlib.compress(data, ZLIB_LEVEL)


def decompress(data: bytes) -> bytes:
    return zlib.decompress(data)
