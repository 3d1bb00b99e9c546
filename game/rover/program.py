"""A rover program as a list of tokens, and the edits a player makes to it.

A program is a flat list of small integer tokens, one per line of the listing:

* the actions ``move``, ``turn left``, ``turn right``;
* the headers ``repeat N {`` (N = 2..9), ``if wall ahead {``, ``if goal ahead {``,
  ``while path ahead {``, ``while not at goal {``;
* the closers ``} else {`` (every ``if`` has one, its else branch may stay empty) and ``}``.

Edits keep a program well formed: inserting a ``repeat``, ``if`` or ``while`` inserts the
header with its closers (an empty body), deleting a header deletes the whole block with
its body, and a closer cannot be deleted alone. A program's *length* is its number of
blocks (actions and headers; the closers are punctuation, like braces). Every edit is
checked first and refused with a reason in words, leaving the program unchanged.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from game.words import Words, words

MOVE, LEFT, RIGHT = 1, 2, 3
REPEAT_BASE = 4  # tokens 4..11 are repeat 2..9
IF_WALL, IF_GOAL, WHILE_PATH, WHILE_NOT_GOAL = 12, 13, 14, 15
ELSE, END = 16, 17
TOKENS = 17
MIN_REPEAT, MAX_REPEAT = 2, 9
MAX_TOKENS = 40  # lines of a listing: the snapshot carries at most this many
MAX_DEPTH = 3  # blocks inside blocks inside blocks
TOKEN_BITS = 5
TOKENS_PER_WORD = 6  # 30 bits: a snapshot value is a 32-bit signed integer on the wire
WORDS = -(-MAX_TOKENS // TOKENS_PER_WORD)  # 7


class Block(enum.IntEnum):
    """What the ``block`` input names (``arg`` picks the count or the condition)."""

    MOVE = 0
    LEFT = 1
    RIGHT = 2
    REPEAT = 3  # arg: the count 2..9
    IF = 4  # arg: 0 wall ahead, 1 goal ahead
    WHILE = 5  # arg: 0 path ahead, 1 not at goal


BLOCK_NAMES = ("move", "turn left", "turn right", "repeat", "if", "while")
IF_CONDITIONS = ("wall ahead", "goal ahead")
WHILE_CONDITIONS = ("path ahead", "not at goal")


def is_header(token: int) -> bool:
    return REPEAT_BASE <= token <= WHILE_NOT_GOAL


def is_action(token: int) -> bool:
    return MOVE <= token <= RIGHT


def repeat_count(token: int) -> int:
    return token - REPEAT_BASE + MIN_REPEAT


def token_of(block: int, arg: int) -> int:
    """The header or action token of a block (arg checked by :func:`check_arg`)."""
    if block == Block.MOVE:
        return MOVE
    if block == Block.LEFT:
        return LEFT
    if block == Block.RIGHT:
        return RIGHT
    if block == Block.REPEAT:
        return REPEAT_BASE + arg - MIN_REPEAT
    if block == Block.IF:
        return IF_WALL + arg
    return WHILE_PATH + arg


def check_arg(block: int, arg: int) -> Words | None:
    """Why ``arg`` does not suit ``block`` (None when it does)."""
    if block == Block.REPEAT and not MIN_REPEAT <= arg <= MAX_REPEAT:
        return words(
            "a repeat count must be {0}..{1}, got {2}", f"{MIN_REPEAT}", f"{MAX_REPEAT}", f"{arg}"
        )
    if block == Block.IF and arg not in (0, 1):
        return words("an if asks 0 (wall ahead) or 1 (goal ahead), got {0}", f"{arg}")
    if block == Block.WHILE and arg not in (0, 1):
        return words("a while asks 0 (path ahead) or 1 (not at goal), got {0}", f"{arg}")
    return None


def condition_words(block: int, arg: int) -> Words:
    """An if's or a while's condition ("wall ahead") as translatable words."""
    if block == Block.IF:
        return words("wall ahead") if arg == 0 else words("goal ahead")
    return words("path ahead") if arg == 0 else words("not at goal")


def unit(block: int, arg: int) -> tuple[int, ...]:
    """The tokens one inserted block adds: a header comes with its closers."""
    token = token_of(block, arg)
    if block == Block.IF:
        return (token, ELSE, END)
    if block in (Block.REPEAT, Block.WHILE):
        return (token, END)
    return (token,)


def line_words(token: int) -> Words:
    """A token as a line of the listing, as translatable words ("repeat {0} {{")."""
    if token == MOVE:
        return words("move")
    if token == LEFT:
        return words("turn left")
    if token == RIGHT:
        return words("turn right")
    if REPEAT_BASE <= token < IF_WALL:
        return words("repeat {0} {{", f"{repeat_count(token)}")
    if token in (IF_WALL, IF_GOAL):
        return words("if {0} {{", condition_words(Block.IF, token - IF_WALL))
    if token in (WHILE_PATH, WHILE_NOT_GOAL):
        return words("while {0} {{", condition_words(Block.WHILE, token - WHILE_PATH))
    if token == ELSE:
        return words("}} else {{")
    if token == END:
        return words("}}")
    return words("? {0}", f"{token}")


def text(token: int) -> str:
    """A token as a line of the listing (without indentation)."""
    if token == MOVE:
        return "move"
    if token == LEFT:
        return "turn left"
    if token == RIGHT:
        return "turn right"
    if REPEAT_BASE <= token < IF_WALL:
        return f"repeat {repeat_count(token)} {{"
    if token in (IF_WALL, IF_GOAL):
        return f"if {IF_CONDITIONS[token - IF_WALL]} {{"
    if token in (WHILE_PATH, WHILE_NOT_GOAL):
        return f"while {WHILE_CONDITIONS[token - WHILE_PATH]} {{"
    if token == ELSE:
        return "} else {"
    if token == END:
        return "}"
    return f"? {token}"


def depths(tokens: Sequence[int]) -> list[int]:
    """Each line's indentation: how many blocks it is inside (closers at their header's)."""
    out: list[int] = []
    depth = 0
    for t in tokens:
        if t in (ELSE, END):
            out.append(depth - 1)
            if t == END:
                depth -= 1
        else:
            out.append(depth)
            if is_header(t):
                depth += 1
    return out


def listing(tokens: Sequence[int]) -> list[str]:
    """The program as indented lines."""
    return ["  " * d + text(t) for t, d in zip(tokens, depths(tokens), strict=True)]


def length(tokens: Sequence[int]) -> int:
    """The number of blocks (actions and headers)."""
    return sum(1 for t in tokens if t not in (ELSE, END))


def nesting(tokens: Sequence[int]) -> int:
    """The deepest nesting of blocks in the program (0: no repeat, if or while)."""
    deepest = depth = 0
    for t in tokens:
        if is_header(t):
            depth += 1
            deepest = max(deepest, depth)
        elif t == END:
            depth -= 1
    return deepest


def block_end(tokens: Sequence[int], start: int) -> int:
    """The index just past the block that begins at ``start``."""
    if not is_header(tokens[start]):
        return start + 1
    depth = 0
    for i in range(start, len(tokens)):
        t = tokens[i]
        if is_header(t):
            depth += 1
        elif t == END:
            depth -= 1
            if depth == 0:
                return i + 1
    raise ValueError("the program is not well formed")


def owner(tokens: Sequence[int], index: int) -> int:
    """The header a closer at ``index`` belongs to."""
    depth = 0
    for i in range(index - 1, -1, -1):
        t = tokens[i]
        if t == END:
            depth += 1
        elif is_header(t):
            if depth == 0:
                return i
            depth -= 1
    raise ValueError("the program is not well formed")


class Refusal(enum.IntEnum):
    """Why an edit was refused (the snapshot's ``refused`` column); 0: none."""

    NONE = 0
    PAST_END = 1
    TOO_LONG = 2
    TOO_DEEP = 3
    NOT_A_BLOCK = 4
    BAD_ARG = 5
    RUNNING = 6
    NOT_RUNNING = 7
    EMPTY = 8
    TOO_MANY_LINES = 9


NOTHING = Words("")  # no refusal
REFUSAL_WORDS = {
    Refusal.NONE: NOTHING,
    Refusal.PAST_END: words("there is no line there"),
    Refusal.TOO_LONG: words("the program is at its block limit"),
    Refusal.TOO_DEEP: words("blocks nest at most {0} deep", f"{MAX_DEPTH}"),
    Refusal.NOT_A_BLOCK: words("that line closes a block: delete the block's first line"),
    Refusal.BAD_ARG: words("that count or condition does not suit the block"),
    Refusal.RUNNING: words("the rover is running: wait for it, or stop it"),
    Refusal.NOT_RUNNING: words("the rover is not running"),
    Refusal.EMPTY: words("the program is empty: add a block first"),
    Refusal.TOO_MANY_LINES: words("a listing holds at most {0} lines", f"{MAX_TOKENS}"),
}
REFUSALS = {why: str(said) for why, said in REFUSAL_WORDS.items()}  # in English


@dataclass(frozen=True)
class Edited:
    """An edit's outcome: the new tokens, or the refusal and its words."""

    tokens: tuple[int, ...]
    refusal: Refusal = Refusal.NONE
    said: Words = NOTHING  # the refusal in words

    @property
    def message(self) -> str:
        """The refusal in English."""
        return str(self.said)

    @property
    def ok(self) -> bool:
        return self.refusal is Refusal.NONE


def _refuse(tokens: Sequence[int], why: Refusal, said: Words) -> Edited:
    return Edited(tuple(tokens), why, said)


def _past_end(pos: int) -> Words:
    return words("line {0}: {1}", f"{pos + 1}", REFUSAL_WORDS[Refusal.PAST_END])


def insert(tokens: Sequence[int], pos: int, block: int, arg: int, *, max_blocks: int) -> Edited:
    """Insert ``block`` before line ``pos`` (0..len: len appends)."""
    if not 0 <= pos <= len(tokens):
        return _refuse(tokens, Refusal.PAST_END, _past_end(pos))
    bad = check_arg(block, arg)
    if bad is not None:
        return _refuse(tokens, Refusal.BAD_ARG, bad)
    if length(tokens) + 1 > max_blocks:
        return _refuse(
            tokens,
            Refusal.TOO_LONG,
            words("the program already has {0} blocks, the limit", f"{max_blocks}"),
        )
    new = unit(block, arg)
    if len(tokens) + len(new) > MAX_TOKENS:
        return _refuse(tokens, Refusal.TOO_MANY_LINES, REFUSAL_WORDS[Refusal.TOO_MANY_LINES])
    before = tokens[:pos]
    depth = sum(1 for t in before if is_header(t)) - sum(1 for t in before if t == END)
    if len(new) > 1 and depth + 1 > MAX_DEPTH:
        return _refuse(tokens, Refusal.TOO_DEEP, REFUSAL_WORDS[Refusal.TOO_DEEP])
    return Edited((*tokens[:pos], *new, *tokens[pos:]))


def delete(tokens: Sequence[int], pos: int) -> Edited:
    """Delete the block that begins on line ``pos`` (with its body)."""
    if not tokens:
        return _refuse(tokens, Refusal.EMPTY, REFUSAL_WORDS[Refusal.EMPTY])
    if not 0 <= pos < len(tokens):
        return _refuse(tokens, Refusal.PAST_END, _past_end(pos))
    if tokens[pos] in (ELSE, END):
        head = owner(tokens, pos)
        return _refuse(
            tokens,
            Refusal.NOT_A_BLOCK,
            words(
                "line {0} closes a block: delete its first line (line {1})",
                f"{pos + 1}",
                f"{head + 1}",
            ),
        )
    return Edited((*tokens[:pos], *tokens[block_end(tokens, pos) :]))


def set_arg(tokens: Sequence[int], pos: int, arg: int) -> Edited:
    """Change the count of a repeat, or the condition of an if or while, on line ``pos``."""
    if not 0 <= pos < len(tokens):
        return _refuse(tokens, Refusal.PAST_END, _past_end(pos))
    t = tokens[pos]
    if REPEAT_BASE <= t < IF_WALL:
        block = Block.REPEAT
    elif t in (IF_WALL, IF_GOAL):
        block = Block.IF
    elif t in (WHILE_PATH, WHILE_NOT_GOAL):
        block = Block.WHILE
    else:
        return _refuse(
            tokens,
            Refusal.BAD_ARG,
            words(
                "line {0} ({1}) has no count or condition to change", f"{pos + 1}", line_words(t)
            ),
        )
    bad = check_arg(block, arg)
    if bad is not None:
        return _refuse(tokens, Refusal.BAD_ARG, bad)
    return Edited((*tokens[:pos], token_of(block, arg), *tokens[pos + 1 :]))


def well_formed(tokens: Sequence[int]) -> bool:
    """Every header closed once (an if with exactly one else), nesting within the limit."""
    stack: list[int] = []
    for t in tokens:
        if not 1 <= t <= TOKENS:
            return False
        if is_header(t):
            stack.append(t)
            if len(stack) > MAX_DEPTH:
                return False
        elif t == ELSE:
            if not stack or stack[-1] not in (IF_WALL, IF_GOAL):
                return False
            stack[-1] = -stack[-1]  # seen its else
        elif t == END:
            if not stack or stack[-1] in (IF_WALL, IF_GOAL):
                return False
            stack.pop()
    return not stack


# -- the snapshot's words -----------------------------------------------------------------
def pack(tokens: Sequence[int]) -> list[int]:
    """The tokens as :data:`WORDS` integers of 6 tokens each (5 bits a token)."""
    out = [0] * WORDS
    for i, t in enumerate(tokens[:MAX_TOKENS]):
        out[i // TOKENS_PER_WORD] |= t << (TOKEN_BITS * (i % TOKENS_PER_WORD))
    return out


def unpack(words: Sequence[int]) -> tuple[int, ...]:
    """The tokens back from the words (up to the first empty slot)."""
    out: list[int] = []
    for w in words:
        for k in range(TOKENS_PER_WORD):
            t = (int(w) >> (TOKEN_BITS * k)) & 0x1F
            if t == 0:
                return tuple(out)
            out.append(t)
    return tuple(out)


# -- written programs (tests, levels' known solutions) ----------------------------------------
_WORDS = {
    "move": (MOVE,),
    "left": (LEFT,),
    "right": (RIGHT,),
    "else": (ELSE,),
    "}": (END,),
}


def parse(source: str) -> tuple[int, ...]:
    """A program from a compact text: ``repeat 4 { move left } move``; ``if wall { left }
    else { move }``; ``until goal { ... }`` (while not at goal), ``while path { ... }``."""
    words = source.replace("{", " { ").replace("}", " } ").split()
    out: list[int] = []
    i = 0
    while i < len(words):
        w = words[i]
        if w in _WORDS:
            out += _WORDS[w]
            if w == "}" and i + 1 < len(words) and words[i + 1] == "else":
                out[-1] = ELSE
                i += 2  # "} else {"
                if i < len(words) and words[i] == "{":
                    i += 1
                continue
            i += 1
            continue
        if w == "repeat":
            out.append(REPEAT_BASE + int(words[i + 1]) - MIN_REPEAT)
            i += 3
        elif w == "if":
            out.append(IF_WALL if words[i + 1] == "wall" else IF_GOAL)
            i += 3
        elif w == "while":  # while path {
            out.append(WHILE_PATH)
            i += 3
        elif w == "until":  # until goal {: while not at goal
            out.append(WHILE_NOT_GOAL)
            i += 3
        else:
            raise ValueError(f"unknown word {w!r} in {source!r}")
    # an if written without else gets an empty one
    fixed: list[int] = []
    stack: list[int] = []
    for t in out:
        if is_header(t):
            stack.append(t)
        elif t == ELSE:
            stack[-1] = -1
        elif t == END:
            head = stack.pop()
            if head in (IF_WALL, IF_GOAL):
                fixed.append(ELSE)
        fixed.append(t)
    if not well_formed(fixed):
        raise ValueError(f"not a well-formed program: {source!r}")
    return tuple(fixed)


def source(tokens: Sequence[int]) -> str:
    """The compact text of a program (what :func:`parse` reads)."""
    words: list[str] = []
    for t in tokens:
        if t == MOVE:
            words.append("move")
        elif t == LEFT:
            words.append("left")
        elif t == RIGHT:
            words.append("right")
        elif REPEAT_BASE <= t < IF_WALL:
            words.append(f"repeat {repeat_count(t)} {{")
        elif t in (IF_WALL, IF_GOAL):
            words.append("if wall {" if t == IF_WALL else "if goal {")
        elif t in (WHILE_PATH, WHILE_NOT_GOAL):
            words.append("while path {" if t == WHILE_PATH else "until goal {")
        elif t == ELSE:
            words.append("} else {")
        else:
            words.append("}")
    return " ".join(words)
