"""Errors the services raise; the API maps them to 4xx answers."""


class ServiceError(Exception):
    """Base class: a client-facing problem with a clear message."""


class InvalidState(ServiceError):
    """The operation is not allowed in the run's current state (HTTP 409)."""


class InvalidRequest(ServiceError):
    """The request cannot be served as asked (HTTP 400, or 422 when ``status`` says so);
    ``field`` names the culprit."""

    def __init__(self, message: str, *, field: str | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.field = field
        self.status = status


class RateLimited(ServiceError):
    """The organization creates runs faster than allowed (HTTP 429 with Retry-After)."""

    def __init__(self, message: str, *, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class RunNotFound(ServiceError):
    """No run with that id in the caller's organization (HTTP 404)."""
