"""The one QObject between the UI thread and the host thread.

Slots schedule the lesson's coroutines on the host loop with
``asyncio.run_coroutine_threadsafe`` (through :class:`HostThread`) and return at once;
the lesson reports back by calling this object's listener methods on the host thread,
which only put (signal, args) on a thread-safe queue. A 10 ms QTimer on the UI thread
empties it and emits the signals there, so the host thread makes no Qt call at all, no
widget is ever touched from it, and the UI thread never waits on the network or the
database (it only takes what is already queued).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import logging
import queue
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance, Slot

from admin_gui.archive import Archive
from admin_gui.errors import ConsoleError, LessonStateError
from admin_gui.host_thread import HostThread
from admin_gui.lesson import Lesson, write_text
from admin_gui.records import (
    ChatEntry,
    ClassPlan,
    ClassState,
    FlagEntry,
    HistoryQuery,
    HostInfo,
    RoomStatus,
    RosterEntry,
    RoundView,
    SpectatorFrame,
)
from app.config import Settings
from app.errors import MoonbaseError
from app.host.host import ClassHost
from app.host.plan import PlannedRound
from app.store import Period, StorageError, StoredFlight
from app.store.files import DB_NAME
from app.sync.outbox import SyncStatus
from game.errors import GameError

log = logging.getLogger(__name__)
T = TypeVar("T")
PUMP_MS = 10  # how often the UI thread takes what the host thread queued
MAX_DELIVERIES = 500
LOAD_ROSTER = "load the roster"
EXPECTED_ERRORS = (MoonbaseError, StorageError, GameError, ConsoleError, OSError, ValueError)


class HostBridge(QObject):
    """Start, drive and stop a lesson from the UI thread; everything answers by signal."""

    hosting = Signal(object)  # HostInfo
    failed = Signal(str, str)  # action, message
    roster_changed = Signal(object)  # tuple[RosterEntry, ...]
    rooms_changed = Signal(object)  # tuple[RoomStatus, ...]
    round_started = Signal(object)  # RoundView
    flight_recorded = Signal(object)  # StoredFlight
    round_completed = Signal(int, object)  # round id, list[StoredFlight] from the database
    results_ready = Signal(int, object)  # round id, list[StoredFlight]
    leaderboard_ready = Signal(str, object)  # "game|period", list[LeaderboardRow]
    flight_plot_ready = Signal(object)  # FlightPlot
    exported = Signal(str, int)  # path, rows
    frame = Signal(object)  # SpectatorFrame
    flag_raised = Signal(object)  # FlagEntry
    busy_changed = Signal(bool)  # a round is running
    lessons_ready = Signal(object, object)  # HistoryQuery, list[LessonInfo]
    lesson_ready = Signal(object)  # LessonDetail
    class_state_changed = Signal(object)  # ClassState
    chat_received = Signal(object)  # ChatEntry
    sync_changed = Signal(object)  # SyncStatus, or None when cloud sync is off
    roster_loaded = Signal(int)  # nicknames on the roster now
    grouped = Signal(object)  # dict[str, list[str]]: room -> nicknames
    planned_started = Signal(object, object)  # PlannedRound, list of round ids
    report_written = Signal(str, str)  # the HTML and CSV paths
    student_exported = Signal(str, str)  # nickname, path
    student_erased = Signal(str, int)  # nickname, results erased with them
    stopped = Signal()

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._thread = HostThread()
        self._thread.start()
        self._lesson = Lesson(settings, _SignalListener(self))
        self.archive = Archive(settings.data_dir / DB_NAME)
        self.info: HostInfo | None = None
        self.rooms: tuple[RoomStatus, ...] = ()
        self._closing = False
        self._inbox: queue.SimpleQueue[tuple[SignalInstance, tuple[object, ...]]] = (
            queue.SimpleQueue()
        )
        self._pump = QTimer(self)
        self._pump.setInterval(PUMP_MS)
        self._pump.timeout.connect(self._deliver)
        self._pump.start()
        self.hosting.connect(self._remember_info)
        self.rooms_changed.connect(self._remember_rooms)

    # -- state the UI may read (kept on the UI thread from signals) -----------------------
    @property
    def hosting_now(self) -> bool:
        return self.info is not None and not self._closing

    @property
    def closing(self) -> bool:
        """The lesson is ending (or ended)."""
        return self._closing

    @property
    def round_running(self) -> bool:
        return any(r.running for r in self.rooms)

    def running_rooms(self) -> list[RoomStatus]:
        return [r for r in self.rooms if r.running]

    @property
    def host_thread(self) -> HostThread:
        return self._thread

    def inspect(self, fn: Callable[[ClassHost], T]) -> concurrent.futures.Future[T]:
        """Run ``fn`` with the hosted class on the host thread (where its state may be
        read); for tests and diagnostics. Raises :class:`LessonStateError` in the future
        when nothing is hosted."""

        async def look() -> T:
            host = self._lesson.host
            if host is None:
                raise LessonStateError("no class is being hosted")
            return fn(host)

        return self._thread.submit(look())

    # -- from the host thread to the UI thread ----------------------------------------------
    def _post(self, signal: SignalInstance, *args: object) -> None:
        """Called on the host thread: queue a signal; the UI thread emits it (see
        :meth:`_deliver`). No Qt call is made on the host thread."""
        self._inbox.put((signal, args))

    @Slot()
    def _deliver(self) -> None:
        """Emit what the host thread queued, on the UI thread; spectator frames are
        coalesced to the newest, and one pass is bounded so the UI never stalls on a burst."""
        pending: list[tuple[SignalInstance, tuple[object, ...]]] = []
        for _ in range(MAX_DELIVERIES):
            try:
                pending.append(self._inbox.get_nowait())
            except queue.Empty:
                break
        last_frame = max((i for i, (sig, _) in enumerate(pending) if sig == self.frame), default=-1)
        for i, (signal, args) in enumerate(pending):
            if signal == self.frame and i != last_frame:
                continue
            signal.emit(*args)

    # -- scheduling ----------------------------------------------------------------------
    def _run(
        self,
        action: str,
        coro: Coroutine[Any, Any, T],
        done: Callable[[T], None] | None = None,
    ) -> None:
        async def guarded() -> None:
            try:
                value = await coro
            except EXPECTED_ERRORS as exc:
                self._post(self.failed, action, str(exc))
                return
            except Exception as exc:
                log.exception("console action %r failed", action)
                self._post(self.failed, action, f"unexpected error: {exc}")
                return
            if done is not None:
                done(value)

        try:
            self._thread.submit(guarded())
        except ConsoleError as exc:
            self.failed.emit(action, str(exc))

    # -- slots for the UI ------------------------------------------------------------------
    @Slot(object)
    def start_class(self, plan: ClassPlan) -> None:
        self._run("start the class", self._lesson.open(plan))

    @Slot(object, object, object)
    def start_round(
        self, knobs: dict[str, float], seconds: float | None = None, room: str | None = None
    ) -> None:
        """A round in ``room``, or in every room with students (None)."""
        self._run("start a round", self._lesson.start_round(knobs, seconds, room))

    @Slot(object)
    def start_planned(self, planned: PlannedRound) -> None:
        """The lesson plan's next round in every room; :attr:`planned_started` answers."""
        self._run(
            f"start the planned round ({planned.describe()})",
            self._lesson.start_planned(planned),
            lambda ids: self._post(self.planned_started, planned, ids),
        )

    @Slot(object, str)
    def write_report(self, lesson_id: int | None, path: str) -> None:
        """The class report of ``lesson_id`` (None: this or the newest lesson) to ``path``."""
        self._run(
            f"write the class report to {path}",
            self.archive.report(lesson_id, Path(path)),
            lambda paths: self._post(self.report_written, str(paths[0]), str(paths[1])),
        )

    def _call(self, action: str, fn: Callable[[], object]) -> None:
        async def call() -> None:
            fn()

        self._run(action, call())

    @Slot(object)
    def pause(self, room: str | None) -> None:
        self._call("pause the round", lambda: self._lesson.pause(room))

    @Slot(object)
    def resume(self, room: str | None) -> None:
        self._call("resume the round", lambda: self._lesson.resume(room))

    @Slot(object)
    def end_round(self, room: str | None) -> None:
        self._call("end the round", lambda: self._lesson.end_round(room))

    @Slot(int, bool)
    def mute(self, player_id: int, on: bool) -> None:
        self._call("mute a student", lambda: self._lesson.mute(player_id, on))

    @Slot(int)
    def kick(self, player_id: int) -> None:
        self._call("remove a student", lambda: self._lesson.kick(player_id))

    @Slot(int, str)
    def move(self, player_id: int, room: str) -> None:
        self._call(f"move a student to room {room}", lambda: self._lesson.move(player_id, room))

    @Slot(str)
    def load_roster_file(self, path: str) -> None:
        self._run(LOAD_ROSTER, self._lesson.load_roster_file(Path(path)))

    @Slot()
    def clear_roster(self) -> None:
        self._call("let anyone join", self._lesson.clear_roster)

    @Slot(str)
    def lift_bar(self, nickname: str) -> None:
        self._run(f"lift the bar of {nickname}", self._lesson.lift_bar(nickname))

    @Slot(str)
    def readmit(self, nickname: str) -> None:
        self._call(f"let {nickname} back in", lambda: self._lesson.readmit(nickname))

    @Slot(str)
    def approve_reclaim(self, nickname: str) -> None:
        self._call(
            f"let {nickname} go on from another computer",
            lambda: self._lesson.approve_reclaim(nickname),
        )

    @Slot(bool)
    def set_hide_ranks(self, hide: bool) -> None:
        self._call("hide or show ranks", lambda: self._lesson.set_hide_ranks(hide))

    @Slot()
    def new_room(self) -> None:
        self._call("open a new room", self._lesson.new_room)

    @Slot()
    def auto_group(self) -> None:
        async def group() -> dict[str, list[str]]:
            return self._lesson.auto_group()

        self._run("group the students by rating", group(), lambda g: self._post(self.grouped, g))

    @Slot(str, object)
    def say(self, text: str, room: str | None) -> None:
        where = "everyone" if room is None else f"room {room}"
        self._run(f"write to {where}", self._lesson.say(text, room))

    @Slot(int)
    def load_results(self, round_id: int) -> None:
        self._run(
            "read the round's results",
            self._lesson.results(round_id),
            lambda flights: self._post(self.results_ready, round_id, flights),
        )

    @Slot(str, str)
    def load_leaderboard(self, game: str, period: Period) -> None:
        """The board of ``game`` (or the lesson total) over ``period``; answers by
        :attr:`leaderboard_ready` keyed ``"game|period"``."""
        self._run(
            "read the leaderboard",
            self._lesson.leaderboard(game, period),
            lambda rows: self._post(self.leaderboard_ready, f"{game}|{period}", rows),
        )

    @Slot(object)
    def load_flight_plot(self, flight: StoredFlight) -> None:
        self._run(
            f"read the flight of {flight.nickname}",
            self._lesson.flight_plot(flight),
            lambda plot: self._post(self.flight_plot_ready, plot),
        )

    @Slot(int, str)
    def export_round_csv(self, round_id: int, path: str) -> None:
        self._run(
            f"export round {round_id} to {path}",
            self._lesson.export_round_csv(round_id, Path(path)),
            lambda rows: self._post(self.exported, path, rows),
        )

    @Slot(object)
    def load_lessons(self, query: HistoryQuery) -> None:
        """Past lessons matching ``query``, read on the host thread; answers by
        :attr:`lessons_ready` with the query, so the page can drop stale answers."""
        self._run(
            "read the lesson history",
            self.archive.lessons(query),
            lambda rows: self._post(self.lessons_ready, query, rows),
        )

    @Slot(int, str, str)
    def export_student(self, student_id: int, nickname: str, path: str) -> None:
        """All of one student's data as a JSON file at ``path`` (COPPA/GDPR)."""

        async def export() -> None:
            data = await self.archive.export_student(student_id)
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
            await asyncio.to_thread(write_text, Path(path), text)

        self._run(
            f"export the data of {nickname}",
            export(),
            lambda _done: self._post(self.student_exported, nickname, path),
        )

    @Slot(int, str)
    def erase_student(self, student_id: int, nickname: str) -> None:
        """Erase one student here; the cloud is told on its next sync (COPPA/GDPR)."""

        async def erase() -> int:
            self._lesson.refuse_if_present(student_id, nickname)
            return await self.archive.erase_student(student_id)

        self._run(
            f"erase {nickname}",
            erase(),
            lambda results: self._post(self.student_erased, nickname, results),
        )

    @Slot(int)
    def load_lesson(self, lesson_id: int) -> None:
        self._run(
            f"read lesson {lesson_id}",
            self.archive.lesson(lesson_id),
            lambda detail: self._post(self.lesson_ready, detail),
        )

    @Slot(bool)
    def set_watching(self, on: bool, room: str | None = None) -> None:
        if not self._thread.running:
            return  # the lesson is over; nothing to watch
        try:
            self._thread.call_soon(self._lesson.set_watching, on, room)
        except ConsoleError as exc:
            self.failed.emit("watch the round", str(exc))

    def close_lesson(self, settle_timeout: float) -> None:
        """End the lesson: running rounds end now and every result is kept; then
        :attr:`stopped` is emitted (the host thread keeps running until :meth:`shutdown`).
        Asking again while the lesson is ending does nothing: one :attr:`stopped` comes."""
        if self._closing:
            return
        self._closing = True

        async def close() -> None:
            try:
                await self._lesson.close(settle_timeout)
            finally:
                self._post(self.stopped)

        self._run("end the lesson", close())

    def shutdown(self, timeout: float = 5.0) -> bool:
        """Stop the host thread; call after :attr:`stopped` (or when nothing was hosted)."""
        return self._thread.stop(timeout)

    # -- bookkeeping on the UI thread ----------------------------------------------------
    @Slot(object)
    def _remember_info(self, info: HostInfo) -> None:
        self.info = info

    @Slot(object)
    def _remember_rooms(self, rooms: tuple[RoomStatus, ...]) -> None:
        was = self.round_running
        self.rooms = rooms
        if self.round_running != was:
            self.busy_changed.emit(self.round_running)


class _SignalListener:
    """The :class:`~admin_gui.lesson.LessonListener` of a bridge: called on the host
    thread, it only emits the bridge's signals (Qt queues them to the UI thread)."""

    def __init__(self, bridge: HostBridge) -> None:
        self._bridge = bridge

    def hosting(self, info: HostInfo) -> None:
        self._bridge._post(self._bridge.hosting, info)

    def failed(self, action: str, message: str) -> None:
        self._bridge._post(self._bridge.failed, action, message)

    def roster(self, entries: tuple[RosterEntry, ...]) -> None:
        self._bridge._post(self._bridge.roster_changed, entries)

    def rooms(self, statuses: tuple[RoomStatus, ...]) -> None:
        self._bridge._post(self._bridge.rooms_changed, statuses)

    def round_started(self, view: RoundView) -> None:
        self._bridge._post(self._bridge.round_started, view)

    def flight_recorded(self, flight: StoredFlight) -> None:
        self._bridge._post(self._bridge.flight_recorded, flight)

    def round_completed(self, round_id: int, flights: list[StoredFlight]) -> None:
        self._bridge._post(self._bridge.round_completed, round_id, flights)

    def frame(self, frame: SpectatorFrame) -> None:
        self._bridge._post(self._bridge.frame, frame)

    def flag(self, entry: FlagEntry) -> None:
        self._bridge._post(self._bridge.flag_raised, entry)

    def class_state(self, state: ClassState) -> None:
        self._bridge._post(self._bridge.class_state_changed, state)

    def chat(self, entry: ChatEntry) -> None:
        self._bridge._post(self._bridge.chat_received, entry)

    def sync(self, status: SyncStatus | None) -> None:
        self._bridge._post(self._bridge.sync_changed, status)

    def roster_loaded(self, nicknames: int) -> None:
        self._bridge._post(self._bridge.roster_loaded, nicknames)
