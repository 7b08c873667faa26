"""Prometheus metrics for /metrics: rooms, connections, commands, latency, Redis errors."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest


class Metrics:
    """One registry per app, so several apps (tests, benchmarks) can live in one process."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.rooms = Gauge("brink_rooms", "Rooms held by this process", registry=self.registry)
        self.connections = Gauge(
            "brink_connections", "Open websocket connections", registry=self.registry
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

    def observe_command(self, seconds: float) -> None:
        self.commands.inc()
        self.latency.observe(seconds)

    def render(self) -> bytes:
        """Return the metrics in Prometheus' text format."""
        return generate_latest(self.registry)
