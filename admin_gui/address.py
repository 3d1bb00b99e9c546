"""Who can reach a host with a given bind address, in words (the address itself comes
from the host: ``ClassHost.address``)."""

from __future__ import annotations

import ipaddress

WILDCARDS = ("0.0.0.0", "*", "::")


def reach_note(bind: str) -> str:
    """One sentence on who can reach the host with this bind address."""
    if bind in WILDCARDS:
        return "Students on this network can join."
    if bind in ("localhost",) or ipaddress.ip_address(bind).is_loopback:
        return "Only this computer can join (the host listens on loopback)."
    return f"Students who can reach {bind} can join."
