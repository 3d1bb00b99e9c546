"""The address students type to reach this computer, read from the network interfaces."""

from __future__ import annotations

import ipaddress

from PySide6.QtNetwork import QAbstractSocket, QHostAddress, QNetworkInterface

WILDCARDS = ("0.0.0.0", "*", "::")


def lan_addresses() -> list[str]:
    """IPv4 addresses of interfaces that are up and not loopback, private ranges first."""
    found: list[str] = []
    for iface in QNetworkInterface.allInterfaces():
        flags = iface.flags()
        if not flags & QNetworkInterface.InterfaceFlag.IsUp:
            continue
        if flags & QNetworkInterface.InterfaceFlag.IsLoopBack:
            continue
        for entry in iface.addressEntries():
            ip: QHostAddress = entry.ip()
            if ip.protocol() != QAbstractSocket.NetworkLayerProtocol.IPv4Protocol:
                continue
            text = ip.toString()
            if text not in found:
                found.append(text)
    return sorted(found, key=lambda a: (not ipaddress.ip_address(a).is_private, a))


def join_address(bind: str, port: int) -> str:
    """What to show for manual entry: the bound address, or this computer's LAN address."""
    if bind in WILDCARDS:
        lan = lan_addresses()
        host = lan[0] if lan else "127.0.0.1"
    elif bind == "localhost":
        host = "127.0.0.1"
    else:
        host = bind
    return f"{host}:{port}"


def reach_note(bind: str) -> str:
    """One sentence on who can reach the host with this bind address."""
    if bind in WILDCARDS:
        return "Students on this network can join."
    if bind in ("localhost",) or ipaddress.ip_address(bind).is_loopback:
        return "Only this computer can join (the host listens on loopback)."
    return f"Students who can reach {bind} can join."
