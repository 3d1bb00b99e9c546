from __future__ import annotations

import math

import pytest

from game.lander import InvalidInputError, PlayerInput, validate_input


def test_valid_input_comes_back_with_float_fields() -> None:
    inp = validate_input(PlayerInput(3, 1, -1, True))
    assert inp == PlayerInput(3, 1.0, -1.0, True)
    assert type(inp.thrust) is float and type(inp.rotation) is float


@pytest.mark.parametrize(
    ("inp", "field"),
    [
        (PlayerInput(0, math.nan, 0.0), "thrust"),
        (PlayerInput(0, math.inf, 0.0), "thrust"),
        (PlayerInput(0, 1.0001, 0.0), "thrust"),
        (PlayerInput(0, -0.1, 0.0), "thrust"),
        (PlayerInput(0, True, 0.0), "thrust"),
        (PlayerInput(0, "0.5", 0.0), "thrust"),  # type: ignore[arg-type]
        (PlayerInput(0, 0.5, -1.5), "rotation"),
        (PlayerInput(0, 0.5, -math.inf), "rotation"),
        (PlayerInput(-1, 0.5, 0.0), "sequence"),
        (PlayerInput(1.5, 0.5, 0.0), "sequence"),  # type: ignore[arg-type]
        (PlayerInput(0, 0.5, 0.0, 1), "abort"),  # type: ignore[arg-type]
    ],
)
def test_bad_input_is_rejected_naming_the_field(inp: PlayerInput, field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        validate_input(inp)
    assert info.value.field == field
    assert str(info.value).startswith(f"{field} must be")
    assert isinstance(info.value, ValueError)


def test_message_names_value_and_range() -> None:
    with pytest.raises(
        InvalidInputError, match=r"thrust must be a finite number within 0\.\.1, got 1\.7"
    ):
        validate_input(PlayerInput(0, 1.7, 0.0))
