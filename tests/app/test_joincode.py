from __future__ import annotations

import random

import pytest

from app.host.joincode import ALPHABET, JoinCodeError, new_join_code, normalise_join_code


def test_codes_avoid_look_alike_characters() -> None:
    assert not set("0O1IL") & set(ALPHABET)
    codes = {new_join_code() for _ in range(200)}
    assert all(len(c) == 6 and set(c) <= set(ALPHABET) for c in codes)
    assert len(codes) > 190  # random, not constant


def test_seeded_codes_repeat() -> None:
    assert new_join_code(random.Random(7)) == new_join_code(random.Random(7))


def test_typed_codes_are_normalised() -> None:
    assert normalise_join_code(" abc-def ") == "ABCDEF"


@pytest.mark.parametrize(
    ("typed", "why"), [("ABC", "6 characters, got 3"), ("ABCD0E", "never uses: 0")]
)
def test_bad_codes_say_why(typed: str, why: str) -> None:
    with pytest.raises(JoinCodeError, match=why):
        normalise_join_code(typed)
