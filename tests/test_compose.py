"""The container deployment: docker-compose.yml is valid Compose, and the compose file, nginx
config and Dockerfile have the shape the deployment relies on.

Validity is checked by a Compose CLI when one is installed (`docker compose config`, else
`docker-compose config`), and always against the Compose Specification JSON schema in
tests/data/compose_spec.json, so machines without Docker (CI has no engine and no CLI) still
check it. That schema file is vendored from Debian bookworm's `docker-compose` package, version
1.29.2-3 (/usr/lib/python3/dist-packages/compose/config/compose_spec.json, the compose-spec
schema Compose 1.29 validates with; Apache-2.0, Copyright Docker Inc), sha256
0dc04bd346dcfee1b1419628fff79937bbf076925f298f272a2b490e2b112bac.
"""

from __future__ import annotations

import ipaddress
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
NGINX = ROOT / "deploy" / "nginx.conf"
DOCKERFILE = ROOT / "Dockerfile"
SCHEMA = Path(__file__).resolve().parent / "data" / "compose_spec.json"


def load_compose() -> dict[str, Any]:
    loaded = YAML(typ="safe").load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def succeeds(argv: list[str]) -> bool:
    try:
        done = subprocess.run(argv, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def compose_cli() -> list[str] | None:
    """Return the argv prefix of an installed Compose CLI: the v2 plugin, else v1, else None."""
    if shutil.which("docker") and succeeds(["docker", "compose", "version"]):
        return ["docker", "compose"]
    if shutil.which("docker-compose") and succeeds(["docker-compose", "version"]):
        return ["docker-compose"]
    return None


def schema_errors(document: dict[str, Any]) -> list[str]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    # Draft 4, as Compose 1.29 itself validates with this schema (its "id" keywords are draft 4).
    validator = jsonschema.Draft4Validator(schema)
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in validator.iter_errors(document)
    ]


def test_compose_file_is_valid() -> None:
    """`docker compose config` (or `docker-compose config`) accepts docker-compose.yml when
    either CLI is installed. Without one, as on CI, this falls back to the Compose Specification
    JSON schema alone; the schema check runs in both cases, so it is never skipped."""
    cli = compose_cli()
    if cli is not None:
        done = subprocess.run(
            [*cli, "-f", str(COMPOSE), "config"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, f"{' '.join(cli)} config rejected the file:\n{done.stderr}"
    assert schema_errors(load_compose()) == []


def test_schema_rejects_a_broken_compose_file() -> None:
    """The fallback would catch mistakes: a misspelt key and a wrong type are reported."""
    broken = load_compose()
    broken["services"]["server"]["deploy"]["replica"] = 2
    broken["services"]["redis"]["healthcheck"]["retries"] = "many"
    errors = "\n".join(schema_errors(broken))
    assert "replica" in errors
    assert "many" in errors


def test_redis_persists_with_aof_and_reports_health() -> None:
    compose = load_compose()
    redis = compose["services"]["redis"]
    assert str(redis["image"]).startswith("redis:7")
    command = redis["command"]
    argv = command.split() if isinstance(command, str) else [str(arg) for arg in command]
    assert argv[0] == "redis-server"
    assert argv[argv.index("--appendonly") + 1] == "yes"
    assert argv[argv.index("--appendfsync") + 1] == "everysec"
    mounts = {str(volume).split(":")[1]: str(volume).split(":")[0] for volume in redis["volumes"]}
    assert mounts["/data"] in compose["volumes"], "/data should be a named volume"
    assert "redis-cli" in redis["healthcheck"]["test"]
    assert "ping" in redis["healthcheck"]["test"]


def test_server_runs_two_replicas_against_the_shared_redis() -> None:
    services = load_compose()["services"]
    servers = {name: service for name, service in services.items() if name.startswith("server")}
    replicas = sum(
        int(service.get("deploy", {}).get("replicas", 1)) for service in servers.values()
    )
    assert replicas >= 2
    for service in servers.values():
        build = service["build"]
        assert (build if isinstance(build, str) else build["context"]) in (".", "./")
        environment = service["environment"]
        assert environment["REDIS_URL"] == "redis://redis:6379/0"
        origins = json.loads(environment["BRINK_ALLOWED_ORIGINS"])
        assert isinstance(origins, list)
        assert "http://localhost:8080" in origins
        assert service["depends_on"]["redis"]["condition"] == "service_healthy"
        assert "ports" not in service, "replicas are reached through the proxy, not host ports"


def test_proxy_publishes_a_port_and_mounts_the_nginx_config() -> None:
    proxy = load_compose()["services"]["proxy"]
    assert str(proxy["image"]).startswith("nginx:")
    assert proxy["ports"]
    mounts = [str(volume).split(":") for volume in proxy["volumes"]]
    config = [mount for mount in mounts if (ROOT / mount[0]).resolve() == NGINX]
    assert config, "deploy/nginx.conf should be mounted into the proxy"
    target, *options = config[0][1:]
    assert target.startswith("/etc/nginx/")
    assert "ro" in options
    assert "server" in proxy["depends_on"]


def nginx_block(text: str, header: str) -> str:
    """Return the body of the `header { ... }` block in an nginx config (comments removed)."""
    text = re.sub(r"#[^\n]*", "", text)
    match = re.search(re.escape(header) + r"\s*\{", text)
    assert match, f"no `{header}` block"
    depth, start = 1, match.end()
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start:index]
    raise AssertionError(f"unclosed `{header}` block")


def directives(block: str) -> set[str]:
    return {" ".join(line.split()) for line in block.split(";")}


def test_nginx_balances_replicas_and_upgrades_websockets() -> None:
    text = NGINX.read_text(encoding="utf-8")
    upstream = directives(nginx_block(text, "upstream brink"))
    assert any(line.startswith("server server:8080") for line in upstream)
    ws = directives(nginx_block(text, "location /ws"))
    assert "proxy_pass http://brink" in ws
    assert "proxy_http_version 1.1" in ws
    assert "proxy_set_header Upgrade $http_upgrade" in ws
    assert "proxy_set_header Connection $connection_upgrade" in ws
    assert "proxy_set_header Host $http_host" in ws
    assert "proxy_set_header X-Forwarded-For $remote_addr" in ws
    assert "proxy_set_header Origin $http_origin" in ws
    timeout = next(line for line in ws if line.startswith("proxy_read_timeout"))
    assert int(timeout.split()[1].rstrip("s")) >= 600
    upgrade = nginx_block(text, "map $http_upgrade $connection_upgrade")
    assert "default upgrade" in " ".join(upgrade.split())
    rest = directives(nginx_block(text, "location /"))
    assert "proxy_pass http://brink" in rest
    assert "proxy_set_header Host $http_host" in rest
    assert "proxy_set_header X-Forwarded-For $remote_addr" in rest


def test_metrics_stay_inside_and_only_the_proxys_network_names_clients() -> None:
    """nginx refuses /metrics from outside (Prometheus scrapes the replicas directly, with the
    token), drops the X-Forwarded-For a client sends, and the servers trust exactly the network
    nginx is on to name the client: the compose file's own fixed subnet, which holds no player."""
    text = NGINX.read_text(encoding="utf-8")
    metrics = directives(nginx_block(text, "location = /metrics"))
    assert "deny all" in metrics
    assert not any(line.startswith("proxy_pass") for line in metrics)
    assert "$proxy_add_x_forwarded_for" not in re.sub(r"#[^\n]*", "", text)
    compose = load_compose()
    subnets = [
        ipaddress.ip_network(pool["subnet"])
        for pool in compose["networks"]["default"]["ipam"]["config"]
    ]
    environment = compose["services"]["server"]["environment"]
    trusted = [
        ipaddress.ip_network(net) for net in json.loads(environment["BRINK_TRUSTED_PROXIES"])
    ]
    assert trusted, "without trusted proxies every player counts as nginx's one address"
    for network in trusted:
        assert any(network.subnet_of(subnet) for subnet in subnets), network  # type: ignore[arg-type]
    assert "BRINK_METRICS_TOKEN" in environment


def test_dockerfile_runs_brink_serve_unprivileged_with_a_healthcheck() -> None:
    lines = [
        " ".join(line.split()) for line in DOCKERFILE.read_text().replace("\\\n", " ").split("\n")
    ]
    instructions = [line for line in lines if line and not line.startswith("#")]
    assert instructions[0] == "FROM python:3.11-slim"
    assert any(line.startswith("RUN pip install -c constraints.txt . ") for line in instructions)
    assert any(line.startswith("COPY rules/") for line in instructions)
    assert any(line.startswith("COPY client/") for line in instructions)
    users = [line.split()[1] for line in instructions if line.startswith("USER ")]
    assert users
    assert users[-1] not in ("root", "0")
    health = next(line for line in instructions if line.startswith("HEALTHCHECK "))
    assert "/healthz" in health
    assert "urllib" in health
    command = next(line for line in instructions if line.startswith("CMD "))
    assert json.loads(command[4:]) == ["brink", "serve", "--host", "0.0.0.0", "--port", "8080"]
    environment = " ".join(line for line in instructions if line.startswith("ENV "))
    assert "BRINK_RULES_DIR=/app/rules" in environment
    assert "BRINK_WEB_DIR=/app/client/web" in environment
