"""Oversized request bodies do not grow the service: twelve 10 MB uploads at once (declared
and chunked, with and without a key) leave its peak resident memory where it was."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import httpx

from tests.app.cloud.instances import Instance, cloud_instance

UPLOADS = 12
BODY_BYTES = 10 * 1024 * 1024
CHUNK = b"x" * 65_536
MAX_GROWTH_KIB = 24 * 1024  # far below one 10 MB body per connection


def _peak_kib(instance: Instance) -> int:
    for line in Path(f"/proc/{instance.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")


def _reset_peak(instance: Instance) -> None:
    Path(f"/proc/{instance.pid}/clear_refs").write_text("5")  # VmHWM := VmRSS


def _upload(port: int, path: str, headers: str, chunked: bool, answers: list[str]) -> None:
    """Send a 10 MB body (or as much of it as the service takes) and keep its answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {BODY_BYTES}"
        request = f"POST {path} HTTP/1.1\r\nHost: cloud\r\n{headers}{length}\r\n"
        sock.sendall(f"{request}Content-Type: application/json\r\n\r\n".encode())
        sent = 0
        try:
            while sent < BODY_BYTES:
                piece = CHUNK
                if chunked:
                    piece = f"{len(CHUNK):x}\r\n".encode() + CHUNK + b"\r\n"
                sock.sendall(piece)
                sent += len(CHUNK)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the service answered and closed without reading the rest: the point
        try:
            answers.append(sock.recv(200).decode("latin-1").split("\r\n", 1)[0])
        except OSError as exc:
            answers.append(f"no answer: {exc.__class__.__name__}")


def test_oversized_bodies_leave_memory_flat(tmp_path: Path) -> None:
    limits = {"MOONBASE_CLOUD_FAILED_AUTH_PER_MINUTE": "10000", "MOONBASE_CLOUD_ADMIN_TOKEN": "a"}
    with cloud_instance(tmp_path / "cloud", limits) as cloud:
        made = httpx.post(
            f"{cloud.url}/v1/admin/tenants",
            json={"tenant_id": "school_m", "name": "M"},
            headers={"X-Admin-Token": "a"},
        )
        key = made.json()["api_key"]
        for _ in range(3):  # warm: every code path of a request has run once
            httpx.post(
                f"{cloud.url}/v1/sync/results", json={"items": []}, headers={"X-API-Key": key}
            )
            httpx.post(f"{cloud.url}/v1/auth/login", json={"email": "a@b.cd", "password": "x"})
        port = int(cloud.url.rsplit(":", 1)[1])
        _reset_peak(cloud)
        before = _peak_kib(cloud)
        answers: list[str] = []
        cases = [
            ("/v1/sync/results", "", False),  # no key
            ("/v1/sync/results", "", True),
            ("/v1/sync/results", f"X-API-Key: {key}\r\n", False),  # a valid key
            ("/v1/sync/results", f"X-API-Key: {key}\r\n", True),
            ("/v1/auth/login", "", False),  # no credentials needed
            ("/v1/auth/login", "", True),
        ]
        threads = [
            threading.Thread(target=_upload, args=(port, *cases[i % len(cases)], answers))
            for i in range(UPLOADS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        growth = _peak_kib(cloud) - before
        assert httpx.get(f"{cloud.url}/readyz").status_code == 200
    assert growth < MAX_GROWTH_KIB, f"peak memory grew by {growth} KiB: {answers}"
    # refused unread: 413, or 401 when the request had no valid key (checked first)
    assert all(" 413 " in a or " 401 " in a or "no answer" in a for a in answers), answers
    assert sum(" 413 " in a for a in answers) >= UPLOADS // 2, answers
