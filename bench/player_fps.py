"""Frame times of the player's flight screen rendering a recorded 8-player flight.

    xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python bench/player_fps.py --seconds 30

The flight is recorded first (8 AI pilots through game.Simulation, snapshots at 30 Hz), then
replayed into the real PlayerWindow / FlightView as the network thread would deliver it
(interpolation, HUD, particles, labels, sound off). Each frame is timed from its events to
the end of the GPU work (``ctx.finish()``), unthrottled; prints median, p95 and p99 in ms.
Goal: p99 <= 16.7 ms (60 frames per second).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.player.flights.lander import FlightView  # noqa: E402
from app.player.lan import NoBrowser  # noqa: E402
from app.player.netthread import NetworkThread, Received  # noqa: E402
from app.player.recording import record_flight, replay_events  # noqa: E402
from app.player.session import Session  # noqa: E402
from app.player.window import INPUT_RATE, PlayerWindow  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="how long to render")
    parser.add_argument("--players", type=int, default=8, help="landers in the flight (1-8)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    if not 1 <= args.players <= 8:
        parser.error(f"--players must be 1..8, got {args.players}")

    t0 = time.perf_counter()
    rec = record_flight(players=args.players, seed=args.seed, seconds=60.0)
    print(
        f"recorded {args.players} landers, {rec.seconds:.1f} s, {len(rec.snapshots)} snapshots "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    with tempfile.TemporaryDirectory() as tmp:
        window = PlayerWindow(
            width=args.width,
            height=args.height,
            sound=False,
            browser=NoBrowser(),
            net=NetworkThread(),
            keymap_path=Path(tmp) / "keys.json",
        )
        try:
            times = run(window, rec, args.seconds)
        finally:
            window.close()
    times.sort()

    def p(q: float) -> float:
        return times[min(len(times) - 1, int(q * len(times)))]

    print(
        f"frames {len(times)} over {args.seconds:.0f} s at {args.width}x{args.height}, "
        f"{args.players} landers"
    )
    print(
        f"frame time ms: median {statistics.median(times):.2f}  p95 {p(0.95):.2f}  "
        f"p99 {p(0.99):.2f}  max {times[-1]:.2f}"
    )
    print(f"p99 goal 16.7 ms: {'met' if p(0.99) <= 16.7 else 'NOT met'}")
    return 0


def run(window: PlayerWindow, rec: object, seconds: float) -> list[float]:
    from app.player.recording import Recording

    assert isinstance(rec, Recording)
    times: list[float] = []
    end = time.perf_counter() + seconds
    fixed = 1.0 / INPUT_RATE
    while time.perf_counter() < end:
        window.session = Session(predict=False)
        start, updates = replay_events(rec)
        for event in start:
            window.session.apply(event)
        window.show_view(FlightView(window))
        began = time.perf_counter()
        last = began
        debt = 0.0
        i = 0
        while i < len(updates) and time.perf_counter() < end:
            frame_start = time.perf_counter()
            now_rel = frame_start - began
            while i < len(updates):
                event = updates[i]
                assert isinstance(event, Received)
                tick = getattr(event.message, "tick", 0)
                if tick / rec.tick_rate > now_rel:
                    break
                window.session.apply(Received(event.message, time.monotonic()))
                i += 1
            dt = frame_start - last
            last = frame_start
            window.switch_to()
            window.dispatch_events()
            debt += dt
            while debt >= fixed:
                debt -= fixed
                window.dispatch_event("on_fixed_update", fixed)
            window.dispatch_event("on_update", dt)
            window.dispatch_event("on_draw")
            window.ctx.finish()
            window.flip()
            times.append((time.perf_counter() - frame_start) * 1000.0)
    return times


if __name__ == "__main__":
    sys.exit(main())
