"""A teacher runs a lesson of each game but the lander (whose lesson is test_lesson.py) from
Mission Control, end to end over real sockets: picks the game and a level on the start
page, turns a knob (and sees the feasibility warning of an impossible one), 6 bots join and
play, Watch live draws every player by name, the results match the database, a student's
plots are the game's channels from the stored telemetry.

One test, one id per game (``test_a_lesson_from_the_console[bridge_builder]``...); what
differs per game is in its :class:`LessonSpec`: the level, the knobs, the warning's words,
the waits, what Watch live draws and what the plots show."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from admin_gui.records import FlightPlot
from admin_gui.widgets.chart import TimeSeriesChart
from admin_gui.widgets.main_window import MainWindow
from admin_gui.widgets.spectator_view import SpectatorView
from game.registry import get_game
from game.scene import Dot, Glyph, Poly
from game.series import Series
from tests.admin_gui.test_lesson import db_rows, seat_bots, start_class, stored_telemetry

BOTS = 6

Charts = Mapping[str, TimeSeriesChart]


@dataclass(frozen=True)
class LessonSpec:
    """What one game's lesson does and checks that the others do not."""

    key: str
    level: str
    seconds: int  # the round length set on the start page
    bad_knob: tuple[str, float]  # a knob value nobody can play with ...
    warning: str  # ... and the words of its warning
    knobs: Mapping[str, float]  # the sensible knobs the round is played with (no warning)
    outcome: str  # at least one bot ends the round so
    watch: Callable[[QtBot, SpectatorView, list[str]], None]  # Watch live draws the round
    plots: Callable[[Charts, Series], None]  # the first flight's plots, from its telemetry
    round_timeout_ms: int = 40_000
    whole_warning: bool = False  # the warning is exactly ``warning``, the only one


def _everyone_named(qtbot: QtBot, view: SpectatorView, names: list[str], timeout: int) -> None:
    qtbot.waitUntil(lambda: sorted(view.names_shown()) == names, timeout=timeout)
    qtbot.waitUntil(lambda: view.frames_drawn > 0, timeout=5_000)


def _bridge_watch(qtbot: QtBot, view: SpectatorView, names: list[str]) -> None:
    _everyone_named(qtbot, view, names, 10_000)
    scene = view.scene()
    assert scene is not None and len(scene.shapes) > 6 * 5  # six gaps, banks, trucks


def _bridge_plots(charts: Charts, telemetry: Series) -> None:
    stress = charts["Stress"].series()[0]
    np.testing.assert_allclose(stress.values, 100.0 * telemetry["stress"])
    assert charts["Stress"].bands()[0].high == 100.0


def _ecology_watch(qtbot: QtBot, view: SpectatorView, names: list[str]) -> None:
    _everyone_named(qtbot, view, names, 10_000)
    scene = view.scene()
    assert scene is not None
    texts = [getattr(s, "text", "") for s in scene.shapes]
    assert "Time in the band" in texts and "target band" in texts
    assert "keep rabbits 488–812 and foxes 38–62" in scene.panel[0]


def _ecology_plots(charts: Charts, telemetry: Series) -> None:
    rabbits = charts["Rabbits"].series()[0]
    np.testing.assert_allclose(rabbits.values, telemetry["rabbits"])
    band = charts["Rabbits"].bands()[0]
    assert (band.low, band.high) == (487.5, 812.5)  # the round's band, 650 ± 25 %
    assert charts["Foxes"].bands()[0].high == 62.5
    assert charts["Hunting"].bands() == []


def _gas_watch(qtbot: QtBot, view: SpectatorView, names: list[str]) -> None:
    _everyone_named(qtbot, view, names, 10_000)
    scene = view.scene()
    assert scene is not None
    assert sum(isinstance(s, Dot) for s in scene.shapes) == BOTS * 96  # drawn particles


def _gas_plots(charts: Charts, telemetry: Series) -> None:
    pressure = charts["Pressure"].series()[0]
    np.testing.assert_allclose(pressure.values, telemetry["pressure"])
    assert charts["Off target"].bands()[0].high == 100.0


def _projectile_watch(qtbot: QtBot, view: SpectatorView, names: list[str]) -> None:
    _everyone_named(qtbot, view, names, 30_000)  # named once they have fired

    def arcs_drawn() -> int:  # every player's shot drawn as an arc (landed or flying)
        scene = view.scene()
        shapes = () if scene is None else scene.shapes
        return sum(1 for s in shapes if isinstance(s, Poly) and not s.closed and len(s.points) >= 3)

    qtbot.waitUntil(lambda: arcs_drawn() >= BOTS, timeout=30_000)


def _projectile_plots(charts: Charts, telemetry: Series) -> None:
    height = charts["Shell height"].series()[0]
    np.testing.assert_allclose(height.values, telemetry["y"])
    assert height.values.max() > 5.0
    band = charts["Off target"].bands()[0]
    assert (band.low, band.high) == (-100.0, 100.0)


def _rover_watch(qtbot: QtBot, view: SpectatorView, names: list[str]) -> None:
    _everyone_named(qtbot, view, names, 10_000)
    scene = view.scene()
    assert scene is not None
    assert sum(isinstance(s, Glyph) for s in scene.shapes) == BOTS  # a rover on each map


def _rover_plots(charts: Charts, telemetry: Series) -> None:
    distance = charts["Distance to goal"].series()[0]
    np.testing.assert_allclose(distance.values, telemetry["distance"])
    assert distance.values[-1] == 0.0  # the best of the round reached the goal


LESSONS = (
    LessonSpec(
        key="bridge_builder",
        level="two_loads",
        seconds=20,
        bad_knob=("load", 1000.0),
        warning="nobody can pass",
        knobs={"load": 200.0},
        outcome="held",
        watch=_bridge_watch,
        plots=_bridge_plots,
    ),
    LessonSpec(
        key="predator_prey",
        level="seasons",
        seconds=20,
        # δ halved puts every reachable equilibrium above the band: said so in words
        bad_knob=("delta", 0.1),
        warning="no one can stay in it",
        knobs={"delta": 0.2, "band": 25.0},
        outcome="balanced",
        watch=_ecology_watch,
        plots=_ecology_plots,
    ),
    LessonSpec(
        key="gas_laws",
        level="heat_and_squeeze",
        seconds=20,
        bad_knob=("particles", 48.0),
        warning="no one can hold it",
        knobs={"particles": 112.0},
        outcome="held",
        watch=_gas_watch,
        plots=_gas_plots,
    ),
    LessonSpec(
        key="projectile_range",
        level="earth_air",
        seconds=45,
        bad_knob=("distance", 400.0),
        warning="no one can hit it",
        knobs={"distance": 90.0},
        outcome="all_hit",
        watch=_projectile_watch,
        plots=_projectile_plots,
        round_timeout_ms=90_000,
    ),
    LessonSpec(
        key="rover_program",
        level="stairs",
        seconds=40,
        bad_knob=("max_blocks", 4.0),
        warning=(
            "the shortest program for this level has 5 blocks but the limit is 4: no one can finish"
        ),
        whole_warning=True,
        knobs={"max_blocks": 10.0},
        outcome="reached",
        watch=_rover_watch,
        plots=_rover_plots,
        round_timeout_ms=60_000,
    ),
)


@pytest.mark.parametrize("spec", LESSONS, ids=[s.key for s in LESSONS])
def test_a_lesson_from_the_console(qtbot: QtBot, console: MainWindow, spec: LessonSpec) -> None:
    window = console
    game = get_game(spec.key)
    info = start_class(qtbot, window, spec.level, game=spec.key, seconds=spec.seconds)
    knobs = window.knobs_page
    assert knobs.game.key == spec.key
    # an impossible knob is said so in words; a sensible one is not
    knobs.set_knob(*spec.bad_knob)
    if spec.whole_warning:
        assert knobs.warnings == [spec.warning]
    else:
        assert knobs.warnings and spec.warning in knobs.warnings[0]
    assert knobs.warning_label.isVisibleTo(knobs)
    for name, value in spec.knobs.items():
        knobs.set_knob(name, value)
    assert knobs.warnings == []

    swarm = seat_bots(qtbot, window, info, BOTS)
    qtbot.waitUntil(window.start_round_action.isEnabled, timeout=5_000)
    names = sorted(s.nickname for s in swarm.specs)

    with qtbot.waitSignal(window.bridge.round_started, timeout=10_000) as started:
        window.start_round_action.trigger()
    round_id = started.args[0].round_id
    spec.watch(qtbot, window.watch_page.view, names)

    with qtbot.waitSignal(window.bridge.round_completed, timeout=spec.round_timeout_ms):
        pass
    results = window.results_page
    window.show_page(window.page_index(results))
    qtbot.waitUntil(lambda: results.model.rowCount() == BOTS, timeout=5_000)
    shown = [(f.nickname, f.outcome, f.score, f.stars, f.reason) for f in results.shown_flights()]
    assert shown == db_rows(info.database, round_id)
    assert all(f.params["knobs"] == dict(spec.knobs) for f in results.shown_flights())
    assert {f.game for f in results.shown_flights()} == {spec.key}
    assert any(f.outcome == spec.outcome for f in results.shown_flights())

    first = results.flight_at(0)
    with qtbot.waitSignal(window.bridge.flight_plot_ready, timeout=5_000) as ready:
        results.table.selectRow(0)
        QTest.mouseClick(results.plot_button, Qt.MouseButton.LeftButton)
    plot = ready.args[0]
    assert isinstance(plot, FlightPlot) and plot.flight.id == first.id
    dialog = window.dialogs[-1]
    charts = {c.title: c for c in dialog.plots.charts()}
    assert list(charts) == [c.label for c in game.channels]
    telemetry = Series.from_bytes(asyncio.run(stored_telemetry(info.database, first.id)))
    spec.plots(charts, telemetry)
    dialog.close()
    reports = swarm.join(timeout=30)
    assert not [r for r in reports if isinstance(r, BaseException)]
