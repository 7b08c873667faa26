"""`brink serve --workers N`: N server processes on one port, all on one Redis.

The parent binds the listening sockets, starts the embedded Redis when there is no `--redis`,
and starts N workers (`python -m server.web.worker`). Each worker is an ordinary server process
(docs/scaling.md §2): the same app, its own origin, rooms, pub/sub and timer loop, on the same
Redis — so rooms, timers, quick matches, bot rooms and pub/sub work across workers exactly as
across processes started one by one. On Linux each worker gets a socket of its own, bound to the
same port with SO_REUSEPORT (the kernel spreads new connections over them); elsewhere they all
accept on one shared socket. The parent keeps every socket open, so connections that arrive
while a worker restarts wait in its queue.

A worker reads its settings as one JSON line on its standard input and then watches it: when
the parent goes away (even killed -9) the pipe closes and the worker shuts down cleanly. The
parent stops every worker on SIGINT or SIGTERM (SIGTERM each, then waits for them; they close
their sockets and say goodbye to Redis), then the embedded Redis. A worker that dies is started
again — and, if it cannot start (its Redis is away), again and again until it does, while the
others serve. One that dies before it was ever ready stops the whole server (a start-up error:
Redis unreachable, say), as one that keeps dying at once does. Once ready, a worker's event loop
writes a byte a second to its standard output; one silent for `worker_silence` seconds (stopped
by SIGSTOP, or its loop stuck) is killed, and started again as a dead one is: the connections
the kernel gave it would otherwise wait for ever.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from prometheus_client.multiprocess import mark_process_dead

from server.live.metrics import SHARED
from server.settings import Settings
from server.storage.connect import RedisUnreachable
from server.storage.redis_embedded import EmbeddedRedis
from server.web.sockettable import make_table, zero_row

log = logging.getLogger("brink.workers")
STARTUP = 60.0
"""Seconds a worker may take to load the rules and reach Redis."""
STOP = 15.0
"""Seconds a worker may take to stop (it closes sockets for up to 5 s) before it is killed."""
QUICK_DEATH = 10.0
"""A worker that dies this soon after it was ready, three times in a row, stops the server."""
AGAIN = 1.0
AGAIN_AT_MOST = 30.0
"""Seconds between attempts to start a worker that died again and cannot start (its Redis is
away), doubling from AGAIN."""


def cores() -> int:
    """The CPUs this process may run on (the default number of workers)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class StartupFailed(Exception):
    """A worker exited before it was ready."""


class SaidOnce(StartupFailed):
    """A worker exited before it was ready for what every worker meets alike: its first line
    said why (`said`: UNREACHABLE, Redis did not answer, or REFUSED, the rules folder), and
    `reason` is the one line `brink serve` prints, not once per worker."""

    def __init__(self, index: int, said: bytes, reason: str) -> None:
        super().__init__(f"worker {index} did not start: {reason}")
        self.said, self.reason = said, reason


UNREACHABLE, REFUSED = b"unreachable ", b"refused "
"""How a worker's first line, instead of `ready`, says Redis did not answer or it refused the
rules folder (what follows: why)."""


def bind(host: str, port: int, count: int) -> list[list[socket.socket]]:
    """Return each worker's listening sockets on (host, port): one per address of `host`,
    each its own with SO_REUSEPORT on Linux, else shared by all. Port 0 picks one free port."""
    infos = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE, proto=socket.IPPROTO_TCP
    )
    addresses = list(dict.fromkeys((info[0], info[4]) for info in infos))
    own = sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")
    per_worker: list[list[socket.socket]] = [[] for _ in range(count)]
    made: list[socket.socket] = []
    try:
        for family, address in addresses:
            if own and port:
                _free_or_raise(family, (address[0], port, *address[2:]))
            for index in range(count if own else 1):
                sock = socket.socket(family, socket.SOCK_STREAM)
                made.append(sock)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if own:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
                if family == socket.AF_INET6:
                    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                sock.bind((address[0], port, *address[2:]))
                port = port or sock.getsockname()[1]  # port 0: the others take the same
                sock.listen(socket.SOMAXCONN)
                sock.setblocking(False)
                for worker in range(count) if not own else (index,):
                    per_worker[worker].append(sock)
    except BaseException:
        for sock in made:
            sock.close()
        raise
    return per_worker


def _free_or_raise(family: socket.AddressFamily, address: tuple[object, ...]) -> None:
    """Raise OSError (address in use) if another server listens on `address`: SO_REUSEPORT would
    let this one bind beside it, and the kernel would share the connections between the two."""
    probe = socket.socket(family, socket.SOCK_STREAM)
    try:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a closed one's TIME_WAIT
        if family == socket.AF_INET6:
            probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        probe.bind(address)
    finally:
        probe.close()


def worker_config(
    settings: Settings, redis_url: str, index: int, workers: int, sockets: Path
) -> str:
    """The JSON line a worker reads: the settings (secrets included, hence not in argv or the
    environment), on the given Redis, the worker's number of `workers`, and the table of open
    sockets per address they share (server/web/sockettable.py)."""
    data = settings.model_dump(mode="json")
    data["redis_url"] = redis_url
    if settings.metrics_token is not None:
        data["metrics_token"] = settings.metrics_token.get_secret_value()
    data["workers"] = 1
    found = {"settings": data, "index": index, "workers": workers, "sockets": str(sockets)}
    return json.dumps(found) + "\n"


SHARED_PREFIX = "brink-workers-"


SOCKET_PATH_MOST = 100
"""The longest a Unix socket's path may be, with room to spare (108 bytes on Linux, 104 on
macOS): the workers' inboxes are sockets in their shared folder."""


def _shared_base() -> str:
    """Where the shared folder is made: the temporary folder, or /tmp when that one's path is
    too long for a socket in it (macOS's per-user TMPDIR comes close; a test runner's can be
    longer), which failed with 'AF_UNIX path too long'."""
    base = tempfile.gettempdir()
    room = len(os.fsencode(base)) + len(SHARED_PREFIX) + 40  # pid, random part, inbox name
    if room > SOCKET_PATH_MOST and os.path.isdir("/tmp") and os.access("/tmp", os.W_OK):
        return "/tmp"
    return base


def shared_folder() -> str:
    """Make the workers' shared folder (their metrics, their open sockets; removed when the
    server stops), named after this process; first remove those a killed server left behind
    (their process is gone)."""
    base = _shared_base()
    for stale in Path(base).glob(f"{SHARED_PREFIX}*-*"):
        pid = stale.name.removeprefix(SHARED_PREFIX).partition("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    return tempfile.mkdtemp(prefix=f"{SHARED_PREFIX}{os.getpid()}-", dir=base)


def table_of(shared: str) -> Path:
    """The open-sockets table in the workers' shared folder."""
    return Path(shared) / "sockets"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


class Worker:
    """One worker process and the sockets it serves."""

    def __init__(
        self,
        index: int,
        sockets: list[socket.socket],
        config: str,
        shared: str,
        silence: float = 30.0,
    ) -> None:
        self.index = index
        self.sockets = sockets
        self.config = config
        self.shared = shared
        """The workers' shared folder: their metrics (server/live/metrics.py) and their open
        sockets per address (`table`)."""
        self.process: asyncio.subprocess.Process | None = None
        self.ready_at = 0.0
        self.quick_deaths = 0
        self.silence = silence
        """Seconds without a sign of life after which the worker is killed (`_listen`)."""
        self._listening: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start the worker; return once it is serving (raise StartupFailed if it exits)."""
        fds = [sock.fileno() for sock in self.sockets]
        process = self.process = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "server.web.worker", *map(str, fds)),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            pass_fds=fds,
            env={**os.environ, SHARED: self.shared},
            # Its own session: a Ctrl+C in the terminal reaches the parent only, which stops
            # each worker once.
            start_new_session=True,
        )
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(self.config.encode())
        await process.stdin.drain()
        try:
            line = await asyncio.wait_for(process.stdout.readline(), STARTUP)
        except TimeoutError:
            line = b""
        if line.strip() != b"ready":
            said = line.strip()
            try:  # it is exiting (its output closed): let it, then say how
                await asyncio.wait_for(process.wait(), 5)
            except TimeoutError:
                await self.stop()
            for kind in (UNREACHABLE, REFUSED):
                if said.startswith(kind.strip()):
                    raise SaidOnce(self.index, kind, said[len(kind) :].decode(errors="replace"))
            raise StartupFailed(
                f"worker {self.index} did not start (exit code {process.returncode})"
            )
        self.ready_at = time.monotonic()
        self._listening = asyncio.create_task(self._listen(process))

    async def _listen(self, process: asyncio.subprocess.Process) -> None:
        """Kill the worker once its signs of life stop for `silence` seconds (`wait` then
        returns, and `_watch` starts it again); return when its output closes (it exits)."""
        assert process.stdout is not None
        while True:
            try:
                beats = await asyncio.wait_for(process.stdout.read(4096), self.silence)
            except TimeoutError:
                log.warning(
                    "worker %d gave no sign of life for %g s (stopped or stuck): killing it",
                    self.index,
                    self.silence,
                )
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                return
            if not beats:
                return

    async def wait(self) -> int:
        assert self.process is not None
        code = await self.process.wait()
        if self._listening is not None:
            self._listening.cancel()
        # Its gauges and open sockets no longer count (its counters and histograms still do).
        mark_process_dead(self.process.pid, self.shared)  # type: ignore[no-untyped-call]
        zero_row(table_of(self.shared), self.index)
        return code

    async def stop(self) -> None:
        """SIGTERM, then wait; SIGKILL if it does not stop in time."""
        process = self.process
        if process is None or process.returncode is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), STOP)
        except TimeoutError:
            log.warning("worker %d did not stop within %g s: killing it", self.index, STOP)
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


async def supervise(settings: Settings, count: int, ready: Callable[[int], None]) -> int:
    """Run `count` workers until SIGINT or SIGTERM; return the exit code. Raises OSError if the
    port cannot be bound and EmbeddedRedisError if the embedded Redis does not start."""
    sockets = bind(settings.host, settings.port, count)
    port = sockets[0][0].getsockname()[1]
    embedded: EmbeddedRedis | None = None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    workers: list[Worker] = []
    shared = shared_folder()  # the metrics, the open sockets
    table = table_of(shared)
    try:
        make_table(table, count)
        url = settings.redis_url
        if url is None:
            embedded = EmbeddedRedis(data_dir=settings.data_dir / "redis", persistent=True)
            url = await embedded.start()
            where = settings.data_dir / "redis"
            log.info("embedded Redis at %s (%s), data in %s", url, embedded.port_url, where)
            embedded.keep_running()
        workers = [
            Worker(
                index,
                own,
                worker_config(settings, url, index, count, table),
                shared,
                settings.worker_silence,
            )
            for index, own in enumerate(sockets)
        ]
        started = await asyncio.gather(
            *(worker.start() for worker in workers), return_exceptions=True
        )
        failed = [error for error in started if isinstance(error, BaseException)]
        if failed:
            await asyncio.gather(*(worker.stop() for worker in workers))  # their logs first
            once = [error for error in failed if isinstance(error, SaidOnce)]
            if once and once[0].said == UNREACHABLE:  # serve says it, as with one worker
                raise RedisUnreachable(once[0].reason)
            if once:  # each worker read the same rules folder: said once, as with one worker
                print(f"brink serve: {once[0].reason}", file=sys.stderr)
                return 1
            if not isinstance(failed[0], StartupFailed):
                raise failed[0]
            print(f"brink serve: {failed[0]}; see the log above", file=sys.stderr)
            return 1
        ready(port)
        return await _watch(workers, stop)
    finally:
        await asyncio.gather(*(worker.stop() for worker in workers))
        if embedded is not None:
            await embedded.stop()
        for sock in {id(s): s for own in sockets for s in own}.values():
            sock.close()
        shutil.rmtree(shared, ignore_errors=True)


async def _again(worker: Worker) -> int:
    """Start a worker that died again, until it serves — Redis may be away for a while (the
    other workers serve meanwhile, and connections to this one wait in its queue) — then wait
    for it to exit; return its exit code."""
    delay, failed = AGAIN, False
    while True:
        try:
            await worker.start()
        except StartupFailed as error:
            log.warning("%s; trying again in %g s", error, delay)
            await asyncio.sleep(delay)
            delay, failed = min(delay * 2, AGAIN_AT_MOST), True
            continue
        if failed:
            log.warning("worker %d serves again", worker.index)
        return await worker.wait()


async def _watch(workers: list[Worker], stop: asyncio.Event) -> int:
    """Restart workers that die, until `stop` is set; return the exit code."""
    stopping = asyncio.create_task(stop.wait())
    waits = {asyncio.create_task(worker.wait()): worker for worker in workers}
    try:
        while True:
            done, _ = await asyncio.wait({stopping, *waits}, return_when=asyncio.FIRST_COMPLETED)
            if stopping in done:
                return 0
            for task in done:
                worker = waits.pop(task)
                code = task.result()
                quick = time.monotonic() - worker.ready_at < QUICK_DEATH
                worker.quick_deaths = worker.quick_deaths + 1 if quick else 0
                if worker.quick_deaths >= 3:
                    print(
                        f"brink serve: worker {worker.index} keeps exiting (code {code}); stopping",
                        file=sys.stderr,
                    )
                    return 1
                log.warning("worker %d exited (code %s); starting it again", worker.index, code)
                waits[asyncio.create_task(_again(worker))] = worker
    finally:
        for task in (stopping, *waits):
            task.cancel()
