"""Words a game says with values in them, kept translatable.

A game writes English. A sentence with numbers or names in it is a :class:`Words`: an
English template with ``{0}``, ``{1}``... and the values already written as text (with the
decimals the game chose, so "2.04" stays "2.04" against "safe is 2.0"). ``str(words)`` is
the English sentence (what the store and the CSV keep); a translation layer looks the
template up in its language, writes the values (a number with a decimal comma in German)
and fills them in. A value may itself be :class:`Words` ("ran out of fuel, then crashed:
{0}" holds the crash's own reason), translated the same way.

On the wire a :class:`Words` is ``[template, [value, ...]]``, a nested value the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from game.errors import InvalidConfigError

MAX_DEPTH = 4  # Words inside Words inside...: refused beyond this (untrusted wire input)
_FIELD = re.compile(r"\{(\d*)\}")


@dataclass(frozen=True)
class Words:
    """An English ``template`` (``{0}``... where the ``args`` go) and its values as text."""

    template: str
    args: tuple[str | Words, ...] = ()

    def __post_init__(self) -> None:
        wanted = {int(n) for n in _FIELD.findall(self.template) if n}
        if any(not n for n in _FIELD.findall(self.template)):
            raise InvalidConfigError(f"a template numbers its places ({{0}}): {self.template!r}")
        if wanted != set(range(len(self.args))):
            raise InvalidConfigError(
                f"the template {self.template!r} has places {sorted(wanted)} "
                f"for {len(self.args)} values"
            )

    def __str__(self) -> str:
        return self.template.format(*(str(a) for a in self.args))

    def to_wire(self) -> list[object]:
        return [
            self.template,
            [a.to_wire() if isinstance(a, Words) else a for a in self.args],
        ]

    @classmethod
    def from_wire(cls, raw: object, depth: int = 0) -> Words:
        """Words a host sent; anything else raises :class:`InvalidConfigError`."""
        if depth > MAX_DEPTH:
            raise InvalidConfigError(f"words nested deeper than {MAX_DEPTH}")
        if (
            not isinstance(raw, Sequence)
            or isinstance(raw, str | bytes)
            or len(raw) != 2
            or not isinstance(raw[0], str)
            or not isinstance(raw[1], Sequence)
            or isinstance(raw[1], str | bytes)
        ):
            raise InvalidConfigError(f"words are [template, [value, ...]], got {raw!r}")
        args: list[str | Words] = []
        for arg in raw[1]:
            args.append(arg if isinstance(arg, str) else cls.from_wire(arg, depth + 1))
        return cls(raw[0], tuple(args))


def words(template: str, *args: str | Words) -> Words:
    """``Words(template, args)``, written like a call to ``str.format``."""
    return Words(template, tuple(args))


def fixed(text: str) -> Words:
    """A text the game declares elsewhere (a level's title) inside other words: translated
    as it is, never filled in."""
    return Words(text.replace("{", "{{").replace("}", "}}"))


def templates(said: Words) -> list[str]:
    """Every template in ``said``, its own first, then those of its values."""
    out = [said.template]
    for arg in said.args:
        if isinstance(arg, Words):
            out.extend(templates(arg))
    return out
