"""Zeroconf discovery on loopback only (interfaces=["127.0.0.1"]; never the default)."""

from __future__ import annotations

import asyncio
import time

import pytest

from netcode.discovery import Advertiser, ClassAdvert, DiscoveryError, browse
from netcode.keys import HostKeys
from netcode.messages import PROTOCOL_VERSION

LOOPBACK = ["127.0.0.1"]


def test_a_client_lists_the_classes_advertised_on_loopback() -> None:
    keys = HostKeys.generate()

    async def main() -> None:
        async with (
            Advertiser("7B Physics", 47001, keys.public, address="127.0.0.1", interfaces=LOOPBACK),
            Advertiser("8A", 47002, None, address="127.0.0.1", interfaces=LOOPBACK),
        ):
            # Other classes may be announced on loopback too (another test run on this
            # machine): browse until both of these were seen, within a bound.
            deadline = time.monotonic() + 16.0
            mine: list[ClassAdvert] = []
            while len(mine) < 2 and time.monotonic() < deadline:
                found = await browse(interfaces=LOOPBACK, timeout=3.0)
                mine = [a for a in found if a.port in (47001, 47002)]
        assert [(a.class_name, a.host, a.port) for a in mine] == [
            ("7B Physics", "127.0.0.1", 47001),
            ("8A", "127.0.0.1", 47002),
        ]
        assert mine[0].public_key == keys.public and mine[1].public_key is None
        assert {a.protocol_version for a in mine} == {PROTOCOL_VERSION}

    asyncio.run(main())


def test_interfaces_must_be_chosen_and_addresses_checked() -> None:
    with pytest.raises(DiscoveryError, match="interfaces must be"):
        Advertiser("7B", 5555, None, address="127.0.0.1", interfaces=[])
    with pytest.raises(DiscoveryError, match="interface 'eth0' is not an IPv4 address"):
        Advertiser("7B", 5555, None, address="127.0.0.1", interfaces=["eth0"])
    with pytest.raises(DiscoveryError, match="port must be within"):
        Advertiser("7B", 0, None, address="127.0.0.1", interfaces=LOOPBACK)
    with pytest.raises(DiscoveryError, match="timeout must be within"):
        asyncio.run(browse(interfaces=LOOPBACK, timeout=0))
