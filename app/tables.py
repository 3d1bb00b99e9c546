"""Results and leaderboards as text, for the terminal programs (``demo``, ``serve``)."""

from __future__ import annotations

from typing import TextIO

from app.store import LeaderboardRow, StoredFlight


def _outcome_line(f: StoredFlight, rank: int) -> str:
    stars = "*" * f.stars
    return f"  {rank:>2}  {f.nickname:<8} {f.outcome:<13} {f.score:>6}  {stars:<3}  {f.reason}"


def print_results(out: TextIO, flights: list[StoredFlight]) -> None:
    out.write("\nResults (from the database)\n")
    out.write(f"  {'#':>2}  {'student':<8} {'outcome':<13} {'score':>6}  {'':<3}  why\n")
    ranked = sorted(flights, key=lambda f: (-f.score, f.nickname))
    for rank, flight in enumerate(ranked, start=1):
        out.write(_outcome_line(flight, rank) + "\n")


def print_leaderboard(out: TextIO, rows: list[LeaderboardRow], title: str) -> None:
    out.write(f"\n{title}\n")
    out.write(f"  {'rank':>4}  {'student':<8} {'best':>6}  stars  flights\n")
    for row in rows:
        out.write(
            f"  {row.rank:>4}  {row.nickname:<8} {row.score:>6}  {row.stars:>5}  {row.flights:>7}\n"
        )
