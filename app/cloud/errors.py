"""The cloud service's exception tree. Each error knows its HTTP status and a stable code.

Handlers in :mod:`app.cloud.server` turn every one of them into ``{"code", "message"}`` JSON.
"""

from __future__ import annotations

from app.errors import MoonbaseError


class CloudError(Exception):
    """A request the service refuses; ``message`` is shown to the caller as is."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class InvalidRequestError(CloudError):
    status = 422
    code = "invalid_request"


class UnauthorizedError(CloudError):
    status = 401
    code = "unauthorized"


class ForbiddenError(CloudError):
    status = 403
    code = "forbidden"


class NotEntitledError(ForbiddenError):
    """The tenant's plan does not include the feature; the code names the feature."""

    def __init__(self, feature: str, plan: str) -> None:
        super().__init__(
            f"feature '{feature}' is not included in the '{plan}' plan",
            code=f"not_entitled.{feature}",
        )
        self.feature = feature
        self.plan = plan


class NotFoundError(CloudError):
    status = 404
    code = "not_found"


class ConflictError(CloudError):
    status = 409
    code = "conflict"


class PayloadTooLargeError(CloudError):
    status = 413
    code = "too_large"


class RateLimitedError(CloudError):
    status = 429
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class UnavailableError(CloudError):
    status = 503
    code = "unavailable"


class ConfigurationError(MoonbaseError, ValueError):
    """A cloud setting is missing or malformed; the message names the setting and its source.
    ``moonbase cloud`` prints it on one line and exits."""


class MigrationError(Exception):
    """The database schema cannot be brought to the version this code needs."""
