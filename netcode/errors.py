"""The netcode layer's exception tree. Every message names the culprit and fits on one line."""

from __future__ import annotations

# The documented error codes of the protocol (docs/protocol.md, "Error codes").
ERROR_CODES: dict[str, str] = {
    "bad_message": "not a msgpack envelope [version, type, fields...] of one frame",
    "bad_version": "the envelope's protocol version is not the one this side speaks",
    "unknown_type": "the envelope's type id names no message",
    "bad_field": "a field is missing, extra, of the wrong type, out of range or not finite",
    "too_large": "the message is larger than MAX_MESSAGE_BYTES",
    "bad_snapshot": "a snapshot or delta is inconsistent (sizes, column codes, baseline)",
    "rate_limited": "more than the allowed inputs per second; the excess was dropped",
}


class NetcodeError(Exception):
    """Base of every error the netcode layer raises on purpose."""


class ProtocolError(NetcodeError):
    """A message broke the protocol. ``code`` is one of :data:`ERROR_CODES`."""

    def __init__(self, code: str, message: str) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown protocol error code {code!r}")
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"ProtocolError({self.code!r}, {self.message!r})"


class TransportError(NetcodeError):
    """A socket could not be set up or used (port in use, bad address, closed socket)."""


class ClientError(NetcodeError):
    """Base of what :class:`netcode.client.ClientConnection` raises to its user."""


class JoinRefused(ClientError):  # noqa: N818 - the name the app layer codes against
    """The host answered a join with an Error; ``code`` and ``message`` are the host's."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"join refused ({code}): {message}")
        self.code = code
        self.message = message


class HostUnreachable(ClientError):  # noqa: N818 - the name the app layer codes against
    """No answer from the host within the deadline."""


class KeyMismatch(HostUnreachable):
    """Something listens at the address, but the encryption handshake failed: the key the
    client was given is not the host's (a typo, or a key from an earlier lesson)."""


class RecvTimeout(ClientError, TimeoutError):  # noqa: N818 - reads as what happened
    """No message arrived within the deadline of a receive."""


class ConnectionClosed(ClientError):  # noqa: N818 - reads as what happened
    """The connection was closed (by the user, or after reconnecting failed)."""
