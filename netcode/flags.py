"""Flags: anomalies the transport saw, for the host to log and show the teacher."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Flag:
    """``kind`` is "rate_limited" or "malformed"; ``detail`` is one line for people."""

    peer: bytes
    kind: str
    detail: str
    time: float
