"""Real sockets on 127.0.0.1, owned by the test and closed with linger 0."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
import zmq

from netcode.server import HostSocket

RECV_TIMEOUT_S = 3.0


@pytest.fixture
def zctx() -> Iterator[zmq.Context[zmq.Socket[bytes]]]:
    ctx: zmq.Context[zmq.Socket[bytes]] = zmq.Context()
    yield ctx
    ctx.destroy(linger=0)


@pytest.fixture(params=[True, False], ids=["curve", "plain"])
def curve(request: pytest.FixtureRequest) -> bool:
    """Run a test against an encrypted (CurveZMQ) and a plaintext host socket."""
    return bool(request.param)


@pytest.fixture
def host(zctx: zmq.Context[zmq.Socket[bytes]], curve: bool) -> Iterator[HostSocket]:
    sock = HostSocket("127.0.0.1", 0, context=zctx, curve=curve)
    sock.start()
    yield sock
    sock.close()


DealerFactory = Callable[[HostSocket], zmq.Socket[bytes]]


def secure_dealer(sock: zmq.Socket[bytes], server_key: bytes | None) -> None:
    """Make ``sock`` a CurveZMQ client of ``server_key`` (a fresh client key pair)."""
    if server_key is None:
        return
    public, secret = zmq.curve_keypair()
    sock.setsockopt(zmq.CURVE_SERVERKEY, server_key)
    sock.setsockopt(zmq.CURVE_PUBLICKEY, public)
    sock.setsockopt(zmq.CURVE_SECRETKEY, secret)


@pytest.fixture
def dealer(zctx: zmq.Context[zmq.Socket[bytes]]) -> Iterator[DealerFactory]:
    """Raw DEALER sockets connected to a host (to send what a real client never would);
    encrypted with the host's public key when it has one."""
    made: list[zmq.Socket[bytes]] = []

    def make(target: HostSocket) -> zmq.Socket[bytes]:
        sock = zctx.socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, 0)
        secure_dealer(sock, target.public_key)
        sock.connect(f"tcp://127.0.0.1:{target.port}")
        made.append(sock)
        return sock

    yield make
    for sock in made:
        sock.close(linger=0)


def recv_bytes(sock: zmq.Socket[bytes], timeout: float = RECV_TIMEOUT_S) -> bytes:
    """The next message on a raw socket; fails the test instead of hanging."""
    if not sock.poll(round(timeout * 1000), zmq.POLLIN):
        pytest.fail(f"nothing received within {timeout} s")
    return sock.recv(zmq.NOBLOCK)


def drain_host(
    host: HostSocket, count: int, timeout: float = RECV_TIMEOUT_S
) -> list[tuple[bytes, object]]:
    """At least ``count`` messages from the host socket, polling with a deadline."""
    deadline = time.monotonic() + timeout
    got: list[tuple[bytes, object]] = []
    while len(got) < count:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            pytest.fail(f"host got {len(got)} of {count} messages within {timeout} s")
        if host.poll(remaining):
            got.extend(host.drain(1000))
    return got
