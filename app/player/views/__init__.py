"""One arcade View per screen of the player."""
