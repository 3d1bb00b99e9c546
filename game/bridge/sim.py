"""The round: every player builds a bridge on the same grid, then sends the trucks over it.

A player's round has two stages:

* **building**: each action input sets one candidate member to light, heavy or nothing
  (idempotent: setting what is already there changes nothing), until the player sends
  *test* or the build time is up (the trucks must still have time to cross before the
  round's end);
* **testing**: the trucks drive across at the level's speed. Every step the members'
  forces are read off the structure's analysis (:mod:`game.bridge.structure`); a member
  whose force passes its strength breaks and is taken out, the structure is solved again
  (again in the same step, a bounded cascade) and, if what is left is a mechanism, the
  bridge collapses.

The outcome: ``held`` when the last truck reaches the far bank; otherwise ``collapsed``,
``not_rigid`` (a mechanism before any truck drove on), ``over_budget``, ``no_bridge``
(nothing built, or a gap in the deck) or ``timed_out``.
"""

from __future__ import annotations

import hashlib
import math
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from game.api import FloatArray, IntArray, PlayerFinished, PlayerResult, RoundSetup, Value
from game.bridge.designs import reference
from game.bridge.geometry import (
    BUILD_MARGIN_S,
    CANDIDATES,
    DECK,
    DECK_JOINTS,
    HEAVY,
    LIGHT,
    NONE,
    PANELS,
    geometry,
    joint_name,
    member_words,
)
from game.bridge.results import Break, BridgeStatus, Verdict, money, score, under
from game.bridge.structure import Analysis, analyse, deck_loads
from game.bridge.truss import Mechanism
from game.errors import InvalidInputError
from game.series import Series
from game.timestep import DT
from game.words import words

NO_ACTION, ADD_LIGHT, ADD_HEAVY, REMOVE, TEST = 0, 1, 2, 3, 4
ACTIONS = 4
BUILDING, TESTING = 0, 1
SAMPLE_EVERY = 2  # telemetry every 2 steps (30 Hz)
FIELDS = (
    "built",
    "heavy",
    "broken",
    "cost",
    "stage",
    "load_x",
    "load_v",
    "stress",
    "deflection",
    "status",
)


def mask(bits: list[bool] | tuple[bool, ...]) -> int:
    return sum(1 << i for i, b in enumerate(bits) if b)


def unmask(value: int) -> list[bool]:
    return [bool(value >> i & 1) for i in range(CANDIDATES)]


def types_of(built: int, heavy: int) -> list[int]:
    """Each candidate's section from the snapshot's masks."""
    return [
        (HEAVY if heavy >> m & 1 else LIGHT) if built >> m & 1 else NONE for m in range(CANDIDATES)
    ]


@dataclass
class Player:
    player_id: int
    slot: int
    index: int  # this player's row in the sim's batch arrays
    types: list[int] = field(default_factory=lambda: [NONE] * CANDIDATES)
    broken: list[bool] = field(default_factory=lambda: [False] * CANDIDATES)
    built_mask: int = 0
    heavy_mask: int = 0
    broken_mask: int = 0
    cost: int = 0
    stage: int = BUILDING
    status: BridgeStatus = BridgeStatus.PLAYING
    test_tick: int = -1
    load_x: float = 0.0
    stress: float = 0.0
    deflection: float = 0.0  # mm, the deck's largest sag now
    peak: float = 0.0
    peak_x: float = 0.0
    peak_analysis: Analysis | None = None
    max_deflection: float = 0.0
    analysis: Analysis | None = None
    breaks: list[Break] = field(default_factory=list)
    samples: list[list[float]] = field(default_factory=list)
    result: PlayerResult | None = None


ROWS = 2 * CANDIDATES + DECK_JOINTS  # tension ratios, compression ratios, sags


class BridgeSim:
    """:class:`game.api.Sim` of a Bridge builder round.

    While trucks cross, every testing player's step is one batched product over the room:
    row ``i`` of ``_w`` holds player ``i``'s truck weights on the deck joints, ``_mt[i]``
    and ``_dead[i]`` its structure's :attr:`Analysis.ratios` and ``dead_ratios``; a player
    goes the slow way (:meth:`_load`: forces, breaks, solving again) only when a stress
    ratio passes 1.
    """

    def __init__(self, setup: RoundSetup) -> None:
        self.setup = setup
        geo = self.geo = geometry(setup.level, setup.knobs)
        self.tick = 0
        self.limit_ticks = max(1, round(setup.time_limit_s / DT))
        test_ticks = math.ceil((geo.test_seconds + BUILD_MARGIN_S) / DT)
        self.build_deadline = max(0, self.limit_ticks - test_ticks)
        ref = reference(geo)
        self.reference_cost = None if ref is None else ref.cost
        self.players: dict[int, Player] = {}
        self._mt = np.zeros((0, DECK_JOINTS, ROWS))
        self._dead = np.zeros((0, ROWS))
        self._w = np.zeros((0, DECK_JOINTS))
        # plain floats for the per-step arithmetic
        self._x0, self._x1, self._v = geo.x_start, geo.x_end, geo.speed
        self._span, self._panel, self._load_kn = geo.span, geo.panel, geo.load
        self._offsets = geo.offsets

    # -- the Sim protocol ---------------------------------------------------------------
    @property
    def finished(self) -> bool:
        if self.tick >= self.limit_ticks:
            return True
        return bool(self.players) and all(p.result is not None for p in self.players.values())

    def add_player(self, player_id: int, slot: int) -> None:
        if player_id in self.players:
            raise ValueError(f"player {player_id} is already in the round")
        p = Player(player_id, slot, self._w.shape[0], load_x=self.geo.x_start)
        self._mt = np.concatenate((self._mt, np.zeros((1, DECK_JOINTS, ROWS))))
        self._dead = np.concatenate((self._dead, np.zeros((1, ROWS))))
        self._w = np.concatenate((self._w, np.zeros((1, DECK_JOINTS))))
        self.players[player_id] = p
        self._sample(p)

    def remove_player(self, player_id: int) -> None:
        self.players.pop(player_id, None)  # its batch row stays, unused

    def player(self, player_id: int) -> Player:
        p = self.players.get(player_id)
        if p is None:
            raise KeyError(f"no player {player_id} in this round")
        return p

    def step(self, inputs: Mapping[int, tuple[Value, ...]]) -> list[PlayerFinished]:
        """One step: every input is checked before anything changes."""
        actions: dict[int, tuple[int, int]] = {}
        for pid, values in inputs.items():
            if pid not in self.players:
                raise InvalidInputError("player", pid, "a player of this round")
            actions[pid] = check_action(values)
        self.tick += 1
        driving: list[Player] = []
        for pid, p in self.players.items():
            if p.result is not None:
                continue
            if p.stage == BUILDING:
                action, member = actions.get(pid, (NO_ACTION, 0))
                if action in (ADD_LIGHT, ADD_HEAVY, REMOVE):
                    self._set(p, member, {ADD_LIGHT: LIGHT, ADD_HEAVY: HEAVY}.get(action, NONE))
                elif action == TEST or self.tick >= self.build_deadline:
                    self._start_test(p)
            elif p.stage == TESTING:
                driving.append(p)
        if driving:
            self._drive(driving)
        out: list[PlayerFinished] = []
        sample = self.tick % SAMPLE_EVERY == 0
        for pid, p in self.players.items():
            if p.result is None:
                if self.tick >= self.limit_ticks:
                    self._end(p, self._timed_out(p))
                elif sample:
                    self._sample(p)
            if p.result is not None and p.result.tick == self.tick:
                out.append(PlayerFinished(self.tick, pid, p.result))
        return out

    def result(self, player_id: int) -> PlayerResult | None:
        p = self.players.get(player_id)
        return None if p is None else p.result

    def snapshot(self) -> tuple[IntArray, FloatArray]:
        ids = np.fromiter(self.players, dtype=np.int64, count=len(self.players))
        values = np.array([self._row(p) for p in self.players.values()], dtype=np.float64)
        return ids, values.reshape(len(self.players), len(FIELDS))

    def row(self, player_id: int) -> list[float]:
        """The player's snapshot row, in schema order and units."""
        return self._row(self.player(player_id))

    def _row(self, p: Player) -> list[float]:
        testing = p.stage == TESTING and p.result is None
        return [
            float(p.built_mask),
            float(p.heavy_mask),
            float(p.broken_mask),
            float(p.cost),
            float(p.stage),
            p.load_x,
            self._v if testing else 0.0,
            p.stress,
            p.deflection,
            float(int(p.status)),
        ]

    def telemetry(self, player_id: int) -> Series:
        p = self.player(player_id)
        return Series(("t", *FIELDS), np.asarray(p.samples, dtype=np.float64))

    def state_hash(self) -> str:
        h = hashlib.sha256(struct.pack("<q", self.tick))
        for pid, p in self.players.items():
            h.update(struct.pack("<qqqqq", pid, p.cost, p.stage, int(p.status), p.test_tick))
            h.update(bytes(p.types))
            h.update(bytes(p.broken))
            h.update(struct.pack("<dddd", p.load_x, p.stress, p.deflection, p.peak))
        return h.hexdigest()

    # -- building -----------------------------------------------------------------------
    def _set(self, p: Player, member: int, section: int) -> None:
        before = p.types[member]
        if before == section:
            return
        geo = self.geo
        p.cost += int(geo.costs[section, member]) - int(geo.costs[before, member])
        p.types[member] = section
        bit = 1 << member
        p.built_mask = p.built_mask | bit if section != NONE else p.built_mask & ~bit
        p.heavy_mask = p.heavy_mask | bit if section == HEAVY else p.heavy_mask & ~bit

    def _start_test(self, p: Player) -> None:
        geo = self.geo
        if not p.built_mask:
            verdict = Verdict(
                BridgeStatus.NO_BRIDGE, "nothing_built", words("no bridge built"), None, None, 0.0
            )
            self._end(p, verdict)
            return
        if p.cost > geo.budget:
            reason = words(
                "over budget: the bridge costs {0}, the budget is {1}",
                money(p.cost),
                money(geo.budget),
            )
            verdict = Verdict(
                BridgeStatus.OVER_BUDGET,
                "over_budget",
                reason,
                float(p.cost),
                float(geo.budget),
                0.0,
            )
            self._end(p, verdict)
            return
        gaps = [m for m in DECK if p.types[m] == NONE]
        if gaps:
            m = gaps[0]
            x0, x1 = m * geo.panel, (m + 1) * geo.panel
            if len(gaps) > 1:
                gap = words(
                    "the deck has a gap at deck {0} ({1}–{2} m) (and {3} more)",
                    f"{m + 1}",
                    f"{x0:g}",
                    f"{x1:g}",
                    f"{len(gaps) - 1}",
                )
            else:
                gap = words(
                    "the deck has a gap at deck {0} ({1}–{2} m)", f"{m + 1}", f"{x0:g}", f"{x1:g}"
                )
            self._end(p, Verdict(BridgeStatus.NO_BRIDGE, "deck_gap", gap, None, None, 0.0))
            return
        result = analyse(geo, p.types, p.broken)
        if isinstance(result, Mechanism):
            self._end(p, self._not_rigid(result))
            return
        self._use(p, result)
        p.stage = TESTING
        p.test_tick = self.tick
        p.load_x = geo.x_start
        self._load(p)  # the bridge's own weight alone may break a member

    def _use(self, p: Player, a: Analysis) -> None:
        p.analysis = a
        self._mt[p.index] = a.ratios
        self._dead[p.index] = a.dead_ratios

    # -- testing ------------------------------------------------------------------------
    def _drive(self, driving: list[Player]) -> None:
        """Move every testing player's trucks on one step and read the structures."""
        w = self._w
        w.fill(0.0)
        x0, x1, v, span, panel = self._x0, self._x1, self._v, self._span, self._panel
        load, last = self._load_kn, PANELS - 1
        for p in driving:
            p.load_x = x = min(x1, x0 + v * DT * (self.tick - p.test_tick))
            row = w[p.index]
            for off in self._offsets:
                xi = x + off
                if 0.0 < xi < span:
                    j = min(last, int(xi / panel))
                    t = xi / panel - j
                    row[j] += load * (1.0 - t)
                    row[j + 1] += load * t
        values = np.matmul(w[:, None, :], self._mt)[:, 0, :]
        values += self._dead
        peaks = values[:, : 2 * CANDIDATES].max(axis=1).tolist()
        sags = values[:, 2 * CANDIDATES :].max(axis=1).tolist()
        for p in driving:
            stress = peaks[p.index]
            if stress > 1.0:
                self._load(p)
            else:
                p.stress = stress
                p.deflection = sag = sags[p.index]
                if stress > p.peak:
                    p.peak, p.peak_x, p.peak_analysis = stress, p.load_x, p.analysis
                p.max_deflection = max(p.max_deflection, sag)
            if p.result is None and p.load_x >= x1:
                self._end(p, self._held(p))

    def _load(self, p: Player) -> None:
        """Forces with the trucks where they are now; members past their strength break,
        one at a time (the most overloaded first), the rest solved again each time."""
        geo = self.geo
        w = deck_loads(geo, p.load_x)
        a = p.analysis
        assert a is not None
        forces, ratios, sag = a.at(w)
        worst = int(np.argmax(ratios))
        for _ in range(CANDIDATES):  # bounded: each pass takes out one member
            if float(ratios[worst]) <= 1.0:
                break
            force = float(forces[worst])
            section = p.types[worst]
            strength = float(
                geo.tension[section, worst] if force > 0 else geo.compression[section, worst]
            )
            buckled = bool(force < 0 and geo.buckling[section, worst])
            p.breaks.append(Break(worst, member_words(worst), force, strength, buckled, p.load_x))
            p.broken[worst] = True
            p.broken_mask |= 1 << worst
            result = analyse(geo, p.types, p.broken)
            if isinstance(result, Mechanism):
                p.stress = max(p.stress, float(ratios[worst]))
                self._end(p, self._collapsed(p))
                return
            self._use(p, result)
            a = result
            forces, ratios, sag = a.at(w)
            worst = int(np.argmax(ratios))
        p.stress = float(ratios[worst])
        p.deflection = 1000.0 * float(sag.max())
        if p.stress > p.peak:
            p.peak, p.peak_x, p.peak_analysis = p.stress, p.load_x, a
        p.max_deflection = max(p.max_deflection, p.deflection)

    def peak_member(self, p: Player) -> int:
        """The member that worked hardest on the crossing (-1 before any test)."""
        a = p.peak_analysis
        if a is None:
            return -1
        _, ratios, _ = a.at(deck_loads(self.geo, p.peak_x))
        return int(np.argmax(ratios))

    # -- outcomes -----------------------------------------------------------------------
    def _progress(self, p: Player) -> float:
        geo = self.geo
        if p.stage != TESTING:
            return 0.0
        return max(0.0, min(1.0, (p.load_x - geo.x_start) / (geo.x_end - geo.x_start)))

    def _held(self, p: Player) -> Verdict:
        peak = under(100.0 * p.peak)
        member = self.peak_member(p)
        if p.breaks:
            reason = p.breaks[0].broke()
        elif member >= 0:
            reason = words(
                "highest stress {0} % of strength, in {1}", f"{peak:g}", member_words(member)
            )
        else:
            reason = words("highest stress {0} % of strength", f"{peak:g}")
        return Verdict(BridgeStatus.HELD, "held", reason, peak, 100.0, 1.0)

    def _collapsed(self, p: Player) -> Verdict:
        first = p.breaks[0]
        reason, value, limit = first.text()
        code = {True: "snapped", False: "buckled" if first.buckled else "crushed"}[first.force > 0]
        return Verdict(BridgeStatus.COLLAPSED, code, reason, value, limit, self._progress(p))

    def _not_rigid(self, m: Mechanism) -> Verdict:
        geo = self.geo
        if m.joint < 0:
            reason = words("not rigid: a joint can move freely; triangles do not fold")
        else:
            reason = words(
                "not rigid: joint {0} (x = {1} m) can move freely; triangles do not fold",
                joint_name(m.joint),
                f"{geo.joints[m.joint][0]:g}",
            )
        return Verdict(BridgeStatus.NOT_RIGID, "mechanism", reason, None, None, 0.0)

    def _timed_out(self, p: Player) -> Verdict:
        geo = self.geo
        reached = round(max(0.0, p.load_x - geo.x_start), 1)
        total = round(geo.x_end - geo.x_start, 1)
        reason = words(
            "time ran out with the truck {0} of {1} m across", f"{reached:.1f}", f"{total:.1f}"
        )
        return Verdict(
            BridgeStatus.TIMED_OUT, "timed_out", reason, reached, total, self._progress(p)
        )

    def _end(self, p: Player, verdict: Verdict) -> None:
        geo = self.geo
        p.status = verdict.status
        built = [t for t in p.types if t != NONE]
        details: dict[str, float | int | str | None] = {
            "cost": round(p.cost / 1000.0, 3),
            "peak_stress": under(100.0 * p.peak),
            "collapse_x": round(p.breaks[0].x, 2) if p.breaks else None,
            "deflection": round(p.max_deflection, 1),
            "members": len(built),
            "heavy_members": sum(1 for t in built if t == HEAVY),
            "broken": len(p.breaks),
            "budget": round(geo.budget / 1000.0, 3),
        }
        p.result = score(
            p.player_id,
            verdict,
            cost=p.cost,
            budget=geo.budget,
            reference_cost=self.reference_cost,
            intact=not p.breaks,
            time_s=self.tick * DT,
            tick=self.tick,
            details=details,
        )
        p.analysis = None
        self._sample(p)

    def _sample(self, p: Player) -> None:
        p.samples.append([self.tick * DT, *self.row(p.player_id)])


def check_action(values: tuple[Value, ...]) -> tuple[int, int]:
    """(action, member) of an input, each range-checked (InvalidInputError names it)."""
    if len(values) != 2:
        raise InvalidInputError("controls", list(values), "2 values (action, member)")
    action, member = values
    if isinstance(action, bool) or not isinstance(action, int) or not 0 <= action <= ACTIONS:
        raise InvalidInputError("action", action, f"an integer within 0..{ACTIONS}")
    if isinstance(member, bool) or not isinstance(member, int) or not 0 <= member < CANDIDATES:
        raise InvalidInputError("member", member, f"an integer within 0..{CANDIDATES - 1}")
    return action, member
