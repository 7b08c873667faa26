"""`brink` arguments a stranger gets wrong, found by a probe: a --data-dir that cannot be a folder
was told as "cannot listen on 127.0.0.1:8080" (the port was fine); an argument a subcommand does
not know was blamed on `brink` ("see brink --help", whose help lists only the commands); an
--origin without its scheme ("class.example.org") was taken, and never matched any browser."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from serverkit import serve_command

from server.cli import _build_parser, main


def _serve(*args: str) -> subprocess.CompletedProcess[str]:
    command = serve_command(*args)
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_data_dir_that_cannot_be_a_folder_is_told_as_such_not_as_the_port(
    tmp_path: Path, workers: str
) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    done = _serve("--workers", workers, "--data-dir", str(a_file))
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert "cannot listen" not in lines[0]
    assert lines[0] == (
        f"brink serve: --data-dir {a_file}: cannot use {a_file / 'redis'}: Not a directory"
    )


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["serve", "--port", "0", "extra"], "brink serve: error: unrecognized arguments: extra"),
        (["play", "--bot", "dove", "--frob"], "brink play: error: unrecognized arguments: --frob"),
        (["games", "list", "--redis", "x"], "brink games list: error: unrecognized arguments"),
    ],
)
def test_an_argument_a_subcommand_does_not_know_names_that_subcommand(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith(said)
    command = said.split(": error:")[0]
    assert err.strip().endswith(f"(see {command} --help)")


@pytest.mark.parametrize("origin", ["class.example.org", "ftp://class.example.org", "https://"])
def test_an_origin_without_its_scheme_and_host_is_refused_in_one_line(
    origin: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:  # only parsed: no server starts, fix or not
        _build_parser().parse_args(["serve", "--origin", origin])
    assert stopped.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "brink serve: error: argument --origin: an origin is http(s)://HOST[:PORT], like "
        f"https://class.example.org, not {origin!r} (see brink serve --help)"
    )


def test_an_origin_with_its_scheme_is_taken() -> None:
    args = _build_parser().parse_args(
        ["serve", "--origin", "https://class.example.org/", "--origin", "http://10.0.0.5:8080"]
    )
    assert args.origin == ["https://class.example.org/", "http://10.0.0.5:8080"]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["instructor", "add", "bad name", "--password-stdin"],
            "brink instructor: 'bad name' is not an account name: use 1-40 letters, digits, "
            "'.', '_' or '-'",
        ),
        (["instructor", "add", "", "--password-stdin"], "brink instructor: '' is not an account"),
        (
            ["instructor", "list", "--redis", "localhost:6379"],
            "brink instructor: --redis: Redis URL must specify one of the following schemes",
        ),
    ],
)
def test_an_instructor_argument_error_exits_2_in_one_line_like_every_command(
    tmp_path: Path, argv: list[str], said: str
) -> None:
    """`brink instructor add 'bad name'` exited 1, as a Redis that does not answer does, where
    every other command's argument errors exit 2; nothing is started for it (no data folder)."""
    command = [sys.executable, "-m", "server.cli", *argv, "--data-dir", str(tmp_path / "data")]
    done = subprocess.run(command, capture_output=True, text=True, input="", timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(said)
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "data").exists()
