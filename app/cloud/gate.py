"""The route class of every router: credentials and limits before the body is read.

FastAPI reads and parses a request's JSON body before it solves the route's dependencies,
so an unauthenticated client could make the service parse any body it liked. A
:class:`GatedRoute` finds the :class:`app.cloud.deps.BeforeBody` dependencies anywhere in
its dependency tree and runs them first; only a request that passes them has its body read
(at most ``max_body_bytes`` of it, see :mod:`app.cloud.bodylimit`).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from app.cloud.deps import BeforeBody


def before_body_checks(dependant: Dependant) -> list[BeforeBody]:
    """The BeforeBody dependencies of a route, each once, in the order FastAPI solves them
    (a dependency's own dependencies first)."""
    found: list[BeforeBody] = []

    def visit(node: Dependant) -> None:
        for sub in node.dependencies:
            visit(sub)
            if isinstance(sub.call, BeforeBody) and sub.call not in found:
                found.append(sub.call)

    visit(dependant)
    return found


class GatedRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        checks = before_body_checks(self.dependant)
        if not checks:
            return handler

        async def gated(request: Request) -> Response:
            for check in checks:
                await check.memo(request)
            return await handler(request)

        return gated
