"""`brink serve --redis redis://NODE` given a node of a Redis Cluster without `--redis-cluster`:
it started, then failed with a MovedError traceback at the first room whose keys live on another
node (with `--workers 2`, tracebacks and "worker 0 did not start"). It now stops at once with
one line saying to give `--redis-cluster`, with several workers too."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from clusterkit import cluster_binary, cluster_node
from rediskit import kill
from serverkit import serve_command


@pytest.mark.parametrize("workers", [1, 2])
def test_a_cluster_node_given_as_a_plain_redis_is_one_line(tmp_path: Path, workers: int) -> None:
    node, port = cluster_node(cluster_binary(), tmp_path)
    try:
        command = serve_command()
        command += ["--workers", str(workers), "--redis", f"redis://127.0.0.1:{port}/0"]
        command += ["--data-dir", str(tmp_path / "data")]

        done = subprocess.run(command, capture_output=True, text=True, timeout=120)

        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr, done.stderr
        said = [line for line in done.stderr.splitlines() if line.startswith("brink serve: ")]
        # with several workers too: each tells the parent, which says it once
        assert len(said) == 1 and "--redis-cluster" in said[0], done.stderr
    finally:
        kill(node)
