"""Field specs: the type and range of every message field, checked on decode AND on encode.

Each message field in :mod:`netcode.messages` names its spec with ``wire(...)``. A spec turns
a wire value into a Python value (``load``), refusing anything of the wrong type, out of range
or not finite with ``ProtocolError("bad_field", ...)`` naming the message and field, and turns
a Python value into its wire value (``dump``), checking it the same way so a host never sends
what a client would refuse.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from netcode.errors import ProtocolError
from netcode.snapshot import Delta, Snapshot

MAX_TREE_DEPTH = 8
MAX_TREE_NODES = 4096
MAX_KEY_CHARS = 64
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _kind(value: object) -> str:
    return type(value).__name__


class FieldSpec:
    """Base of the specs; ``doc`` is the type and range as docs/protocol.md writes it."""

    doc = ""

    def load(self, where: str, value: object) -> Any:
        raise NotImplementedError

    def dump(self, where: str, value: Any) -> object:
        return self.load(where, value)


def wire(spec: FieldSpec) -> dict[str, FieldSpec]:
    """The metadata of a message field carrying its spec: ``field(metadata=wire(Int(0, 9)))``."""
    return {"wire": spec}


@dataclass(frozen=True)
class Int(FieldSpec):
    lo: int
    hi: int

    @property
    def doc(self) -> str:  # type: ignore[override]
        return f"int {self.lo}..{self.hi}"

    def load(self, where: str, value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ProtocolError("bad_field", f"{where} must be an integer, got {_kind(value)}")
        if not self.lo <= value <= self.hi:
            raise ProtocolError(
                "bad_field", f"{where} must be within {self.lo}..{self.hi}, got {value}"
            )
        return value


@dataclass(frozen=True)
class Float(FieldSpec):
    lo: float = -math.inf
    hi: float = math.inf

    @property
    def doc(self) -> str:  # type: ignore[override]
        if math.isinf(self.lo) and math.isinf(self.hi):
            return "float, finite"
        return f"float {self.lo:g}..{self.hi:g}, finite"

    def load(self, where: str, value: object) -> float:
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ProtocolError("bad_field", f"{where} must be a number, got {_kind(value)}")
        number = float(value)
        if not math.isfinite(number):
            raise ProtocolError("bad_field", f"{where} must be finite, got {number}")
        if not self.lo <= number <= self.hi:
            raise ProtocolError(
                "bad_field", f"{where} must be within {self.lo:g}..{self.hi:g}, got {number:g}"
            )
        return number


@dataclass(frozen=True)
class Omittable(FieldSpec):
    """A field added to a message after version 1 shipped: it comes last and may be left off
    the envelope (or be nil); absent reads as None. An older peer's message stays valid."""

    inner: FieldSpec

    @property
    def doc(self) -> str:  # type: ignore[override]
        return f"{self.inner.doc}; may be nil or left off"

    def load(self, where: str, value: object) -> Any:
        if value is None:
            return None
        return self.inner.load(where, value)

    def dump(self, where: str, value: Any) -> object:
        if value is None:
            return None
        return self.inner.dump(where, value)


@dataclass(frozen=True)
class Bool(FieldSpec):
    doc = "bool"

    def load(self, where: str, value: object) -> bool:
        if not isinstance(value, bool):
            raise ProtocolError("bad_field", f"{where} must be true or false, got {_kind(value)}")
        return value


@dataclass(frozen=True)
class Text(FieldSpec):
    max_chars: int
    optional: bool = False

    @property
    def doc(self) -> str:  # type: ignore[override]
        base = f"str, at most {self.max_chars} chars"
        return base + " or nil" if self.optional else base

    def load(self, where: str, value: object) -> str | None:
        if value is None and self.optional:
            return None
        if not isinstance(value, str):
            raise ProtocolError("bad_field", f"{where} must be a string, got {_kind(value)}")
        if len(value) > self.max_chars:
            raise ProtocolError(
                "bad_field", f"{where} is {len(value)} characters; at most {self.max_chars}"
            )
        return value


@dataclass(frozen=True)
class Tree(FieldSpec):
    """A map of plain values (nil, bool, int, finite float, str, list, map with str keys)."""

    optional: bool = False

    @property
    def doc(self) -> str:  # type: ignore[override]
        base = f"map of plain values, depth <= {MAX_TREE_DEPTH}, <= {MAX_TREE_NODES} values"
        return base + " or nil" if self.optional else base

    def load(self, where: str, value: object) -> dict[str, Any] | None:
        if value is None and self.optional:
            return None
        if not isinstance(value, dict):
            raise ProtocolError("bad_field", f"{where} must be a map, got {_kind(value)}")
        budget = [MAX_TREE_NODES]
        return _plain(where, value, 0, budget)  # type: ignore[no-any-return]


def _plain(where: str, value: object, depth: int, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise ProtocolError("bad_field", f"{where} holds more than {MAX_TREE_NODES} values")
    if depth > MAX_TREE_DEPTH:
        raise ProtocolError("bad_field", f"{where} nests deeper than {MAX_TREE_DEPTH}")
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise ProtocolError("bad_field", f"{where} holds an integer beyond 64 bits")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ProtocolError("bad_field", f"{where} holds a non-finite number {value}")
        return value
    if isinstance(value, list | tuple):
        return [_plain(f"{where}[{i}]", item, depth + 1, budget) for i, item in enumerate(value)]
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str) or len(key) > MAX_KEY_CHARS:
                raise ProtocolError(
                    "bad_field", f"{where} keys must be strings of at most {MAX_KEY_CHARS} chars"
                )
            out[key] = _plain(f"{where}.{key}", item, depth + 1, budget)
        return out
    raise ProtocolError("bad_field", f"{where} holds a {_kind(value)}, not a plain value")


@dataclass(frozen=True)
class Players(FieldSpec):
    """A list of ``[player_id, nickname, character]`` triples."""

    max_players: int
    id_spec: Int
    name_spec: Text
    character_spec: Int

    @property
    def doc(self) -> str:  # type: ignore[override]
        return (
            f"list of at most {self.max_players} [player_id ({self.id_spec.doc}), nickname "
            f"({self.name_spec.doc}), character ({self.character_spec.doc})]"
        )

    def load(self, where: str, value: object) -> tuple[tuple[int, str, int], ...]:
        if not isinstance(value, list | tuple):
            raise ProtocolError("bad_field", f"{where} must be a list, got {_kind(value)}")
        if len(value) > self.max_players:
            raise ProtocolError(
                "bad_field", f"{where} lists {len(value)} players; at most {self.max_players}"
            )
        out: list[tuple[int, str, int]] = []
        for i, item in enumerate(value):
            if not isinstance(item, list | tuple) or len(item) != 3:
                raise ProtocolError(
                    "bad_field", f"{where}[{i}] must be [player_id, nickname, character]"
                )
            name = self.name_spec.load(f"{where}[{i}].nickname", item[1])
            assert name is not None  # the name spec is not optional
            out.append(
                (
                    self.id_spec.load(f"{where}[{i}].player_id", item[0]),
                    name,
                    self.character_spec.load(f"{where}[{i}].character", item[2]),
                )
            )
        return tuple(out)

    def dump(self, where: str, value: Any) -> object:
        return [list(p) for p in self.load(where, value)]


@dataclass(frozen=True)
class Controls(FieldSpec):
    """A player's input values: a list of 1..``max_values`` bools or finite numbers, in the
    order of the game's input fields (the game checks each value's range)."""

    max_values: int

    @property
    def doc(self) -> str:  # type: ignore[override]
        return f"list of 1..{self.max_values} values, each bool or finite number"

    def load(self, where: str, value: object) -> tuple[float | int | bool, ...]:
        if not isinstance(value, list | tuple):
            raise ProtocolError("bad_field", f"{where} must be a list, got {_kind(value)}")
        if not 1 <= len(value) <= self.max_values:
            raise ProtocolError(
                "bad_field", f"{where} holds {len(value)} values; 1..{self.max_values} allowed"
            )
        out: list[float | int | bool] = []
        for i, item in enumerate(value):
            if isinstance(item, bool):
                out.append(item)
            elif isinstance(item, int):
                if not INT64_MIN <= item <= INT64_MAX:
                    raise ProtocolError("bad_field", f"{where}[{i}] is beyond 64 bits")
                out.append(item)
            elif isinstance(item, float):
                if not math.isfinite(item):
                    raise ProtocolError("bad_field", f"{where}[{i}] must be finite, got {item}")
                out.append(item)
            else:
                raise ProtocolError(
                    "bad_field", f"{where}[{i}] must be a bool or a number, got {_kind(item)}"
                )
        return tuple(out)

    def dump(self, where: str, value: Any) -> object:
        return list(self.load(where, value))


def _ints(*values: object) -> bool:
    return all(isinstance(v, int) and not isinstance(v, bool) for v in values)


@dataclass(frozen=True)
class Rows(FieldSpec):
    """A full snapshot ``[0, ...]`` (optionally nil) or, with ``delta``, a delta ``[1, ...]``."""

    optional: bool = False
    delta: bool = False

    @property
    def doc(self) -> str:  # type: ignore[override]
        if self.delta:
            return "delta [1, n, columns, span, body]"
        base = "snapshot [0, n, columns, body]"
        return base + " or nil" if self.optional else base

    def load(self, where: str, value: object) -> Snapshot | Delta | None:
        if value is None and self.optional:
            return None
        if not isinstance(value, list | tuple) or not value:
            raise ProtocolError("bad_field", f"{where} must be a list, got {_kind(value)}")
        kind = value[0]
        try:
            if kind == 0 and not self.delta and len(value) == 4:
                n, columns, body = value[1:]
                if _ints(n, columns) and isinstance(body, bytes):
                    return Snapshot.from_wire(n, columns, body)
            elif kind == 1 and self.delta and len(value) == 5:
                n, columns, span, body = value[1:]
                if _ints(n, columns, span) and isinstance(body, bytes):
                    return Delta.from_wire(n, columns, span, body)
        except ProtocolError as exc:
            raise ProtocolError(exc.code, f"{where}: {exc.message}") from None
        raise ProtocolError("bad_field", f"{where} must be a {self.doc}")

    def dump(self, where: str, value: Any) -> object:
        if value is None and self.optional:
            return None
        if self.delta and isinstance(value, Delta):
            return value.to_wire()
        if not self.delta and isinstance(value, Snapshot):
            return value.to_wire()
        raise ProtocolError("bad_field", f"{where} must be a {self.doc}, got {_kind(value)}")
