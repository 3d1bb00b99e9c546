"""The games' words in German (issue 14): every text a game declares (title, concept,
levels, knobs, statuses, channels, result columns) and every template it fills with values
(reasons, score lines, hints, feasibility warnings: each a ``words("...")`` in game/) has a
finished German translation keeping its placeholders; game/ writes no template the scan
cannot read; real rounds of all six games end with results that read German through and
through, numbers written with a decimal comma."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.common.gamewords import LOCALE_DIR, catalogue, number, say
from game.api import Discipline, Frame, Game, PlayerResult
from game.registry import all_games
from game.words import Words, templates, words
from tests.catalogues import catalogue_problems

ROOT = Path(__file__).resolve().parents[3]
GAME_DIR = ROOT / "game"
PLACEHOLDER = re.compile(r"\{\d+\}")  # a template's places; "{ move }" is no place
# the platform's own modules build Words from texts they are given, not templates
PLATFORM = {GAME_DIR / "api.py", GAME_DIR / "words.py"}


def _literals(node: ast.expr) -> Iterator[str | None]:
    """The texts a template argument may be: both sides of a conditional; None: unreadable."""
    if isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    else:
        yield None


def written_templates() -> tuple[set[str], list[str]]:
    """(every template game/ writes, the places whose template is not a literal)."""
    found: set[str] = set()
    unreadable: list[str] = []
    for path in sorted(GAME_DIR.rglob("*.py")):
        if path in PLATFORM:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name not in ("words", "Words"):
                continue
            for text in _literals(node.args[0]):
                if text is None:
                    unreadable.append(f"{path.relative_to(ROOT)}:{node.lineno}")
                elif text:  # Words("") says nothing
                    found.add(text)
    return found, unreadable


def declared_texts(game: Game) -> set[str]:
    """The fixed texts a game declares for people to read."""
    texts = {game.title, game.concept, game.how_to_play, game.success_word}
    texts.add(game.discipline.title)
    for level in game.levels:
        texts |= {level.title, level.blurb}
    for knob in game.knobs:
        texts |= {knob.label, knob.unit, knob.help}
    texts |= {s.label for s in game.statuses.values()}
    for channel in game.channels:
        texts |= {channel.label, channel.unit}
    for column in game.result_columns:
        texts |= {column.label, column.unit}
    return {t for t in texts if t}


def every_game_text() -> set[str]:
    texts, _ = written_templates()
    for game in all_games():
        texts |= declared_texts(game)
    return texts | {d.title for d in Discipline}


def test_the_scan_reads_every_template_game_writes() -> None:
    found, unreadable = written_templates()
    assert len(found) > 100  # six games' reasons, score lines, hints and warnings
    assert unreadable == [], "write words('a literal template', values...)"


def test_every_game_text_has_a_finished_german_translation() -> None:
    texts = every_game_text()
    german = json.loads((LOCALE_DIR / "games_de.json").read_text(encoding="utf-8"))
    found = catalogue_problems(texts, german, PLACEHOLDER)
    unfinished, unused = found.unfinished, found.unused
    assert unfinished == [], f"{len(unfinished)} game texts without German: {unfinished[:8]}"
    assert found.wrong == []
    assert unused == [], f"translations of texts no game says: {unused[:8]}"


def test_numbers_read_the_german_way() -> None:
    assert number("2.04", "de") == "2,04"
    assert number("$13,226", "de") == "$13.226"
    assert number("1,234.5", "de") == "1.234,5"
    assert number("2.04", "en") == "2.04"
    assert number("D3", "de") == "D3"


def test_words_with_words_inside_read_german_through() -> None:
    said = words(
        "ran out of fuel, then crashed: {0}",
        words("too fast: {0} m/s down, safe is {1}", "2.04", "2.0"),
    )
    assert str(said) == "ran out of fuel, then crashed: too fast: 2.04 m/s down, safe is 2.0"
    german = say(said, "de")
    de = catalogue("de")
    assert german == de["ran out of fuel, then crashed: {0}"].format(
        de["too fast: {0} m/s down, safe is {1}"].format("2,04", "2,0")
    )
    assert "2,04" in german and "2,0" in german
    assert Words.from_wire(said.to_wire()) == said


def played(game: Game, skill: float, seed: int) -> list[PlayerResult]:
    """A real round of ``game`` with four computer players, to its end."""
    setup = game.setup(seed=seed)
    sim = game.new_sim(setup)
    ais = {}
    for slot in range(4):
        sim.add_player(slot + 1, slot)
        ais[slot + 1] = game.new_ai(skill, slot, seed + slot)
    for _ in range(int(setup.time_limit_s * 60) + 10):
        if sim.finished:
            break
        sim.step({pid: ai.decide(sim, pid) for pid, ai in ais.items()})
    results = [sim.result(pid) for pid in ais]
    return [r for r in results if r is not None]


@pytest.mark.parametrize("game", all_games(), ids=lambda g: g.key)
def test_a_real_round_reads_german_through_and_through(game: Game) -> None:
    de = catalogue("de")
    results = played(game, 0.3, 7) + played(game, 0.98, 8)
    assert results
    for result in results:
        for template in templates(result.said):
            assert template in de, template
        for line in result.breakdown:
            for template in templates(line.said):
                assert template in de, template
        hint = game.hint(result)
        if hint is not None:
            assert all(t in de for t in templates(hint)), hint
        # the German reason has every value of the English one, written the German way
        english = str(result.said)
        german = say(result.said, "de")
        figures = [number(n, "de") for n in re.findall(r"\d[\d,.]*\d|\d", english)]
        assert all(f in german for f in figures), (english, german)
    for level in game.levels:
        for warning in game.check_knobs(level.key, {}):
            assert all(t in de for t in templates(warning)), warning


def test_a_result_carries_its_words_over_the_wire_and_refuses_words_that_disagree() -> None:
    from game.errors import InvalidConfigError
    from game.lander import GAME as LANDER

    result = played(LANDER, 0.3, 3)[0]
    wire = result.to_dict()
    assert wire["reason_words"] == result.said.to_wire()
    back = PlayerResult.from_dict(wire)
    assert back == result and back.said == result.said
    assert [line.said for line in back.breakdown] == [line.said for line in result.breakdown]
    older = {k: v for k, v in wire.items() if k != "reason_words"}  # a host without words
    assert PlayerResult.from_dict(older).said == Words(result.reason)
    wire["reason_words"] = ["too fast: {0} m/s down, safe is {1}", ["9.9", "2.0"]]
    with pytest.raises(InvalidConfigError, match="are not"):
        PlayerResult.from_dict(wire)
    with pytest.raises(InvalidConfigError, match="places"):
        Words.from_wire(["{0} and {1}", ["one"]])
    with pytest.raises(InvalidConfigError, match="nested deeper"):
        raw: list[object] = ["{0}", ["x"]]
        for _ in range(6):
            raw = ["{0}", [raw]]
        Words.from_wire(raw)


@pytest.mark.parametrize("game", all_games(), ids=lambda g: g.key)
def test_every_word_a_scene_shows_can_be_translated(game: Game) -> None:
    """Watch live, the projector and the player's strips draw a game's scene: each label
    with words in it (not a name) and each panel line carries them, every template German."""
    de = catalogue("de")
    setup = game.setup(seed=3)
    sim = game.new_sim(setup)
    ais = {}
    for slot in range(3):
        sim.add_player(slot + 1, slot)
        ais[slot + 1] = game.new_ai(0.6, slot, slot)
    for _ in range(240):
        sim.step({pid: ai.decide(sim, pid) for pid, ai in ais.items()})
    ids, values = sim.snapshot()
    frame = Frame(sim.tick, ids, values, game.schema)
    info = game.round_info(setup)
    names = {1: "Ada", 2: "Bo", 3: "Cy"}
    for shown, me in ((frame, None), (frame, 1), (None, None)):
        scene = game.scene(info, shown, names, me=me)
        for label in scene.labels():
            if label.name:
                continue
            bare = label.text  # a player's name in a label ("1. Ada") is no word to translate
            for name in names.values():
                bare = bare.replace(name, "")
            if re.search("[A-Za-z]{2}", bare):
                assert label.said is not None, f"{game.key}: {label.text!r} has no words"
            if label.said is not None:
                assert str(label.said) == label.text
                assert all(t in de for t in templates(label.said)), label.text
        assert len(scene.panel_said) == len(scene.panel), scene.panel
        for line in scene.panel_said:
            assert all(t in de for t in templates(line)), str(line)
