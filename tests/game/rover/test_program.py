"""Program edits: inserting a block (with its closers), deleting a block with its body,
changing a count or condition; bad edits refused in words with the program unchanged."""

from __future__ import annotations

from typing import Any

import pytest

from game.rover.program import (
    ELSE,
    END,
    IF_WALL,
    LEFT,
    MOVE,
    REPEAT_BASE,
    Block,
    Refusal,
    delete,
    insert,
    length,
    listing,
    nesting,
    pack,
    parse,
    set_arg,
    source,
    unpack,
    well_formed,
)


def test_inserting_a_loop_brings_its_closer_and_blocks_go_inside() -> None:
    t = insert((), 0, Block.REPEAT, 4, max_blocks=10).tokens
    assert t == (REPEAT_BASE + 2, END)
    t = insert(t, 1, Block.MOVE, 0, max_blocks=10).tokens
    t = insert(t, 3, Block.IF, 0, max_blocks=10).tokens
    t = insert(t, 4, Block.LEFT, 0, max_blocks=10).tokens
    assert source(t) == "repeat 4 { move } if wall { left } else { }"
    assert listing(t) == ["repeat 4 {", "  move", "}", "if wall ahead {", "  turn left",
                          "} else {", "}"]  # fmt: skip
    assert length(t) == 4 and well_formed(t)


def test_deleting_a_header_deletes_its_block() -> None:
    t = parse("move repeat 3 { move left } right")
    assert delete(t, 1).tokens == parse("move right")
    assert delete(t, 0).tokens == parse("repeat 3 { move left } right")


@pytest.mark.parametrize(
    ("tokens", "edit", "refusal", "words"),
    [
        ((), ("insert", 1, Block.MOVE, 0), Refusal.PAST_END, "line 2: there is no line there"),
        ((), ("delete", 0), Refusal.EMPTY, "the program is empty"),
        (parse("move"), ("delete", 3), Refusal.PAST_END, "line 4"),
        (parse("repeat 2 { move }"), ("delete", 2), Refusal.NOT_A_BLOCK,
         "line 3 closes a block: delete its first line (line 1)"),
        (parse("if wall { move } else { left }"), ("delete", 2), Refusal.NOT_A_BLOCK,
         "(line 1)"),
        ((), ("insert", 0, Block.REPEAT, 1), Refusal.BAD_ARG, "repeat count must be 2..9"),
        ((), ("insert", 0, Block.IF, 2), Refusal.BAD_ARG, "wall ahead"),
        (parse("move move"), ("insert", 0, Block.MOVE, 0), Refusal.TOO_LONG,
         "already has 2 blocks, the limit"),
        (parse("repeat 2 { repeat 2 { repeat 2 { } } }"), ("insert", 3, Block.REPEAT, 2),
         Refusal.TOO_DEEP, "at most 3 deep"),
        (parse("move"), ("set", 0, 3), Refusal.BAD_ARG, "(move) has no count"),
        (parse("repeat 3 { move }"), ("set", 0, 12), Refusal.BAD_ARG, "2..9"),
    ],
)  # fmt: skip
def test_bad_edits_are_refused_and_change_nothing(
    tokens: tuple[int, ...], edit: tuple[Any, ...], refusal: Refusal, words: str
) -> None:
    kind = edit[0]
    if kind == "insert":
        _, pos, block, arg = edit
        limit = 2 if refusal is Refusal.TOO_LONG else 9
        out = insert(tokens, pos, block, arg, max_blocks=limit)
    elif kind == "delete":
        out = delete(tokens, edit[1])
    else:
        out = set_arg(tokens, edit[1], edit[2])
    assert not out.ok
    assert out.refusal is refusal
    assert words in out.message
    assert out.tokens == tokens


def test_a_deep_block_fits_when_the_limit_allows() -> None:
    t = parse("repeat 2 { repeat 2 { } }")
    assert insert(t, 2, Block.IF, 0, max_blocks=9).ok
    assert nesting(insert(t, 2, Block.IF, 0, max_blocks=9).tokens) == 3


def test_changing_a_count_or_a_condition() -> None:
    t = parse("repeat 3 { move } if wall { left }")
    t = set_arg(t, 0, 7).tokens
    t = set_arg(t, 3, 1).tokens
    assert source(t) == "repeat 7 { move } if goal { left } else { }"


def test_the_snapshot_words_carry_forty_lines_exactly() -> None:
    t = tuple([MOVE, LEFT] * 20)
    words = pack(t)
    assert len(words) == 7 and all(0 <= w < 2**31 for w in words)  # the wire's range
    assert unpack(words) == t
    assert unpack(pack(parse("if wall { move } else { left }"))) == (IF_WALL, MOVE, ELSE,
                                                                     LEFT, END)  # fmt: skip
    assert unpack([0] * 7) == ()
