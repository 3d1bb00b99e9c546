"""Dragging a student: from the roster table or a room's list onto a room card."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMimeData

PLAYER_MIME = "application/x-moonbase-player"


def player_mime(player_id: int, nickname: str) -> QMimeData:
    """What a dragged student carries: their seat (player id), and the nickname as text."""
    mime = QMimeData()
    mime.setData(PLAYER_MIME, QByteArray(str(player_id).encode("ascii")))
    mime.setText(nickname)
    return mime


def player_from_mime(mime: QMimeData) -> int | None:
    """The player id a drop carries, or None when it is not a student of this console."""
    if not mime.hasFormat(PLAYER_MIME):
        return None
    raw = bytes(mime.data(PLAYER_MIME).data()).decode("ascii", "replace")
    try:
        player_id = int(raw)
    except ValueError:
        return None
    return player_id if player_id > 0 else None
