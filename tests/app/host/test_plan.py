"""Lesson plans: a TOML file of rounds across games, checked whole when it loads; a bad
file is refused with the round and setting named, and saving writes it whole or not at all."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.errors import HostError
from app.host.plan import (
    MAX_PLAN_BYTES,
    LessonPlanError,
    load_plan,
    make_plan,
    parse_plan,
    planned_round,
    save_plan,
)
from game import registry
from game.bridge.definition import BridgeBuilder
from game.modes import Mode
from game.registry import GAMES, get_game
from tests.app.host.wire import hosted

GOOD = """
title = "Forces and structures"

[[round]]
game = "lunar_lander"
level = "mars"
seconds = 50
knobs = { gravity = 3.0 }

[[round]]
game = "bridge_builder"
mode = "cooperative"
"""


def test_a_plan_reads_with_the_games_defaults_filled_in() -> None:
    plan = parse_plan(GOOD)
    assert plan.title == "Forces and structures"
    first, second = plan.rounds
    assert (first.game, first.level, first.mode, first.seconds) == (
        "lunar_lander",
        "mars",
        Mode.COMPETITIVE,
        50.0,
    )
    assert first.knobs == {"gravity": 3.0}
    bridge = get_game("bridge_builder")
    assert second.level == bridge.levels[0].key
    assert second.seconds == bridge.default_seconds
    assert second.mode is Mode.COOPERATIVE and second.knobs == {}
    assert plan.games == ["lunar_lander", "bridge_builder"]
    assert "Lunar Lander" in first.describe() and "gravity 3" in first.describe()


def test_saved_and_loaded_again_it_is_the_same_plan(tmp_path: Path) -> None:
    plan = parse_plan(GOOD)
    path = tmp_path / "plans" / "week3.toml"
    save_plan(plan, path)
    assert load_plan(path) == plan
    assert [p.name for p in path.parent.iterdir()] == ["week3.toml"]  # no temporary left


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("title = 'x'\n[[round]\ngame = 1", "not valid TOML"),
        ("title = 'x'", "has no rounds"),
        ("[[round]]\ngame = 'chess'", "round 1: unknown game 'chess'"),
        ("[[round]]\nlevel = 'moon'", "round 1 needs a game"),
        ("[[round]]\ngame = 'lunar_lander'\nlevle = 'moon'", "unknown setting 'levle'"),
        ("[[round]]\ngame = 'lunar_lander'\nlevel = 'pluto'", "no level 'pluto'"),
        ("[[round]]\ngame = 'lunar_lander'\nmode = 'deathmatch'", "unknown mode 'deathmatch'"),
        ("[[round]]\ngame = 'lunar_lander'\nseconds = 0", "round length must be within"),
        ("[[round]]\ngame = 'lunar_lander'\nknobs = { gravity = 99 }", "gravity"),
        ("[[round]]\ngame = 'lunar_lander'\nknobs = { colour = 1 }", "colour"),
        ("[[round]]\ngame = 'lunar_lander'\nknobs = 3", "knobs must be a table"),
        ("teacher = 'Ms K'\n[[round]]\ngame = 'lunar_lander'", "unknown setting 'teacher'"),
        (
            "[[round]]\ngame = 'lunar_lander'\n[[round]]\ngame = 'lunar_lander'\nlevel = 'x'",
            "round 2",
        ),
    ],
)
def test_a_bad_plan_is_refused_naming_the_round_and_setting(text: str, words: str) -> None:
    with pytest.raises(LessonPlanError) as caught:
        parse_plan(text, "week3.toml")
    assert str(caught.value).startswith("week3.toml")
    assert words in str(caught.value)


def test_an_unknown_game_lists_the_games_there_are() -> None:
    with pytest.raises(LessonPlanError) as caught:
        parse_plan("[[round]]\ngame = 'chess'")
    for key in GAMES:
        assert key in str(caught.value)


class SoloBridge(BridgeBuilder):
    """Bridge builder as a game played solo only (every real game plays every mode)."""

    modes = frozenset({Mode.SOLO})


@pytest.mark.parametrize(
    ("mode", "words"),
    [
        ("competitive", "Bridge builder is not played competitive; its modes: solo"),
        ("deathmatch", "unknown mode 'deathmatch'; choose one of solo, competitive"),
    ],
)
def test_a_plan_and_the_host_refuse_a_mode_in_the_same_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str, words: str
) -> None:
    monkeypatch.setitem(registry._loaded, "bridge_builder", SoloBridge())
    with pytest.raises(LessonPlanError) as planned:
        planned_round("bridge_builder", mode=mode)

    async def start() -> str:
        async with hosted(tmp_path) as host:
            with pytest.raises(HostError) as started:
                await host.start_round(game="bridge_builder", mode=mode)
            assert all(r.round is None for r in host.rooms.values())  # nothing started
            return str(started.value)

    assert str(planned.value).startswith(words)
    assert asyncio.run(start()) == str(planned.value)
    assert planned_round("bridge_builder", mode="solo").mode is Mode.SOLO


def test_files_that_are_not_plans_are_refused(tmp_path: Path) -> None:
    with pytest.raises(LessonPlanError, match="cannot read"):
        load_plan(tmp_path / "missing.toml")
    big = tmp_path / "big.toml"
    big.write_bytes(b"#" * (MAX_PLAN_BYTES + 1))
    with pytest.raises(LessonPlanError, match="not a lesson plan"):
        load_plan(big)
    binary = tmp_path / "photo.toml"
    binary.write_bytes(b"\xff\xd8\xff\xe0 not text")
    with pytest.raises(LessonPlanError, match="not UTF-8"):
        load_plan(binary)


def test_the_games_feasibility_warnings_come_with_the_round() -> None:
    fine = planned_round("lunar_lander", level="moon")
    assert fine.warnings() == []
    impossible = planned_round("lunar_lander", level="moon", knobs={"thrust_scale": 0.3})
    assert any("no one can land" in str(w) for w in impossible.warnings())


def test_a_plan_has_one_to_sixty_rounds_and_a_short_title() -> None:
    with pytest.raises(LessonPlanError, match="at least one round"):
        make_plan("x", [])
    one = planned_round("lunar_lander")
    with pytest.raises(LessonPlanError, match="at most 60"):
        make_plan("x", [one] * 61)
    with pytest.raises(LessonPlanError, match="characters"):
        make_plan("x" * 200, [one])
    assert make_plan("  ", [one]).title == "Lesson"


def test_saving_where_no_file_can_be_written_says_so_and_keeps_the_old_plan(
    tmp_path: Path,
) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file, not a folder", encoding="utf-8")
    with pytest.raises(LessonPlanError, match="cannot save"):
        save_plan(parse_plan(GOOD), not_a_folder / "plan.toml")
    assert not_a_folder.read_text(encoding="utf-8") == "a file, not a folder"
