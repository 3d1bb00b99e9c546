"""A round's input record (what a flight stores for its replay): every applied input as
[tick, sequence, *values], in order, one msgpack array per player; kept packed as the round
goes (a growing buffer, not a Python list per input)."""

from __future__ import annotations

import msgpack

from app.host.round import Round
from game.lander import GAME


def test_the_input_record_is_every_applied_input_in_order() -> None:
    setup = GAME.setup(level=None, seed=7, seconds=30)
    rnd = Round(1, GAME, setup, [1, 2], countdown_ticks=0)
    want: dict[int, list[list[object]]] = {1: [], 2: []}
    seq = {1: 0, 2: 0}
    for step in range(40):
        tick = rnd.tick
        for pid in (1, 2):
            if pid == 2 and step % 3:  # player 2 sends every third step only
                continue
            # two inputs in one tick: the newer one is applied, the older one superseded
            for extra in range(1 + (step % 5 == 0)):
                seq[pid] += 1
                controls = (round(0.1 * (step % 10), 1), -0.5 * extra, step == 33)
                assert rnd.submit(pid, seq[pid], controls, tick)
            want[pid].append([tick, seq[pid], *controls])
        rnd.advance()
    for pid in (1, 2):
        blob = rnd.inputs_blob(pid)
        assert msgpack.unpackb(blob) == want[pid]
        assert blob == msgpack.packb(want[pid])  # the bytes a list packed at once gives
    assert isinstance(rnd._players[1].log, bytearray)


def test_a_player_who_sent_nothing_has_an_empty_record() -> None:
    rnd = Round(1, GAME, GAME.setup(level=None, seed=1, seconds=30), [5], countdown_ticks=0)
    for _ in range(10):
        rnd.advance()
    assert msgpack.unpackb(rnd.inputs_blob(5)) == []
