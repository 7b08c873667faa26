"""The harness that sends frames to a live game over real sockets and judges every answer
(`Fuzzer.probe`; what it checks: fuzz/wire.py's docstring)."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import websockets
from fuzz.expected import (
    HELLO,
    MIB,
    NO_ECHO,
    REPLIES,
    ROOM_KEYS,
    _answer,
    _echoed_id,
    _is_utf8,
    _parsed,
    documented_codes,
)
from fuzz.frames import Frame
from fuzz.harness import ErrorLog, Outcome, Socket, Table, Tally
from redis.asyncio import Redis
from websockets.exceptions import ConnectionClosed

from client.connection import BrinkClient
from server.protocol import MAX_MESSAGE_BYTES, Ping
from server.settings import ROOT


class Fuzzer:
    """Sends frames to a running server next to a game in progress and judges each answer."""

    def __init__(self, url: str, redis_url: str, log: ErrorLog, timeout: float = 10) -> None:
        self.url = url
        self.redis = Redis.from_url(redis_url)  # bytes: DUMP gives binary
        self.log = log
        self.timeout = timeout
        self.codes = documented_codes() - {"internal"}
        self.sockets: dict[str, Socket] = {}
        self.table: Table | None = None
        self.tally = Tally()
        self.replayable: list[str] = []
        self.last_id = "a1"
        self.unsettled = True
        self.renew = False
        """A seat was given up (`leave`): the next frame starts a fresh table."""
        self.known: dict[str, Any] | None = None  # the state, while nothing can have moved
        self.presence = [0, 0, 0]  # presence messages each observer has received
        self.tables = 0

    # ------------------------------------------------------------ setting the table

    async def start(self) -> None:
        await self._new_table()

    async def close(self) -> None:
        for socket in self.sockets.values():
            await socket.close()
        self.sockets.clear()
        if self.table is not None:
            for client in self.table.observers:
                await client.close()
        await self.redis.aclose()

    async def _new_table(self) -> None:
        """Open a fresh game (the last one ended): two players, a spectator, a bot room."""
        if self.table is not None:
            for client in self.table.observers:
                await client.close()
        for socket in self.sockets.values():
            await socket.close()
        self.sockets.clear()
        washington, beijing = BrinkClient(self.url, "Ada"), BrinkClient(self.url, "Bo")
        watcher, human = BrinkClient(self.url, "Watcher"), BrinkClient(self.url, "Hu")
        for client in (washington, beijing, watcher, human):
            await client.connect()
        room = await washington.create_room("full_2025", timers=False)
        await washington.join(room.code, "washington")
        await beijing.join(room.code, "beijing")
        await watcher.join(room.code)
        bot_room = await human.create_room("intro", bots={"beijing": "tit_for_tat"}, timers=False)
        await human.join(bot_room.code, "washington")
        assert washington.token and beijing.token and human.token
        self.presence = [0, 0, 0]
        self.table = Table(
            room.code,
            room.instructor_key,
            {"washington": washington.token, "beijing": beijing.token},
            [washington, beijing, watcher],
            bot_room.code,
            bot_room.instructor_key,
            human.token,
        )
        await human.close()  # its seat stays taken, its room stays still
        treasury = await self._socket()
        seat = {"type": "join", "code": room.code, "seat": "washington:treasury"}
        assert (await self._request(treasury, seat))["type"] == "joined"
        assert treasury.token is not None
        self.table.tokens["treasury"] = treasury.token
        self.sockets["treasury"] = treasury
        self.tables += 1
        self.unsettled = True

    async def _socket(self, hello: bool = True) -> Socket:
        socket = Socket(await websockets.connect(self.url, max_size=2**23, compression=None))
        if hello:
            await socket.socket.send(HELLO)
            assert (await socket.answer(self.timeout))["type"] == "welcome"
        return socket

    async def _request(self, socket: Socket, message: dict[str, Any]) -> dict[str, Any]:
        await socket.socket.send(json.dumps({**message, "id": "setup"}))
        reply = await socket.answer(self.timeout)
        if reply["type"] == "joined":
            socket.token = reply.get("token")
        return reply

    async def _sender(self, name: str) -> Socket:
        """Return the socket of sender `name`, (re)opening it as that sender."""
        found = self.sockets.get(name)
        if found is not None and not found.used and name != "fresh":
            return found
        if found is not None:
            await found.close()
            # A fresh socket said one thing, at most hello: closing it moves nothing.
            self.unsettled = self.unsettled or name != "fresh"
        assert self.table is not None
        table = self.table
        socket = await self._socket(hello=name != "fresh")
        setup: dict[str, Any] | None = {
            "watcher": {"type": "join", "code": table.code, "name": "Fuzz"},
            "instructor": {"type": "join", "code": table.code, "instructor_key": table.key},
        }.get(name)
        if name in ("treasury", "washington", "beijing"):
            setup = {"type": "resume", "code": table.code, "token": table.tokens[name]}
        if setup is not None:
            reply = await self._request(socket, setup)
            assert reply["type"] == "joined", reply
            self.unsettled = True
        self.sockets[name] = socket
        return socket

    # ------------------------------------------------------------ filling in the game

    def _values(self) -> dict[str, str]:
        """The placeholders' values now (strings; `#` ones are numbers)."""
        assert self.table is not None
        table = self.table
        washington, beijing = table.observers[0].view, table.observers[1].view
        hand_w = washington["sides"]["washington"]["hand"] or ["us_tariff_34"]
        hand_b = beijing["sides"]["beijing"]["hand"] or ["cn_ree_seven"]
        proposal = (washington.get("proposal") or {}).get("id")
        turn = self.tally.sent
        return {
            "CODE": table.code,
            "BOT_CODE": table.bot_code,
            "KEY": table.key,
            "BOT_KEY": table.bot_key,
            "TOKEN_W": table.tokens["washington"],
            "TOKEN_B": table.tokens["beijing"],
            "TOKEN_T": table.tokens["treasury"],
            "BOT_TOKEN": table.bot_token,
            "CARD_W": hand_w[turn % len(hand_w)],
            "CARD_B": hand_b[turn % len(hand_b)],
            "LAST_ID": self.last_id,
            "#PROPOSAL": str(proposal if proposal is not None else washington["next_id"]),
            "#STALE_PROPOSAL": str(max(1, (proposal or washington["next_id"]) - 1)),
            "#N": str(table.observers[0].n),
            "#TURN": str(washington["turn"]),
            "#OLD_TURN": str(max(0, washington["turn"] - 1)),
        }

    def fill(self, frame: Frame) -> str | bytes:
        """Return the frame's payload with the live game's values in place of placeholders."""
        if isinstance(frame.payload, bytes):
            return frame.payload
        replay = re.fullmatch(r"@REPLAY:(\d+)@", frame.payload)
        if replay is not None:
            if not self.replayable:
                return json.dumps({"type": "act", "id": "none-yet", "command": {"type": "pass"}})
            return self.replayable[int(replay.group(1)) % len(self.replayable)]
        if "@" not in frame.payload:
            return frame.payload
        text = frame.payload
        for name, value in self._values().items():
            if name.startswith("#"):
                text = text.replace(f'"@{name}@"', value)
            else:
                text = text.replace(f"@{name}@", value)
        return text

    # ------------------------------------------------------------ what must not change

    async def _stored(self) -> dict[str, Any]:
        """Return the rooms in Redis: which exist (and which rule sets), every key of the
        watched rooms and the quick-match queues, dumped, and the watched rooms' deadlines.
        One round trip, whatever the number of rooms the fuzzing created."""
        assert self.table is not None
        codes = (self.table.code, self.table.bot_code)
        watched = [f"brink:room:{code}{part}" for code in codes for part in ROOM_KEYS]
        watched += [f"brink:queue:{path.stem}" for path in sorted((ROOT / "rules").glob("*.yaml"))]
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.keys("brink:room:??????")  # room codes have 6 characters: the rooms' hashes
            pipe.keys("brink:rules:*")
            for key in watched:
                pipe.dump(key)
            for code in codes:
                pipe.zscore("brink:timers", code)
            found = await pipe.execute()
        return {
            "rooms": sorted(found[0]),
            "rules": sorted(found[1]),
            "keys": dict(zip(watched, found[2:], strict=False)),
            "deadlines": found[2 + len(watched) :],
        }

    async def _seen(self) -> list[Any]:
        """Return what the players and the spectator have seen (after a round trip each, so
        that anything sent to them before has arrived)."""
        assert self.table is not None
        seen = []
        for index, client in enumerate(self.table.observers):
            await client.request(Ping(), timeout=self.timeout)
            # What a client keeps of its past is not compared (its position and view are):
            # let it go, or a long run would hold every update ever pushed to three clients.
            self.presence[index] += len(client.presence)
            client.presence.clear()
            client.entries.clear()
            while not client._updates.empty():
                client._updates.get_nowait()
            seen.append((client.n, client.view, client.resyncs, self.presence[index]))
        return seen

    async def state(self) -> dict[str, Any]:
        """Return what a refused message must leave as it was."""
        return {"stored": await self._stored(), "seen": await self._seen()}

    def _compared(self, before: dict[str, Any], after: dict[str, Any], closed: bool) -> list[str]:
        """Return what changed. A socket the server closed may leave its seat (presence
        counts, an `away`): that much may change then, nothing else."""
        if closed:
            for state in (before, after):
                state["stored"]["keys"] = {
                    k: v for k, v in state["stored"]["keys"].items() if not k.endswith(":presence")
                }
                state["seen"] = [seen[:3] for seen in state["seen"]]
        return [
            f"a refused message changed what is {part}"
            for part in ("stored", "seen")
            if after[part] != before[part]
        ]

    async def settle(self) -> None:
        """Wait until Redis stops changing: a closed socket's leaving, a bot's answer."""
        previous = await self._stored()
        for _ in range(100):
            await asyncio.sleep(0.02)
            now = await self._stored()
            if now == previous:
                break
            previous = now
        self.unsettled = False

    # ------------------------------------------------------------ one frame

    async def probe(self, frame: Frame) -> Outcome:
        """Send one frame and judge what becomes of it."""
        assert self.table is not None
        if self.renew or self.table.observers[0].view.get("outcome") is not None:
            self.renew = False
            await self._new_table()
        socket = await self._sender(frame.sender)
        text = self.fill(frame)
        if self.unsettled:
            await self.settle()
            self.known = None
        before = self.known or await self.state()
        self.known = None
        logged = len(self.log.records)
        request = _parsed(text)
        outcome = await self._exchange(socket, frame, text, request)
        await asyncio.sleep(0)
        outcome.crashes = self.log.describe(logged)
        closed = outcome.answer.startswith("closed")
        if closed:
            self.unsettled = True
            await self.settle()
        if outcome.answer.startswith("error:") or closed:
            if outcome.answer == "error:internal":
                outcome.problems.append("internal error")
            after = await self.state()
            outcome.problems += self._compared(before, after, closed)
            if not closed and not outcome.problems:
                self.known = after  # a refusal moved nothing: the next frame starts from here
        else:
            self._after_reply(socket, frame, text, request, outcome.answer)
        self.tally.add(outcome)
        return outcome

    async def _exchange(
        self, socket: Socket, frame: Frame, text: str | bytes, request: Any
    ) -> Outcome:
        resync = isinstance(request, dict) and request.get("type") == "resync"
        try:
            await socket.send(frame, text)
            reply = await socket.answer(self.timeout, resync and _echoed_id(request) is None)
        except ConnectionClosed as closed:
            socket.used = True
            return self._closed(frame, closed)
        except TimeoutError:
            return Outcome(frame, "silence", [f"no answer within {self.timeout:g} s"])
        outcome = Outcome(frame, _answer(reply))
        outcome.problems += self._judge(frame, text, request, reply)
        # The connection and the game go on: the sender is still answered.
        try:
            await socket.socket.send(json.dumps({"type": "ping", "id": "alive"}))
            alive = await socket.answer(self.timeout)
        except (ConnectionClosed, TimeoutError) as error:
            socket.used = True
            outcome.dropped = True
            outcome.problems.append(f"the connection did not go on: {error!r}")
        else:
            if alive.get("type") != "pong" and alive.get("code") != "hello_first":
                outcome.problems.append(f"after it, a ping got {alive}")
        return outcome

    def _closed(self, frame: Frame, closed: ConnectionClosed) -> Outcome:
        code = closed.rcvd.code if closed.rcvd is not None else None
        outcome = Outcome(frame, f"closed:{code}")
        # over the size the server reads at all (docs/protocol/01-transport.md §1); a text
        # frame that is not UTF-8 is answered (bad_encoding), not closed with 1007
        expected = 1009 if frame.size() > MIB else None
        if code != expected:
            outcome.dropped = True
            outcome.problems.append(f"connection closed ({code}), expected {expected}")
        return outcome

    def _judge(
        self, frame: Frame, text: str | bytes, request: Any, reply: dict[str, Any]
    ) -> list[str]:
        problems = []
        kind = reply.get("type")
        size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "surrogatepass"))
        if frame.size() > MIB:
            return [f"a frame of {size} bytes was answered ({kind}) instead of closing"]
        if kind == "error":
            code = reply.get("code")
            if code not in self.codes:
                problems.append(f"error code {code!r} is not documented")
            if not isinstance(reply.get("message"), str) or not reply["message"].strip():
                problems.append("an error without a message")
            expected_id = None if code in NO_ECHO else _echoed_id(request)
            if reply.get("id") != expected_id:
                problems.append(f"error id {reply.get('id')!r}, expected {expected_id!r}")
            if (
                isinstance(text, bytes)
                and not frame.as_text
                and code not in ("binary", "rate_limited")
            ):
                problems.append(f"a binary frame got {code}")
            if size > MAX_MESSAGE_BYTES and code not in ("too_large", "rate_limited"):
                problems.append(f"{size} bytes got {code}, not too_large")
            elif (
                frame.as_text
                and isinstance(text, bytes)
                and not _is_utf8(text)
                and code not in ("bad_encoding", "rate_limited", "too_large")
            ):
                problems.append(f"a text frame that is not UTF-8 got {code}, not bad_encoding")
            return problems
        request_type = request.get("type") if isinstance(request, dict) else None
        allowed = {"welcome"} if frame.sender == "fresh" else REPLIES.get(str(request_type), set())
        if kind not in allowed:
            problems.append(f"reply {kind!r} to a {request_type!r} message")
        elif reply.get("id") != _echoed_id(request):
            problems.append(f"reply id {reply.get('id')!r}, expected {_echoed_id(request)!r}")
        if size > MAX_MESSAGE_BYTES:
            problems.append(f"{size} bytes were accepted")
        return problems

    def _after_reply(
        self, socket: Socket, frame: Frame, text: str | bytes, request: Any, answer: str
    ) -> None:
        """A legitimate reply: remember what may be replayed, and retire a socket that is no
        longer what its sender name says (an outsider that joined or queued; a sender that
        left the table: its seat given up, the table is played afresh)."""
        if answer in ("joined", "queued") or frame.sender == "fresh":
            socket.used = True
        if answer == "left":
            socket.used = self.renew = True
        if isinstance(request, dict) and request.get("type") in ("act", "chat"):
            if isinstance(text, str):
                self.replayable = [*self.replayable[-20:], text]
            if isinstance(request.get("id"), str):
                self.last_id = request["id"]
