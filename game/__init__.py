"""Moonbase's games: one package per game (``game/lander/``, ...), pure and deterministic
(pymunk + numpy only), and the platform pieces every game shares (phases, modes, the fixed
time step, errors)."""
