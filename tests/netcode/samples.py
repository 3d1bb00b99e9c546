"""One fixed example of every message type (used by round-trip and golden-vector tests)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from game.lander import GAME
from netcode.messages import (
    Ack,
    Chat,
    ChatMessage,
    DeltaUpdate,
    Error,
    Event,
    FullState,
    Input,
    Join,
    Leave,
    Message,
    Ping,
    Pong,
    RequestState,
    StateUpdate,
    Welcome,
)
from netcode.snapshot import Snapshot, delta_between, quantise

SCHEMA = GAME.schema  # the lander's: x y vx vy angle angular_velocity fuel throttle status
SCALES = SCHEMA.scales
NAMES = SCHEMA.names
PREDICT = SCHEMA.predict_columns
NCOL = len(NAMES)


@dataclass(frozen=True)
class Arrays:
    """A room of landers as plain columns, so these tests do not need the simulation."""

    ids: npt.NDArray[np.int64]
    xy: npt.NDArray[np.float64]
    vxy: npt.NDArray[np.float64]
    angle: npt.NDArray[np.float64]
    angular_velocity: npt.NDArray[np.float64]
    fuel: npt.NDArray[np.float64]
    throttle: npt.NDArray[np.float64]
    status: npt.NDArray[np.int8]


def arrays(n: int, seed: int) -> Arrays:
    rng = np.random.default_rng(seed)
    return Arrays(
        ids=np.arange(1, n + 1, dtype=np.int64),
        xy=rng.uniform([0.0, 0.0], [900.0, 160.0], size=(n, 2)),
        vxy=rng.uniform(-12.0, 12.0, size=(n, 2)),
        angle=rng.uniform(-3.2, 3.2, size=n),
        angular_velocity=rng.uniform(-2.0, 2.0, size=n),
        fuel=rng.uniform(0.0, 800.0, size=n),
        throttle=rng.uniform(0.0, 1.0, size=n),
        status=rng.integers(0, 6, size=n).astype(np.int8),
    )


def moved(a: Arrays, seconds: float) -> Arrays:
    """``a`` flown on ballistically for ``seconds`` (lunar gravity), fuel and throttle kept."""
    vxy = a.vxy + np.array([0.0, -1.62]) * seconds
    return Arrays(
        ids=a.ids,
        xy=a.xy + a.vxy * seconds + 0.5 * np.array([0.0, -1.62]) * seconds**2,
        vxy=vxy,
        angle=a.angle + a.angular_velocity * seconds,
        angular_velocity=a.angular_velocity,
        fuel=a.fuel,
        throttle=a.throttle,
        status=a.status,
    )


def values_of(a: Arrays) -> npt.NDArray[np.float64]:
    """The rows in the lander schema's order and units."""
    n = a.ids.shape[0]
    out = np.empty((n, NCOL))
    out[:, 0:2] = a.xy
    out[:, 2:4] = a.vxy
    out[:, 4] = a.angle
    out[:, 5] = a.angular_velocity
    out[:, 6] = a.fuel
    out[:, 7] = a.throttle
    out[:, 8] = a.status
    return out


def encode(a: Arrays) -> Snapshot:
    """What the host sends of these landers."""
    return quantise(a.ids, values_of(a), SCALES, NAMES)


# Fixed integers (cm, cm/s, mrad, mrad/s, 0.1 kg, 1/100, status) so the golden bytes depend
# on the codec only.
BASE = Snapshot(
    ids=np.array([1, 2, 3]),
    values=np.array(
        [
            [12050, 14000, 120, -350, 15, 0, 5000, 0, 0],
            [45000, 13010, -80, -420, -120, 300, 4870, 65, 0],
            [70010, 250, 0, 0, 2, 0, 3120, 0, 1],
        ]
    ),
)
LATER = Snapshot(
    ids=np.array([1, 2, 3]),
    values=np.array(
        [
            [12058, 13976, 120, -361, 15, 0, 5000, 0, 0],
            [44995, 12981, -80, -416, -100, 300, 4866, 70, 0],
            [70010, 250, 0, 0, 2, 0, 3120, 0, 1],
        ]
    ),
)

SAMPLES: dict[str, Message] = {
    "join": Join(code="MOON42", nickname="Ada", character=3, token=None),
    "leave": Leave(),
    "input": Input(sequence=17, controls=(0.75, -0.25, False), ack_tick=120),
    "chat": Chat(text="ready for landing"),
    "request_state": RequestState(),
    "ping": Ping(client_time=12.5, rtt_ms=3.25),
    "ack": Ack(tick=122),
    "welcome": Welcome(
        player_id=4,
        token="tok-4f2a",
        tick_rate=60,
        snapshot_rate=30,
        class_name="7B Physics",
        game={
            "key": "lunar_lander",
            "title": "Lunar Lander",
            "schema": {"fields": [["x", 100, "m", "linear"]], "predict": [], "status": "x"},
            "inputs": {"fields": [["thrust", "float", 0.0, 1.0]], "held": True},
        },
    ),
    "full_state": FullState(
        tick=120,
        phase="active",
        round={"game": "lunar_lander", "level": "moon", "seed": 7, "time_limit_s": 60.0},
        time_left=58.0,
        players=[(1, "Ada", 3), (2, "Buzz", 0)],
        snapshot=BASE,
    ),
    "state_update": StateUpdate(tick=120, ack_sequence=16, snapshot=BASE),
    "delta_update": DeltaUpdate(
        tick=124, ack_sequence=17, delta=delta_between(BASE, 120, LATER, 124, PREDICT)
    ),
    "event": Event(tick=130, kind="flight_ended", data={"player_id": 1, "result": {"score": 420}}),
    "chat_message": ChatMessage(sender="Ada", text="ready for landing"),
    "error": Error(code="wrong_code", message="MOON41 is not this class's join code"),
    "pong": Pong(client_time=12.5, server_time=1003.25),
}
