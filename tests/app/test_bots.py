"""``moonbase bots``: nicknames of one's own, a line a round, and an end even when the teacher
takes a bot out or ends the class (it used to wait forever)."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from app.bots import bot_specs, run_bots_command
from app.errors import BotError
from tests.app.host.wire import CODE, hosted, settings_for, until


def test_names_are_checked() -> None:
    assert [s.nickname for s in bot_specs(2, 0, ["Zed", " Yan "])] == ["Zed", "Yan"]
    with pytest.raises(BotError, match=r"2 bot\(s\) need 2 nickname\(s\), got 3"):
        bot_specs(2, 0, ["A", "B", "C"])
    with pytest.raises(BotError, match="must differ"):
        bot_specs(2, 0, ["Zed", "zed"])


def test_two_runs_join_one_class_and_a_removed_bot_ends_its_run(tmp_path: Path) -> None:
    async def scenario() -> tuple[int, str, int, str]:
        settings = settings_for(tmp_path, round_seconds=6.0, speed=6.0, lockstep=True)
        async with hosted(tmp_path, settings=settings) as host:
            server = host.join_string("127.0.0.1")
            first_out, second_out = io.StringIO(), io.StringIO()
            first = asyncio.create_task(
                run_bots_command(server, CODE, count=2, seed=1, rounds=2, out=first_out)
            )
            second = asyncio.create_task(
                run_bots_command(
                    server, CODE, count=2, seed=2, rounds=2, names=["Zed", "Yan"], out=second_out
                )
            )
            await until(
                lambda: [p.room for p in host.players()] == ["A"] * 4, "four bots in room A"
            )
            await host.start_round(seed=5)
            await host.wait_round(60.0)
            yan = next(p for p in host.players() if p.nickname == "Yan")
            host.kick(yan.player_id)
            await host.start_round(seed=6)
            await host.wait_round(60.0)
            codes = await asyncio.wait_for(asyncio.gather(first, second), 60.0)
            return codes[0], first_out.getvalue(), codes[1], second_out.getvalue()

    first_code, first_text, second_code, second_text = asyncio.run(scenario())
    assert first_code == 0 and second_code == 0
    assert "Round 1: 2 of 2 bots played it" in first_text
    assert "Round 2: 2 of 2 bots played it" in first_text
    assert "Round 1: 2 of 2 bots played it" in second_text
    assert "Round 2: 1 of 2 bots played it" in second_text  # Yan was taken out
    assert "Yan      stopped after 1 round(s): kicked" in second_text
    assert "Zed      room A" in second_text
