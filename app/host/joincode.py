"""Join codes: six characters a class can read off a projector without mistakes.

The alphabet leaves out look-alikes (0/O, 1/I/L) so a code is never misread; what a
student types is normalised (case, spaces, dashes) before it is compared.
"""

from __future__ import annotations

import random
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 6


class JoinCodeError(ValueError):
    """A typed join code cannot be a Moonbase code at all."""


def new_join_code(rng: random.Random | None = None) -> str:
    """A fresh code; pass a seeded ``rng`` for a reproducible one (demo ``--seed``)."""
    if rng is None:
        return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "".join(rng.choice(ALPHABET) for _ in range(LENGTH))


def normalise_join_code(text: str) -> str:
    """Upper-case, drop spaces and dashes; raise :class:`JoinCodeError` naming the problem."""
    code = "".join(ch for ch in text.upper() if ch not in " -\t")
    if len(code) != LENGTH:
        raise JoinCodeError(f"a join code has {LENGTH} characters, got {len(code)}: {text!r}")
    wrong = sorted({ch for ch in code if ch not in ALPHABET})
    if wrong:
        raise JoinCodeError(
            f"join code {text!r} has characters a code never uses: {''.join(wrong)}"
        )
    return code
