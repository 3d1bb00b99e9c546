"""LAN discovery with zeroconf: hosts advertise ``_moonbase._tcp.local.``, clients list them.

A host advertises its class name, its teacher's name, its pairing port (the service's
port: students pair there with the join code, see :mod:`netcode.pairing`) and protocol
version in the service's TXT record. No key is announced: mDNS is unauthenticated, so
clients get the key by pairing, which the join code authenticates. The network interfaces
are always the caller's choice and have no default: a classroom machine passes ``"all"``;
tests, benchmarks and ``moonbase demo`` pass ``["127.0.0.1"]`` so nothing is ever sent
beyond loopback.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from zeroconf import InterfaceChoice, IPVersion, ServiceInfo, ServiceStateChange, Zeroconf
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from netcode.errors import NetcodeError
from netcode.messages import PROTOCOL_VERSION

__all__ = [
    "SERVICE_TYPE",
    "Advertiser",
    "ClassAdvert",
    "ClassWatcher",
    "DiscoveryError",
    "browse",
]

SERVICE_TYPE = "_moonbase._tcp.local."
Interfaces = Sequence[str] | Literal["all"]
MAX_FOUND = 256  # classes listed at most


class DiscoveryError(NetcodeError):
    """Advertising or browsing failed; the message says what and where."""


@dataclass(frozen=True)
class ClassAdvert:
    """One class found on the network."""

    class_name: str
    teacher: str
    host: str
    port: int  # the pairing port
    protocol_version: int
    service_name: str


def _interfaces(interfaces: Interfaces) -> InterfaceChoice | list[str]:
    if interfaces == "all":
        return InterfaceChoice.All
    if isinstance(interfaces, str) or not interfaces:
        raise DiscoveryError(f'interfaces must be "all" or a list of addresses, got {interfaces!r}')
    for address in interfaces:
        try:
            ipaddress.IPv4Address(address)
        except ValueError:
            raise DiscoveryError(f"interface {address!r} is not an IPv4 address") from None
    return list(interfaces)


def _instance(class_name: str, port: int) -> str:
    label = re.sub(r"[^A-Za-z0-9 _-]", "", class_name).strip()[:40] or "class"
    return f"{label} {port}.{SERVICE_TYPE}"


class Advertiser:
    """Announce one class; ``await start()``, ``await close()`` (or ``async with``)."""

    def __init__(
        self,
        class_name: str,
        port: int,
        *,
        teacher: str = "",
        address: str,
        interfaces: Interfaces,
    ) -> None:
        if not 0 < port <= 65535:
            raise DiscoveryError(f"port must be within 1..65535, got {port}")
        try:
            ip = ipaddress.IPv4Address(address)
        except ValueError:
            raise DiscoveryError(f"address {address!r} is not an IPv4 address") from None
        self._interfaces = _interfaces(interfaces)
        properties: dict[str, str] = {
            "class": class_name[:100],
            "teacher": teacher[:100],
            "v": str(PROTOCOL_VERSION),
        }
        self.info = ServiceInfo(
            SERVICE_TYPE,
            _instance(class_name, port),
            addresses=[ip.packed],
            port=port,
            properties=properties,
            server=f"moonbase-{port}.local.",
        )
        self._zc: AsyncZeroconf | None = None

    async def start(self) -> None:
        self._zc = AsyncZeroconf(interfaces=self._interfaces, ip_version=IPVersion.V4Only)
        try:
            await self._zc.async_register_service(self.info, allow_name_change=True)
        except Exception as exc:  # zeroconf raises several kinds; one line for the host
            await self.close()
            raise DiscoveryError(f"cannot advertise {self.info.name}: {exc}") from None

    async def close(self) -> None:
        zc, self._zc = self._zc, None
        if zc is not None:
            try:
                await zc.async_unregister_all_services()
            finally:
                await zc.async_close()

    async def __aenter__(self) -> Advertiser:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


def _advert(info: ServiceInfo) -> ClassAdvert | None:
    """A found service as a ClassAdvert; None if its record is not a Moonbase class's."""
    props = {
        k.decode("utf-8", "replace"): (v or b"").decode("utf-8", "replace")
        for k, v in info.properties.items()
    }
    addresses = info.parsed_addresses(IPVersion.V4Only)
    version = props.get("v", "")
    if not addresses or not info.port or not version.isdigit():
        return None
    return ClassAdvert(
        class_name=props.get("class", ""),
        teacher=props.get("teacher", ""),
        host=addresses[0],
        port=int(info.port),
        protocol_version=int(version),
        service_name=info.name,
    )


async def browse(
    *, interfaces: Interfaces, timeout: float = 2.0, want: int | None = None
) -> list[ClassAdvert]:
    """Classes announced on ``interfaces`` within ``timeout`` seconds, sorted by name.

    With ``want``, returns as soon as that many were found.
    """
    if not 0 < timeout <= 60:
        raise DiscoveryError(f"timeout must be within (0, 60] s, got {timeout}")
    choice = _interfaces(interfaces)
    names: set[str] = set()

    def on_change(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is not ServiceStateChange.Removed and len(names) < MAX_FOUND:
            names.add(name)

    azc = AsyncZeroconf(interfaces=choice, ip_version=IPVersion.V4Only)
    browser = AsyncServiceBrowser(azc.zeroconf, [SERVICE_TYPE], handlers=[on_change])
    found: dict[str, ClassAdvert] = {}
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while (remaining := deadline - loop.time()) > 0 and (want is None or len(found) < want):
            for name in sorted(names - set(found)):
                info = AsyncServiceInfo(SERVICE_TYPE, name)
                wait_ms = max(1, round(min(remaining, 1.0) * 1000))
                if await info.async_request(azc.zeroconf, wait_ms):
                    advert = _advert(info)
                    if advert is not None:
                        found[name] = advert
            await asyncio.sleep(min(0.05, max(0.0, deadline - loop.time())))
    finally:
        await browser.async_cancel()
        await azc.async_close()
    return sorted(found.values(), key=lambda a: (a.class_name, a.host, a.port))


class ClassWatcher:
    """The classes on the network, kept up to date for as long as it runs: a class stays
    listed from its announcement until it says goodbye or its record expires (zeroconf's
    "removed"), so a list drawn from :meth:`found` does not blink between passes.
    ``await start()``, read :meth:`found` any time, ``await close()``."""

    def __init__(self, *, interfaces: Interfaces) -> None:
        self._choice = _interfaces(interfaces)
        self._azc: AsyncZeroconf | None = None
        self._browser: AsyncServiceBrowser | None = None
        self._found: dict[str, ClassAdvert] = {}
        self._pending: set[asyncio.Task[None]] = set()

    def found(self) -> list[ClassAdvert]:
        return sorted(self._found.values(), key=lambda a: (a.class_name, a.teacher, a.host))

    async def start(self) -> None:
        self._azc = AsyncZeroconf(interfaces=self._choice, ip_version=IPVersion.V4Only)
        self._browser = AsyncServiceBrowser(
            self._azc.zeroconf, [SERVICE_TYPE], handlers=[self._on_change]
        )

    def _on_change(
        self, zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is ServiceStateChange.Removed:
            self._found.pop(name, None)
            return
        if len(self._found) >= MAX_FOUND and name not in self._found:
            return
        task = asyncio.ensure_future(self._resolve(name))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _resolve(self, name: str) -> None:
        if self._azc is None:
            return
        info = AsyncServiceInfo(SERVICE_TYPE, name)
        if await info.async_request(self._azc.zeroconf, 3000):
            advert = _advert(info)
            if advert is not None:
                self._found[name] = advert

    async def close(self) -> None:
        for task in list(self._pending):
            task.cancel()
        if self._browser is not None:
            await self._browser.async_cancel()
            self._browser = None
        if self._azc is not None:
            await self._azc.async_close()
            self._azc = None
