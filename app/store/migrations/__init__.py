"""Versioned schema migrations: ``NNNN_name.sql``, applied in order, never edited once shipped.

File ``NNNN`` brings a database to ``PRAGMA user_version = NNNN``. Add a new file for every
change; an old database is upgraded step by step, never dropped.
"""
