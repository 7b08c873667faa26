"""Prometheus metrics for /metrics: rooms, connections, commands, latency, Redis errors.

Under `brink serve --workers N` a scrape reaches one worker, and must count them all: the parent
gives its workers a directory (PROMETHEUS_MULTIPROC_DIR, prometheus_client's multiprocess mode)
where each keeps its values, and a worker's /metrics sums every worker's (the gauges over the
workers alive; the counters and histograms over every worker since the start, restarted ones
included)."""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

SHARED = "PROMETHEUS_MULTIPROC_DIR"
"""The environment variable naming the workers' shared directory (set before the worker starts:
prometheus_client reads it when imported)."""


class Metrics:
    """One registry per app, so several apps (tests, benchmarks) can live in one process."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.shared = os.environ.get(SHARED)
        self.rooms = Gauge(
            "brink_rooms",
            "Rooms held (summed over the worker processes: a room two hold counts twice)",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self.connections = Gauge(
            "brink_connections",
            "Open websocket connections",
            registry=self.registry,
            multiprocess_mode="livesum",
        )
        self.commands = Counter("brink_commands", "Game commands accepted", registry=self.registry)
        self.refused = Counter(
            "brink_refused", "Messages refused with an error", ["code"], registry=self.registry
        )
        self.latency = Histogram(
            "brink_command_seconds",
            "From a command's arrival to its commit",
            buckets=(0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1.0),
            registry=self.registry,
        )
        self.redis_errors = Counter(
            "brink_redis_errors", "Redis operations that failed", registry=self.registry
        )
        self.evaluations = Counter(
            "brink_evaluations",
            "Finished games' evaluation graphs worked out (each is kept once worked out)",
            registry=self.registry,
        )

    def observe_command(self, seconds: float) -> None:
        self.commands.inc()
        self.latency.observe(seconds)

    def render(self) -> bytes:
        """Return the metrics in Prometheus' text format (every worker's, under --workers)."""
        if self.shared is None:
            return generate_latest(self.registry)
        everyone = CollectorRegistry()
        MultiProcessCollector(everyone, path=self.shared)  # type: ignore[no-untyped-call]
        return generate_latest(everyone)
