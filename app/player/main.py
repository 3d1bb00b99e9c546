"""``moonbase play``: open the player window; ``server``/``code``/``name`` skip the menus."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.player.address import parse_address
from app.player.errors import AddressError

if TYPE_CHECKING:
    from netcode.discovery import Interfaces

log = logging.getLogger(__name__)


def run_player(
    server: str | None,
    code: str | None,
    name: str | None,
    *,
    fullscreen: bool = False,
    data_dir: Path | None = None,
    discovery: Interfaces | None = "all",
    language: str = "auto",
) -> int:
    """Run the player until its window closes; 0 on a normal exit, 2 for a bad ``server``.

    ``discovery``: the interfaces to look for classes on ("all" or addresses); None: none.
    ``data_dir``: where the player keeps its rejoin tokens (the settings' data folder).
    ``language``: en, de, or auto (the computer's language when the player speaks it)."""
    address = None
    if server:
        try:
            address = parse_address(server)
        except AddressError as exc:
            print(f"moonbase play: {exc}", file=sys.stderr)
            return 2
    from app.player.i18n import set_language

    set_language(language)
    import arcade  # a display is needed from here on

    from app.player.lan import NoBrowser, lan_browser
    from app.player.window import PlayerWindow

    browser = NoBrowser() if discovery is None else lan_browser(discovery)
    window = PlayerWindow(fullscreen=fullscreen, browser=browser, data_dir=data_dir)
    session = window.session
    if address is not None:
        session.address = session.typed_address = address
    if code:
        session.code = code.strip().upper()
    if name:
        session.nickname = name.strip()
    if code and name and address is not None:
        window.join(session.character)
        window.find_class()  # shown until the Welcome arrives (or with the error)
    elif address is not None or code or name:
        window.find_class()
    try:
        arcade.run()
    finally:
        if not window.closed:
            window.close()
    return 0
