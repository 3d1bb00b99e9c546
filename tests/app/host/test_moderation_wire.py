"""Moderation over real sockets: a real ClassHost, real ZeroMQ clients (CurveZMQ on), a real
SQLite file. Chat and mute, kick and readmit, anti-cheat flags and the bar, hidden ranks,
idle rooms, solo rounds with AI pilots, and late joiners who watch first."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from app.bots import bot_specs, run_bot
from app.errors import HostError
from app.host.constants import AI_ID_BASE
from app.host.host import ClassHost
from app.host.room import IDLE_CLOSE_S
from netcode.messages import Chat, ChatMessage, Event, FullState
from tests.app.host.wire import (
    CODE,
    Student,
    host_event,
    hosted,
    out_of_range_input,
    refused,
    settings_for,
    until,
)


def seeded(seed: int) -> Callable[[Event], bool]:
    return lambda event: bool(event.data["round"]["seed"] == seed)


def chat_lines(student: Student) -> list[tuple[str, str]]:
    return [(m.sender, m.text) for m in student.take() if isinstance(m, ChatMessage)]


async def two_in_room(host: ClassHost) -> tuple[Student, Student]:
    """Ada and Buzz join; the "fill" grouping seats both in room A."""
    ada = await Student.join(host, "Ada")
    buzz = await Student.join(host, "Buzz")
    await until(lambda: "A" in host.rooms and len(host.rooms["A"].members) == 2, "room A of 2")
    return ada, buzz


# -- chat, mute, unmute ----------------------------------------------------------------------
async def _mute(data_dir: Path) -> None:
    async with hosted(data_dir) as host:
        ada, buzz = await two_in_room(host)
        ada.conn.send(Chat(text="hello   you shit pilots"))
        heard = await buzz.expect(lambda m: isinstance(m, ChatMessage), "Ada's first line")
        assert isinstance(heard, ChatMessage) and heard.sender == "Ada"
        assert heard.text.startswith("hello you ") and "shit" not in heard.text  # word filter

        host.mute(ada.player_id)
        ada.conn.send(Chat(text="can anyone hear me"))
        error = await ada.expect_error("muted")
        assert "muted" in error.message
        host.unmute(ada.player_id)
        ada.conn.send(Chat(text="back again"))
        back = await buzz.expect(
            lambda m: isinstance(m, ChatMessage) and m.text == "back again", "the unmuted line"
        )
        assert isinstance(back, ChatMessage) and back.sender == "Ada"
        # The host handles Ada's lines in order and ZeroMQ keeps the order toward Buzz: the
        # muted line would have come before "back again". Ada does not hear it either.
        assert ("Ada", "can anyone hear me") not in chat_lines(buzz)
        await ada.expect(lambda m: isinstance(m, ChatMessage) and m.text == "back again", "echo")
        assert ("Ada", "can anyone hear me") not in chat_lines(ada)
        ada.close()
        buzz.close()

    db = sqlite3.connect(data_dir / "moonbase.db")
    rows = db.execute(
        "SELECT sender, text, filtered, delivered FROM chat_log ORDER BY id"
    ).fetchall()
    assert [(s, t, d) for s, t, _, d in rows] == [
        ("Ada", rows[0][1], 1),
        ("Ada", "can anyone hear me", 0),
        ("Ada", "back again", 1),
    ]
    assert rows[0][2] == 1 and "shit" not in rows[0][1]


def test_muted_chat_is_not_delivered_until_unmuted(tmp_path: Path) -> None:
    asyncio.run(_mute(tmp_path))


# -- kick and readmit ------------------------------------------------------------------------
async def _kick(data_dir: Path) -> None:
    async with hosted(data_dir) as host:
        events = host.subscribe()
        ada, buzz = await two_in_room(host)
        token = ada.welcome.token
        host.kick(ada.player_id, "shouting in the chat")
        error = await ada.expect_error("kicked")
        assert error.message == "shouting in the chat"
        left = await buzz.expect_event("player_left")
        assert left.data["player_id"] == ada.player_id
        assert [p.nickname for p in host.players()] == ["Buzz"]
        assert host.rooms["A"].members == [buzz.player_id]
        ada.close()

        # Neither the reconnect token nor a fresh join (any case) takes the seat back.
        by_token = await refused(host, "Ada", token=token)
        assert by_token.code == "kicked" and "teacher" in str(by_token)
        assert (await refused(host, "ADA")).code == "kicked"
        assert host.kicked() == ["Ada"] and [p.nickname for p in host.players()] == ["Buzz"]

        with pytest.raises(HostError, match="'Cosmo' was not removed"):
            host.readmit("Cosmo")
        host.readmit(" ada ")
        assert (await host_event(events, "player_readmitted")).data["nickname"] == "Ada"
        assert host.kicked() == []
        back = await Student.join(host, "Ada", token=token)
        # The old seat is gone with its token: readmitted, Ada gets a new seat and token.
        assert back.player_id != ada.player_id and back.welcome.token != token
        await until(lambda: host.room_of(back.player_id) == "A", "Ada seated again")

        # A kick that allows rejoining: the student may come straight back.
        host.kick(back.player_id, allow_rejoin=True)
        await back.expect_error("kicked")
        back.close()
        kicked = await host_event(events, "player_kicked", lambda e: e.data["allow_rejoin"])
        assert kicked.data["nickname"] == "Ada"
        again = await Student.join(host, "Ada")
        assert host.kicked() == []
        again.close()
        buzz.close()


def test_kicked_student_cannot_rejoin_until_readmitted(tmp_path: Path) -> None:
    asyncio.run(_kick(tmp_path))


# -- anti-cheat flags and the bar ----------------------------------------------------------------
async def _barred(data_dir: Path) -> None:
    async with hosted(data_dir) as host:
        events = host.subscribe()
        cheat = await Student.join(host, "Mallory")
        flood = await Student.join(host, "Flint")
        honest = await Student.join(host, "Buzz")
        cheat_token = cheat.welcome.token
        flags: list[tuple[str, str]] = []

        async def until_barred(name: str, misbehave: object) -> int:
            assert callable(misbehave)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 30.0
            while loop.time() < deadline:
                misbehave()
                await asyncio.sleep(0.05)
                while not events.empty():
                    event = events.get_nowait()
                    if event.kind == "flag":
                        flags.append((event.data["nickname"], event.data["flag"]))
                    elif event.kind == "student_barred" and event.data["nickname"] == name:
                        return int(event.data["flags"])
            raise AssertionError(f"{name} was never barred")

        # Out-of-range controls (thrust 5 where 0..1 is allowed), packed by hand.
        sequence = iter(range(1_000_000))
        count = await until_barred(
            "Mallory", lambda: cheat.conn._socket().send(out_of_range_input(next(sequence)))
        )
        assert count >= 3
        assert flags.count(("Mallory", "malformed")) >= 3
        error = await cheat.expect_error("barred")
        assert "barred from this lesson" in error.message
        cheat.close()

        # Too many inputs: a hundred at once, again and again (the limit is 30 a second).
        def burst() -> None:
            for _ in range(100):
                flood.conn.send_input((0.5, 0.0, False))

        assert await until_barred("Flint", burst) >= 3
        assert flags.count(("Flint", "rate_limited")) >= 3
        await flood.expect_error("barred")
        flood.close()

        barred = host.barred()
        assert len(barred) == 2
        assert [p.nickname for p in host.players()] == ["Buzz"]
        assert not any(name == "Buzz" for name, _ in flags)
        # Barred: neither the reconnect token nor a new join gets in.
        assert (await refused(host, "Mallory", token=cheat_token)).code == "barred"
        assert (await refused(host, "flint")).code == "barred"

        await host.lift_bar("MALLORY")  # the teacher may type it in any case
        assert len(host.barred()) == 1
        back = await Student.join(host, "Mallory")
        assert (await refused(host, "Flint")).code == "barred"
        assert sorted(p.nickname for p in host.players()) == ["Buzz", "Mallory"]
        back.close()
        honest.close()

    db = sqlite3.connect(data_dir / "moonbase.db")
    stored = dict(
        db.execute(
            "SELECT s.nickname, count(*) FROM flags f JOIN students s ON s.id = f.student_id "
            "GROUP BY s.nickname"
        ).fetchall()
    )
    assert stored["Mallory"] >= 3 and stored["Flint"] >= 3 and "Buzz" not in stored


def test_three_flags_bar_until_lifted(tmp_path: Path) -> None:
    asyncio.run(_barred(tmp_path))


# -- hidden ranks ------------------------------------------------------------------------------
async def _ranks(data_dir: Path) -> None:
    async with hosted(data_dir, hide_ranks=True) as host:
        ada, buzz = await two_in_room(host)
        pupils = (ada, buzz)

        async def fly(seed: int) -> list[list[Event]]:
            """Nobody steers: both landers fall. Every event each student got until the end."""
            await host.start_round(seed=seed)
            seen: list[list[Event]] = []
            for pupil in pupils:
                done = await pupil.expect_event("round_completed")
                seen.append([m for m in pupil.take() if isinstance(m, Event)] + [done])
            await host.wait_round(30.0)
            return seen

        hidden = await fly(seed=3)
        for pupil, events in zip(pupils, hidden, strict=True):
            ended = [e for e in events if e.kind == "flight_ended"]
            # Only their own flight, without a rank, until the round is over.
            assert [e.data["player_id"] for e in ended] == [pupil.player_id]
            assert "rank" not in ended[0].data and "score" in ended[0].data["result"]
            results = events[-1].data["results"]
            assert [r["rank"] for r in results] == [1, 2]
            assert {r["nickname"] for r in results} == {"Ada", "Buzz"}

        host.set_hide_ranks(False)
        shown = await fly(seed=4)
        for events in shown:
            ended = [e for e in events if e.kind == "flight_ended"]
            assert sorted(e.data["nickname"] for e in ended) == ["Ada", "Buzz"]
            assert sorted(e.data["rank"] for e in ended) in ([1, 1], [1, 2])
        ada.close()
        buzz.close()


def test_hidden_ranks_show_when_the_round_ends(tmp_path: Path) -> None:
    asyncio.run(_ranks(tmp_path))


# -- idle rooms ---------------------------------------------------------------------------------
async def _idle(data_dir: Path) -> None:
    async with hosted(data_dir) as host:
        ada = await Student.join(host, "Ada")
        await until(lambda: host.room_of(ada.player_id) == "A", "Ada in room A")
        await ada.expect_event("room_assigned")
        now = host.now()
        assert host.close_idle_rooms(now + IDLE_CLOSE_S - 60) == []

        await host.start_round(seed=5)  # a room flying a round is never idle
        assert host.close_idle_rooms(host.now() + 3 * IDLE_CLOSE_S) == []
        await host.wait_round(30.0)
        finished = host.now()
        assert host.close_idle_rooms(finished + IDLE_CLOSE_S - 60) == []
        ada.take()  # the lobby state Ada saw before she was seated is not the one wanted
        assert host.close_idle_rooms(finished + IDLE_CLOSE_S + 1) == ["A"]
        assert host.rooms == {} and host.room_of(ada.player_id) is None
        lobby = await ada.expect(
            lambda m: isinstance(m, FullState) and m.phase == "lobby" and m.round is None,
            "the lobby after the room closed",
        )
        assert isinstance(lobby, FullState)
        ada.close()


def test_idle_room_closes_after_an_hour(tmp_path: Path) -> None:
    asyncio.run(_idle(tmp_path))


async def _idle_by_clock(data_dir: Path) -> None:
    offset = 0.0

    def clock() -> float:
        return time.monotonic() + offset

    async with hosted(data_dir, clock=clock) as host:
        events = host.subscribe()
        host.create_room("Quiet")
        offset += 59 * 60 / host.settings.speed  # host seconds run `speed` times faster
        await host_event(events, "room_opened")
        assert "Quiet" in host.rooms
        offset += 2 * 60 / host.settings.speed
        closed = await host_event(events, "room_closed")  # by the host's own housekeeping
        assert closed.data["room"] == "Quiet" and host.rooms == {}


def test_host_closes_idle_rooms_on_its_own_clock(tmp_path: Path) -> None:
    asyncio.run(_idle_by_clock(tmp_path))


# -- solo with AI pilots ---------------------------------------------------------------------
async def _solo(data_dir: Path) -> None:
    async with hosted(data_dir) as host:
        specs = bot_specs(2, seed=9)
        bots = [
            asyncio.create_task(
                run_bot("127.0.0.1", host.port, CODE, s, server_key=host.public_key, timeout=60)
            )
            for s in specs
        ]
        watcher = await Student.join(host, "Cosmo")  # a student who does not steer
        await until(
            lambda: "A" in host.rooms and len(host.rooms["A"].members) == 3,
            "three students in room A",
        )
        rounds_before = sqlite3.connect(data_dir / "moonbase.db").execute(
            "SELECT count(*) FROM rounds"
        )
        assert rounds_before.fetchone()[0] == 0
        with pytest.raises(HostError, match="at most 5 AI player"):
            await host.start_round(mode="solo", ai_players=6)
        with pytest.raises(HostError, match="solo rounds only"):
            await host.start_round(mode="competitive", ai_players="fill")
        with pytest.raises(HostError, match=r'"fill" or within 0\.\.7'):
            await host.start_round(mode="solo", ai_players=-1)
        assert host.status("A") is None  # refused: nothing started

        await host.start_round(mode="solo", ai_players="fill", seed=21)
        started = await watcher.expect_event("round_started")
        landers = started.data["players"]
        students = sorted(p.player_id for p in host.players())
        assert len(landers) == 8 and sorted(landers[:3]) == students
        assert all(pid >= AI_ID_BASE for pid in landers[3:])
        assert started.data["mode"] == "solo"
        view = await watcher.expect(
            lambda m: isinstance(m, FullState) and m.round is not None, "the round's state"
        )
        assert isinstance(view, FullState)
        assert [name for _, name, _ in view.players if name.startswith("AI ")] == [
            f"AI {i}" for i in range(1, 6)
        ]
        flights = await host.wait_round(60.0)
        reports = await asyncio.gather(*bots)
        rnd = host.round
        assert rnd is not None and len(rnd.results) == 8  # every lander, AI too, finished
        # The AI pilots are not students: only the three students' flights are stored.
        assert sorted(f.nickname for f in flights) == ["Ada", "Buzz", "Cosmo"]
        assert all(r.result is not None for r in reports)
        done = await watcher.expect_event("round_completed")
        assert {r["nickname"] for r in done.data["results"]} == {"Ada", "Buzz", "Cosmo"}
        assert "ratings" not in done.data  # solo rounds are not rated
        watcher.close()


def test_solo_round_with_ai_pilots_filling_the_room(tmp_path: Path) -> None:
    asyncio.run(_solo(tmp_path))


# -- late joiners and spectators ----------------------------------------------------------------
async def _late(data_dir: Path) -> None:
    settings = settings_for(data_dir, round_seconds=60.0)
    async with hosted(data_dir, settings=settings) as host:
        first = await Student.join(host, "Ada")
        await until(lambda: host.room_of(first.player_id) == "A", "Ada in room A")
        await host.start_round(seed=7)
        await first.expect_event("round_started")

        host.pause()  # held while Buzz joins, however slow the machine
        late = await Student.join(host, "Buzz")  # joins while room A flies
        await late.expect_event("room_assigned")
        view = await late.expect(
            lambda m: isinstance(m, FullState) and m.round is not None, "the running round"
        )
        assert isinstance(view, FullState) and view.snapshot is not None
        assert view.phase == "paused"
        assert late.player_id not in view.snapshot.ids.tolist()
        assert [p.spectator for p in host.players()] == [False, True]
        host.resume()
        # The spectator is sent the room's state updates like the pilots.
        await late.expect(lambda m: type(m).__name__ == "StateUpdate", "a state update")
        late.conn.send_input((1.0, 0.0, False))  # no lander: ignored, not flagged
        flights = await host.wait_round(60.0)
        assert [f.nickname for f in flights] == ["Ada"]

        await host.start_round(seed=8)  # the late joiner flies the next round
        started = await late.expect_event("round_started")
        assert sorted(started.data["players"]) == [first.player_id, late.player_id]
        assert [p.spectator for p in host.players()] == [False, False]
        flights = await host.wait_round(60.0)
        assert sorted(f.nickname for f in flights) == ["Ada", "Buzz"]

        host.set_spectator(late.player_id)  # the teacher lets Buzz watch from now on
        for seed in (9, 10):
            await host.start_round(seed=seed)
            started = await late.expect_event("round_started", seeded(seed))
            assert started.data["players"] == [first.player_id]
            assert [f.nickname for f in await host.wait_round(60.0)] == ["Ada"]
        host.set_spectator(late.player_id, False)
        await host.start_round(seed=11)
        started = await late.expect_event("round_started", seeded(11))
        assert sorted(started.data["players"]) == [first.player_id, late.player_id]
        await host.wait_round(60.0)
        assert host.barred() == set()
        first.close()
        late.close()


def test_late_joiner_watches_then_flies_the_next_round(tmp_path: Path) -> None:
    asyncio.run(_late(tmp_path))


async def _late_bot(data_dir: Path) -> None:
    async with hosted(data_dir) as host:
        first = await Student.join(host, "Ada")
        await until(lambda: host.room_of(first.player_id) == "A", "Ada in room A")
        await host.start_round(seed=12)
        await first.expect_event("round_started")
        host.pause()  # held while the bot joins, however slow the machine
        spec = bot_specs(2, seed=4)[1]  # Buzz
        bot = asyncio.create_task(
            run_bot("127.0.0.1", host.port, CODE, spec, server_key=host.public_key, timeout=60)
        )
        await until(lambda: host.room_of(2) == "A", "the bot seated in room A")
        assert [p.spectator for p in host.players()] == [False, True]
        host.resume()
        watched = await host.wait_round(60.0)
        assert [f.nickname for f in watched] == ["Ada"]
        await host.start_round(seed=13)
        flown = await host.wait_round(60.0)
        report = await bot
        # The bot asked for one round: it watched the first and flew the second.
        assert (report.rounds, report.watched) == (1, 1)
        assert report.result is not None and len(report.results) == 1
        assert sorted(f.nickname for f in flown) == ["Ada", "Buzz"]
        first.close()


def test_late_bot_watches_first_and_flies_the_round_it_asked_for(tmp_path: Path) -> None:
    asyncio.run(_late_bot(tmp_path))
