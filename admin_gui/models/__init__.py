"""Qt item models over the console's plain records; every edit goes through them."""
