"""encode/decode: every message round-trips; every kind of bad input gets its error code."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import msgpack
import pytest

from netcode.codec import (
    MAX_MESSAGE_BYTES,
    _fast_input,
    decode,
    decode_checked,
    encode,
    envelope_start,
    join_envelope,
    pack_field,
)
from netcode.errors import ERROR_CODES, ProtocolError
from netcode.messages import (
    BY_TAG,
    MESSAGE_TYPES,
    PROTOCOL_VERSION,
    Chat,
    Event,
    FullState,
    Input,
    Join,
    Ping,
    StateUpdate,
    specs_of,
)
from tests.netcode.samples import BASE, SAMPLES

V = PROTOCOL_VERSION


def raw(*items: object) -> bytes:
    return msgpack.packb(list(items), use_bin_type=True)


def code_of(data: bytes) -> str:
    with pytest.raises(ProtocolError) as info:
        decode(data)
    assert info.value.code in ERROR_CODES
    return info.value.code


def test_there_is_a_sample_of_every_message_type() -> None:
    assert set(SAMPLES) == set(BY_TAG)
    assert {type(m) for m in SAMPLES.values()} == set(MESSAGE_TYPES)


@pytest.mark.parametrize("version", ["2", 2.0, None, True, [2], {"v": 2}])
def test_a_version_that_is_not_an_integer_is_a_bad_version(version: object) -> None:
    with pytest.raises(ProtocolError) as info:
        decode(raw(version, 6, 1.0))
    assert info.value.code == "bad_version"
    assert f"protocol version must be an integer ({V} for this host)" in str(info.value)


def test_deep_nesting_is_refused_with_a_reason() -> None:
    data = bytes([0x93, V, 0x04]) + b"\x91" * 5000 + b"\x01"  # [V, chat, [[[...]]]]
    with pytest.raises(ProtocolError) as info:
        decode(data)
    assert info.value.code == "bad_message"
    assert str(info.value) == "not a msgpack message: nested too deep for the decoder"


@pytest.mark.parametrize("tag", sorted(SAMPLES))
def test_every_message_round_trips(tag: str) -> None:
    msg = SAMPLES[tag]
    data = encode(msg)
    back = decode(data)
    assert type(back) is type(msg)
    assert back == msg
    assert encode(back) == data
    envelope = msgpack.unpackb(data)
    assert envelope[:2] == [PROTOCOL_VERSION, type(msg).TYPE_ID]
    assert len(envelope) == 2 + len(specs_of(type(msg)))


def test_input_is_small_on_the_wire() -> None:
    # the lander's three controls as a list: 1 byte more than the fixed fields of version 1
    assert len(encode(SAMPLES["input"])) <= 25


def test_other_version_gets_a_clear_error() -> None:
    with pytest.raises(ProtocolError) as info:
        decode(raw(V + 1, 1, "MOON42", "Ada", 3, None))
    assert info.value.code == "bad_version"
    assert str(info.value) == f"protocol version {V + 1} not supported by this host (speaks {V})"
    with pytest.raises(ProtocolError, match=r"by this client"):
        decode(raw(7, 16), local="client")


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "bad_message"),
        (b"\xc1", "bad_message"),  # never-used msgpack byte
        (b"\x93\x01\x02", "bad_message"),  # truncated array
        (raw(V, 2) + b"\x00", "bad_message"),  # trailing bytes
        (msgpack.packb({"v": 1}), "bad_message"),
        (raw(V), "bad_message"),
        (raw("1", 2), "bad_version"),
        (raw(True, 2), "bad_version"),
        (raw(V, 99), "unknown_type"),
        (raw(V, "join"), "unknown_type"),
        (raw(V, True), "unknown_type"),
        (raw(V, 2, "extra"), "bad_field"),
        (raw(V, 3, 1, [0.5, 0.0, False]), "bad_field"),  # a field missing
        (raw(V, 6), "bad_field"),  # ping without its one required field
        (raw(V, 6, 1.0, 2.0, "extra"), "bad_field"),  # one beyond the omittable rtt_ms
        (b"\x00" * (MAX_MESSAGE_BYTES + 1), "too_large"),
        (msgpack.packb([V, 2, msgpack.ExtType(5, b"x")]), "bad_message"),
    ],
)
def test_malformed_envelopes(data: bytes, code: str) -> None:
    assert code_of(data) == code


@pytest.mark.parametrize(
    ("fields", "needle"),
    [
        ((-1, [0.5, 0.0, False], 0), "input.sequence must be within 0..4294967295, got -1"),
        ((1, [math.nan, 0.0, False], 0), "input.controls[0] must be finite, got nan"),
        ((1, [0.5, -math.inf, False], 0), "input.controls[1] must be finite"),
        ((1, ["0.5", 0.0, False], 0), "input.controls[0] must be a bool or a number, got str"),
        ((1, [None], 0), "input.controls[0] must be a bool or a number, got NoneType"),
        ((1, [], 0), "input.controls holds 0 values; 1..16 allowed"),
        ((1, [0.0] * 17, 0), "input.controls holds 17 values; 1..16 allowed"),
        ((1, "0.5", 0), "input.controls must be a list, got str"),
        ((1.0, [0.5], 0), "input.sequence must be an integer, got float"),
        ((2**64 - 1, [0.5], 0), "input.sequence must be within"),
        ((1, [0.5], -2), "input.ack_tick must be within -1.."),
    ],
)
def test_input_fields_are_checked(fields: tuple[object, ...], needle: str) -> None:
    with pytest.raises(ProtocolError) as info:
        decode(raw(V, Input.TYPE_ID, *fields))
    assert info.value.code == "bad_field"
    assert needle in str(info.value)


def test_controls_keep_their_wire_types_for_the_game_to_check() -> None:
    msg = decode(raw(V, Input.TYPE_ID, 3, [1, 0, True], -1))
    assert msg == Input(sequence=3, controls=(1, 0, True), ack_tick=-1)
    assert isinstance(msg, Input) and msg.controls == (1, 0, True)


def test_text_limits_and_optional_token() -> None:
    assert decode(raw(V, Join.TYPE_ID, "A", "B", 0, "tok")) == Join("A", "B", 0, "tok")
    with pytest.raises(ProtocolError, match=r"join.nickname is 65 characters; at most 64"):
        decode(raw(V, Join.TYPE_ID, "A", "x" * 65, 0, None))
    with pytest.raises(ProtocolError, match=r"join.code must be a string, got NoneType"):
        decode(raw(V, Join.TYPE_ID, None, "B", 0, None))
    with pytest.raises(ProtocolError, match=r"chat.text must be a string, got bytes"):
        decode(raw(V, Chat.TYPE_ID, b"hi"))


def test_event_data_must_be_plain_finite_and_bounded() -> None:
    ok = Event(tick=1, kind="k", data={"a": [1, 2.5, None, True, {"b": "c"}]})
    assert decode(encode(ok)) == ok
    for bad in ({"a": math.inf}, {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": {"i": 1}}}}}}}}}):
        with pytest.raises(ProtocolError) as info:
            decode(raw(V, Event.TYPE_ID, 1, "k", bad))
        assert info.value.code == "bad_field"
    with pytest.raises(ProtocolError, match=r"event.data.a keys must be strings"):
        encode(Event(tick=1, kind="k", data={"a": {1: 2}}))
    assert code_of(raw(V, Event.TYPE_ID, 1, "k", {"a": {1: 2}})) == "bad_message"
    with pytest.raises(ProtocolError, match=r"more than 4096 values"):
        decode(raw(V, Event.TYPE_ID, 1, "k", {"a": list(range(5000))}))


def test_encode_refuses_what_decode_would_refuse() -> None:
    with pytest.raises(ProtocolError, match=r"input.controls\[1\] must be finite, got nan"):
        encode(Input(sequence=0, controls=(1.5, float("nan"), False), ack_tick=-1))
    with pytest.raises(ProtocolError, match=r"event.data.x holds a non-finite number nan"):
        encode(Event(tick=0, kind="k", data={"x": math.nan}))
    with pytest.raises(ProtocolError) as info:
        encode(Chat(text="x" * 501))
    assert info.value.code == "bad_field"


def test_full_state_players_and_optional_landers() -> None:
    lobby = FullState(tick=0, phase="lobby", round=None, time_left=0.0, players=[], snapshot=None)
    assert decode(encode(lobby)) == lobby
    playing = FullState(
        tick=5, phase="active", round=None, time_left=1.0, players=[(1, "Ada", 2)], snapshot=BASE
    )
    back = decode(encode(playing))
    assert isinstance(back, FullState)
    assert back.players == ((1, "Ada", 2),)
    with pytest.raises(ProtocolError, match=r"full_state.players\[0\].character must be within"):
        decode(raw(V, FullState.TYPE_ID, 0, "lobby", None, 0.0, [[1, "Ada", 300]], None))
    with pytest.raises(ProtocolError, match=r"full_state.players\[0\] must be"):
        decode(raw(V, FullState.TYPE_ID, 0, "lobby", None, 0.0, [[1, "Ada"]], None))


def test_protocol_error_codes_are_closed() -> None:
    with pytest.raises(ValueError, match=r"unknown protocol error code"):
        ProtocolError("oops", "no such code")


# A ping without rtt_ms (the omittable field left off): the envelope of three values.
OLD_PING = bytes([0x93, V, 0x06]) + bytes.fromhex("cb4029000000000000")


def test_a_ping_without_rtt_is_the_old_ping_both_ways() -> None:
    assert decode(OLD_PING) == Ping(client_time=12.5, rtt_ms=None)
    assert encode(Ping(client_time=12.5)) == OLD_PING  # nothing added when there is no RTT
    assert decode(raw(V, Ping.TYPE_ID, 12.5, None)) == Ping(client_time=12.5)


def test_ping_rtt_is_checked() -> None:
    assert decode(raw(V, Ping.TYPE_ID, 1.0, 7)) == Ping(client_time=1.0, rtt_ms=7.0)
    with pytest.raises(ProtocolError, match=r"ping.rtt_ms must be within 0..60000, got -1"):
        decode(raw(V, Ping.TYPE_ID, 1.0, -1.0))
    with pytest.raises(ProtocolError, match=r"ping.rtt_ms must be finite"):
        decode(raw(V, Ping.TYPE_ID, 1.0, math.inf))
    with pytest.raises(ProtocolError, match=r"ping has 1..2 fields, got 3"):
        decode(raw(V, Ping.TYPE_ID, 1.0, 2.0, 3.0))
    with pytest.raises(ProtocolError, match=r"ping.rtt_ms must be a number, got str"):
        encode(Ping(client_time=1.0, rtt_ms="5"))  # type: ignore[arg-type]


def test_a_prepacked_last_field_gives_the_same_bytes() -> None:
    body = pack_field(StateUpdate, "snapshot", BASE)
    for tick, ack in ((0, -1), (120, 16), (2**32 - 1, 2**32 - 1)):
        want = encode(StateUpdate(tick=tick, ack_sequence=ack, snapshot=BASE))
        start = envelope_start(StateUpdate, (tick, ack))
        assert join_envelope(StateUpdate, start, [body]) == want
    with pytest.raises(ProtocolError, match=r"state_update.ack_sequence must be within"):
        envelope_start(StateUpdate, (1, -2))
    with pytest.raises(ProtocolError, match=r"state_update.snapshot must be a snapshot"):
        pack_field(StateUpdate, "snapshot", None)


def test_an_envelope_start_shared_by_many_messages_gives_the_same_bytes() -> None:
    body = pack_field(StateUpdate, "snapshot", BASE)
    start = envelope_start(StateUpdate, (120,))
    for ack in (-1, 0, 16, 2**32 - 1):
        rest = (pack_field(StateUpdate, "ack_sequence", ack), body)
        want = encode(StateUpdate(tick=120, ack_sequence=ack, snapshot=BASE))
        assert join_envelope(StateUpdate, start, rest) == want
    with pytest.raises(ProtocolError, match=r"state_update.tick must be within"):
        envelope_start(StateUpdate, (-5,))
    with pytest.raises(ProtocolError, match=r"state_update has 3 fields, got 4 leading"):
        envelope_start(StateUpdate, (1, 2, 3, 4))
    with pytest.raises(ProtocolError, match=r"not a protocol message"):
        envelope_start(int, ())  # type: ignore[arg-type]
    with pytest.raises(ProtocolError) as info:
        join_envelope(StateUpdate, start, [b"\x00" * MAX_MESSAGE_BYTES])
    assert info.value.code == "too_large"


def _outcome(fn: Callable[[bytes], object], data: bytes) -> object:
    try:
        return fn(data)
    except ProtocolError as exc:
        return (exc.code, str(exc))


def test_inputs_take_the_fast_decoder_and_it_agrees_with_the_field_specs() -> None:
    """An Input (60 a second per student) is decoded in one pass; for every envelope that
    starts like an Input, valid or not, decode gives exactly what the field specs give:
    the same message, or the same error code and text."""
    rng = random.Random(17)
    big = 2**64 - 1
    values: list[object] = [
        0,
        1,
        -1,
        7,
        2**32 - 1,
        2**32,
        -2,
        big,
        -(2**63),
        0.5,
        -0.0,
        1e300,
        True,
        False,
        None,
        "x",
        b"b",
        [],
        [0.5],
        {"a": 1},
        math.inf,
        math.nan,
    ]
    controls: list[object] = [
        [0.5, -0.25, False],
        [1],
        [True] * 16,
        [0.0] * 17,
        [],
        [big],
        [-(2**63)],
        [math.nan],
        [math.inf],
        ["x"],
        [None],
        [[0.5]],
        (0.5,),
        "abc",
        3,
        None,
    ]
    corpus = [encode(Input(sequence=9, controls=(0.5, -0.25, False), ack_tick=-1))]
    for _ in range(4000):
        fields = [rng.choice(values), rng.choice(controls), rng.choice(values)]
        if rng.random() < 0.5:
            fields = [rng.randrange(0, 2**32), rng.choice(controls), rng.randrange(-1, 99)]
        if rng.random() < 0.1:
            del fields[rng.randrange(0, 4) :]
        if rng.random() < 0.05:
            fields.append(rng.choice(values))
        corpus.append(raw(V, Input.TYPE_ID, *fields))
    taken = 0
    for data in corpus:
        fast, checked = _outcome(decode, data), _outcome(decode_checked, data)
        assert fast == checked, data
        if isinstance(fast, Input):
            assert type(fast.controls) is tuple and hash(fast) == hash(checked)
            taken += _fast_input(data) is not None
    assert taken > 500  # the fast path was taken for the valid ones (about half)
    assert all(
        _fast_input(d) is None for d in corpus if not isinstance(_outcome(decode_checked, d), Input)
    )
