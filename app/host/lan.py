"""Announce a class on the LAN with zeroconf, so students' players list it.

The interfaces follow the bind address: a host bound to loopback (the demo, tests) announces
on 127.0.0.1 only; a host bound to the LAN announces on every interface with the machine's
first non-loopback IPv4 address. Announcing runs in the background and never delays or
breaks hosting: if it fails, the class is still reachable by address.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging

import ifaddr

from netcode.discovery import Advertiser, DiscoveryError, Interfaces
from netcode.pairing import HostCard

log = logging.getLogger(__name__)


def lan_addresses() -> list[str]:
    """This computer's IPv4 addresses that students can reach (not loopback, not
    link-local), private ranges first: what a host bound to every address shows."""
    found: list[str] = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if not isinstance(ip.ip, str):
                continue
            addr = ipaddress.IPv4Address(ip.ip)
            if not (addr.is_loopback or addr.is_link_local) and str(addr) not in found:
                found.append(str(addr))
    return sorted(found, key=lambda a: (not ipaddress.IPv4Address(a).is_private, a))


def lan_ipv4() -> str | None:
    """This machine's first LAN address (see :func:`lan_addresses`), if it has one."""
    found = lan_addresses()
    return found[0] if found else None


def announce_plan(bind: str, interfaces: str = "auto") -> tuple[str, Interfaces] | None:
    """(address to announce, interfaces) for a host bound to ``bind``; None: nothing to do.

    ``interfaces`` is the ``discovery_interfaces`` setting: "auto" follows the bind address,
    "all" announces on every interface, else comma-separated IPv4 addresses (the first is
    announced when the host listens on every address)."""
    chosen = [a.strip() for a in interfaces.split(",") if a.strip()]
    if interfaces in ("auto", "all"):
        chosen = []
    if bind in ("localhost",) or bind.startswith("127."):
        return "127.0.0.1", chosen or ["127.0.0.1"]
    if bind in ("0.0.0.0", "*"):
        if chosen:
            return chosen[0], chosen
        address = lan_ipv4()
        return None if address is None else (address, "all")
    try:
        addr = ipaddress.IPv4Address(bind)
    except ValueError:
        return None  # IPv6 binds are not announced
    if interfaces == "all":
        return str(addr), "all"
    return str(addr), chosen or [str(addr)]


class LanAnnouncer:
    """Start/stop the announcement of one class in the background."""

    def __init__(self) -> None:
        self._task: asyncio.Task[None] | None = None
        self._advertiser: Advertiser | None = None
        self.state = "off"  # off | starting | on | failed: <why>

    def start(self, card: HostCard, pair_port: int, bind: str, interfaces: str = "auto") -> None:
        plan = announce_plan(bind, interfaces)
        if plan is None:
            self.state = "failed: no network address to announce"
            return
        address, on = plan
        self._advertiser = Advertiser(
            card.class_name,
            pair_port,
            teacher=card.teacher,
            address=address,
            interfaces=on,
        )
        self.state = "starting"
        self._task = asyncio.create_task(self._run(self._advertiser))

    async def _run(self, advertiser: Advertiser) -> None:
        try:
            await advertiser.start()
        except DiscoveryError as exc:
            log.warning("LAN discovery is not working: %s", exc)
            self.state = f"failed: {exc}"
            return
        self.state = "on"

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        if self._advertiser is not None:
            # closed mid-start (a SIGTERM right after hosting), zeroconf's own cancelled
            # registration surfaces here as CancelledError: the host must still end the lesson
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._advertiser.close()
        self._task = None
        self._advertiser = None
        self.state = "off"
