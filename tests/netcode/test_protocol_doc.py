"""docs/protocol.md and the code agree: message types, ids, fields, ranges and error codes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from app.host.constants import CLASS_CAPACITY, HOST_ERROR_CODES, SILENT_AFTER_S
from app.host.moderation import CHAT_BURST, FLAG_LIMIT
from app.host.room import ROOM_CAPACITY
from app.host.roster import MAX_NICKNAME
from game.registry import all_games
from netcode.codec import MAX_MESSAGE_BYTES
from netcode.errors import ERROR_CODES
from netcode.messages import MESSAGE_TYPES, NICKNAME, PROTOCOL_VERSION, Join, specs_of
from netcode.server import DEFAULT_INPUT_BURST, DEFAULT_INPUT_RATE

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "protocol.md"
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
    assert f"version {PROTOCOL_VERSION}" in text and PROTOCOL_VERSION == 3
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


def _host_section(text: str) -> str:
    return text.split("## Host error codes", 1)[1].split("\n## ", 1)[0]


def _codes_sent_by(folder: Path) -> dict[str, str]:
    """Every error code string the host's code passes where a code goes: ``code=`` of a
    call, or the code argument of ``refuse``, ``JoinRefusedError``, ``_remove`` and
    ``remove`` (code -> where)."""
    positional = {"refuse": 1, "JoinRefusedError": 0, "_remove": 1, "remove": 1}
    found: dict[str, str] = {}
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args: list[ast.expr] = [k.value for k in node.keywords if k.arg == "code"]
            if name in positional and len(node.args) > positional[name]:
                args.append(node.args[positional[name]])
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, f"{path.name}:{node.lineno}")
    return found


def test_host_error_codes_in_the_doc_are_the_ones_the_host_sends() -> None:
    text = DOC.read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(\w+)` \| (?!\d)", _host_section(text), flags=re.M)
    assert len(documented) == len(set(documented))
    assert set(documented) == set(HOST_ERROR_CODES)
    assert not set(HOST_ERROR_CODES) & set(ERROR_CODES)  # a code means one thing
    sent = _codes_sent_by(ROOT / "app" / "host")
    assert len(sent) >= 15  # the scan finds the host's refusals (it is not looking elsewhere)
    unknown = {c: where for c, where in sent.items() if c not in HOST_ERROR_CODES}
    assert not unknown, f"the host sends codes docs/protocol.md does not list: {unknown}"
    unused = set(HOST_ERROR_CODES) - set(sent)
    assert not unused, f"documented host codes the host never sends: {unused}"
    # the spec's old names for two of them must not come back
    assert "duplicate_nickname" not in text and "room_full" not in text


def test_limits_in_the_doc_are_the_code_s() -> None:
    limits = {
        "MAX_NICKNAME": MAX_NICKNAME,
        "CLASS_CAPACITY": CLASS_CAPACITY,
        "ROOM_CAPACITY": ROOM_CAPACITY,
        "DEFAULT_INPUT_RATE": DEFAULT_INPUT_RATE,
        "DEFAULT_INPUT_BURST": DEFAULT_INPUT_BURST,
        "SILENT_AFTER_S": SILENT_AFTER_S,
        "FLAG_LIMIT": FLAG_LIMIT,
        "CHAT_BURST": CHAT_BURST,
    }
    section = _host_section(DOC.read_text(encoding="utf-8"))
    rows = dict(re.findall(r"^\| `(\w+)` \| (\d+) \| ", section, flags=re.M))
    assert {name: float(v) for name, v in rows.items()} == {
        name: float(v) for name, v in limits.items()
    }
    # the join field may carry more than the host admits; the doc says both
    assert dict(specs_of(Join))["nickname"] == NICKNAME
    assert f"may carry {NICKNAME.max_chars}" in section


def test_the_player_explains_only_the_codes_the_host_sends() -> None:
    """The player words each join refusal by its code: only documented codes, the host's
    and the socket's (the spec's old ``duplicate_nickname`` and ``room_full`` are gone from
    it too)."""
    from app.player.netthread import _REFUSALS

    documented = set(HOST_ERROR_CODES) | set(ERROR_CODES)
    assert set(_REFUSALS) <= documented, set(_REFUSALS) - documented
    assert {"nickname_taken", "class_full"} <= set(_REFUSALS)
