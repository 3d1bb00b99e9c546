"""A host on 127.0.0.1 announces its class; the player's browser lists it (loopback only)."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from pathlib import Path

from app.config import Settings
from app.host.host import ClassHost
from app.host.lan import announce_plan
from app.player.lan import ZeroconfBrowser
from app.store import Store


def test_loopback_hosts_announce_on_loopback_only() -> None:
    assert announce_plan("127.0.0.1") == ("127.0.0.1", ["127.0.0.1"])
    assert announce_plan("::1") is None


def test_player_lists_a_class_the_host_announces(tmp_path: Path) -> None:
    settings = dataclasses.replace(
        Settings(),
        data_dir=tmp_path,
        class_name="Room 12 physics",
        teacher_name="Ms Rivera",
        bind="127.0.0.1",
    )
    found_port: list[int] = []

    async def scenario() -> None:
        store = await Store.open(tmp_path / "moonbase.db")
        host = ClassHost(settings, store)
        await host.start()
        browser = ZeroconfBrowser(["127.0.0.1"])
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                hits = [c for c in browser.found() if c.address.port == host.pair_port]
                if hits:
                    assert hits[0].name == "Room 12 physics"
                    assert hits[0].teacher == "Ms Rivera"
                    assert hits[0].address.server_key is None  # the key comes by pairing
                    found_port.append(hits[0].address.port)
                    break
                await asyncio.sleep(0.1)
            assert host.lan.state == "on"
        finally:
            browser.close()
            await host.stop()
            await store.close()

    asyncio.run(scenario())
    assert found_port, "the class was not found on loopback within 20 s"
