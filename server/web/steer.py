"""Room-affine workers: a connection that names its room goes to the worker that made it.

With `brink serve --workers N` the kernel spreads new connections over the workers
(SO_REUSEPORT), so the two players of a room sit on different workers half the time — with N
workers, (N-1)/N of the time — and both processes then hold the room: each folds the other's
commits from pub/sub, builds its own seats' views and options, and Redis publishes every
commit once more. That is correct (docs/scaling.md), but each move then costs a pub/sub hop
and ~0.8 Redis commands more, and its updates arrive later (docs/performance.md, round
fourteen: p50 at full load halved when steered).

So a room's code says which worker is its home (`home`: a CRC of the code, modulo N), and a
player's room is made on the worker its creator is connected to (the code drawn until its
home is that worker: `Maker.home`). A connection that names a room in its websocket URL
(`/ws?room=CODE`: the web client does when its page is a room's, the Python client when it
reconnects) is steered there as it arrives: before aiohttp reads its request, the worker that
accepted it looks at the request line (`Peeker`), and if the room's home is another worker it
hands the socket over, with the bytes already read, through that worker's inbox (a Unix
datagram socket carrying the descriptor, SCM_RIGHTS); the home worker serves it as if it had
accepted it. Everything else is served where it arrived. Steering is only ever a saving: a
connection whose home worker cannot take it (restarting, its inbox full) is served where it
is, and pub/sub keeps it correct. A class's rooms keep random codes (their students then
spread over the workers, each table on its room's home).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from array import array
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs, urlsplit

from aiohttp import web
from aiohttp.web_runner import BaseRunner

from server.protocol.codes import home
from server.web.connections import REFUSAL, ConnectionCap

log = logging.getLogger("brink.steer")

REQUEST_LINE_MAX = 8192
"""Bytes of a request line looked at: past that the connection is served where it arrived."""
HANDED_MAX = 65536
"""Bytes read from a connection that may be handed over with it (one datagram, read whole by
the inbox): a connection whose first read held more (its headers and the frames after them) is
served where it arrived."""
BUSY_TRIES = 10
"""Times a connection is offered again to a home whose inbox is full (the kernel queues at
most net.unix.max_dgram_qlen datagrams, 10 by default, whatever its buffer: a burst of
reconnections fills it while the home is busy), 1 ms later, then 2, 4… (~1 s in all); then it
is served where it arrived."""
STEERED_START = b"GET /ws?"
"""How a request line that names a room starts: a connection whose first bytes cannot (TLS, a
garbled line) is served at once where it arrived, and aiohttp answers it (400)."""


def may_name_a_room(first: bytes) -> bool:
    """Whether bytes read so far, no whole line yet, may still be a request line naming a room."""
    return first.startswith(STEERED_START) or STEERED_START.startswith(first)


def room_named(first: bytes) -> str | None:
    """The room a request names (`GET /ws?room=CODE HTTP/1.1`), from the start of its bytes;
    None if they hold no whole request line, or it names none."""
    line, found, _ = first.partition(b"\r\n")
    if not found:
        return None
    parts = line.split(b" ")
    if len(parts) != 3 or parts[0] != b"GET":
        return None
    try:
        target = urlsplit(parts[1].decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None
    if target.path != "/ws":
        return None
    codes = parse_qs(target.query).get("room")
    return codes[0] if codes and codes[0].isalnum() and len(codes[0]) <= 16 else None


def inbox_path(folder: Path, index: int) -> Path:
    return folder / f"steer-{index}"


class Steering:
    """One worker's end: it hands connections to the others' inboxes and serves what arrives
    in its own."""

    def __init__(self, folder: Path, index: int, workers: int, patience: float = 75.0) -> None:
        self.folder, self.index, self.workers = folder, index, workers
        self.patience = patience
        """Seconds a connection may take to send its request line (the keep-alive timeout, as
        aiohttp gives a connection to send its request): then it is closed."""
        self.on = os.environ.get("BRINK_STEER") != "0"
        """BRINK_STEER=0 serves every connection where it arrives (to measure what steering
        gives)."""
        self.handed = 0
        """Connections this worker handed to another."""
        self.taken = 0
        """Connections another worker handed to this one."""
        self._inbox: socket.socket | None = None
        self._out = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._out.setblocking(False)
        self._server: Callable[[], asyncio.Protocol] | None = None
        self.cap: ConnectionCap | None = None
        """The cap on connections per address: counted here as they arrive, before their
        request line is read (a connection that never sends one is held too)."""

    def target(self, first: bytes) -> int | None:
        """The worker a connection whose first bytes are `first` belongs to, if not this one."""
        code = room_named(first) if self.on else None
        if code is None:
            return None
        found = home(code, self.workers)
        return None if found == self.index else found

    def hand(self, target: int, first: bytes, sock: socket.socket) -> bool | None:
        """Send the connection `sock` (its bytes read so far: `first`) to worker `target`'s
        inbox; None if its inbox is full (try again), False if it could not be sent (that
        worker is not listening): the connection is then served here."""
        try:
            # (socket.send_fds leaves out its address before Python 3.12: sendmsg itself)
            rights = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array("i", [sock.fileno()]))]
            self._out.sendmsg([first], rights, 0, str(inbox_path(self.folder, target)))
        except BlockingIOError:
            return None
        except OSError as error:
            log.info("could not hand a connection to worker %d: %s", target, error)
            return False
        self.handed += 1
        return True

    def listen(self, server: Callable[[], asyncio.Protocol]) -> None:
        """Serve the connections handed to this worker with `server` (aiohttp's protocol
        factory); its inbox is made anew (one a dead worker left is replaced)."""
        path = inbox_path(self.folder, self.index)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        inbox = self._inbox = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        inbox.setblocking(False)
        inbox.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        inbox.bind(str(path))
        self._server = server
        asyncio.get_running_loop().add_reader(inbox.fileno(), self._arrived)

    def _arrived(self) -> None:
        assert self._inbox is not None and self._server is not None
        loop = asyncio.get_running_loop()
        while True:
            try:
                first, fds, flags, _ = socket.recv_fds(self._inbox, HANDED_MAX, 4)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:
                log.warning("could not take a connection from another worker: %s", error)
                return
            if flags & (socket.MSG_TRUNC | socket.MSG_CTRUNC):  # not all it read came: not served
                log.warning("a connection handed over came without all its bytes: closed")
                fds, extra = [], fds
            else:
                extra = fds[1:]
            for fd in extra:
                os.close(fd)
            if not fds:
                continue
            sock = socket.socket(fileno=fds[0])
            sock.setblocking(False)
            self.taken += 1
            made = loop.connect_accepted_socket(partial(Peeker, self._server, None, first), sock)
            task = asyncio.ensure_future(made)
            task.add_done_callback(_closed_if_failed(sock))

    def close(self) -> None:
        if self._inbox is not None:
            with contextlib.suppress(ValueError, OSError):
                asyncio.get_running_loop().remove_reader(self._inbox.fileno())
            self._inbox.close()
            with contextlib.suppress(FileNotFoundError):
                inbox_path(self.folder, self.index).unlink()
        self._out.close()


def _closed_if_failed(sock: socket.socket) -> Callable[[asyncio.Future[Any]], None]:
    def done(task: asyncio.Future[Any]) -> None:
        if task.cancelled() or task.exception() is not None:
            sock.close()

    return done


class Peeker(asyncio.Protocol):
    """A new connection's protocol until its request line is read: then it is handed to its
    room's home worker (`steering`), or served here by aiohttp's protocol (`server()`), which
    takes over the transport and is given the bytes read. `first`: bytes read before (a
    connection another worker handed over: served here at once)."""

    def __init__(
        self,
        server: Callable[[], asyncio.Protocol],
        steering: Steering | None,
        first: bytes = b"",
    ) -> None:
        self.server, self.steering, self.first = server, steering, first
        self.transport: asyncio.Transport | None = None
        self._deadline: asyncio.TimerHandle | None = None
        self._again: asyncio.TimerHandle | None = None
        """Set while the connection waits for its home's full inbox (`_decide` again)."""
        self._tries = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        if self.steering is None:  # handed over: its request was read by the other worker
            self._serve_here()
            return
        cap = self.steering.cap
        if cap is not None and not cap.admit(transport):
            self.transport.write(REFUSAL)
            self.transport.close()
            return
        loop = asyncio.get_running_loop()
        self._deadline = loop.call_later(self.steering.patience, self._too_slow)

    def _too_slow(self) -> None:
        """No request line in time: closed, as aiohttp closes a connection that sends no
        request within its keep-alive timeout (else it would be held as long as its client
        lives, or forever if its client is gone without a word)."""
        self._deadline = None
        if self.transport is not None:
            self.transport.close()

    def _settled(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def data_received(self, data: bytes) -> None:
        self.first += data
        if self._again is not None:
            return  # it waits for its home's inbox: `_decide` then
        if (
            b"\n" in self.first
            or len(self.first) >= REQUEST_LINE_MAX
            or not may_name_a_room(self.first)
        ):
            self._decide()  # else the request line is not whole yet, and may name a room

    def _decide(self) -> None:
        """Hand the connection to its room's home, or serve it here."""
        self._again = None
        steering, transport = self.steering, self.transport
        assert steering is not None
        if transport is None:  # closed while it waited
            return
        target = steering.target(self.first) if len(self.first) <= HANDED_MAX else None
        sock = transport.get_extra_info("socket")
        if target is not None and sock is not None:
            sent = steering.hand(target, self.first, sock)
            if sent:
                self._settled()
                transport.abort()  # this worker's descriptor: the other worker holds its own
                return
            if sent is None and self._tries < BUSY_TRIES:
                delay, self._tries = 0.001 * 2**self._tries, self._tries + 1
                self._again = asyncio.get_running_loop().call_later(delay, self._decide)
                return
            if sent is None:
                log.info("worker %d's inbox stayed full: a connection served here", target)
        self._serve_here()

    def _serve_here(self) -> asyncio.Protocol:
        self._settled()
        transport = self.transport
        assert transport is not None
        protocol = self.server()
        transport.set_protocol(protocol)
        protocol.connection_made(transport)
        if self.first:
            protocol.data_received(self.first)
        return protocol

    def eof_received(self) -> bool | None:
        if self._again is None:
            return None  # closed before its request line: nothing to serve
        self._again.cancel()  # its request is whole: served here, then its end
        self._again = None
        return self._serve_here().eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        self._settled()
        if self._again is not None:
            self._again.cancel()
        if self.steering is not None and self.steering.cap is not None and self.transport:
            self.steering.cap.release(self.transport)  # handed over, or closed unserved
        self.transport = None


class SteeredSite(web.SockSite):
    """aiohttp's site on a listening socket, its connections first looked at by a `Peeker`."""

    def __init__(self, runner: BaseRunner, sock: socket.socket, steering: Steering) -> None:
        super().__init__(runner, sock)
        self.steering = steering

    async def start(self) -> None:
        self._runner._reg_site(self)
        server = self._runner.server
        assert server is not None
        steering = self.steering
        self._server = await asyncio.get_running_loop().create_server(
            lambda: Peeker(server, steering), sock=self._sock, backlog=self._backlog
        )
