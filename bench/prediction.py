"""A player's recording: how smooth its own lander looks with the host's 1-tick input delay
and 60 Hz updates, over loopback, frame by frame.

Run: ``.venv/bin/python bench/prediction.py [--seconds 20] [--countdown 3] [--out FILE]``.

This process runs a real :class:`app.host.ClassHost` (CurveZMQ, a temporary data folder) and
one headless player made of the player's own parts: :class:`app.player.netthread.
NetworkThread` (the network thread, joining with the join string) and
:class:`app.player.session.Session` (prediction and reconciliation), driven as the Arcade
window drives them: every 1/60 s a frame drains the network events into the session and
reads ``own_display()``; every 2nd frame (the player's 30 Hz fixed update) a pilot's input
is predicted and sent, a held input only when it changed or every 200 ms, as
``app/player/views/play.py`` does. The host seats AI landers in the other 7 seats. The
pilot hovers with steps in its throttle and pulses of rotation, so the prediction has work.

Written: one CSV row per frame (time, the tick shown, the displayed x, y, vx, vy and angle,
the host's newest row for the lander, and the reconciliation correction that frame made, if
any). Printed: how many corrections and how large (m), how many snapped, and the display's
smoothness: each frame's displacement against the displayed velocity times the frame's
time (m), p50 / p99 / max, over the frames of the flight.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import dataclasses
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1]))  # when not installed

from app.config import Settings
from app.host.host import ClassHost
from app.player.address import parse_address
from app.player.netthread import NetworkThread
from app.player.session import Phase, Session
from app.store.files import open_host_store
from game.lander import GAME

CODE = "FRAME7"
DEBUG = bool(__import__("os").environ.get("PRED_DEBUG"))
FRAME_S = 1 / 60
KEEPALIVE_FRAMES = 12  # 200 ms at 60 frames a second, as the player's 6 fixed updates
NAMES = GAME.schema.names
X, Y, VX, VY, ANGLE = (NAMES.index(n) for n in ("x", "y", "vx", "vy", "angle"))


def pilot(frame: int, row: list[float]) -> tuple[float, float, bool]:
    """Hover, with a throttle step every 0.75 s and a rotation pulse every 2 s."""
    step = 0.22 if (frame // 45) % 2 else -0.22
    thrust = min(1.0, max(0.0, 0.45 - 0.6 * row[VY] + step))
    rotation = 0.6 if frame % 120 < 12 else (-0.6 if 60 <= frame % 120 < 72 else 0.0)
    rotation = max(-1.0, min(1.0, rotation + 1.5 * row[ANGLE] * (rotation == 0.0) * -1))
    return round(thrust, 2), round(rotation, 2), False


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def record(seconds: float, countdown: float, out: Path, data: Path) -> int:
    settings = dataclasses.replace(
        Settings(),
        data_dir=data,
        bind="127.0.0.1",
        port=0,
        lan_discovery=False,
        countdown_seconds=countdown,
        round_seconds=seconds + 5,
        class_name="Recording",
    ).validate()
    store, _ = await open_host_store(data, "bench/prediction.py")
    host = ClassHost(settings, store, join_code=CODE, curve=True)
    await host.start()
    net = NetworkThread(token_folder=data / "tokens")
    net.start()
    session = Session()
    rows: list[list[object]] = []
    corrections: list[tuple[float, bool]] = []
    steps: list[float] = []
    try:
        session.joining(parse_address(host.join_string()), CODE, "Pilot", 0)
        net.join_class(parse_address(host.join_string()), CODE, "Pilot", 0)
        deadline = time.monotonic() + 30
        while session.player_id is None and time.monotonic() < deadline:
            for event in net.events():
                session.apply(event)
            await asyncio.sleep(0.01)
        if session.player_id is None:
            print(f"the player did not join: {session.join_error}")
            return 1
        await host.start_all(mode="solo", seconds=seconds, ai_players="fill")
        frame = 0
        last_sent: tuple[float, float, bool] | None = None
        since_sent = 0
        last_correction = None
        previous: tuple[float, list[float]] | None = None
        t0 = time.monotonic()
        end = t0 + seconds + settings.countdown_seconds + 3
        next_frame = t0
        while time.monotonic() < end:
            next_frame += FRAME_S
            await asyncio.sleep(max(0.0, next_frame - time.monotonic()))
            now = time.monotonic()
            session.rtt = net.rtt
            for event in net.events():
                session.apply(event)
            if session.phase is not Phase.ACTIVE or not session.can_play():
                if session.my_result is not None:
                    break
                continue
            shown = session.own_display()
            if shown is None:
                continue
            row = [float(v) for v in shown]
            frame += 1
            if frame % 2 == 0:  # the player's 30 Hz fixed update
                values = pilot(frame, row)
                since_sent += 1
                if values != last_sent or since_sent >= KEEPALIVE_FRAMES // 2:
                    sent = session.controls(values)
                    if sent is not None:
                        net.send_input(sent.sequence, sent.values, sent.ack_tick)
                        last_sent, since_sent = values, 0
            pred = session.prediction
            correction = pred.last_correction if pred is not None else None
            made = None
            if correction is not None and correction is not last_correction:
                last_correction = correction
                made = correction
                corrections.append((correction.distance, correction.snapped))
                if DEBUG and pred is not None:
                    print(frame, correction, pred.predictor.tick, session.latest_tick, net.rtt)
            if previous is not None:
                dt = now - previous[0]
                prev = previous[1]
                expect_x = prev[X] + 0.5 * (prev[VX] + row[VX]) * dt
                expect_y = prev[Y] + 0.5 * (prev[VY] + row[VY]) * dt
                steps.append(math.hypot(row[X] - expect_x, row[Y] - expect_y))
            previous = (now, row)
            host_row = session.own_snapshot
            rows.append(
                [
                    round(now - t0, 4),
                    pred.predictor.tick if pred is not None else -1,
                    *(round(row[i], 4) for i in (X, Y, VX, VY, ANGLE)),
                    *(
                        ("", "")
                        if host_row is None
                        else (round(host_row[X], 4), round(host_row[Y], 4))
                    ),
                    "" if made is None else round(made.distance, 4),
                    "" if made is None else int(made.snapped),
                ]
            )
    finally:
        net.stop()
        await host.stop()
        await store.close()
    with out.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(
            [
                "t_s",
                "tick",
                "x",
                "y",
                "vx",
                "vy",
                "angle",
                "host_x",
                "host_y",
                "correction_m",
                "snapped",
            ]
        )
        writer.writerows(rows)
    distances = [d for d, _ in corrections]
    times = [float(str(r[0])) for r in rows]
    snaps = sum(s for _, s in corrections)
    print(f"recording: {len(rows)} frames of flight, {out}")
    print(
        f"corrections: {len(corrections)} ({snaps} snapped); size p50 {pct(distances, 0.5):.4f} m, "
        f"p99 {pct(distances, 0.99):.4f} m, max {max(distances, default=float('nan')):.4f} m"
    )
    print(
        f"display smoothness (a frame's displacement against its velocity x time): p50 "
        f"{pct(steps, 0.5):.4f} m, p99 {pct(steps, 0.99):.4f} m, max "
        f"{max(steps, default=float('nan')):.4f} m; frames per second "
        f"{len(rows) / max(1e-9, times[-1] - times[0]) if times else 0:.1f}"
    )
    if steps:
        print(
            f"summary: frames={len(rows)} corrections={len(corrections)} snapped={snaps} "
            f"correction_p99_m={pct(distances, 0.99):.4f} jerk_p99_m={pct(steps, 0.99):.4f} "
            f"jerk_median_m={statistics.median(steps):.4f}"
        )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--countdown", type=float, default=3.0, help="s, the host's default")
    parser.add_argument("--out", type=Path, default=None, help="the CSV (default: a temp file)")
    args = parser.parse_args()
    if not 2 <= args.seconds <= 600:
        parser.error("--seconds within 2..600")
    with tempfile.TemporaryDirectory(prefix="moonbase-recording-") as tmp:
        out = args.out or Path(tempfile.gettempdir()) / "moonbase-recording.csv"
        return asyncio.run(record(args.seconds, args.countdown, out, Path(tmp)))


if __name__ == "__main__":
    raise SystemExit(main())
