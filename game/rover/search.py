"""The shortest program for a level, found by search: iterative deepening over programs.

Programs are enumerated by length (blocks), shortest first, each run by the interpreter;
the first length at which some program reaches the goal is the level's optimum, and among
the programs of that length the one with the fewest steps (then bumps) is returned.

The enumeration skips programs that a shorter or equal program does the same as, so the
optimum is unchanged: ``turn left, turn right`` (does nothing), three equal turns (one
opposite turn), a loop or ``if`` with nothing inside, ``repeat`` of one turn (plain turns
say it as short), ``repeat a { repeat b { X } }`` with a·b <= 9 (``repeat a·b { X }``),
and a turn as the program's last block (a run reaches the goal on a move).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from game.rover.grid import Grid, grid
from game.rover.interpreter import (
    COND_GOAL,
    COND_NOT_GOAL,
    COND_PATH,
    COND_WALL,
    OP_IF,
    OP_LEFT,
    OP_MOVE,
    OP_REPEAT,
    OP_RIGHT,
    OP_WHILE,
    Node,
    outcome,
)
from game.rover.program import (
    ELSE,
    END,
    IF_GOAL,
    IF_WALL,
    LEFT,
    MAX_DEPTH,
    MAX_REPEAT,
    MIN_REPEAT,
    MOVE,
    REPEAT_BASE,
    RIGHT,
    WHILE_NOT_GOAL,
    WHILE_PATH,
)

Seq = tuple[Node, ...]
ATOMS: tuple[Node, ...] = (
    (OP_MOVE, 0, (), (), 0),
    (OP_LEFT, 0, (), (), 0),
    (OP_RIGHT, 0, (), (), 0),
)
TURNS = (OP_LEFT, OP_RIGHT)


def _pair_ok(a: Node, b: Node) -> bool:
    return not (a[0] in TURNS and b[0] in TURNS and a[0] != b[0])


@cache
def blocks(size: int, depth: int) -> tuple[Node, ...]:
    """Every single block of exactly ``size`` blocks, nesting at most ``depth`` deep."""
    if size == 1:
        return ATOMS
    if depth == 0:
        return ()
    out: list[Node] = []
    inner = size - 1
    for body in seqs(inner, depth - 1):
        single_turn = len(body) == 1 and body[0][0] in TURNS
        for n in range(MIN_REPEAT, MAX_REPEAT + 1):
            if single_turn:
                continue
            if len(body) == 1 and body[0][0] == OP_REPEAT and n * body[0][1] <= MAX_REPEAT:
                continue
            out.append((OP_REPEAT, n, body, (), 0))
        for cond in (COND_PATH, COND_NOT_GOAL):
            out.append((OP_WHILE, cond, body, (), 0))
    for a in range(inner + 1):
        for then in seqs(a, depth - 1):
            for other in seqs(inner - a, depth - 1):
                for cond in (COND_WALL, COND_GOAL):
                    out.append((OP_IF, cond, then, other, 0))
    return tuple(out)


@cache
def seqs(size: int, depth: int) -> tuple[Seq, ...]:
    """Every sequence of exactly ``size`` blocks (size 0: the empty one)."""
    if size == 0:
        return ((),)
    out: list[Seq] = []
    for first in range(1, size + 1):
        for b in blocks(first, depth):
            for rest in seqs(size - first, depth):
                if rest and not _pair_ok(b, rest[0]):
                    continue
                if b[0] in TURNS and len(rest) >= 2 and rest[0][0] == b[0] and rest[1][0] == b[0]:
                    continue
                out.append((b, *rest))
    return tuple(out)


def programs(size: int, depth: int = MAX_DEPTH) -> Iterator[Seq]:
    """The candidate programs of ``size`` blocks (see the module's pruning rules)."""
    if size <= 3:
        pool: tuple[Seq, ...] | Iterator[Seq] = seqs(size, depth)
    else:
        pool = _big(size, depth)
    for p in pool:
        if p[-1][0] in TURNS:
            continue
        yield p


def _big(size: int, depth: int) -> Iterator[Seq]:
    """Programs too many to keep in memory: the first block, then the cached rest."""
    for first in range(1, size + 1):
        for b in blocks(first, depth):
            for rest in seqs(size - first, depth):
                if rest and not _pair_ok(b, rest[0]):
                    continue
                if b[0] in TURNS and len(rest) >= 2 and rest[0][0] == b[0] == rest[1][0]:
                    continue
                yield (b, *rest)


def tokens_of(nodes: Seq) -> tuple[int, ...]:
    """A searched program as listing tokens."""
    out: list[int] = []
    for op, arg, body, other, _ in nodes:
        if op == OP_MOVE:
            out.append(MOVE)
        elif op == OP_LEFT:
            out.append(LEFT)
        elif op == OP_RIGHT:
            out.append(RIGHT)
        elif op == OP_REPEAT:
            out += [REPEAT_BASE + arg - MIN_REPEAT, *tokens_of(body), END]
        elif op == OP_IF:
            head = IF_WALL if arg == COND_WALL else IF_GOAL
            out += [head, *tokens_of(body), ELSE, *tokens_of(other), END]
        else:
            head = WHILE_PATH if arg == COND_PATH else WHILE_NOT_GOAL
            out += [head, *tokens_of(body), END]
    return tuple(out)


@dataclass(frozen=True)
class Found:
    """The search's answer: a shortest program, its length and steps, what it tried."""

    tokens: tuple[int, ...]
    length: int
    steps: int
    bumps: int
    tried: int


def shortest(
    g: Grid, step_limit: int, max_length: int = 6, *, fewest_steps: bool = True
) -> Found | None:
    """The shortest program (up to ``max_length`` blocks) that takes the rover to the goal
    within ``step_limit`` steps; None when there is none that short."""
    tried = 0
    for size in range(1, max_length + 1):
        best: tuple[int, int, Seq] | None = None
        for p in programs(size):
            tried += 1
            reason, steps, bumps = outcome(p, g, step_limit)
            if reason == "goal" and (best is None or (steps, bumps) < best[:2]):
                best = (steps, bumps, p)
                if not fewest_steps:
                    break
        if best is not None:
            return Found(tokens_of(best[2]), size, best[0], best[1], tried)
    return None


def solve(level: str, step_limit: int, max_length: int = 6) -> Found | None:
    """:func:`shortest` for a level's map."""
    return shortest(grid(level), step_limit, max_length)
