"""Who can reach a host with a given bind address, in words (the address itself comes
from the host: ``ClassHost.address``), the choices the Start screen offers, and the one
sentence on encryption every screen uses."""

from __future__ import annotations

import ipaddress

from PySide6.QtCore import QCoreApplication

from app.host.lan import lan_addresses

WILDCARDS = ("0.0.0.0", "*", "::")
LOOPBACK = "127.0.0.1"
EVERY = "0.0.0.0"


def is_loopback(bind: str) -> bool:
    if bind == "localhost":
        return True
    try:
        return ipaddress.ip_address(bind).is_loopback
    except ValueError:
        return False


def reach_note(bind: str) -> str:
    """One sentence on who can reach the host with this bind address."""
    if bind in WILDCARDS:
        return QCoreApplication.translate("Address", "Students on this network can join.")
    if is_loopback(bind):
        return QCoreApplication.translate(
            "Address",
            "Only this computer can join (the host listens on loopback): for trying Moonbase "
            "out, not for a class.",
        )
    return QCoreApplication.translate("Address", "Students who can reach {0} can join.").format(
        bind
    )


def bind_choices(configured: str) -> list[tuple[str, str]]:
    """(bind address, words) for the Start screen: every network, each of this computer's
    LAN addresses, this computer only; the configured address first when it is another."""
    choices = [
        (
            EVERY,
            QCoreApplication.translate("Address", "Every network of this computer (students join)"),
        )
    ]
    choices += [
        (a, QCoreApplication.translate("Address", "Only the network of {0}").format(a))
        for a in lan_addresses()
    ]
    choices.append(
        (
            LOOPBACK,
            QCoreApplication.translate("Address", "This computer only (127.0.0.1, for a try-out)"),
        )
    )
    if configured not in {bind for bind, _ in choices}:
        choices.insert(
            0,
            (
                configured,
                QCoreApplication.translate("Address", "{0} (from the settings)").format(configured),
            ),
        )
    return choices


def encryption_note(public_key: str | None) -> str:
    """The one sentence on encryption, the same on every screen."""
    if public_key:
        return QCoreApplication.translate(
            "Address",
            "Game traffic is encrypted (CurveZMQ); the join code gives each player the key, "
            "nobody copies it.",
        )
    return QCoreApplication.translate("Address", "Game traffic is not encrypted (a test host).")
