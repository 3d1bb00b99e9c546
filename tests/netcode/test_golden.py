"""Golden byte vectors: a change of the wire format must change these files on purpose.

To regenerate after an intended change (and a PROTOCOL_VERSION bump):
    .venv/bin/python -m tests.netcode.test_golden --write
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from netcode.codec import decode, encode
from tests.netcode.samples import SAMPLES

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("tag", sorted(SAMPLES))
def test_encoding_matches_the_golden_bytes(tag: str) -> None:
    path = GOLDEN / f"{tag}.bin"
    assert path.exists(), f"no golden vector {path.name}; see this module's docstring"
    expected = path.read_bytes()
    assert encode(SAMPLES[tag]).hex() == expected.hex()
    assert decode(expected) == SAMPLES[tag]


def test_every_golden_file_has_a_sample() -> None:
    assert {p.stem for p in GOLDEN.glob("*.bin")} == set(SAMPLES)


def write_all() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for tag, msg in SAMPLES.items():
        (GOLDEN / f"{tag}.bin").write_bytes(encode(msg))


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        write_all()
