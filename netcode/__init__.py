"""netcode."""
