"""Errors of the sync client."""

from __future__ import annotations


class SyncError(Exception):
    """A sync pass could not deliver a batch; the message says why (shown in the status)."""
