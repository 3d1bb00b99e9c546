from __future__ import annotations

import pytest

from app.host.roster import JoinRefusedError, Roster


def test_seats_until_full_then_refuses() -> None:
    roster = Roster(capacity=2)
    a = roster.seat(b"a", "Ada", 0, 0.0)
    b = roster.seat(b"b", "Buzz", 1, 0.0)
    assert (a.player_id, b.player_id) == (1, 2)
    with pytest.raises(JoinRefusedError) as info:
        roster.seat(b"c", "Cosmo", 2, 0.0)
    assert info.value.code == "class_full"


def test_duplicate_nickname_is_refused_case_insensitively() -> None:
    roster = Roster()
    roster.seat(b"a", "Ada", 0, 0.0)
    with pytest.raises(JoinRefusedError) as info:
        roster.seat(b"b", " ada ", 0, 0.0)
    assert info.value.code == "nickname_taken"
    assert len(roster) == 1


@pytest.mark.parametrize("name", ["", "   ", "x" * 17, "bad\x00name"])
def test_bad_nicknames(name: str) -> None:
    with pytest.raises(JoinRefusedError) as info:
        Roster().seat(b"a", name, 0, 0.0)
    assert info.value.code == "bad_nickname"


def test_reconnect_by_token_keeps_the_seat() -> None:
    roster = Roster()
    ada = roster.seat(b"old", "Ada", 3, 0.0)
    roster.disconnect(b"old")
    assert not ada.connected
    back = roster.by_token(ada.token)
    assert back is ada
    roster.reseat(ada, b"new", 5.0)
    assert roster.by_peer(b"new") is ada
    assert roster.by_peer(b"old") is None
    assert ada.connected and ada.player_id == 1
