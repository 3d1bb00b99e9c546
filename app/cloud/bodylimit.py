"""Request bodies above a limit are refused with 413 before they are read.

A declared ``Content-Length`` over the limit is answered at once, the body unread; a body
without one (chunked) is counted as it arrives and refused as soon as it passes the limit.
Either way the service never holds more than the limit of a body in memory, so oversized
uploads (authenticated or not) cannot grow it. The Stripe webhook has its own, larger limit.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLargeError(HTTPException):
    """Raised from ``receive`` once a body passes the limit: the app's handler for HTTP
    errors answers it with the JSON 413 (FastAPI lets HTTPExceptions from reading through)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body is larger than {limit} bytes")
        self.limit = limit


def _too_large(limit: int) -> JSONResponse:
    return JSONResponse(
        {"code": "too_large", "message": f"request body is larger than {limit} bytes"},
        status_code=413,
        headers={"Connection": "close"},
    )


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        """``limit_for(path)``: the largest body, in bytes, a request to ``path`` may have."""
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(limit)(scope, receive, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLargeError(limit)
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except BodyTooLargeError:  # only if nothing inside answered it
            if started:
                raise
            await _too_large(limit)(scope, receive, send)
