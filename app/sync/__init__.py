"""The classroom host's cloud sync: sends the local outbox to the school's cloud tenant."""
