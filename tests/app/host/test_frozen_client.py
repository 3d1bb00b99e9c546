"""A student's computer that stalls (SIGSTOP, a suspended laptop) longer than the host's
silence limit: the host forgets the connection and keeps the seat; the socket itself still
works, so the client never falls silent and used to get ``not_joined`` for ever. It must
rejoin with its token by itself, into the same seat, and play on."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.app.host.test_serve_crash import ROOT
from tests.app.host.wire import CODE, Student, host_event, hosted, until

SILENT_S = 1.0  # the host's silence limit in these tests (10 s in a classroom)


def test_a_frozen_client_resumes_into_its_seat(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with hosted(tmp_path, silent_after_s=SILENT_S) as host:
            events = host.subscribe()
            ada = await Student.join(host, "Ada")
            # a player pings 10 times within the classroom's silence limit (1 s against 10 s);
            # pinging once per SILENT_S here raced the limit
            ada.conn.ping_interval = SILENT_S / 4
            ada._reader.cancel()  # frozen: reads nothing, pings nothing
            gone = await host_event(events, "player_left")
            assert gone.data == {"player_id": ada.player_id, "nickname": "Ada", "left": False}
            await asyncio.sleep(SILENT_S)  # still frozen a while after the host forgot it
            ada._reader = asyncio.create_task(ada._read())  # thawed
            back = await host_event(events, "player_returned")
            assert back.data["player_id"] == ada.player_id
            await until(lambda: ada.conn.reconnects == 1, "the client's own rejoin")
            (player,) = host.players()
            assert player.connected and player.player_id == ada.player_id
            # and it stays in: pings are answered, no more not_joined
            await asyncio.sleep(3 * SILENT_S)
            assert host.players()[0].connected
            assert not [m for m in ada.take() if getattr(m, "code", None) == "not_joined"]
            ada.close()

    asyncio.run(scenario())


@pytest.mark.slow
def test_a_stopped_bot_process_comes_back_and_plays_its_round(tmp_path: Path) -> None:
    """The classroom case: the student's process is stopped (SIGSTOP) past the silence
    limit, then continued (SIGCONT): it rejoins its seat by itself and flies the round."""

    async def scenario() -> tuple[int, str]:
        async with hosted(tmp_path, silent_after_s=SILENT_S) as host:
            events = host.subscribe()
            env = {**os.environ, "PYTHONPATH": str(ROOT), "MOONBASE_LAN_DISCOVERY": "false"}
            args = [sys.executable, "-m", "app.cli", "bots", "--server", host.join_string()]
            args += ["--code", CODE, "--count", "1", "--rounds", "1", "--names", "Tess"]
            proc = await asyncio.create_subprocess_exec(
                *args,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=ROOT,
            )
            try:
                joined = await host_event(events, "player_joined", timeout=30)
                proc.send_signal(signal.SIGSTOP)
                try:
                    await host_event(events, "player_left", timeout=10)
                    await asyncio.sleep(2 * SILENT_S)
                finally:
                    proc.send_signal(signal.SIGCONT)
                back = await host_event(events, "player_returned", timeout=15)
                assert back.data["player_id"] == joined.data["player_id"]
                await until(lambda: host.players()[0].connected, "Tess connected")
                await host.start_round(seconds=8)
                await host.wait_round(timeout=30)
                out, _ = await asyncio.wait_for(proc.communicate(), 30)
                return int(proc.returncode or 0), out.decode(errors="replace")
            finally:
                if proc.returncode is None:
                    proc.kill()
                    await proc.wait()

    code, text = asyncio.run(scenario())
    assert code == 0, text
    assert "1 of 1 bots played it" in text, text
