"""Who is in the class: seats, nicknames, connections, reconnect tokens."""

from __future__ import annotations

import csv
import io
import secrets
import unicodedata
from dataclasses import dataclass, field

from app.host.rating import Rating

MAX_PLAYERS = 8
MAX_NICKNAME = 16
# Names a student may not take, nor anything that reads like them ("T3acher", "HOST!",
# "ｔｅａｃｈｅｒ"): chat lines from them would pass for the teacher's.
RESERVED = ("host", "teacher", "moonbase", "admin", "system")
_LOOKALIKE = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
    }
)


class JoinRefusedError(Exception):
    """A join was refused; ``code`` goes on the wire, ``message`` is for the student."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Player:
    player_id: int
    nickname: str
    character: int
    token: str
    peer: bytes
    student_id: int | None = None
    connected: bool = True
    last_seen: float = 0.0
    spectator: bool = False  # no lander in the room's round (late joiner, or watching)
    watching: bool = False  # the teacher chose spectating for every round (set_spectator)
    room: str | None = None
    muted: bool = False
    rating: Rating = field(default_factory=Rating)  # in the class's game (for grouping)
    ratings: dict[str, Rating] = field(default_factory=dict)  # game key -> rating
    extra: dict[str, object] = field(default_factory=dict)


def skeleton(name: str) -> str:
    """What a name reads as: compatibility forms folded (full-width letters), case folded,
    accents and separators dropped, digits and signs read as the letters they look like."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name)).casefold()
    letters = "".join(ch for ch in folded.translate(_LOOKALIKE) if ch.isalnum())
    return "".join(ch for ch in letters if not unicodedata.combining(ch))


def clean_nickname(raw: str) -> str:
    """Trim and check a nickname: 1-16 printable characters, no control characters, and not
    one of the reserved names (or a look-alike)."""
    name = unicodedata.normalize("NFC", raw).strip()
    if not name:
        raise JoinRefusedError("bad_nickname", "a nickname is needed to join")
    if len(name) > MAX_NICKNAME:
        raise JoinRefusedError(
            "bad_nickname", f"nickname is {len(name)} characters; at most {MAX_NICKNAME}"
        )
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise JoinRefusedError("bad_nickname", "nickname has characters that cannot be shown")
    if skeleton(name) in RESERVED:
        raise JoinRefusedError(
            "reserved_nickname", f"{name!r} is kept for the teacher and the class; pick another"
        )
    return name


@dataclass(frozen=True)
class RosterProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass(frozen=True)
class RosterFile:
    """A parsed roster CSV: the nicknames that may join (with their line) and bad rows."""

    entries: tuple[tuple[int, str], ...]
    problems: tuple[RosterProblem, ...]

    @property
    def nicknames(self) -> list[str]:
        return [name for _, name in self.entries]


HEADERS = ("nickname", "name", "nick")
MAX_ROSTER = 500
MAX_DEPARTED = 256


def parse_roster_csv(text: str) -> RosterFile:
    """Read a roster: one nickname per row (first column; an optional ``nickname`` header;
    blank rows and rows starting with ``#`` are skipped). Bad rows are reported with their
    line number: empty, too long, unprintable, or a duplicate of an earlier row."""
    entries: list[tuple[int, str]] = []
    problems: list[RosterProblem] = []
    seen: dict[str, int] = {}
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        for row in reader:
            line = reader.line_num
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            raw = row[0]
            if not entries and not problems and raw.strip().casefold() in HEADERS:
                continue
            try:
                name = clean_nickname(raw)
            except JoinRefusedError as exc:
                problems.append(RosterProblem(line, f"{exc.message} ({raw!r})"))
                continue
            folded = name.casefold()
            if folded in seen:
                problems.append(RosterProblem(line, f"{name!r} is already on line {seen[folded]}"))
                continue
            if len(entries) >= MAX_ROSTER:
                problems.append(RosterProblem(line, f"a roster holds at most {MAX_ROSTER} names"))
                break
            seen[folded] = line
            entries.append((line, name))
    except csv.Error as exc:
        problems.append(RosterProblem(reader.line_num, f"not valid CSV: {exc}"))
    return RosterFile(tuple(entries), tuple(problems))


class Roster:
    """Seats of one class. Nicknames are unique (case-insensitive) among seated players."""

    def __init__(self, capacity: int = MAX_PLAYERS) -> None:
        self.capacity = capacity
        self.allowed: dict[str, str] | None = None  # folded -> nickname; None: anyone
        self._players: dict[int, Player] = {}
        self._by_peer: dict[bytes, int] = {}
        self._next_id = 1
        # Students who left (``leave``, or removed): their seat and name are free again;
        # kept by player id so a result of theirs still finds its student, and listed as
        # offline. At most MAX_DEPARTED, the oldest forgotten first.
        self.departed: dict[int, Player] = {}

    def __len__(self) -> int:
        return len(self._players)

    def players(self) -> list[Player]:
        return sorted(self._players.values(), key=lambda p: p.player_id)

    def get(self, player_id: int) -> Player | None:
        return self._players.get(player_id)

    def by_peer(self, peer: bytes) -> Player | None:
        pid = self._by_peer.get(peer)
        return None if pid is None else self._players.get(pid)

    def by_token(self, token: str) -> Player | None:
        for player in self._players.values():
            if secrets.compare_digest(player.token, token):
                return player
        return None

    def readmit(self, token: str, peer: bytes, character: int, now: float) -> Player | None:
        """A student who left this lesson comes back with their rejoin token: the same
        player (id, name, character, ratings) seated again, or None (no such token, their
        name taken meanwhile, or the class full: they join as anyone would)."""
        player = next(
            (p for p in self.departed.values() if secrets.compare_digest(p.token, token)), None
        )
        if player is None or self.by_nickname(player.nickname) is not None:
            return None
        if len(self._players) >= self.capacity or peer in self._by_peer:
            return None
        del self.departed[player.player_id]
        player.peer, player.connected, player.last_seen = peer, True, now
        player.character = character
        self._players[player.player_id] = player
        self._by_peer[peer] = player.player_id
        return player

    def seat(self, peer: bytes, nickname: str, character: int, now: float) -> Player:
        """A new seat, or :class:`JoinRefusedError` (taken nickname, full class)."""
        name = clean_nickname(nickname)
        folded = name.casefold()
        if self.allowed is not None:
            if folded not in self.allowed:
                raise JoinRefusedError(
                    "not_on_roster",
                    f"{name!r} is not on this class's roster; use the nickname your teacher gave",
                )
            name = self.allowed[folded]
        for other in self._players.values():
            if other.nickname.casefold() == folded:
                if other.connected:
                    raise JoinRefusedError(
                        "nickname_taken",
                        f"the nickname {name!r} is taken in this class; pick another",
                    )
                raise JoinRefusedError(
                    "reclaim_pending",
                    f"{other.nickname} is in this class on a computer that went quiet; your "
                    f"teacher can let you go on as {other.nickname} from this one",
                )
        if len(self._players) >= self.capacity:
            raise JoinRefusedError(
                "class_full", f"this class is full ({self.capacity} players); ask your teacher"
            )
        if peer in self._by_peer:
            raise JoinRefusedError("already_joined", "this connection has already joined")
        player = Player(
            player_id=self._next_id,
            nickname=name,
            character=character,
            token=secrets.token_urlsafe(16),
            peer=peer,
            last_seen=now,
        )
        self._next_id += 1
        self._players[player.player_id] = player
        self._by_peer[peer] = player.player_id
        return player

    def reseat(self, player: Player, peer: bytes, now: float) -> None:
        """Move a returning player (matched by token) onto their new connection."""
        self._by_peer.pop(player.peer, None)
        player.peer = peer
        player.connected = True
        player.last_seen = now
        self._by_peer[peer] = player.player_id

    def disconnect(self, peer: bytes) -> Player | None:
        player = self.by_peer(peer)
        if player is not None:
            player.connected = False
            self._by_peer.pop(peer, None)
        return player

    def set_allowed(self, nicknames: list[str] | None) -> None:
        """Only these nicknames may join from now on (None: anyone with the code)."""
        self.allowed = None if nicknames is None else {n.casefold(): n for n in nicknames}

    def by_nickname(self, nickname: str) -> Player | None:
        folded = nickname.strip().casefold()
        for player in self._players.values():
            if player.nickname.casefold() == folded:
                return player
        return None

    def remove(self, player_id: int, *, keep_token: bool = True, departed: bool = True) -> None:
        """Free the seat and the name (the student left or was removed). A student who left
        keeps their rejoin token (:meth:`readmit`); one the teacher removed does not.
        ``departed=False``: a join that never completed, not listed as offline."""
        player = self._players.pop(player_id, None)
        if player is not None:
            if not keep_token:
                player.token = secrets.token_urlsafe(16)  # known to nobody
            self._by_peer.pop(player.peer, None)
            player.connected = False
            player.room = None
            if not departed:
                return
            self.departed[player_id] = player
            while len(self.departed) > MAX_DEPARTED:
                self.departed.pop(next(iter(self.departed)))

    def get_any(self, player_id: int) -> Player | None:
        """A seated student, or one who left this lesson."""
        return self._players.get(player_id) or self.departed.get(player_id)

    def offline(self) -> list[Player]:
        """Students who left this lesson and have not come back (by nickname)."""
        seated = {p.nickname.casefold() for p in self._players.values()}
        seen: set[str] = set()
        out = []
        for player in reversed(self.departed.values()):
            folded = player.nickname.casefold()
            if folded not in seated and folded not in seen:
                seen.add(folded)
                out.append(player)
        return sorted(out, key=lambda p: p.nickname.casefold())

    def reclaim(self, nickname: str, peer: bytes, now: float) -> Player:
        """A disconnected student's seat, moved onto ``peer`` with a new reconnect token
        (the teacher approved it: the old computer's token no longer works)."""
        player = self.by_nickname(nickname)
        if player is None or player.connected:
            raise JoinRefusedError("nickname_taken", f"{nickname!r} cannot be reclaimed now")
        if peer in self._by_peer:
            raise JoinRefusedError("already_joined", "this connection has already joined")
        self.reseat(player, peer, now)
        player.token = secrets.token_urlsafe(16)
        return player
