"""docs/protocol.md and the code agree: message types, ids, fields, ranges and error codes."""

from __future__ import annotations

import re
from pathlib import Path

from game.registry import all_games
from netcode.codec import MAX_MESSAGE_BYTES
from netcode.errors import ERROR_CODES
from netcode.messages import MESSAGE_TYPES, PROTOCOL_VERSION, specs_of

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"
HEADING = re.compile(r"^### (\w+) \((\d+), (client|host) → (?:host|client)\)$")
ROW = re.compile(r"^\| (\d+) \| `(\w+)` \| (.+) \|$")


def sections() -> dict[str, tuple[int, str, list[tuple[str, str]]]]:
    """tag -> (type id, direction, [(field, type doc)]) as the document states them."""
    out: dict[str, tuple[int, str, list[tuple[str, str]]]] = {}
    current: str | None = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = None
        heading = HEADING.match(line)
        if heading:
            current = heading[1]
            out[current] = (int(heading[2]), heading[3], [])
            continue
        row = ROW.match(line)
        if current is not None and row:
            out[current][2].append((row[2], row[3]))
    return out


def test_every_message_in_the_doc_is_in_the_code_and_back() -> None:
    documented = sections()
    in_code = {
        cls.TAG: (
            cls.TYPE_ID,
            cls.DIRECTION,
            [(name, spec.doc) for name, spec in specs_of(cls)],
        )
        for cls in MESSAGE_TYPES
    }
    assert set(documented) == set(in_code)
    for tag, stated in documented.items():
        assert stated == in_code[tag], f"docs/protocol.md and the code disagree on {tag}"


def test_type_table_lists_every_type_once() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = re.findall(r"^\| (\d+) \| `(\w+)` \| (client|host) → ", text, flags=re.M)
    assert sorted((int(i), t) for i, t, _ in table) == sorted(
        (cls.TYPE_ID, cls.TAG) for cls in MESSAGE_TYPES
    )


def test_error_codes_constants_and_quantisation_agree() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Error codes", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `(\w+)` \| ", section, flags=re.M))
    assert documented == set(ERROR_CODES)
    assert f"version {PROTOCOL_VERSION}" in text and PROTOCOL_VERSION == 2
    assert f"{MAX_MESSAGE_BYTES:,}".replace(",", " ") in text


def test_every_game_schema_is_documented() -> None:
    """Each game's snapshot columns, scales and units are in the doc's table for that game."""
    text = DOC.read_text(encoding="utf-8")
    for game in all_games():
        heading = f"### Game `{game.key}`"
        assert heading in text, f"docs/protocol.md has no section {heading!r}"
        section = text.split(heading, 1)[1].split("\n### ", 1)[0]
        for f in game.schema.fields:
            row = f"| `{f.name}` | {f.scale} | {f.unit or '-'} | {f.blend} |"
            assert row in section, f"{game.key}: the doc lacks the row {row!r}"
        for i in game.inputs.fields:
            assert f"`{i.name}`" in section, f"{game.key}: input {i.name} is not documented"
        for value, status in game.statuses.items():
            assert f"| {value} | `{status.code}` |" in section, f"{game.key}: status {value}"
