"""Server configuration: flags override environment variables (BRINK_*, and REDIS_URL)."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, IPvAnyNetwork, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """How `brink serve` runs. With no `redis_url`, an embedded Redis is started in `data_dir`."""

    model_config = SettingsConfigDict(env_prefix="BRINK_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    redis_url: str | None = Field(
        None, validation_alias=AliasChoices("BRINK_REDIS_URL", "REDIS_URL", "redis_url")
    )
    data_dir: Path = Path("data")
    rules_dir: Path = ROOT / "rules"
    web_dir: Path = ROOT / "client" / "web"
    allowed_origins: list[str] = []
    # docs/security.md: who may read /metrics, whose address a request counts against, and the
    # limits on new rooms (per window of `rooms_window` seconds) and on open sockets.
    metrics_token: SecretStr | None = None
    trusted_proxies: list[IPvAnyNetwork] = []
    rooms_per_address: int = Field(60, ge=1)
    rooms_per_connection: int = Field(20, ge=1)
    rooms_window: float = Field(60.0, gt=0)
    connections_per_address: int = Field(200, ge=1)
    game_lists_per_address: int = Field(120, ge=1)
    """`GET /api/games` (the past games, each request reading up to 5000 summaries) per client
    address per window of `game_lists_window` seconds, across every process (web/games.py)."""
    game_lists_window: float = Field(60.0, gt=0)
    replay_requests_per_address: int = Field(12000, ge=1)
    """`GET /api/games/CODE` and its `/step`, `/record` and `/evaluation` per client address per
    window of `replay_requests_window` seconds, across every process (web/gamelimits.py): 200 a
    second, so that a class of 40 behind one address can step a replay as fast as they click."""
    replay_requests_window: float = Field(60.0, gt=0)
    http_connections_per_address: int | None = Field(None, ge=1)
    """Open connections (websockets included) per client address per process; None: twice
    `connections_per_address` and 100 more (server/web/connections.py)."""
    bot_delay: float = Field(1.2, ge=0, le=30)
    timer_interval: float = Field(0.25, gt=0, le=10)
    queue_limit: int = Field(512, ge=8)
    rate_per_second: float = Field(20.0, gt=0)
    rate_burst: int = Field(60, ge=1)
    abuse_limit: int = Field(200, ge=1)
    log_json: bool = False
    redis_cluster: bool = False
    """`redis_url` is a node of a Redis Cluster (docs/scaling.md)."""
    uvloop: bool = True
    """Run the event loop on uvloop where it is installed (it is, except on Windows)."""
    workers: int | None = Field(None, ge=1, le=1024)
    """Server processes on the one port (`brink serve --workers N`); None: one per core."""
    signin_delay: float = Field(1.0, ge=0, le=10)
    """Seconds a wrong instructor password waits for its answer (server/web/auth.py)."""
    abandon_after: float = Field(600.0, gt=0)
    """Seconds a room nobody plays in stays paused before it ends as abandoned."""
    keepalive_timeout: float = Field(75.0, gt=0, le=3600)
    """Seconds a connection may stay idle before its request, or between two: then it is
    closed (aiohttp's keep-alive timeout; a websocket, once open, is not idle)."""
    worker_silence: float = Field(30.0, ge=2, le=3600)
    """Under `--workers N`: seconds a worker's event loop may go without a sign of life (it was
    stopped, SIGSTOP, or is stuck) before the parent kills it and starts it again."""

    @model_validator(mode="after")
    def _cluster_needs_a_url(self) -> Settings:
        if self.redis_cluster and self.redis_url is None:
            raise ValueError("--redis-cluster needs --redis URL (a node of the cluster)")
        return self
