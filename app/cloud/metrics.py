"""Prometheus metrics of one service instance (its own registry, so tests can build many)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "moonbase_cloud_requests",
            "HTTP requests",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "moonbase_cloud_request_seconds",
            "HTTP request latency",
            ["route"],
            registry=self.registry,
            buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
        )
        self.results = Counter(
            "moonbase_cloud_sync_items",
            "synced result items by answer",
            ["status"],
            registry=self.registry,
        )
        self.rate_limited = Counter(
            "moonbase_cloud_rate_limited",
            "requests refused with 429",
            ["bucket"],
            registry=self.registry,
        )
