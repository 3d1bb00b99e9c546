"""The ASGI application and the uvicorn runner behind ``moonbase cloud``."""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.cloud import (
    observability,
    routes_analytics,
    routes_auth,
    routes_billing,
    routes_boards,
    routes_compliance,
    routes_entitlements,
    routes_orgs,
    routes_sync,
    routes_tenant,
)
from app.cloud.bodylimit import BodyLimitMiddleware
from app.cloud.errors import CloudError, RateLimitedError
from app.cloud.metrics import Metrics
from app.cloud.models import ResultItem
from app.cloud.service import open_service
from app.cloud.settings import CloudSettings
from app.common.timeutil import Clock, utc_now

log = logging.getLogger(__name__)
_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "rate_limited",
}


ROUTERS: tuple[APIRouter, ...] = tuple(
    module.router
    for module in (
        observability,
        routes_sync,
        routes_boards,
        routes_tenant,
        routes_compliance,
        routes_auth,
        routes_orgs,
        routes_entitlements,
        routes_billing,
        routes_analytics,
    )
)


def _error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status, headers=headers)


async def _on_cloud_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CloudError)
    headers = {"Retry-After": str(exc.retry_after_s)} if isinstance(exc, RateLimitedError) else None
    return _error(exc.status, exc.code, exc.message, headers)


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
    if exc.status_code == 404:
        message = f"no route {request.url.path}"
    elif exc.status_code == 405:
        message = f"method {request.method} is not allowed on {request.url.path}"
    else:
        message = str(exc.detail)
    return _error(exc.status_code, code, message, dict(exc.headers or {}))


async def _on_validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if not errors:
        return _error(422, "invalid_request", "request is not valid")
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "request"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return _error(422, "invalid_request", f"{where}: {first.get('msg', 'invalid')}{more}")


async def _on_unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return _error(500, "internal", "internal error; it has been logged")


def create_app(settings: CloudSettings, *, clock: Clock = utc_now) -> FastAPI:
    """The service as an ASGI app; connections open in its lifespan (uvicorn runs it)."""
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with open_service(settings, clock, metrics=metrics) as service:
            app.state.service = service
            yield

    app = FastAPI(
        title="Moonbase cloud",
        version="1",
        description="Tenants, offline-first result sync and leaderboards for Moonbase classrooms."
        " Every error is JSON {code, message}.",
        lifespan=lifespan,
    )

    def body_limit(path: str) -> int:
        if path == routes_billing.WEBHOOK_PATH:
            return settings.max_webhook_bytes
        return settings.max_body_bytes

    app.add_middleware(BodyLimitMiddleware, limit_for=body_limit)
    app.add_middleware(observability.MetricsMiddleware, metrics=metrics)  # outermost
    app.add_exception_handler(CloudError, _on_cloud_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(Exception, _on_unexpected)
    for router in ROUTERS:
        app.include_router(router)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            doc.setdefault("components", {}).setdefault("schemas", {})["ResultItem"] = (
                ResultItem.model_json_schema(ref_template="#/components/schemas/{model}")
            )
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


def uvicorn_config(
    app: FastAPI, settings: CloudSettings, *, port: int | None = None
) -> uvicorn.Config:
    """How uvicorn runs the app. ``proxy_headers=False``: uvicorn would believe
    X-Forwarded-For from 127.0.0.1 by default; the app itself believes it only from the
    proxies in ``trusted_proxies`` (see :mod:`app.cloud.clientaddr`)."""
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port if port is None else port,
        log_level=settings.log_level.lower(),
        lifespan="on",
        access_log=False,
        proxy_headers=False,
    )


async def serve(settings: CloudSettings) -> None:
    """Run the service with uvicorn until cancelled or interrupted. What the first start
    creates, and the checks that may refuse to start (secrets other instances do not share),
    run before the port is opened, so a refusal is one line, not a half-started server."""
    await _prepare(settings)
    await uvicorn.Server(uvicorn_config(create_app(settings), settings)).serve()


# the environment variable prometheus_client's multiprocess mode reads (see /metrics)
METRICS_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"
MAX_WORKERS = 64


def app_from_env() -> FastAPI:
    """The app as each worker process of :func:`serve_workers` builds it (uvicorn's
    ``factory=True``): the settings come from the environment the parent prepared."""
    return create_app(CloudSettings.from_env())


def check_workers(settings: CloudSettings, workers: int) -> None:
    """Several service processes share state only through the databases: each needs the
    same PostgreSQL (SQLite takes one writer at a time) and the same Redis (rate limits
    and caches would otherwise be per process, a client getting N times its limit)."""
    if not 1 <= workers <= MAX_WORKERS:
        raise ValueError(f"workers must be within 1..{MAX_WORKERS}, got {workers}")
    if workers == 1:
        return
    if not settings.effective_database_url.startswith("postgresql"):
        raise ValueError(
            f"--workers {workers} needs DATABASE_URL to be PostgreSQL (embedded SQLite takes "
            "one writer at a time); run one worker, or set DATABASE_URL=postgresql://HOST/DB"
        )
    if not settings.redis_url:
        raise ValueError(
            f"--workers {workers} needs REDIS_URL: rate limits and caches must be shared by "
            "the workers; run one worker, or set REDIS_URL=redis://HOST:6379/0"
        )


async def _prepare(settings: CloudSettings) -> None:
    """What the first start creates (schema migrations, the default tenant, the key
    pepper and the signing key), done once before the workers start, so they do not race
    to create it."""
    async with open_service(settings):
        pass


def serve_workers(settings: CloudSettings, workers: int) -> None:
    """Run ``workers`` service processes on one port (uvicorn's process manager restarts
    one that dies); blocks until interrupted. Metrics are summed over the workers
    (prometheus_client's multiprocess mode, files in a temporary folder)."""
    check_workers(settings, workers)
    asyncio.run(_prepare(settings))
    env = {
        "DATABASE_URL": settings.effective_database_url,
        "MOONBASE_CLOUD_HOST": settings.host,
        "MOONBASE_CLOUD_PORT": str(settings.port),
        "MOONBASE_CLOUD_DATA_DIR": str(settings.data_dir),
        "MOONBASE_CLOUD_LOG_LEVEL": settings.log_level,
    }
    if settings.redis_url:
        env["REDIS_URL"] = settings.redis_url
    with tempfile.TemporaryDirectory(prefix="moonbase-metrics-") as metrics_dir:
        os.environ.update(env, **{METRICS_DIR_ENV: metrics_dir})
        uvicorn.run(
            "app.cloud.server:app_from_env",
            factory=True,
            workers=workers,
            host=settings.host,
            port=settings.port,
            log_level=settings.log_level.lower(),
            lifespan="on",
            access_log=False,
            proxy_headers=False,  # as in uvicorn_config
        )
