"""What students do never stops a lesson, and a class outlives a lesson: leaving frees the
seat and the name, a name is reclaimed from another computer with the teacher's approval,
reserved names are refused, chat floods are cut, empty rooms are skipped, a class and its
students continue next week, and a class that ends tells its students."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from app.errors import HostError
from app.host.roster import JoinRefusedError, clean_nickname
from app.host.rounds import NobodyToPlayError
from app.store import Store
from netcode.messages import Chat, ChatMessage, Leave
from tests.app.host.wire import CODE, Student, host_event, hosted, refused, settings_for, until


@pytest.mark.parametrize(
    "name", ["host", "Teacher", "T3acher", "h0st", "ＨＯＳＴ", "host!", "Téacher", "t e a c h e r"]
)
def test_reserved_names_and_look_alikes_are_refused(name: str) -> None:
    with pytest.raises(JoinRefusedError) as info:
        clean_nickname(name)
    assert info.value.code == "reserved_nickname"


@pytest.mark.parametrize("name", ["Hosta", "Sam", "Teach", "Tea"])
def test_ordinary_names_are_fine(name: str) -> None:
    assert clean_nickname(name) == name


def test_leave_frees_the_seat_and_the_name_and_shows_offline(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with hosted(tmp_path, capacity=2) as host:
            events = host.subscribe()
            sam = await Student.join(host, "Sam")
            ada = await Student.join(host, "Ada")
            assert (await refused(host, "Bo")).code == "class_full"
            student_id = next(p.student_id for p in host.players() if p.nickname == "Sam")
            sam.conn.send(Chat(text="bye for now"))  # something of Sam's stays: a chat line
            await host_event(events, "chat", lambda e: e.data["nickname"] == "Sam")
            sam.conn.send(Leave())
            left = await host_event(events, "player_left", lambda e: e.data["nickname"] == "Sam")
            assert left.data["left"] is True
            assert [p.nickname for p in host.players()] == ["Ada"]
            assert [p.nickname for p in host.offline()] == ["Sam"]
            sam.close()
            # the seat and the name are free: Sam comes back (no token), Bo fits after
            again = await Student.join(host, "sam")
            await until(lambda: len(host.players()) == 2, "Sam seated again")
            back = next(p for p in host.players() if p.player_id == again.player_id)
            assert back.student_id == student_id  # the same student: history and boards
            assert host.offline() == []
            again.close()
            ada.close()

    asyncio.run(scenario())


def test_a_student_who_left_comes_back_with_the_token_to_the_same_seat(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with hosted(tmp_path, capacity=2) as host:
            events = host.subscribe()
            sam = await Student.join(host, "Sam", character=2)
            token = sam.welcome.token
            sam.conn.send(Leave())
            await host_event(events, "player_left", lambda e: e.data["nickname"] == "Sam")
            sam.close()
            back = await Student.join(host, "Sam", token=token, character=4)
            assert back.player_id == sam.player_id  # the same player, not a new seat
            assert back.welcome.token == token
            seated = next(p for p in host.players() if p.player_id == back.player_id)
            assert seated.character == 4 and host.offline() == []
            # a token of a student whose name another took meanwhile: joins as anyone would
            back.conn.send(Leave())
            await host_event(events, "player_left", lambda e: e.data["nickname"] == "Sam")
            back.close()
            other = await Student.join(host, "SAM")
            assert (await refused(host, "Sam", token=token)).code == "nickname_taken"
            assert other.player_id != sam.player_id
            other.close()

    asyncio.run(scenario())


def test_a_name_is_reclaimed_from_another_computer_when_the_teacher_approves(
    tmp_path: Path,
) -> None:
    async def scenario() -> None:
        settings = settings_for(tmp_path, speed=1.0)
        async with hosted(tmp_path, settings=settings) as host:
            events = host.subscribe()
            sam = await Student.join(host, "Sam")
            seat = sam.player_id
            sam.close()  # the computer froze: no leave, the seat is kept for a while
            for player in host.players():
                player.connected = False  # as the host marks a silent student
            refusal = await refused(host, "Sam")
            assert refusal.code == "reclaim_pending" and "your teacher" in str(refusal)
            asked = await host_event(events, "reclaim_requested")
            assert asked.data["nickname"] == "Sam"
            with pytest.raises(HostError, match="nobody called 'Bo'"):
                host.approve_reclaim("Bo")
            host.approve_reclaim("sam")
            moved = await Student.join(host, "Sam")
            assert moved.player_id == seat  # the same seat, round and history
            assert moved.welcome.token != sam.welcome.token  # the old computer's is dead
            assert (await refused(host, "Sam", token=sam.welcome.token)).code == ("nickname_taken")
            moved.close()

    asyncio.run(scenario())


def test_a_chat_flood_is_cut_not_relayed_nor_stored(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with hosted(tmp_path) as host:
            flood = await Student.join(host, "Flood")
            reader = await Student.join(host, "Reader")
            for i in range(60):
                flood.conn.send(Chat(text=f"spam {i}"))
            await flood.expect_error("chat_rate_limited")
            await until(lambda: host.moderation.chat_refused >= 50, "the flood refused")
            await asyncio.sleep(0.3)
            relayed = [m for m in reader.take() if isinstance(m, ChatMessage)]
            assert 1 <= len(relayed) <= 6, len(relayed)
            await host.writes.settle()
            stored = sqlite3.connect(tmp_path / "moonbase.db").execute(
                "SELECT count(*) FROM chat_log"
            )
            assert stored.fetchone()[0] <= 6
            flood.close()
            reader.close()

    asyncio.run(scenario())


def test_rooms_whose_students_left_are_skipped_and_a_lesson_never_stops(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with hosted(tmp_path, grouping="manual") as host:
            ada = await Student.join(host, "Ada")
            ghost = await Student.join(host, "Ghost")
            await until(lambda: len(host.players()) == 2, "two seated")
            host.create_room("A")
            host.create_room("B")
            host.assign(ada.player_id, "A")
            host.assign(ghost.player_id, "B")
            ghost.conn.send(Leave())
            await until(lambda: len(host.players()) == 1, "the ghost gone")
            started = await host.start_all(seed=3)
            assert list(started) == ["A"]  # room B had nobody: skipped, not an error
            host.end_round("A")
            await host.wait_round(30.0, room="A")
            ada.conn.send(Leave())
            await until(lambda: not host.players(), "everyone gone")
            with pytest.raises(NobodyToPlayError):
                await host.start_all(seed=4)
            ada.close()
            ghost.close()

    asyncio.run(scenario())


def test_a_class_continues_next_week_with_the_same_students(tmp_path: Path) -> None:
    async def lesson(nickname: str) -> tuple[int, int, bool]:
        async with hosted(tmp_path, settings=settings_for(tmp_path, class_name="7B")) as host:
            student = await Student.join(host, nickname)
            await until(lambda: host.players()[0].student_id is not None, "stored")
            sid = host.players()[0].student_id
            assert host.class_id is not None and sid is not None
            student.close()
            return host.class_id, sid, host.continued

    first = asyncio.run(lesson("Ada"))
    second = asyncio.run(lesson("ada"))
    assert first[2] is False and second[2] is True
    assert (second[0], second[1]) == (first[0], first[1])  # same class, same student

    async def count() -> tuple[int, int]:
        async with await Store.open(tmp_path / "moonbase.db") as store:
            lessons = await store.lessons()
            return len(lessons), len({le.class_id for le in lessons})

    assert asyncio.run(count()) == (2, 1)


def test_students_hear_that_the_class_ended(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with hosted(tmp_path) as host:
            sam = await Student.join(host, "Sam")
            await host.end_lesson()
            ended = await sam.expect_event("class_ended")
            assert "ended the class" in ended.data["message"]
            assert (await refused(host, "Bo")).code == "code_expired"
            sam.close()

    asyncio.run(scenario())
    assert CODE
