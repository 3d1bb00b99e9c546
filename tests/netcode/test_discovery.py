"""Zeroconf discovery on loopback only (interfaces=["127.0.0.1"]; never the default)."""

from __future__ import annotations

import asyncio
import time

import pytest

from netcode.discovery import Advertiser, ClassAdvert, ClassWatcher, DiscoveryError, browse
from netcode.messages import PROTOCOL_VERSION

LOOPBACK = ["127.0.0.1"]


def test_a_client_lists_the_classes_advertised_on_loopback() -> None:
    async def main() -> None:
        async with (
            Advertiser(
                "7B Physics", 47001, teacher="Ms Rivera", address="127.0.0.1", interfaces=LOOPBACK
            ),
            Advertiser("8A", 47002, address="127.0.0.1", interfaces=LOOPBACK),
        ):
            # Other classes may be announced on loopback too (another test run on this
            # machine): browse until both of these were seen, within a bound.
            deadline = time.monotonic() + 16.0
            mine: list[ClassAdvert] = []
            while len(mine) < 2 and time.monotonic() < deadline:
                found = await browse(interfaces=LOOPBACK, timeout=3.0)
                mine = [a for a in found if a.port in (47001, 47002)]
        assert [(a.class_name, a.teacher, a.host, a.port) for a in mine] == [
            ("7B Physics", "Ms Rivera", "127.0.0.1", 47001),
            ("8A", "", "127.0.0.1", 47002),
        ]
        assert {a.protocol_version for a in mine} == {PROTOCOL_VERSION}

    asyncio.run(main())


def test_a_watched_class_stays_listed_until_it_is_gone() -> None:
    """The list a player shows never blinks: sampled 40 times over 8 s it always holds the
    class; after the class says goodbye it is gone within a few seconds."""

    async def main() -> None:
        watcher = ClassWatcher(interfaces=LOOPBACK)
        await watcher.start()
        advert = Advertiser("Steady", 47003, address="127.0.0.1", interfaces=LOOPBACK)
        await advert.start()
        try:
            deadline = time.monotonic() + 16.0
            while not _has(watcher) and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert _has(watcher), "the class was not found within 16 s"
            samples = []
            for _ in range(40):
                await asyncio.sleep(0.2)
                samples.append(_has(watcher))
            assert all(samples), f"listed in {sum(samples)} of {len(samples)} samples"
        finally:
            await advert.close()
        deadline = time.monotonic() + 10.0
        while _has(watcher) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        assert not _has(watcher), "the class stayed listed after its goodbye"
        await watcher.close()

    asyncio.run(main())


def _has(watcher: ClassWatcher) -> bool:
    return any(a.port == 47003 for a in watcher.found())


def test_interfaces_must_be_chosen_and_addresses_checked() -> None:
    with pytest.raises(DiscoveryError, match="interfaces must be"):
        Advertiser("7B", 5555, address="127.0.0.1", interfaces=[])
    with pytest.raises(DiscoveryError, match="interface 'eth0' is not an IPv4 address"):
        Advertiser("7B", 5555, address="127.0.0.1", interfaces=["eth0"])
    with pytest.raises(DiscoveryError, match="port must be within"):
        Advertiser("7B", 0, address="127.0.0.1", interfaces=LOOPBACK)
    with pytest.raises(DiscoveryError, match="timeout must be within"):
        asyncio.run(browse(interfaces=LOOPBACK, timeout=0))
