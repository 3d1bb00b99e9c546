"""``/healthz``, ``/readyz``, ``/metrics`` and the middleware that counts every request."""

from __future__ import annotations

import os
import time

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest, multiprocess
from sqlalchemy import text
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.cloud.deps import ServiceDep
from app.cloud.errors import UnavailableError
from app.cloud.gate import GatedRoute
from app.cloud.metrics import Metrics
from app.cloud.models import ErrorBody, HealthResponse

router = APIRouter(tags=["health"], route_class=GatedRoute)


@router.get("/healthz", response_model=HealthResponse)
async def healthz() -> HealthResponse:
    """Liveness: the process answers."""
    return HealthResponse(status="ok")


@router.get("/readyz", response_model=HealthResponse, responses={503: {"model": ErrorBody}})
async def readyz(service: ServiceDep) -> HealthResponse:
    """Readiness: the database (and Redis, when configured) answer."""
    checks: dict[str, str] = {}
    try:
        async with service.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as exc:
        raise UnavailableError(f"database is not reachable: {exc.__class__.__name__}") from exc
    if service.redis is not None:
        try:
            await service.redis.ping()
            checks["redis"] = "ok"
        except Exception as exc:
            raise UnavailableError(f"redis is not reachable: {exc.__class__.__name__}") from exc
    return HealthResponse(status="ok", checks=checks)


@router.get("/metrics", response_class=Response)
async def metrics(service: ServiceDep) -> Response:
    """Prometheus text format; summed over the worker processes when there are several
    (``moonbase cloud --workers N``: prometheus_client's multiprocess mode)."""
    registry = service.metrics.registry
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


class MetricsMiddleware:
    """Counts requests by method, route template and status; times them by route."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            name = getattr(route, "path", "unmatched")
            self.metrics.requests.labels(scope["method"], name, str(status)).inc()
            self.metrics.latency.labels(name).observe(time.perf_counter() - started)
