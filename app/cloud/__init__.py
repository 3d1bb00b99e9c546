"""The cloud tenant service: an ASGI HTTP API over SQL (SQLite or PostgreSQL) and optional Redis.

Entry points: :func:`app.cloud.server.create_app`, :func:`app.cloud.server.serve`,
:class:`app.cloud.settings.CloudSettings`, :func:`app.cloud.admin.create_tenant`.
"""
