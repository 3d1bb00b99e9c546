"""encode / decode: the envelope ``[version, type_id, field...]`` in msgpack, side by side.

:func:`decode` trusts nothing: it checks the size, that the bytes are one msgpack array, the
version, the type id, the field count and every field's type and range before it builds the
message. Anything wrong raises :class:`ProtocolError` with a code from ``ERROR_CODES``.
msgpack only, never pickle; no msgpack extension types are accepted.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any

import msgpack

from netcode.errors import ERROR_CODES, ProtocolError
from netcode.fields import INT64_MAX, INT64_MIN, FieldSpec
from netcode.messages import (
    BY_TYPE_ID,
    MAX_CONTROLS,
    MAX_U32,
    PROTOCOL_VERSION,
    Input,
    Message,
    required_fields,
    specs_of,
)

MAX_MESSAGE_BYTES = 64 * 1024

__all__ = [
    "ERROR_CODES",
    "MAX_MESSAGE_BYTES",
    "PROTOCOL_VERSION",
    "ProtocolError",
    "decode",
    "decode_checked",
    "encode",
    "envelope_start",
    "join_envelope",
    "pack_field",
]


def encode(msg: Message) -> bytes:
    """The wire bytes of ``msg``; its fields are checked against their specs first."""
    cls = type(msg)
    if BY_TYPE_ID.get(getattr(cls, "TYPE_ID", -1)) is not cls:
        raise ProtocolError("unknown_type", f"{cls.__name__} is not a protocol message")
    body: list[object] = [PROTOCOL_VERSION, cls.TYPE_ID]
    for name, spec in specs_of(cls):
        body.append(spec.dump(f"{cls.TAG}.{name}", getattr(msg, name)))
    required = required_fields(cls) + 2
    while len(body) > required and body[-1] is None:
        body.pop()  # an omittable field without a value is left off (older peers expect that)
    data: bytes = msgpack.packb(body, use_bin_type=True)
    if len(data) > MAX_MESSAGE_BYTES:
        raise ProtocolError(
            "too_large", f"{cls.TAG} is {len(data)} bytes; at most {MAX_MESSAGE_BYTES}"
        )
    return data


def pack_field(cls: type[Message], name: str, value: object) -> bytes:
    """The msgpack bytes of one field of ``cls`` (checked like :func:`encode` checks it)."""
    spec = _spec(cls, name)
    packed: bytes = msgpack.packb(spec.dump(f"{cls.TAG}.{name}", value), use_bin_type=True)
    return packed


def envelope_start(cls: type[Message], leading: Sequence[object]) -> bytes:
    """The bytes ``encode`` of a ``cls`` with every field present starts with: the envelope
    header, version, type id and the first ``len(leading)`` fields (checked). Made once,
    it serves many messages that differ only in later fields (see :func:`join_envelope`)."""
    specs = specs_of(_message_class(cls))
    if len(leading) > len(specs):
        raise ProtocolError(
            "bad_field", f"{cls.TAG} has {len(specs)} fields, got {len(leading)} leading ones"
        )
    parts = [_array_header(len(specs) + 2), _packb(PROTOCOL_VERSION), _packb(cls.TYPE_ID)]
    for (name, spec), value in zip(specs, leading, strict=False):
        parts.append(_packb(spec.dump(f"{cls.TAG}.{name}", value)))
    return b"".join(parts)


def join_envelope(cls: type[Message], start: bytes, rest: Sequence[bytes]) -> bytes:
    """``start`` (from :func:`envelope_start`) and the remaining fields of ``cls``, each packed
    by :func:`pack_field`, as one message: the bytes ``encode`` would give. The caller passes
    as many fields as ``start`` left out; the size limit is checked here."""
    data = start + b"".join(rest)
    if len(data) > MAX_MESSAGE_BYTES:
        raise ProtocolError(
            "too_large", f"{cls.TAG} is {len(data)} bytes; at most {MAX_MESSAGE_BYTES}"
        )
    return data


def _message_class(cls: type[Message]) -> type[Message]:
    if BY_TYPE_ID.get(getattr(cls, "TYPE_ID", -1)) is not cls:
        raise ProtocolError("unknown_type", f"{cls.__name__} is not a protocol message")
    return cls


_FIELD_SPECS: dict[tuple[type[Message], str], FieldSpec] = {}


def _spec(cls: type[Message], name: str) -> FieldSpec:
    spec = _FIELD_SPECS.get((cls, name))
    if spec is None:
        spec = _FIELD_SPECS[(cls, name)] = dict(specs_of(cls))[name]  # KeyError: no such field
    return spec


def _packb(value: object) -> bytes:
    packed: bytes = msgpack.packb(value, use_bin_type=True)
    return packed


@functools.lru_cache(maxsize=64)
def _array_header(n: int) -> bytes:
    header: bytes = msgpack.Packer().pack_array_header(n)
    return header


def _refuse_ext(code: int, data: bytes) -> object:
    raise ProtocolError("bad_message", f"msgpack extension type {code} is not allowed")


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


# The first bytes of every Input (a 5-array, the version, the type id): 60 a second from
# every student, so they get a decoder of their own (see _fast_input).
_INPUT_HEAD = (
    msgpack.Packer().pack_array_header(5)
    + msgpack.packb(PROTOCOL_VERSION)
    + msgpack.packb(Input.TYPE_ID)
)
_new_input = object.__new__
_isfinite = math.isfinite


def _fast_input(data: bytes) -> Input | None:
    """The Input in ``data`` if it is a well-formed one, checked exactly as :func:`decode`
    checks it (field specs in :mod:`netcode.messages`), in one pass without the generic
    per-field machinery; None for anything else, which then takes the generic path (and
    gets its precise error there). Only whole, valid Inputs are taken here."""
    try:
        env = msgpack.unpackb(data, raw=False, use_list=False, ext_hook=_refuse_ext)
    except Exception:  # any failure: the generic path says what is wrong
        return None
    if type(env) is not tuple or len(env) != 5:
        return None
    _, _, sequence, controls, ack_tick = env
    if type(sequence) is not int or not 0 <= sequence <= MAX_U32:
        return None
    if type(ack_tick) is not int or not -1 <= ack_tick <= MAX_U32:
        return None
    if type(controls) is not tuple or not 1 <= len(controls) <= MAX_CONTROLS:
        return None
    for item in controls:
        kind = type(item)
        if kind is float:
            if not _isfinite(item):
                return None
        elif kind is int:
            if not INT64_MIN <= item <= INT64_MAX:
                return None
        elif kind is not bool:
            return None
    msg = _new_input(Input)  # the frozen dataclass's fields, set as its __init__ sets them
    msg.__dict__.update(sequence=sequence, controls=controls, ack_tick=ack_tick)
    return msg


def decode(data: bytes, *, local: str = "host") -> Message:
    """The message in ``data``; ``local`` ("host" or "client") names this side in errors."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise ProtocolError(
            "too_large", f"message is {len(data)} bytes; at most {MAX_MESSAGE_BYTES}"
        )
    if data.startswith(_INPUT_HEAD):
        fast = _fast_input(data)
        if fast is not None:
            return fast
    return decode_checked(data, local=local)


def decode_checked(data: bytes, *, local: str = "host") -> Message:
    """:func:`decode` without the Input fast path: every field through its spec."""
    if len(data) > MAX_MESSAGE_BYTES:
        raise ProtocolError(
            "too_large", f"message is {len(data)} bytes; at most {MAX_MESSAGE_BYTES}"
        )
    try:
        envelope: Any = msgpack.unpackb(
            data,
            raw=False,
            use_list=True,
            strict_map_key=True,
            ext_hook=_refuse_ext,
        )
    except ProtocolError:
        raise
    except msgpack.StackError:
        raise ProtocolError(
            "bad_message", "not a msgpack message: nested too deep for the decoder"
        ) from None
    except (ValueError, TypeError, msgpack.UnpackException) as exc:
        reason = str(exc) or type(exc).__name__  # some msgpack errors carry no text
        raise ProtocolError("bad_message", f"not a msgpack message: {reason}") from None
    if not isinstance(envelope, list) or len(envelope) < 2:
        raise ProtocolError("bad_message", "expected an envelope [version, type, fields...]")
    version, type_id = envelope[0], envelope[1]
    if not isinstance(version, int) or isinstance(version, bool):
        raise ProtocolError(
            "bad_version",
            f"protocol version must be an integer ({PROTOCOL_VERSION} for this {local}), "
            f"got {_short(version)}",
        )
    if version != PROTOCOL_VERSION:
        raise ProtocolError(
            "bad_version",
            f"protocol version {version} not supported by this {local} (speaks {PROTOCOL_VERSION})",
        )
    cls = BY_TYPE_ID.get(type_id) if isinstance(type_id, int) else None
    if cls is None or isinstance(type_id, bool):
        raise ProtocolError("unknown_type", f"unknown message type {type_id!r}")
    specs = specs_of(cls)
    values = envelope[2:]
    required = required_fields(cls)
    if not required <= len(values) <= len(specs):
        expected = f"{len(specs)}" if required == len(specs) else f"{required}..{len(specs)}"
        raise ProtocolError("bad_field", f"{cls.TAG} has {expected} fields, got {len(values)}")
    values = values + [None] * (len(specs) - len(values))  # omitted trailing fields
    kwargs = {
        name: spec.load(f"{cls.TAG}.{name}", value)
        for (name, spec), value in zip(specs, values, strict=True)
    }
    return cls(**kwargs)
