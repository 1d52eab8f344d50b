"""Logs, metrics and traces of the Lambda functions, with Powertools for AWS Lambda.

- Logs: every ``stratus.*`` logger writes JSON lines through one Powertools handler, with
  the function's context (name, request id, cold start) and, during a step, the run's
  ``run_id``, ``organization_id`` and ``step_order`` on every line.
- Metrics: ``PowertoolsMetrics`` is the ``ports.Metrics`` adapter, CloudWatch embedded
  metric format (EMF) printed to stdout. Metrics without dimensions are gathered and
  flushed when the handler returns; a metric with dimensions is printed at once.
- Traces: the handler is captured as an X-Ray subsegment (Tracer turns itself off outside
  Lambda, or with ``POWERTOOLS_TRACE_DISABLED``).

``lambda_handler`` wraps every function's handler with all three. Only the composition
root and the entry points import this module; services speak to ``ports.Metrics``.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import single_metric

from ...domain.models import Run

DEFAULT_NAMESPACE = "Stratus"
DEFAULT_SERVICE = "stratus"
PACKAGE_LOGGER = "stratus"

Handler = TypeVar("Handler", bound=Callable[..., Any])


class _CurrentStdout(io.TextIOBase):
    """Writes to whatever ``sys.stdout`` is at the time (Lambda's, or a test's capture)."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()


def _service() -> str:
    return os.environ.get("POWERTOOLS_SERVICE_NAME") or DEFAULT_SERVICE


def _namespace() -> str:
    return os.environ.get("POWERTOOLS_METRICS_NAMESPACE") or DEFAULT_NAMESPACE


@functools.cache
def logger() -> Logger:
    """The process's Powertools logger; the package's loggers write through its handler."""
    # the stub asks for IO[str]; the logging handler only writes and flushes, as a TextIOBase
    stream = _CurrentStdout()
    powertools = Logger(service=_service(), stream=stream)  # type: ignore[arg-type]
    package = logging.getLogger(PACKAGE_LOGGER)
    package.handlers = [powertools.registered_handler]
    package.setLevel(powertools.log_level)
    package.propagate = False  # one JSON line per record, not a second plain one
    return powertools


@functools.cache
def metrics() -> Metrics:
    return Metrics(namespace=_namespace(), service=_service())


@functools.cache
def tracer() -> Tracer:
    return Tracer(service=_service())


class PowertoolsMetrics:
    """``ports.Metrics`` as CloudWatch EMF."""

    def emit(self, name: str, value: float, unit: str = "Count", **dimensions: str) -> None:
        if not dimensions:
            metrics().add_metric(name=name, unit=unit, value=value)
            return
        with single_metric(
            name=name,
            unit=unit,  # type: ignore[arg-type]  # validated against MetricUnit's values
            value=value,
            namespace=_namespace(),
            default_dimensions={"service": _service(), **dimensions},
        ):
            pass


def _context_keys(context: Any) -> dict[str, Any]:
    """What Powertools' inject_lambda_context adds, read leniently (tests pass stubs)."""
    names = {
        "function_name": "function_name",
        "function_request_id": "aws_request_id",
        "function_arn": "invoked_function_arn",
        "function_memory_size": "memory_limit_in_mb",
    }
    return {key: getattr(context, attr) for key, attr in names.items() if hasattr(context, attr)}


_cold_start = True


def lambda_handler(handler: Handler) -> Handler:
    """Logs with the Lambda context, metrics flushed at the end, the call traced."""
    traced = tracer().capture_lambda_handler(handler)

    @functools.wraps(handler)
    def wrapped(event: Any, context: Any) -> Any:
        global _cold_start
        log = logger()
        log.append_keys(cold_start=_cold_start, **_context_keys(context))
        _cold_start = False
        try:
            return traced(event, context)
        finally:
            flush_metrics()

    return wrapped  # type: ignore[return-value]


def flush_metrics() -> None:
    gathered = metrics()
    if gathered.metric_set:
        gathered.flush_metrics()


@contextmanager
def step_log_keys(run: Run | None, run_id: str) -> Iterator[None]:
    """Every log line inside carries the run and the step about to run."""
    keys: dict[str, Any] = {"run_id": run_id}
    if run is not None:
        keys.update(organization_id=run.organization_id, step_order=run.step_count)
    with logger().append_context_keys(**keys):
        yield
