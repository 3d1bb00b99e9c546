"""CurveZMQ: host keys on disk, join strings, and who can talk to an encrypted host."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path

import pytest
import zmq

from netcode.client import ClientConnection, HostUnreachable
from netcode.errors import ClientError, TransportError
from netcode.joinstring import JoinString, JoinStringError, parse_join_string
from netcode.keys import (
    PUBLIC_FILE,
    SECRET_FILE,
    HostKeys,
    KeyFileError,
    load_or_create_keys,
    parse_public_key,
)
from netcode.messages import Welcome
from netcode.server import HostSocket
from tests.netcode.minihost import MiniHost

Ctx = zmq.Context[zmq.Socket[bytes]]


def test_keys_are_created_private_and_reloaded(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "keys"
    keys = load_or_create_keys(folder)
    assert stat.S_IMODE((folder / SECRET_FILE).stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert (folder / PUBLIC_FILE).read_text().strip() == keys.public_text
    assert load_or_create_keys(folder) == keys
    assert zmq.curve_public(keys.secret) == keys.public


def test_a_readable_secret_or_a_broken_file_is_refused(tmp_path: Path) -> None:
    load_or_create_keys(tmp_path)
    secret = tmp_path / SECRET_FILE
    secret.chmod(0o644)
    with pytest.raises(KeyFileError, match=r"may be read by others \(mode 0644\); run chmod 600"):
        load_or_create_keys(tmp_path)
    secret.chmod(0o600)
    secret.write_text("not a key\n")
    with pytest.raises(KeyFileError, match="does not hold a Z85 secret key"):
        load_or_create_keys(tmp_path)
    sock = HostSocket("127.0.0.1", 0, key_dir=tmp_path)
    with pytest.raises(TransportError, match="does not hold a Z85 secret key"):
        sock.start()


def test_public_keys_parse_from_z85_or_hex() -> None:
    keys = HostKeys.generate()
    assert parse_public_key(keys.public_text) == keys.public
    assert parse_public_key(zmq.utils.z85.decode(keys.public).hex()) == keys.public
    with pytest.raises(KeyFileError, match="not a public key: 'abc'"):
        parse_public_key("abc")
    with pytest.raises(KeyFileError, match="does not belong"):
        HostKeys(public=HostKeys.generate().public, secret=keys.secret)


def test_join_strings_round_trip_and_name_their_fault() -> None:
    key = HostKeys.generate().public
    for host in ("127.0.0.1", "::1"):
        text = str(JoinString(host, 5555, key))
        assert parse_join_string(text) == JoinString(host, 5555, key)
    assert parse_join_string("10.0.0.5:7000") == JoinString("10.0.0.5", 7000, None)
    for bad, needle in (
        ("moonbase", "is not HOST:PORT"),
        ("school:5555", "'school' is not an IP address"),
        ("10.0.0.5:99999", "port must be within 1..65535"),
        ("10.0.0.5:5555/short", "not a public key"),
    ):
        with pytest.raises(JoinStringError, match=needle):
            parse_join_string(bad)


def test_join_string_client_talks_to_an_encrypted_host(zctx: Ctx, tmp_path: Path) -> None:
    async def main() -> None:
        sock = HostSocket("127.0.0.1", 0, context=zctx, key_dir=tmp_path)
        sock.start()
        assert sock.public_key == load_or_create_keys(tmp_path).public
        async with MiniHost(sock):
            conn = ClientConnection(context=zctx)
            await conn.connect_to(sock.join_string())
            assert conn.encrypted
            welcome = await conn.join("MOON42", "Ada", 1, timeout=3.0)
            assert isinstance(welcome, Welcome) and welcome.class_name == "7B"
            conn.close()

    asyncio.run(main())


@pytest.mark.parametrize("client_key", ["none", "wrong"])
def test_without_the_right_key_there_is_no_conversation(zctx: Ctx, client_key: str) -> None:
    async def main() -> None:
        sock = HostSocket("127.0.0.1", 0, context=zctx)
        sock.start()
        async with MiniHost(sock) as host:
            conn = ClientConnection(context=zctx)
            key = HostKeys.generate().public if client_key == "wrong" else None
            await conn.connect("127.0.0.1", sock.port, server_key=key)
            with pytest.raises(HostUnreachable):
                await conn.join("MOON42", "Ada", 1, timeout=0.5)
            conn.close()
            assert host.got == []  # the host never saw a message

    asyncio.run(main())


def test_client_refuses_a_malformed_key_and_plain_host_refuses_keys() -> None:
    async def main() -> None:
        conn = ClientConnection()
        with pytest.raises(ClientError, match="server_key: not a public key"):
            await conn.connect("127.0.0.1", 5555, server_key="nope")
        conn.close()

    asyncio.run(main())
    with pytest.raises(TransportError, match="curve=False"):
        HostSocket(curve=False, keys=HostKeys.generate())
