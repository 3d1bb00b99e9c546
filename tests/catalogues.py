"""What is wrong with a translation catalogue ({English text: translation}) against the
texts a program shows: shared by the player's and the games' catalogue tests."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class CatalogueProblems:
    unfinished: list[str]  # texts shown without a translation
    wrong: list[tuple[str, str]]  # translations whose places differ from the English
    unused: list[str]  # translations of texts nothing shows


def catalogue_problems(
    texts: set[str], catalogue: dict[str, str], placeholder: re.Pattern[str]
) -> CatalogueProblems:
    return CatalogueProblems(
        unfinished=sorted(t for t in texts if not catalogue.get(t, "").strip()),
        wrong=[
            (en, de)
            for en, de in catalogue.items()
            if sorted(placeholder.findall(en)) != sorted(placeholder.findall(de))
        ],
        unused=sorted(set(catalogue) - texts),
    )
