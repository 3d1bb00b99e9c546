"""The student player (``moonbase play``): an Arcade window, one View per screen.

The network runs in a background thread (:mod:`app.player.netthread`); the window drains its
events without blocking once a frame and keeps the client-side model in
:class:`app.player.session.Session`, which the views read and never write to the game.
"""
