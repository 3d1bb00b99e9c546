"""Chat filtering and the anti-cheat bar rule.

Chat words are filtered with ``better-profanity`` (a maintained word list with leetspeak
variants); the teacher's mute, unmute and kick live in :class:`app.host.host.ClassHost`.
The seed's rule for flags: 3 flags in 24 hours bar a student from the class session until
the teacher lifts the bar.
"""

from __future__ import annotations

from datetime import timedelta

from better_profanity import Profanity  # type: ignore[import-untyped]

FLAG_LIMIT = 3
FLAG_WINDOW = timedelta(hours=24)
MAX_CHAT = 200


class ChatFilter:
    """Hide rude words as ``****``; the word list is loaded once per host."""

    def __init__(self, extra_words: list[str] | None = None) -> None:
        self._profanity = Profanity()
        if extra_words:
            self._profanity.add_censor_words(list(extra_words))

    def clean(self, text: str) -> tuple[str, bool]:
        """``(text as shown, whether anything was hidden)``; trimmed to :data:`MAX_CHAT`."""
        trimmed = " ".join(text.split())[:MAX_CHAT]
        shown = str(self._profanity.censor(trimmed))
        return shown, shown != trimmed


def should_bar(flags_in_window: int) -> bool:
    """True once a student has :data:`FLAG_LIMIT` flags inside :data:`FLAG_WINDOW`."""
    return flags_in_window >= FLAG_LIMIT
