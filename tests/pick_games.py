"""The games a per-game screenshot script is asked for on its command line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar


class GameSpec(Protocol):
    @property
    def key(self) -> str: ...  # the game's key: bridge_builder

    @property
    def package(self) -> str: ...  # its package: bridge


S = TypeVar("S", bound=GameSpec)


def pick_games(specs: Sequence[S], names: Sequence[str]) -> list[S]:
    """The specs of the games named, by key or package, in that order (none named: all of
    them); an unknown name is a SystemExit that names it and the games there are."""
    by_name = {s.key: s for s in specs} | {s.package: s for s in specs}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        known = ", ".join(s.key for s in specs)
        raise SystemExit(f"screens: unknown game {', '.join(unknown)}; choose from {known}")
    return [by_name[n] for n in names] if names else list(specs)
