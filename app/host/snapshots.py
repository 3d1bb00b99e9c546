"""When each room's snapshots go out, and sending them: a delta against the newest snapshot
each member acknowledged while it is still in the room's 60-tick history, else the whole
snapshot. The snapshot part of an update is packed once per tick and baseline and shared
by every member (:meth:`netcode.history.SnapshotHistory.encoded_update_for`)."""

from __future__ import annotations

from collections.abc import Iterable

from app.host.room import Room
from app.host.roster import Player
from app.host.round import Round, RoundPhase
from netcode.server import HostSocket
from netcode.snapshot import Snapshot, quantise


def encode_snapshot(rnd: Round) -> Snapshot:
    """The round's rows now, quantised by its game's schema."""
    ids, values = rnd.sim.snapshot()
    schema = rnd.game.schema
    return quantise(ids, values, schema.scales, schema.names)


class SnapshotScheduler:
    """Every ``tick_rate / snapshot_rate``-th tick of a round, spread over the host's ticks."""

    def __init__(self, tick_rate: int, snapshot_rate: int, *, lockstep: bool) -> None:
        self.every = max(1, tick_rate // snapshot_rate)
        self.lockstep = lockstep

    def due(self, rnd: Round, others: Iterable[Round], host_tick: int) -> bool:
        """Rooms whose rounds started together would all encode and send their snapshots on
        the same host tick and none on the others, so a round, at its first active tick,
        takes the phase of the host's ticks that the fewest other running rounds send on
        (in the order the rooms started; a tie goes to every ``every``-th round tick, as a
        room alone has it); its snapshots then go out on the round ticks that fall there.
        Lockstep rounds (seeded, reproducible) keep every ``every``-th round tick whatever
        the others do. A round's phase never changes (pauses and lockstep holds may shift
        it against the host's ticks: the spread is best effort, a round's own is not)."""
        every = self.every
        if every == 1:
            return True
        if rnd.snapshot_residue is None and self.lockstep:
            # reproducible rounds: the snapshot ticks must not depend on when it started
            rnd.snapshot_residue = (host_tick - rnd.tick) % every
            rnd.snapshot_offset = 0
        if rnd.snapshot_residue is None:
            used = [0] * every
            for o in others:
                if (
                    o is not rnd
                    and o.snapshot_residue is not None
                    and o.phase in (RoundPhase.ACTIVE, RoundPhase.PAUSED)
                ):
                    used[o.snapshot_residue % every] += 1
            plain = (host_tick - rnd.tick) % every  # the residue of offset 0
            rnd.snapshot_residue = min(range(every), key=lambda r: (used[r], (r - plain) % every))
            # due on host ticks g = residue (mod every), when the round's tick is
            # rnd.tick + g - host_tick
            rnd.snapshot_offset = (host_tick - rnd.tick - rnd.snapshot_residue) % every
        return (rnd.tick + rnd.snapshot_offset) % every == 0


def updates_for(room: Room, rnd: Round, members: Iterable[Player]) -> list[tuple[bytes, bytes]]:
    """A state update for every connected member of ``room``, as (peer, bytes) to send. A
    round ended by the teacher right after a snapshot sends that tick's snapshot again
    (nothing moved)."""
    if room.last_snapshot_tick != rnd.tick:
        room.history.add(rnd.tick, encode_snapshot(rnd))
        room.last_snapshot_tick = rnd.tick
    history, acked, tick, last_sequence = room.history, room.acked, rnd.tick, rnd.last_sequence
    return [
        (
            player.peer,
            history.encoded_update_for(
                tick, last_sequence(player.player_id), acked.get(player.player_id, -1)
            ),
        )
        for player in members
        if player.connected
    ]


def send_snapshots(socket: HostSocket, room: Room, rnd: Round, members: Iterable[Player]) -> None:
    """:func:`updates_for`, sent now."""
    socket.send_many(updates_for(room, rnd, members))
