"""Helpers that read typed fields out of decoded dictionaries with clear messages."""

from __future__ import annotations

import math
from collections.abc import Mapping

from game.errors import InvalidConfigError


def mapping(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise InvalidConfigError(f"{where} must be a mapping, got {type(value).__name__}")
    return value


def get_float(d: Mapping[str, object], key: str, where: str) -> float:
    if key not in d:
        raise InvalidConfigError(f"{where}.{key} is missing")
    value = d[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidConfigError(f"{where}.{key} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise InvalidConfigError(f"{where}.{key} must be finite, got {value!r}")
    return number


def get_optional_float(d: Mapping[str, object], key: str, where: str) -> float | None:
    if d.get(key) is None:
        return None
    return get_float(d, key, where)


def get_int(d: Mapping[str, object], key: str, where: str) -> int:
    if key not in d:
        raise InvalidConfigError(f"{where}.{key} is missing")
    value = d[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidConfigError(f"{where}.{key} must be an integer, got {value!r}")
    return value


def get_str(d: Mapping[str, object], key: str, where: str) -> str:
    if key not in d:
        raise InvalidConfigError(f"{where}.{key} is missing")
    value = d[key]
    if not isinstance(value, str):
        raise InvalidConfigError(f"{where}.{key} must be a string, got {value!r}")
    return value
