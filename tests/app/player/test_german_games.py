"""A German student plays each of the six games (issue 14): a real classroom host with a
bot, a real player window in German under Xvfb. The flight View and the results screen
draw no English text that has a German translation (the player's own words and the
game's), and the results screen shows the game's reason, score lines and hint in German,
numbers with a decimal comma."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from app.common import gamewords
from app.player.i18n import LOCALE_DIR
from app.player.views.play import GameView
from app.player.views.results import ResultsView
from app.player.window import PlayerWindow
from game.api import Game
from game.errors import InvalidConfigError
from game.registry import all_games
from tests.app.player.harness import Frames, HostThread, join_lobby, open_window


def shortest_round(game: Game) -> float:
    """The shortest round the game allows (a few seconds suffice to draw every part)."""
    for seconds in range(10, 121):
        try:
            game.setup(seconds=float(seconds))
        except InvalidConfigError:
            continue
        return float(seconds)
    raise AssertionError(f"{game.key} allows no round of 2 minutes or less")


def english_with_german() -> set[str]:
    """Every English text either catalogue translates to something else."""
    player = json.loads((LOCALE_DIR / "de.json").read_text(encoding="utf-8"))
    games = gamewords.catalogue("de")
    return {en for cat in (player, games) for en, de in cat.items() if de != en and len(en) > 2}


def untranslated(shown: dict[str, str], english: set[str]) -> list[str]:
    """The labels that show an English text the catalogues have German for."""
    return sorted(f"{name}: {text}" for name, text in shown.items() if text in english)


@pytest.mark.parametrize("game", all_games(), ids=lambda g: g.key)
def test_a_german_student_plays_every_game_in_german(
    game: Game, german: None, tmp_path: Path
) -> None:
    os.environ.setdefault("MOONBASE_LAN_DISCOVERY", "false")
    host = HostThread(
        tmp_path,
        game=game.key,
        world=game.levels[0].key,
        round_seconds=shortest_round(game),
        countdown_seconds=1.0,
        lan_discovery=False,
    )
    window: PlayerWindow = open_window(tmp_path)
    english = english_with_german()
    try:
        frames = Frames(window)
        host.start_bots(1, seed=5)
        frames.until(lambda: len(host.host.players()) == 1, 10, "the bot")
        join_lobby(window, frames, host.address, "Sam")
        host.call(host.host.start_round(seed=9))
        frames.until(lambda: isinstance(window.screen, GameView), 10, "the flight View")
        frames.until(window.session.can_play, 10, "the round to start")
        frames.run_for(1.5)
        view = window.screen
        assert isinstance(view, GameView)
        shown = view.labels.shown()
        assert untranslated(shown, english) == []
        head = gamewords.say(game.title, "de")
        assert any(head in text for text in shown.values()), (head, shown)
        frames.until(lambda: isinstance(window.screen, ResultsView), 150, "the results")
        results = window.screen
        assert isinstance(results, ResultsView)
        frames.until(lambda: results.result is not None, 10, "the verdict")
        frames.run_for(0.5)
        result = results.result
        assert result is not None
        shown = results.labels.shown()
        assert untranslated(shown, english) == []
        assert shown["reason"] == gamewords.say(result.said, "de")
        for i, line in enumerate(result.breakdown):
            assert shown[f"score-l-{i}"] == gamewords.say(line.said, "de")
        hint = game.hint(result)
        if hint is not None:
            assert gamewords.say(hint, "de") in shown["hint"]
        # a number with decimals reads the German way ("Zeit 12,3 s")
        assert re.search(r"Zeit \d+,\d s", shown["flight-facts"]), shown["flight-facts"]
    finally:
        window.close()
        host.close()
