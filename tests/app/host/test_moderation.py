from __future__ import annotations

import pytest

from app.host.moderation import ChatFilter, should_bar
from app.host.roster import JoinRefusedError, Roster, parse_roster_csv


def test_chat_filter_hides_rude_words_only() -> None:
    f = ChatFilter()
    assert f.clean("nice  landing!") == ("nice landing!", False)
    shown, hidden = f.clean("you shit pilot")
    assert hidden and "shit" not in shown and shown.startswith("you ")


def test_three_flags_bar() -> None:
    assert [should_bar(n) for n in (1, 2, 3, 4)] == [False, False, True, True]


def test_roster_csv_reports_bad_rows_by_line() -> None:
    text = "nickname\nAda\nBuzz\n  \n" + "x" * 20 + "\nada\nbad\x07name\n# note\nCosmo,7B\n"
    parsed = parse_roster_csv(text)
    assert parsed.nicknames == ["Ada", "Buzz", "Cosmo"]
    assert [(p.line, p.message.split(" ")[0]) for p in parsed.problems] == [
        (5, "nickname"),
        (6, "'ada'"),
        (7, "nickname"),
    ]


def test_roster_only_admits_listed_nicknames() -> None:
    roster = Roster()
    roster.set_allowed(["Ada", "Buzz"])
    assert roster.seat(b"a", "ada", 0, 0.0).nickname == "Ada"
    with pytest.raises(JoinRefusedError) as info:
        roster.seat(b"b", "Mallory", 0, 0.0)
    assert info.value.code == "not_on_roster"
