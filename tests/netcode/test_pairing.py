"""Pairing with the join code: the right code gets the host's real key; a wrong code, an
impostor without the code, garbage and floods get clear refusals and change nothing."""

from __future__ import annotations

import asyncio

import msgpack
import pytest
import zmq

from netcode.errors import HostUnreachable
from netcode.keys import HostKeys
from netcode.pairing import (
    PER_ADDRESS_BURST,
    HostCard,
    PairingError,
    PairingServer,
    client_check,
    client_request,
    host_answer,
    pair,
)

Ctx = zmq.Context[zmq.Socket[bytes]]


def card_of(port: int = 5555) -> HostCard:
    return HostCard(HostKeys.generate().public, port, "7B Physics", "Ms Rivera")


def test_the_right_code_verifies_the_card_and_a_wrong_one_never_does() -> None:
    card = card_of()
    spake, request = client_request("k7m2-qx")  # as a student may type it
    answer = host_answer("K7M2QX", request, card)
    assert client_check(spake, answer) == card
    spake, request = client_request("K7M2QY")
    with pytest.raises(PairingError) as info:
        client_check(spake, host_answer("K7M2QX", request, card))
    assert info.value.code == "wrong_code" and "check the code" in info.value.message


def test_an_impostor_without_the_code_cannot_make_a_card_that_verifies() -> None:
    spake, request = client_request("K7M2QX")
    honest = msgpack.unpackb(host_answer("K7M2QX", request, card_of()), raw=False)
    forged_card = card_of(6000).pack()
    # the impostor swaps the card (its own key) but cannot compute the tag without the code
    forged = msgpack.packb([1, "card", honest[2], forged_card, honest[4]])
    with pytest.raises(PairingError, match="does not accept this join code"):
        client_check(spake, forged)
    # nor with its own SPAKE2 run under a guessed code
    spake, request = client_request("K7M2QX")
    with pytest.raises(PairingError, match="does not accept"):
        client_check(spake, host_answer("AAAAAA", request, card_of(6000)))


def test_malformed_requests_get_an_error_answer() -> None:
    for request in (b"", b"\xc1", msgpack.packb([2, "pair", b"x"]), msgpack.packb([1, "pair"])):
        with pytest.raises(PairingError, match="pairing request"):
            host_answer("K7M2QX", request, card_of())
    spake, _ = client_request("K7M2QX")
    with pytest.raises(PairingError, match="cannot be read"):
        client_check(spake, b"\xc1")


def test_pairing_over_sockets_and_the_limits(zctx: Ctx) -> None:
    async def scenario() -> None:
        card = card_of()
        codes = ["K7M2QX"]
        server = PairingServer(
            "127.0.0.1", 0, card=lambda: card, code=lambda: codes[0], context=zctx
        )
        server.start()
        task = asyncio.create_task(server.run())
        try:
            got = await pair("127.0.0.1", server.port, "K7M2QX", context=zctx)
            assert got == card
            with pytest.raises(PairingError) as wrong:
                await pair("127.0.0.1", server.port, "ZZZZZZ", context=zctx)
            assert wrong.value.code == "wrong_code"
            for _ in range(int(PER_ADDRESS_BURST)):  # a student guessing codes is slowed
                try:
                    await pair("127.0.0.1", server.port, "ZZZZZZ", context=zctx)
                except PairingError as exc:
                    last = exc
            assert last.code == "rate_limited" and server.refused >= 1
            with pytest.raises(HostUnreachable, match="no class answers"):
                await pair("127.0.0.1", server.port + 1, "K7M2QX", timeout=0.5, context=zctx)
        finally:
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            server.close()

    asyncio.run(scenario())
